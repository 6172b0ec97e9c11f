/**
 * The game lab's chart data: per method the median distance to the equilibrium and the share
 * diverged at recorded steps, the per-step factor measured from them, and the closed form it is
 * held against on the bilinear game.
 */
import { perStepFactor, summarizeDistances, type GameMethod, type GameReadouts } from '../../games';
import type { GameLabSettings } from './labSettings';

/** Records kept; past it every other old one is dropped, so a long run still fits the chart. */
export const MAX_RECORDS_KEPT = 1000;

export class DistanceRecords {
  readonly steps: number[] = [];
  /** medians[k][r]: method k's median distance at record r (NaN when no particle is live). */
  readonly medians: number[][];
  readonly divergedShares: number[][];

  constructor(readonly methods: readonly GameMethod[]) {
    this.medians = methods.map(() => []);
    this.divergedShares = methods.map(() => []);
  }

  /** One record from every method's readouts (all at the same step). */
  add(readouts: readonly GameReadouts[]): void {
    const step = readouts[0].step;
    if (this.steps.length && this.steps.at(-1)! >= step) return;
    this.steps.push(step);
    readouts.forEach((r, k) => {
      const s = summarizeDistances(r.distance, r.flags, [0.5]);
      this.medians[k].push(s.median);
      this.divergedShares[k].push(s.diverged / r.count);
    });
    if (this.steps.length > MAX_RECORDS_KEPT) {
      const keep = (_: number, r: number) => r % 2 === 0 || r === this.steps.length - 1;
      const thin = (a: number[]) => a.splice(0, a.length, ...a.filter(keep));
      // Thin the per-method arrays first: `keep` reads the step count.
      [...this.medians, ...this.divergedShares].forEach(thin);
      thin(this.steps);
    }
  }

  /**
   * Method k's measured per-step factor: (d_last / d_first)^(1 / steps between them), over the
   * records of the later half of the run (past the start-up transients). NaN until two records span a step.
   */
  measuredFactor(k: number): number {
    const last = this.steps.length - 1;
    if (last < 1) return NaN;
    const half = (this.steps[0] + this.steps[last]) / 2;
    const first = Math.min(this.steps.findIndex((s) => s >= half), last - 1);
    const [d0, d1] = [this.medians[k][first], this.medians[k][last]];
    if (!(d0 > 0 && d1 > 0 && Number.isFinite(d0) && Number.isFinite(d1))) return NaN;
    return (d1 / d0) ** (1 / (this.steps[last] - this.steps[first]));
  }
}

/**
 * The closed-form asymptotic factor on the bilinear game, where one singular value rules: m = n = 1
 * (σ = |A₁₁|) or a square identity (σ = scale). NaN elsewhere.
 */
export function closedFormFactor(s: GameLabSettings, method: GameMethod, matrix: Float32Array): number {
  if (s.game !== 'bilinear') return NaN;
  let sigma: number;
  if (s.m === 1 && s.n === 1) sigma = Math.abs(matrix[0]);
  else if (s.matrix === 'identity' && s.m === s.n) sigma = s.scale;
  else return NaN;
  return perStepFactor(method, { etaX: s.etaX, etaY: s.etaY, sigma, momentum: s.momentum });
}
