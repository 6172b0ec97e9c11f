/**
 * What a sharpness series (SharpnessTracker) reads back as, and pure summaries of it: no GPU
 * here, so scripts and Node tests use it as it is.
 */

/**
 * Steps between sharpness measurements by default. A measurement is a short serial Lanczos run
 * per tracked particle: its cost is latency, not work, so on a fast GPU it rivals many cheap
 * steps (an MLP's takes milliseconds on an H100). And the step dispatch is split where a
 * measurement lands: a multiple of the 64 steps one dispatch carries splits nothing.
 * BENCHMARKS.md has the measured overheads (`npm run bench:node`).
 */
export const DEFAULT_SHARPNESS_EVERY = 256;

export interface SharpnessSeries {
  /** Index of each tracked particle. */
  particles: Uint32Array;
  /** The step each record was taken at (as given to encode). */
  steps: number[];
  /** Per record, one top-eigenvalue estimate per tracked particle; NaN where it diverged. */
  sharpness: Float32Array[];
  /** Per record, the particles' loss, as the engine last evaluated it; NaN where diverged. */
  loss: Float32Array[];
  /** Records are kept once every `every` calls of encode. */
  every: number;
}

export interface SharpnessSummary {
  steps: number[];
  /** Per record, the median sharpness over live tracked particles (NaN when none is live). */
  sharpness: Float64Array;
  /** Per record, the median loss over the same particles. */
  loss: Float64Array;
  /** Per record, tracked particles counted live (finite sharpness and loss). */
  live: Uint32Array;
}

/** Median of the finite values (NaN when none): diverged particles are counted out, never averaged in. */
export function medianOfFinite(xs: ArrayLike<number>): number {
  const v = Array.from(xs).filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Per record medians over the live tracked particles; a particle with NaN sharpness or loss is left out of both. */
export function summarizeSharpness(series: SharpnessSeries): SharpnessSummary {
  const n = series.sharpness.length;
  const out: SharpnessSummary = { steps: series.steps.slice(), sharpness: new Float64Array(n), loss: new Float64Array(n), live: new Uint32Array(n) };
  for (let r = 0; r < n; r++) {
    const s = series.sharpness[r];
    const l = series.loss[r];
    const alive = Array.from(s.keys()).filter((t) => Number.isFinite(s[t]) && Number.isFinite(l[t]));
    out.sharpness[r] = medianOfFinite(alive.map((t) => s[t]));
    out.loss[r] = medianOfFinite(alive.map((t) => l[t]));
    out.live[r] = alive.length;
  }
  return out;
}

/**
 * Work a tracker adds, as a share of the steps' own work: one measurement (2 x lanczosSteps x
 * samples full-batch evaluations) every `interval` steps of `count` particles (minibatch evaluations).
 */
export function trackingWorkShare(w: {
  count: number;
  interval: number;
  samples: number;
  lanczosSteps: number;
  evaluationCost: number;
  fullEvaluationCost: number;
}): number {
  return (2 * w.lanczosSteps * w.samples * w.fullEvaluationCost) / (w.interval * w.count * w.evaluationCost);
}
