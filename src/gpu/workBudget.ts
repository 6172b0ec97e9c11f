/**
 * How much landscape work one submit may carry. A long dispatch stalls the GPU process, and
 * past a few seconds the browser's watchdog takes the device away; software adapters (and weak
 * integrated GPUs) reach that with large D x particles x grid. Work is counted in floating-point
 * operations from each landscape's own estimate and split into submits of at most this.
 */
import type { Landscape } from '../landscapes/types';

/** About half a second on a software adapter (measured ~0.13 GFLOP/s on the random landscape); microseconds on a discrete GPU. */
export const WORK_PER_SUBMIT = 2 ** 26;

/** Operations in one loss-and-gradient evaluation: on a minibatch (stepping), or on the whole training set (`fullBatch`). */
export function evaluationCost(landscape: Landscape, dim: number, params: number[], fullBatch = false): number {
  return landscape.evalCost?.(dim, params, fullBatch) ?? 16 * dim;
}

/** How many of `unitCost`-sized items fit in one submit (at least one). */
export function itemsPerSubmit(unitCost: number): number {
  return Math.max(1, Math.floor(WORK_PER_SUBMIT / Math.max(1, unitCost)));
}
