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
