import { describe, expect, it } from 'vitest';
import { FLAG_DIVERGED, summarize } from '../../src/engine';
import { landscapeById } from '../../src/landscapes';
import { withGpu } from './device';

describe('statistics reduced on the GPU', () => {
  it.each([
    [1, false],
    [255, false],
    [4097, true],
    [300_001, false],
    [300_001, true],
  ])('match the TypeScript reduction of the same particles, N = %i, log bins %s', (count, logBins) =>
    withGpu(async (gpu) => {
      const sim = await gpu.simulation({
        landscape: landscapeById('rastrigin'),
        dim: 3,
        count,
        seed: count,
        run: { lr: 0.001, convergeTol: 20 },
      });
      sim.statistics.setLogBins(logBins);
      await sim.step(5);
      const onGpu = await sim.summary();
      const snap = await sim.particles();
      const ref = summarize(snap.step, snap.loss, snap.gradNorm, snap.flags, logBins);
      expect(onGpu.histogram.log).toBe(logBins);
      expect(onGpu.step).toBe(5);
      expect(onGpu.live).toBe(ref.live);
      expect(onGpu.converged).toBe(ref.converged);
      expect(onGpu.diverged).toBe(ref.diverged);
      expect(onGpu.minLoss).toBe(ref.minLoss);
      expect(onGpu.maxLoss).toBe(ref.maxLoss);
      expect(snap.loss[onGpu.best]).toBe(ref.minLoss);
      // f32 tree sums against an f64 sum.
      expect(Math.abs(onGpu.meanLoss - ref.meanLoss)).toBeLessThan(1e-5 * ref.meanLoss);
      expect(Math.abs(onGpu.meanGradNorm - ref.meanGradNorm)).toBeLessThan(1e-5 * ref.meanGradNorm);
      expect(onGpu.histogram.counts.reduce((a, b) => a + b, 0)).toBe(ref.live);
      let moved = 0;
      for (let i = 0; i < ref.histogram.counts.length; i++) moved += Math.abs(onGpu.histogram.counts[i] - ref.histogram.counts[i]);
      // A value on a bin edge may fall either side of it under f32 rounding.
      expect(moved).toBeLessThanOrEqual(logBins ? 8 : 2);
      if (count > 1000) expect(ref.converged).toBeGreaterThan(0);
    }),
  );
});

describe('divergence', () => {
  it('particles leaving the unbounded monkey saddle are flagged, frozen and kept out of the statistics', () =>
    withGpu(async (gpu) => {
      const sim = await gpu.simulation({
        landscape: landscapeById('monkey-saddle'),
        dim: 2,
        count: 10_000,
        seed: 2,
        run: { lr: 0.05 },
      });
      await sim.step(300);
      const s = await sim.summary();
      const snap = await sim.particles();
      expect(s.diverged).toBeGreaterThan(5000);
      expect(s.live + s.diverged).toBe(10_000);
      expect(Number.isFinite(s.meanLoss)).toBe(true);
      const ref = summarize(snap.step, snap.loss, snap.gradNorm, snap.flags);
      expect(s.diverged).toBe(ref.diverged);
      // Frozen: more steps change no diverged particle.
      await sim.step(10);
      const later = await sim.particles();
      for (let p = 0; p < snap.count; p++) {
        if (snap.flags[p] & FLAG_DIVERGED) {
          expect(later.age[p]).toBe(snap.age[p]);
          expect(later.positions[2 * p]).toEqual(snap.positions[2 * p]);
        }
      }
    }),
  );

  it('a step size that blows up every particle leaves no live statistics, not NaN averages of garbage', () =>
    withGpu(async (gpu) => {
      const sim = await gpu.simulation({
        landscape: landscapeById('rosenbrock'),
        dim: 8,
        count: 2048,
        run: { lr: 10 },
      });
      await sim.step(20);
      const s = await sim.summary();
      expect(s.diverged).toBe(2048);
      expect(s.live).toBe(0);
      expect(s.best).toBe(-1);
      expect(s.histogram.counts.every((c) => c === 0)).toBe(true);
    }),
  );

  it('a lower bound catches runaway particles before they overflow', () =>
    withGpu(async (gpu) => {
      const sim = await gpu.simulation({
        landscape: landscapeById('quadratic'),
        dim: 2,
        params: [1],
        count: 1000,
        run: { lr: 2.5, bound: 100 },
      });
      await sim.step(100);
      const snap = await sim.particles();
      expect(snap.flags.every((f) => (f & FLAG_DIVERGED) !== 0)).toBe(true);
      // Each stopped within one step of the bound: |x| grows by 1.5x per step here.
      expect(snap.positions.every((x) => Number.isFinite(x) && Math.abs(x) < 150 * 1.0001)).toBe(true);
    }),
  );
});
