/**
 * Distance to the equilibrium over particles: quantiles over the live ones, the diverged counted
 * apart (never in a quantile, so one overflow cannot poison a chart). Series of these over steps,
 * one per method, are what the "distance to the equilibrium over steps" chart draws.
 */
import { FLAG_DIVERGED } from '../engine/types';
import { GAME_METHODS, METHOD_LABELS, validateMethod, type GameMethod } from './methods';

/** Quantile levels a summary reports unless told otherwise: the median and two bands about it. */
export const DEFAULT_LEVELS: readonly number[] = [0.1, 0.25, 0.5, 0.75, 0.9];

export interface DistanceSummary {
  live: number;
  diverged: number;
  levels: readonly number[];
  /** quantiles[k]: the levels[k] quantile of the live particles' distances; NaN when none is live. */
  quantiles: number[];
  median: number;
}

/** The q-quantile of sorted values, interpolated linearly between order statistics (Hyndman & Fan type 7). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function validateLevels(levels: readonly number[]): void {
  if (!levels.every((q) => Number.isFinite(q) && q >= 0 && q <= 1)) {
    throw new RangeError(`levels = [${levels.join(', ')}] was refused: each must be a number from 0 to 1.`);
  }
}

/** A particle counts as diverged when flagged, or (defensively) when its distance is not finite. */
export function summarizeDistances(
  distance: ArrayLike<number>,
  flags: ArrayLike<number>,
  levels: readonly number[] = DEFAULT_LEVELS,
): DistanceSummary {
  validateLevels(levels);
  const live: number[] = [];
  for (let p = 0; p < distance.length; p++) {
    if (!(flags[p] & FLAG_DIVERGED) && Number.isFinite(distance[p])) live.push(distance[p]);
  }
  const sorted = Float64Array.from(live).sort();
  return {
    live: live.length,
    diverged: distance.length - live.length,
    levels,
    quantiles: levels.map((q) => quantile(sorted, q)),
    median: quantile(sorted, 0.5),
  };
}

export interface MethodSeries {
  method: GameMethod;
  label: string;
  /** Per record, in step order. */
  median: number[];
  /** quantiles[k][r]: level k at record r. */
  quantiles: number[][];
  live: number[];
  diverged: number[];
}

export interface MethodComparison {
  /** Steps at which the records were taken (0 first). */
  steps: number[];
  levels: readonly number[];
  count: number;
  series: MethodSeries[];
}

export function methodSeries(method: GameMethod, summaries: readonly DistanceSummary[], levels: readonly number[]): MethodSeries {
  return {
    method,
    label: METHOD_LABELS[method],
    median: summaries.map((s) => s.median),
    quantiles: levels.map((_, k) => summaries.map((s) => s.quantiles[k])),
    live: summaries.map((s) => s.live),
    diverged: summaries.map((s) => s.diverged),
  };
}

/** Most records of one series: a chart has no use for more points than pixels. */
export const MAX_RECORDS = 4096;

/** Record steps 0, every, 2 every, …, and `steps` itself; refused with the limit when too many. */
export function recordSteps(steps: number, every: number): number[] {
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps = ${steps} was refused: it must be a whole number ≥ 1.`);
  if (!(Number.isInteger(every) && every >= 1 && every <= steps)) {
    throw new RangeError(`every = ${every} was refused: it must be a whole number from 1 to steps = ${steps}.`);
  }
  const out: number[] = [];
  for (let s = 0; s <= steps; s += every) out.push(s);
  if (out.at(-1) !== steps) out.push(steps);
  if (out.length > MAX_RECORDS) {
    throw new RangeError(`${out.length} records (steps ${steps}, every ${every}) were refused: at most MAX_RECORDS = ${MAX_RECORDS}; record less often.`);
  }
  return out;
}

export interface ComparisonOptions {
  /** Methods to run, in chart order (default all). */
  methods?: readonly GameMethod[];
  /** Steps per method. */
  steps: number;
  /** A record every this many steps (default steps / 100, at least 1), plus one at 0 and at the end. */
  every?: number;
  levels?: readonly number[];
}

/** The methods, record steps and levels a comparison runs, checked. */
export function comparisonPlan(options: ComparisonOptions) {
  const methods = options.methods ?? GAME_METHODS;
  if (!methods.length) throw new RangeError('methods was refused: name at least one method.');
  methods.forEach(validateMethod);
  const every = options.every ?? Math.max(1, Math.floor(options.steps / 100));
  return { methods, records: recordSteps(options.steps, every), levels: options.levels ?? DEFAULT_LEVELS };
}
