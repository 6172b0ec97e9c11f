/**
 * Minibatches, the twin of batch_sample in shaders/landscape_api.wgsl: the j-th sample of the
 * batch that moves `particle` from age `step` to `step + 1` is a pure function of (seed,
 * particle, step, j), drawn uniformly with replacement, so a run with the same seed sees the
 * same batches on the GPU and in TypeScript.
 */
import { STREAM_BATCH, rngBits } from '../engine/rng';

/** Which minibatch an evaluation draws; absent: the whole training set. */
export interface BatchKey {
  seed: number;
  particle: number;
  /** The particle's age (steps taken) when the gradient is taken. */
  step: number;
}

/** Index of the j-th of the batch's samples among m. */
export function batchSample(key: BatchKey, j: number, m: number): number {
  const u = (rngBits(key.seed >>> 0, STREAM_BATCH, key.particle, key.step, j)[0] >>> 8) / 16777216;
  // As the WGSL: f32(u) * f32(m) rounded to f32 before truncation.
  return Math.min(Math.floor(Math.fround(u * m)), m - 1);
}

/**
 * The samples an evaluation sums over: the whole set when no key is given or the batch size
 * reaches m (B = m is full batch), else B draws.
 */
export function batchIndices(key: BatchKey | undefined, batchSize: number, m: number): number[] {
  if (!key || batchSize >= m) return Array.from({ length: m }, (_, i) => i);
  return Array.from({ length: batchSize }, (_, j) => batchSample(key, j, m));
}
