/**
 * The data GANs learn here: mixtures of equally weighted 2-D Gaussians of one spread σ, their
 * centres on a ring or a square grid. Samples come from the counter-based generator
 * (src/engine/rng.ts, twin of shaders/common.wgsl): sample b of draw n of a GAN seeded `seed`
 * takes its mode from the bits of (seed, GAN_STREAM_REAL, b, n, 0) and its offsets from normals at
 * coordinates 1 and 2, exactly as shaders/gan_networks.wgsl does.
 */
import { randNormal, rngBits } from '../engine/rng';
import { GAN_STREAM_REAL } from './streams';

/** Most modes of a mixture (an 8 × 8 grid). */
export const MAX_MODES = 64;

export interface MixtureSpec {
  kind: 'ring' | 'grid';
  /** Number of Gaussians; for a grid a square (4, 9, 16, 25, …). */
  modes: number;
  /** Ring: the radius of the circle of centres. Grid: the spacing between neighbouring centres. */
  radius: number;
  /** Standard deviation of each Gaussian. */
  sigma: number;
}

/** 8 Gaussians on a circle of radius 2, σ = 0.02 (Metz et al. 2017). */
export const RING_8: MixtureSpec = { kind: 'ring', modes: 8, radius: 2, sigma: 0.02 };
/** 25 Gaussians on a 5 × 5 grid from −4 to 4, σ = 0.05. */
export const GRID_25: MixtureSpec = { kind: 'grid', modes: 25, radius: 2, sigma: 0.05 };

export function checkMixture(m: MixtureSpec): void {
  if (m.kind !== 'ring' && m.kind !== 'grid') throw new RangeError(`mixture.kind = ${String(m.kind)} was refused: it must be 'ring' or 'grid'.`);
  if (!(Number.isInteger(m.modes) && m.modes >= 1 && m.modes <= MAX_MODES)) {
    throw new RangeError(`mixture.modes = ${m.modes} was refused: it must be a whole number from 1 to MAX_MODES = ${MAX_MODES}.`);
  }
  if (m.kind === 'grid' && !Number.isInteger(Math.sqrt(m.modes))) {
    throw new RangeError(`mixture.modes = ${m.modes} was refused: a grid needs a square number of modes (4, 9, 16, 25, …).`);
  }
  if (!(Number.isFinite(m.radius) && m.radius > 0 && m.radius <= 100)) {
    throw new RangeError(`mixture.radius = ${m.radius} was refused: it must be a number above 0 and at most 100.`);
  }
  if (!(Number.isFinite(m.sigma) && m.sigma > 0 && m.sigma <= m.radius)) {
    throw new RangeError(`mixture.sigma = ${m.sigma} was refused: it must be above 0 and at most the radius/spacing ${m.radius}.`);
  }
}

/** Centre of mode `k`: on the ring at angle 2πk / modes; on the grid row-major, centred on the origin. */
export function modeCentre(m: MixtureSpec, k: number): [number, number] {
  if (m.kind === 'ring') {
    const a = (2 * Math.PI * k) / m.modes;
    return [m.radius * Math.cos(a), m.radius * Math.sin(a)];
  }
  const side = Math.round(Math.sqrt(m.modes));
  const half = (side - 1) / 2;
  return [m.radius * ((k % side) - half), m.radius * (Math.floor(k / side) - half)];
}

export function modeCentres(m: MixtureSpec): [number, number][] {
  return Array.from({ length: m.modes }, (_, k) => modeCentre(m, k));
}

/** Real sample `b` of draw `draw` of the GAN seeded `seed` (stream GAN_STREAM_REAL). */
export function mixtureSample(m: MixtureSpec, seed: number, b: number, draw: number): [number, number] {
  const stream = GAN_STREAM_REAL;
  const mode = rngBits(seed, stream, b, draw, 0)[2] % m.modes;
  const [cx, cy] = modeCentre(m, mode);
  return [cx + m.sigma * randNormal(seed, stream, b, draw, 1), cy + m.sigma * randNormal(seed, stream, b, draw, 2)];
}
