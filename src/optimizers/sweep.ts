/**
 * Step-size sweeps: one run tries many step sizes at once, each particle with its own. Particle
 * p takes the (p mod count)-th of `count` step sizes from lr to lrSweepTo, evenly spaced on a log
 * scale, so particles p, p + count, p + 2·count, … are seeds of the same step size.
 * The WGSL twin is particle_lr in shaders/optimizer.wgsl.
 */
import type { RunSettings } from './run';

type SweepSettings = Pick<RunSettings, 'lr' | 'lrSweepCount' | 'lrSweepTo'>;

/** log(lrSweepTo / lr), the ratio the uniform carries (0 when no sweep). */
export function sweepLogRatio(run: SweepSettings): number {
  return run.lrSweepCount > 1 ? Math.log(run.lrSweepTo / run.lr) : 0;
}

/** The i-th swept step size (i < count). */
export function sweptLr(run: SweepSettings, i: number): number {
  if (run.lrSweepCount <= 1) return run.lr;
  return run.lr * Math.exp((sweepLogRatio(run) * i) / (run.lrSweepCount - 1));
}

/** Particle p's step size. */
export function particleLr(run: SweepSettings, p: number): number {
  return sweptLr(run, run.lrSweepCount > 1 ? p % run.lrSweepCount : 0);
}

/** Every swept step size, in order (one value when not sweeping). */
export function sweptValues(run: SweepSettings): number[] {
  return Array.from({ length: Math.max(1, run.lrSweepCount) }, (_, i) => sweptLr(run, i));
}

/** One swept step size's particles, now. */
export interface SweepRow {
  lr: number;
  particles: number;
  diverged: number;
  /** Median loss over its live particles (NaN when none is live). */
  medianLoss: number;
  /** Particles whose loss has fallen below the run's target (escape) loss, and their median steps to it. */
  reached: number;
  medianSteps: number;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  xs.sort((a, b) => a - b);
  const mid = (xs.length - 1) / 2;
  return (xs[Math.floor(mid)] + xs[Math.ceil(mid)]) / 2;
};

/**
 * The particles grouped by swept step size: how many diverged, their median loss, how many
 * reached the target and how soon. `notReached` is the escape age of a particle that has not.
 */
export function summarizeSweep(
  run: SweepSettings,
  s: { count: number; loss: ArrayLike<number>; flags: ArrayLike<number>; escapeAge: ArrayLike<number> },
  diverged: number,
  notReached: number,
): SweepRow[] {
  const count = Math.max(1, run.lrSweepCount);
  return Array.from({ length: count }, (_, j) => {
    const losses: number[] = [];
    const ages: number[] = [];
    let particles = 0;
    let lost = 0;
    for (let p = j; p < s.count; p += count) {
      particles++;
      if (s.escapeAge[p] !== notReached) ages.push(s.escapeAge[p]);
      if (s.flags[p] & diverged || !Number.isFinite(s.loss[p])) lost++;
      else losses.push(s.loss[p]);
    }
    return { lr: sweptLr(run, j), particles, diverged: lost, medianLoss: median(losses), reached: ages.length, medianSteps: median(ages) };
  });
}
