/**
 * Initial placements resolved into the numbers the init kernel reads, and the TypeScript
 * twin of its initial_coord.
 */
import type { Landscape } from '../landscapes';
import type { InitSpec } from './types';
import { randNormal, randUniform, STREAM_INIT } from './rng';

export const INIT_CODES = { uniform: 0, gaussian: 1, grid: 2, points: 3, evaluate: 4, scaledNormal: 5, scaledUniform: 6 } as const;

export interface Placement {
  kind: number;
  first: number;
  count: number;
  epoch: number;
  lo: number;
  hi: number;
  sigma: number;
  gridSide: number;
  pointCount: number;
  /** Centre (dim values), points (pointCount rows of dim values), or a centre then scales (scaled). */
  points: Float32Array;
}

function padded(v: readonly number[] | undefined, dim: number): number[] {
  const out = new Array<number>(dim).fill(0);
  (v ?? []).slice(0, dim).forEach((x, i) => (out[i] = x));
  return out;
}

export function resolvePlacement(
  spec: InitSpec,
  landscape: Landscape,
  dim: number,
  first: number,
  count: number,
  epoch: number,
): Placement {
  const [boxLo, boxHi] = landscape.box;
  const base = { first, count, epoch, lo: boxLo, hi: boxHi, sigma: 0, gridSide: 1, pointCount: 1 };
  const check = (ok: boolean, msg: string) => {
    if (!ok) throw new RangeError(msg);
  };
  switch (spec.kind) {
    case 'uniform': {
      const lo = spec.lo ?? boxLo;
      const hi = spec.hi ?? boxHi;
      check(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, `Uniform box [${lo}, ${hi}] must have lo < hi.`);
      return { ...base, kind: INIT_CODES.uniform, lo, hi, points: new Float32Array(dim) };
    }
    case 'gaussian':
      check(spec.sigma >= 0 && Number.isFinite(spec.sigma), `Gaussian sigma ${spec.sigma} must be finite and >= 0.`);
      return { ...base, kind: INIT_CODES.gaussian, sigma: spec.sigma, points: new Float32Array(padded(spec.center, dim)) };
    case 'grid': {
      const lo = spec.lo ?? boxLo;
      const hi = spec.hi ?? boxHi;
      check(lo < hi, `Grid box [${lo}, ${hi}] must have lo < hi.`);
      const gridSide = Math.max(1, Math.ceil(Math.sqrt(count)));
      return { ...base, kind: INIT_CODES.grid, lo, hi, gridSide, points: new Float32Array(padded(spec.center, dim)) };
    }
    case 'points': {
      check(spec.points.length > 0, 'An explicit placement needs at least one point.');
      const rows = spec.points.map((p) => padded(p, dim));
      check(rows.every((r) => r.every(Number.isFinite)), 'Every point coordinate must be a finite number.');
      return {
        ...base,
        kind: INIT_CODES.points,
        sigma: spec.sigma ?? 0,
        pointCount: rows.length,
        points: new Float32Array(rows.flat()),
      };
    }
    case 'scaled': {
      const scales = padded(spec.scales, dim);
      check(spec.scales.length === dim, `A scaled placement needs ${dim} scales; got ${spec.scales.length}.`);
      check(scales.every((v) => Number.isFinite(v) && v >= 0), 'Every scale must be a finite number >= 0.');
      const center = padded(spec.center, dim);
      check(center.every(Number.isFinite), 'Every centre coordinate must be a finite number.');
      const kind = spec.distribution === 'uniform' ? INIT_CODES.scaledUniform : INIT_CODES.scaledNormal;
      return { ...base, kind, points: new Float32Array([...center, ...scales]) };
    }
    default:
      throw new RangeError(`Unknown placement kind "${(spec as { kind: string }).kind}".`);
  }
}

/** Placement k of particle p's coordinate d, exactly as shaders/init.wgsl computes it. */
export function initialCoord(pl: Placement, seed: number, dim: number, k: number, p: number, d: number): number {
  switch (pl.kind) {
    case INIT_CODES.gaussian:
      return pl.points[d] + pl.sigma * randNormal(seed, STREAM_INIT, p, pl.epoch, d);
    case INIT_CODES.grid: {
      if (d < 2) {
        const cell = d === 0 ? k % pl.gridSide : Math.floor(k / pl.gridSide);
        return pl.lo + ((pl.hi - pl.lo) * (cell + 0.5)) / pl.gridSide;
      }
      return pl.points[d];
    }
    case INIT_CODES.points: {
      const row = k % pl.pointCount;
      return pl.points[row * dim + d] + pl.sigma * randNormal(seed, STREAM_INIT, p, pl.epoch, d);
    }
    case INIT_CODES.scaledNormal:
      return pl.points[d] + pl.points[dim + d] * randNormal(seed, STREAM_INIT, p, pl.epoch, d);
    case INIT_CODES.scaledUniform:
      return pl.points[d] + pl.points[dim + d] * (2 * randUniform(seed, STREAM_INIT, p, pl.epoch, d) - 1);
    default:
      return pl.lo + (pl.hi - pl.lo) * randUniform(seed, STREAM_INIT, p, pl.epoch, d);
  }
}
