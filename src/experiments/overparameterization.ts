/**
 * The folklore overparameterization experiment (Safran & Shamir 2018), through the explorer's
 * scripting API: a teacher network with k ReLU units; students of width n = k, k + 1, ... trained
 * from many random starts at once, one start per particle, by gradient descent on the population
 * loss. Each start ends in one of four outcomes: success (loss below a threshold), stuck (the
 * gradient vanished above that loss: a spurious local minimum or a saddle), diverged, or still
 * moving when the step budget ran out.
 */
import type { Explorer } from '../explorer/Explorer';
import type { ExplorerSettings } from '../settings';
import { FLAG_DIVERGED } from '../engine/types';

export interface OverparameterizationOptions {
  /** Teacher units k (the input dimension is k plus extraInputs). */
  teacherWidth: number;
  /** Student widths n to train, e.g. [k, k + 1, ..., k + 4]. */
  widths: number[];
  /** Random starts per width (particles). */
  inits: number;
  /** Gradient-descent steps per width. */
  steps: number;
  lr: number;
  /** Success: loss below this. */
  successLoss: number;
  /** Stuck: gradient norm below this with the loss above successLoss. */
  gradTol: number;
  extraInputs: number;
  /** Teacher kind (the landscape's parameter: 0 identity). */
  teacher: number;
  init: ExplorerSettings['init'];
  initGain: number;
  seed: number;
}

export interface OverparameterizationRow {
  n: number;
  inits: number;
  success: number;
  stuck: number;
  diverged: number;
  moving: number;
  /** Losses where stuck starts stopped: smallest, median, largest (null when none stuck). */
  stuckLoss: { min: number; median: number; max: number } | null;
  /** Wall-clock seconds this width took. */
  seconds: number;
}

export interface OverparameterizationResult {
  options: OverparameterizationOptions;
  rows: OverparameterizationRow[];
  cancelled: boolean;
}

export interface ExperimentHooks {
  onRow?(row: OverparameterizationRow): void;
  /** Steps done of the current width, and the width. */
  onProgress?(n: number, step: number): void;
  signal?: AbortSignal;
}

/** Defaults for teacher width k: widths k to k + 4, 1,024 starts, GD from a Xavier start. */
export function overparameterizationDefaults(k = 6): OverparameterizationOptions {
  return {
    teacherWidth: k, widths: [k, k + 1, k + 2, k + 3, k + 4], inits: 1024, steps: 20_000, lr: 0.05,
    successLoss: 1e-4, gradTol: 1e-4, extraInputs: 0, teacher: 0, init: 'xavier-normal', initGain: 1, seed: 1,
  };
}

/** Steps per API call: between calls the explorer draws, so the run can be watched and cancelled. */
const CHUNK = 500;

export async function runOverparameterization(
  explorer: Explorer,
  partial: Partial<OverparameterizationOptions> = {},
  hooks: ExperimentHooks = {},
): Promise<OverparameterizationResult> {
  const options = { ...overparameterizationDefaults(partial.teacherWidth), ...partial };
  const rows: OverparameterizationRow[] = [];
  for (const n of options.widths) {
    if (hooks.signal?.aborted) return { options, rows, cancelled: true };
    const started = performance.now();
    await explorer.set({
      landscape: 'teacher-student',
      params: { studentWidth: n, teacherWidth: options.teacherWidth, extraInputs: options.extraInputs, teacher: options.teacher, trainOutput: 0 },
      count: options.inits, init: options.init, initGain: options.initGain, seed: options.seed,
      optimizer: 'gd', noise: 'none', lr: options.lr, convergeTol: options.gradTol, successLoss: options.successLoss, colorBy: 'outcome',
    });
    explorer.reset();
    for (let done = 0; done < options.steps; ) {
      if (hooks.signal?.aborted) return { options, rows, cancelled: true };
      const k = Math.min(CHUNK, options.steps - done);
      await explorer.step(k);
      done += k;
      hooks.onProgress?.(n, done);
    }
    const row = classify(n, await explorer.particles(), options);
    row.seconds = (performance.now() - started) / 1000;
    rows.push(row);
    hooks.onRow?.(row);
  }
  return { options, rows, cancelled: false };
}

/** Each start's outcome from its final loss, gradient norm and flags. */
export function classify(
  n: number,
  p: { loss: ArrayLike<number>; gradNorm: ArrayLike<number>; flags: ArrayLike<number>; count: number },
  o: Pick<OverparameterizationOptions, 'successLoss' | 'gradTol'>,
): OverparameterizationRow {
  let success = 0;
  let diverged = 0;
  let moving = 0;
  const stuck: number[] = [];
  for (let i = 0; i < p.count; i++) {
    if (p.flags[i] & FLAG_DIVERGED || !Number.isFinite(p.loss[i])) diverged++;
    else if (p.loss[i] < o.successLoss) success++;
    else if (p.gradNorm[i] < o.gradTol) stuck.push(p.loss[i]);
    else moving++;
  }
  stuck.sort((a, b) => a - b);
  const stuckLoss = stuck.length ? { min: stuck[0], median: stuck[Math.floor(stuck.length / 2)], max: stuck[stuck.length - 1] } : null;
  return { n, inits: p.count, success, stuck: stuck.length, diverged, moving, stuckLoss, seconds: 0 };
}

/** The rows as CSV, one line per width (shares as fractions of the starts). */
export function overparameterizationCsv(result: OverparameterizationResult): string {
  const head = 'k,n,inits,steps,lr,success,stuck,diverged,moving,stuck_loss_min,stuck_loss_median,stuck_loss_max,seconds';
  const o = result.options;
  const lines = result.rows.map((r) =>
    [o.teacherWidth, r.n, r.inits, o.steps, o.lr, r.success / r.inits, r.stuck / r.inits, r.diverged / r.inits, r.moving / r.inits,
      r.stuckLoss?.min ?? '', r.stuckLoss?.median ?? '', r.stuckLoss?.max ?? '', r.seconds.toFixed(1)].join(','),
  );
  return [head, ...lines].join('\n');
}
