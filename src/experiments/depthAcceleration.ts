/**
 * Depth as acceleration (Arora, Cohen & Hazan 2018, "On the optimization of deep networks:
 * implicit acceleration by overparameterization"), through the explorer's scripting API: deep
 * linear networks of depth N = 1, 2, 3, … fitted to the same ℓp regression data from balanced
 * near-zero starts. Each depth runs one step-size sweep (particle p takes the (p mod count)-th
 * step size, `seeds` starts per step size) and records when each particle's excess loss first
 * falls below `ratio` of its start: (L − L*) / (L₀ − L*) < ratio. The best step size per depth
 * is the one whose starts all get there, soonest by the median (a sweep ends at its step budget,
 * when every start has arrived or diverged, or at three times the best's steps); the result is iterations
 * against depth, for p = 2 (where depth should help little) and p = 4 (where it should help).
 */
import type { Explorer } from '../explorer/Explorer';
import { landscapeById } from '../landscapes';
import { sweptLr } from '../optimizers/sweep';
import { FLAG_DIVERGED, NOT_ESCAPED } from '../engine/types';

export interface DepthAccelerationOptions {
  depths: number[];
  /** Loss exponents p (2 and/or 4). */
  exponents: number[];
  /** Hidden width h and inputs d of the networks. */
  width: number;
  inputs: number;
  samples: number;
  /** Feature spread κ (ill-conditioned features) and label noise σ. */
  kappa: number;
  noise: number;
  dataSeed: number;
  /** The step-size sweep: lrCount step sizes from lrFrom to lrTo (log spaced), seeds starts each. */
  lrFrom: number;
  lrTo: number;
  lrCount: number;
  seeds: number;
  /** Most steps per (p, depth). */
  steps: number;
  /** Target: excess loss below this share of the start's. */
  ratio: number;
  /** Norm of the balanced start's end-to-end map. */
  balancedNorm: number;
  seed: number;
}

/** One step size of one (p, depth) sweep. */
export interface SweepPoint {
  lr: number;
  /** Starts that reached the target, and those that diverged. */
  reached: number;
  diverged: number;
  /** Median steps to the target over the starts (NaN unless every start got there). */
  medianSteps: number;
}

export interface DepthRow {
  p: number;
  depth: number;
  /** Parameters per network. */
  dim: number;
  /** L₀ (the start's loss, at the zero network), L* (the best any linear map does) and the target. */
  startLoss: number;
  bestLoss: number;
  target: number;
  /** The step size with the fewest median steps among those whose starts all reached the target (null: none did). */
  bestLr: number | null;
  steps: number | null;
  sweep: SweepPoint[];
  /** Steps the sweep ran: the budget, or fewer once every start settled or the best was clear (3 × its steps). */
  stepsRun: number;
  seconds: number;
}

export interface DepthAccelerationResult {
  options: DepthAccelerationOptions;
  rows: DepthRow[];
  cancelled: boolean;
}

export interface DepthHooks {
  onRow?(row: DepthRow): void;
  onProgress?(p: number, depth: number, step: number): void;
  signal?: AbortSignal;
}

/** Settings that show the effect in software within minutes; a GPU runs far larger sweeps. */
export function depthAccelerationDefaults(): DepthAccelerationOptions {
  return {
    depths: [1, 2, 3, 4], exponents: [2, 4], width: 4, inputs: 8, samples: 128, kappa: 10, noise: 0, dataSeed: 1,
    lrFrom: 0.01, lrTo: 10, lrCount: 16, seeds: 8, steps: 20_000, ratio: 1e-6, balancedNorm: 1e-3, seed: 1,
  };
}

const CHUNK = 500;
/** A sweep stops this many times the best step size's steps after it is known. */
const STOP_AFTER_BEST = 3;

export async function runDepthAcceleration(
  explorer: Explorer,
  partial: Partial<DepthAccelerationOptions> = {},
  hooks: DepthHooks = {},
): Promise<DepthAccelerationResult> {
  const o = { ...depthAccelerationDefaults(), ...partial };
  const landscape = landscapeById('deep-linear');
  const rows: DepthRow[] = [];
  for (const p of o.exponents) {
    for (const depth of o.depths) {
      if (hooks.signal?.aborted) return { options: o, rows, cancelled: true };
      const started = performance.now();
      const params = {
        depth, width: o.width, inputs: o.inputs, p: p === 4 ? 1 : 0, samples: o.samples, kappa: o.kappa, noise: o.noise, dataSeed: o.dataSeed,
      };
      const array = landscape.params.map((q) => params[q.key as keyof typeof params] ?? q.default);
      const dim = landscape.dimensionOf!(array);
      // L₀ at the zero network (a near-zero start's loss), L* at the known minimum.
      const startLoss = landscape.evaluate(new Float64Array(dim), null, array, dim);
      const bestLoss = landscape.minima(dim, array)[0]?.f ?? 0;
      const target = bestLoss + o.ratio * (startLoss - bestLoss);
      await explorer.set({
        landscape: 'deep-linear', params, count: o.lrCount * o.seeds, init: 'balanced', balancedNorm: o.balancedNorm, seed: o.seed,
        optimizer: 'gd', noise: 'none', lr: o.lrFrom, lrSweepCount: o.lrCount, lrSweepTo: o.lrTo, targetLoss: target, convergeTol: 0,
      });
      explorer.reset();
      let snapshot = await explorer.particles();
      let stepsRun = 0;
      for (let done = 0; done < o.steps; ) {
        if (hooks.signal?.aborted) return { options: o, rows, cancelled: true };
        const k = Math.min(CHUNK, o.steps - done);
        await explorer.step(k);
        done += k;
        hooks.onProgress?.(p, depth, done);
        stepsRun = done;
        snapshot = await explorer.particles();
        if (allSettled(snapshot)) break;
        // Once a step size has all its starts there (median M), the sweep runs on to 3M: a step
        // size counts only if all its starts arrive by then, so "best" is the best of those.
        const best = bestPoint(sweepPoints(snapshot, o));
        if (best && done >= Math.max(STOP_AFTER_BEST * best.medianSteps, 2 * CHUNK)) break;
      }
      const sweep = sweepPoints(snapshot, o);
      const best = bestPoint(sweep);
      const row: DepthRow = {
        p, depth, dim, startLoss, bestLoss, target, bestLr: best?.lr ?? null, steps: best?.medianSteps ?? null, sweep, stepsRun,
        seconds: (performance.now() - started) / 1000,
      };
      rows.push(row);
      hooks.onRow?.(row);
    }
  }
  return { options: o, rows, cancelled: false };
}

type Snapshot = { count: number; flags: ArrayLike<number>; escapeAge: ArrayLike<number> };

/** Every particle reached the target or diverged: more steps change nothing. */
function allSettled(s: Snapshot): boolean {
  for (let i = 0; i < s.count; i++) if (s.escapeAge[i] === NOT_ESCAPED && !(s.flags[i] & FLAG_DIVERGED)) return false;
  return true;
}

/** Per step size (particle i takes step size i mod lrCount): starts that reached, diverged, median steps. */
export function sweepPoints(s: Snapshot, o: Pick<DepthAccelerationOptions, 'lrFrom' | 'lrTo' | 'lrCount'>): SweepPoint[] {
  const run = { lr: o.lrFrom, lrSweepCount: o.lrCount, lrSweepTo: o.lrTo };
  return Array.from({ length: o.lrCount }, (_, j) => {
    const ages: number[] = [];
    let diverged = 0;
    let starts = 0;
    for (let i = j; i < s.count; i += o.lrCount) {
      starts++;
      // A particle that reached the target counts, even if it diverged later.
      if (s.escapeAge[i] !== NOT_ESCAPED) ages.push(s.escapeAge[i]);
      else if (s.flags[i] & FLAG_DIVERGED) diverged++;
    }
    ages.sort((a, b) => a - b);
    const mid = (starts - 1) / 2;
    const median = ages.length === starts && starts > 0 ? (ages[Math.floor(mid)] + ages[Math.ceil(mid)]) / 2 : NaN;
    return { lr: sweptLr(run, j), reached: ages.length, diverged, medianSteps: median };
  });
}

/** The step size whose starts all reached the target, soonest by the median. */
export function bestPoint(sweep: SweepPoint[]): SweepPoint | null {
  let best: SweepPoint | null = null;
  for (const pt of sweep) if (Number.isFinite(pt.medianSteps) && (!best || pt.medianSteps < best.medianSteps)) best = pt;
  return best;
}

/** One line per (p, depth): the best step size and its steps; then one line per swept step size. */
export function depthAccelerationCsv(result: DepthAccelerationResult): string {
  const head = 'p,depth,dim,lr,reached,diverged,median_steps,best';
  const lines = result.rows.flatMap((r) =>
    r.sweep.map((pt) => [r.p, r.depth, r.dim, pt.lr, pt.reached, pt.diverged, Number.isFinite(pt.medianSteps) ? pt.medianSteps : '', pt.lr === r.bestLr ? 1 : 0].join(',')),
  );
  return [head, ...lines].join('\n');
}
