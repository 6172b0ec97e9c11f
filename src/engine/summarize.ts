/** Statistics over particles in TypeScript: the CPU engine's own, and the reference for the GPU reduction. */
import { logLevel, logLevelInverse } from './logScale';
import { FLAG_CONVERGED, FLAG_DIVERGED, NOT_ESCAPED, type EscapeStats, type Summary } from './types';

export const HISTOGRAM_BINS = 64;

/** Loss at the left edge of histogram position t in [0, 1]. */
export function histogramLoss(h: { lo: number; hi: number; log: boolean }, t: number): number {
  const u = h.log ? logLevelInverse(t) : t;
  return h.lo + u * (h.hi - h.lo);
}

export function summarize(
  step: number,
  loss: ArrayLike<number>,
  gradNorm: ArrayLike<number>,
  flags: ArrayLike<number>,
  logBins = false,
  escapeAge: ArrayLike<number> | null = null,
  bins = HISTOGRAM_BINS,
): Summary {
  const count = loss.length;
  let live = 0;
  let converged = 0;
  let diverged = 0;
  let sum = 0;
  let gsum = 0;
  let min = Infinity;
  let max = -Infinity;
  let best = -1;
  for (let p = 0; p < count; p++) {
    if (flags[p] & FLAG_DIVERGED) {
      diverged++;
      continue;
    }
    live++;
    if (flags[p] & FLAG_CONVERGED) converged++;
    sum += loss[p];
    gsum += gradNorm[p];
    if (loss[p] < min) {
      min = loss[p];
      best = p;
    }
    if (loss[p] > max) max = loss[p];
  }
  const counts = new Uint32Array(bins);
  const width = Math.fround(max - min);
  for (let p = 0; p < count; p++) {
    if (flags[p] & FLAG_DIVERGED) continue;
    // Rounded as the GPU rounds, so both put edge values in the same bin.
    let t = 0;
    if (width > 0 && logBins) {
      t = bins * logLevel(Math.fround(loss[p] - min) / width);
    } else if (width > 0) {
      t = Math.fround(Math.fround(bins * Math.fround(loss[p] - min)) / width);
    }
    counts[Math.min(Math.floor(t), bins - 1)]++;
  }
  return {
    step,
    count,
    live,
    converged,
    diverged,
    best,
    meanLoss: live ? sum / live : NaN,
    minLoss: live ? min : NaN,
    maxLoss: live ? max : NaN,
    meanGradNorm: live ? gsum / live : NaN,
    histogram: { lo: live ? min : 0, hi: live ? max : 0, counts, log: logBins },
    escape: summarizeEscape(escapeAge, bins),
  };
}

/** Steps per escape-age bin, as shaders/summary.wgsl's escape_bin_width. */
export function escapeBinWidth(maxSteps: number, bins = HISTOGRAM_BINS): number {
  return Math.floor(maxSteps / bins) + 1;
}

/** Escape statistics from per-particle escape ages; null ages: not tracked. */
export function summarizeEscape(escapeAge: ArrayLike<number> | null, bins = HISTOGRAM_BINS): EscapeStats {
  const counts = new Uint32Array(bins);
  if (!escapeAge) return { tracked: false, escaped: 0, meanSteps: NaN, maxSteps: 0, binWidth: 1, counts };
  let escaped = 0;
  let sum = 0;
  let maxSteps = 0;
  for (let p = 0; p < escapeAge.length; p++) {
    const a = escapeAge[p];
    if (a === NOT_ESCAPED) continue;
    escaped++;
    sum += a;
    maxSteps = Math.max(maxSteps, a);
  }
  const binWidth = escapeBinWidth(maxSteps, bins);
  for (let p = 0; p < escapeAge.length; p++) {
    const a = escapeAge[p];
    if (a !== NOT_ESCAPED) counts[Math.min(Math.floor(a / binWidth), bins - 1)]++;
  }
  return { tracked: true, escaped, meanSteps: escaped ? sum / escaped : NaN, maxSteps, binWidth, counts };
}
