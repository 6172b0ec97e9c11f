import { describe, expect, it } from 'vitest';
import { CpuSimulation, NOT_ESCAPED, summarizeEscape, type SystemSpec } from '../../src/engine';
import { landscapeById } from '../../src/landscapes';
import { withGpu } from './device';

// Strict saddle of index 2 at the origin (loss 0), minima at loss -2: escape = loss below -0.5.
const spec = (lr: number, count: number): SystemSpec => ({
  landscape: landscapeById('strict-saddle'),
  dim: 16,
  params: [2],
  count,
  seed: 5,
  init: { kind: 'gaussian', center: [], sigma: 1e-3 },
  run: { lr, noise: 'gradient', noiseScale: 0.01, escapeLoss: -0.5 },
});

describe('saddle escape times', () => {
  it('are recorded per particle as the TypeScript engine records them, and summarised on the GPU', () =>
    withGpu(async (gpu) => {
      const onGpu = await gpu.simulation(spec(0.05, 2048));
      const cpu = new CpuSimulation(spec(0.05, 2048));
      await onGpu.step(150);
      await cpu.step(150);
      const g = await onGpu.particles();
      const c = await cpu.particles();
      const summary = await onGpu.summary();
      let same = 0;
      let escaped = 0;
      for (let p = 0; p < g.count; p++) {
        if (g.escapeAge[p] === c.escapeAge[p]) same++;
        else if (g.escapeAge[p] !== NOT_ESCAPED && c.escapeAge[p] !== NOT_ESCAPED) {
          // Trajectories agree to ~1e-6; a loss within rounding of the threshold may cross a step apart.
          expect(Math.abs(g.escapeAge[p] - c.escapeAge[p])).toBeLessThanOrEqual(1);
        }
        if (g.escapeAge[p] !== NOT_ESCAPED) {
          escaped++;
          expect(g.escapeAge[p]).toBeGreaterThan(0);
          expect(g.escapeAge[p]).toBeLessThanOrEqual(g.age[p]);
        }
      }
      expect(same / g.count).toBeGreaterThan(0.99);
      // Most escape within 150 steps, at different times.
      expect(escaped).toBeGreaterThan(g.count / 2);
      const ref = summarizeEscape(g.escapeAge);
      expect(summary.escape.tracked).toBe(true);
      expect(summary.escape.escaped).toBe(escaped);
      expect(summary.escape.maxSteps).toBe(ref.maxSteps);
      expect(summary.escape.binWidth).toBe(ref.binWidth);
      expect(Array.from(summary.escape.counts)).toEqual(Array.from(ref.counts));
      // f32 tree sum against an f64 sum.
      expect(Math.abs(summary.escape.meanSteps - ref.meanSteps)).toBeLessThan(1e-5 * ref.meanSteps);
      expect(ref.counts.filter((k) => k > 0).length).toBeGreaterThan(3);
    }),
  );

  it('shorten with a larger step size, and are not tracked without a threshold', () =>
    withGpu(async (gpu) => {
      const means: number[] = [];
      for (const lr of [0.02, 0.05]) {
        const sim = await gpu.simulation(spec(lr, 1024));
        await sim.step(400);
        const s = await sim.summary();
        gpu.free(sim);
        expect(s.escape.escaped).toBeGreaterThan(900);
        means.push(s.escape.meanSteps);
      }
      // Escape along the -2 curvature direction grows like (1 + 2 lr)^t: time ~ 1 / lr.
      expect(means[0] / means[1]).toBeGreaterThan(1.8);
      expect(means[0] / means[1]).toBeLessThan(3.2);
      const untracked = await gpu.simulation({ ...spec(0.05, 256), run: { lr: 0.05, noise: 'gradient', noiseScale: 0.01 } });
      await untracked.step(200);
      const s = await untracked.summary();
      const snap = await untracked.particles();
      expect(s.escape.tracked).toBe(false);
      expect(snap.escapeAge.every((a) => a === NOT_ESCAPED)).toBe(true);
    }),
  );
});
