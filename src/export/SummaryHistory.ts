/**
 * The run's summaries over time, for the series exports: one record per summary read back, in
 * bounded memory. When full it keeps every other record (the first always) and takes new ones
 * half as often, so the records stay evenly spread over the whole run; the newest is always kept.
 * A new run (another system after a rebuild, or the step count going back) starts it afresh.
 */
import type { Summary } from '../engine';

/** A summary's numbers (the histogram aside, the escape statistics flattened). NaN: none live, or escapes not tracked. */
export type SummaryRecord = Pick<Summary, 'step' | 'count' | 'live' | 'converged' | 'diverged' | 'best' | 'meanLoss' | 'minLoss' | 'maxLoss' | 'meanGradNorm'> & {
  /** Particles whose loss fell below escapeLoss (NaN when escapeLoss is not set). */
  escaped: number;
  escapeMeanSteps: number;
  escapeMaxSteps: number;
};

/** The record's fields in column order (the CSV header, the JSON keys). */
export const RECORD_FIELDS: readonly (keyof SummaryRecord)[] = [
  'step', 'count', 'live', 'converged', 'diverged', 'best', 'meanLoss', 'minLoss', 'maxLoss', 'meanGradNorm',
  'escaped', 'escapeMeanSteps', 'escapeMaxSteps',
];

export const DEFAULT_HISTORY_CAPACITY = 4096;

export function recordOf(s: Summary): SummaryRecord {
  const e = s.escape;
  return {
    step: s.step, count: s.count, live: s.live, converged: s.converged, diverged: s.diverged, best: s.best,
    meanLoss: s.meanLoss, minLoss: s.minLoss, maxLoss: s.maxLoss, meanGradNorm: s.meanGradNorm,
    escaped: e.tracked ? e.escaped : NaN,
    escapeMeanSteps: e.tracked ? e.meanSteps : NaN,
    escapeMaxSteps: e.tracked ? e.maxSteps : NaN,
  };
}

export class SummaryHistory {
  private records: SummaryRecord[] = [];
  /** Arrival number (0, 1, 2, … within the run) of each kept record. */
  private arrivals: number[] = [];
  private nextArrival = 0;
  /** Records kept are those whose arrival number is a multiple of this; the newest is kept besides. */
  private stride = 1;
  private run: unknown = undefined;

  constructor(readonly capacity = DEFAULT_HISTORY_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`A summary history holds at least 2 records; got capacity ${capacity}.`);
  }

  /** Adds a summary of run `run` (any identity: another one starts afresh). The same step again replaces the last record. */
  record(summary: Summary, run?: unknown): void {
    const r = recordOf(summary);
    const last = this.records[this.records.length - 1];
    if (run !== this.run || (last && r.step < last.step)) {
      this.clear();
      this.run = run;
    } else if (last && r.step === last.step) {
      // Paused frames read the same step again (perhaps after a drop): the newer numbers win.
      this.records[this.records.length - 1] = r;
      return;
    }
    const n = this.records.length;
    // The newest record off the stride's grid was kept only for being newest.
    if (n > 0 && !this.onGrid(n - 1)) {
      this.records.pop();
      this.arrivals.pop();
    }
    this.records.push(r);
    this.arrivals.push(this.nextArrival++);
    // Only the newest record can be off the grid.
    const newest = this.records.length - 1;
    if (this.records.length - (this.onGrid(newest) ? 0 : 1) > this.capacity) this.thin();
  }

  /** Forgets every record (a reset, a new system). */
  clear(): void {
    this.records = [];
    this.arrivals = [];
    this.nextArrival = 0;
    this.stride = 1;
  }

  /** Copies of the records, oldest first. */
  all(): SummaryRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  get length(): number {
    return this.records.length;
  }

  private onGrid(i: number): boolean {
    return this.arrivals[i] % this.stride === 0;
  }

  /** Keeps every other record on the grid (the first among them) and the newest. */
  private thin(): void {
    this.stride *= 2;
    const last = this.records.length - 1;
    const keep = this.arrivals.map((a, i) => a % this.stride === 0 || i === last);
    this.records = this.records.filter((_, i) => keep[i]);
    this.arrivals = this.arrivals.filter((_, i) => keep[i]);
  }
}
