/**
 * What both benchmarks share (tests/bench/bench.ts in the browser, tests/bench/nodeBench.ts on
 * Dawn's Node bindings): the timing loops and the step kernel's cost model. No DOM, no TF.js.
 */

export type ModelLandscape = 'rastrigin' | 'rosenbrock' | 'quadratic';
export type ModelOptimizer = 'gd' | 'adam';

/** Per coordinate and step: a model of the step kernel's memory traffic and arithmetic. */
export const FLOPS_PER_COORD: Record<ModelLandscape, number> = { rastrigin: 40, rosenbrock: 15, quadratic: 12 };
export const OPT_FLOPS: Record<ModelOptimizer, number> = { gd: 4, adam: 18 };
/** Bytes: position read twice and written once, gradient written once and read twice, state read and written twice. */
export const bytesPerStep = (d: number, opt: ModelOptimizer) => 4 * d * (6 + (opt === 'adam' ? 4 : 0)) + 4 * 32;
export const flopsPerStep = (l: ModelLandscape, d: number, opt: ModelOptimizer) => d * (FLOPS_PER_COORD[l] + OPT_FLOPS[opt] + 2);

/** Runs `work(steps)` with doubling step counts until it takes at least minMs; returns steps per second. */
export async function rate(work: (steps: number) => Promise<void>, minMs: number, maxSteps = 1 << 16): Promise<number> {
  return (await calibrate(work, minMs, maxSteps)).perSecond;
}

/**
 * The step count (a multiple of `multiple`) at which `work` takes at least minMs, or maxSteps, and
 * the rate that last run gave. A first call of one step warms the pipelines up.
 */
export async function calibrate(
  work: (steps: number) => Promise<void>,
  minMs: number,
  maxSteps = 1 << 16,
  multiple = 1,
): Promise<{ steps: number; perSecond: number }> {
  await work(multiple);
  let steps = multiple;
  for (;;) {
    const t0 = performance.now();
    await work(steps);
    const ms = performance.now() - t0;
    if (ms >= minMs || steps >= maxSteps) return { steps, perSecond: (steps * 1000) / ms };
    steps *= Math.min(8, Math.max(2, Math.ceil(minMs / Math.max(ms, 1))));
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Steps per second as the median of `reps` timed runs of the same size (the size found by
 * calibrate), each awaited to completion by `work` itself.
 */
export async function medianRate(
  work: (steps: number) => Promise<void>,
  options: { minMs: number; reps: number; maxSteps?: number; multiple?: number },
): Promise<{ perSecond: number; steps: number; runs: number[] }> {
  const { steps } = await calibrate(work, options.minMs, options.maxSteps, options.multiple);
  const runs: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    const t0 = performance.now();
    await work(steps);
    runs.push((steps * 1000) / (performance.now() - t0));
  }
  return { perSecond: median(runs), steps, runs };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
