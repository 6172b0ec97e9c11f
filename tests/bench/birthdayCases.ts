/**
 * Sample clouds whose support is known, for the birthday test's tests and benchmark: each sample
 * is one of N points (plus jitter far below the threshold), a mixture of a few very tight modes,
 * or a wide Gaussian with no duplicates at all. Coordinate-major f32, as the particle buffer.
 */
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';

export interface SampleCloud {
  /** Coordinate c of sample p at c * count + p. */
  data: Float32Array<ArrayBuffer>;
  count: number;
  dim: number;
  /** The points (or mode centres) the samples were drawn around; empty for the Gaussian. */
  centres: number[][];
}

/** `count` samples, each one of `centres` chosen uniformly, plus Gaussian jitter of size `sigma`. */
function mixture(centres: number[][], sigma: number, count: number, rand: () => number): SampleCloud {
  const dim = centres[0].length;
  const data = new Float32Array(count * dim);
  for (let p = 0; p < count; p++) {
    const centre = centres[Math.floor(rand() * centres.length)];
    for (let c = 0; c < dim; c++) data[c * count + p] = centre[c] + (sigma > 0 ? sigma * gaussian(rand) : 0);
  }
  return { data, count, dim, centres };
}

/** `count` samples, each one of `support` points uniform in [0, 1)^dim, plus Gaussian jitter of size `jitter`. */
export function uniformSupport(support: number, count: number, dim: number, seed: number, jitter = 0): SampleCloud {
  const rand = mulberry32(seed);
  const points = Array.from({ length: support }, () => Array.from({ length: dim }, () => rand()));
  return mixture(points, jitter, count, rand);
}

/** `modes` equally likely Gaussian modes of spread `sigma`, centres uniform in [0, modes)^dim. */
export function tightModes(modes: number, sigma: number, count: number, dim: number, seed: number): SampleCloud {
  const rand = mulberry32(seed);
  const centres = Array.from({ length: modes }, () => Array.from({ length: dim }, () => modes * rand()));
  return mixture(centres, sigma, count, rand);
}

/** A standard Gaussian of scale `sigma`: no two samples near each other. */
export function wideGaussian(count: number, dim: number, seed: number, sigma = 1): SampleCloud {
  const rand = mulberry32(seed);
  return { data: Float32Array.from({ length: count * dim }, () => sigma * gaussian(rand)), count, dim, centres: [] };
}

/** The smallest distance between two of the cloud's centres. */
export function smallestGap(cloud: SampleCloud): number {
  let best = Infinity;
  const { centres } = cloud;
  for (let i = 0; i < centres.length; i++) {
    for (let j = i + 1; j < centres.length; j++) best = Math.min(best, Math.hypot(...centres[i].map((x, c) => x - centres[j][c])));
  }
  return best;
}
