import { describe, expect, it } from 'vitest';
import { CpuSimulation, type SystemSpec } from '../../src/engine';
import { defaultParams, landscapeById } from '../../src/landscapes';
import { CurvatureSampler } from '../../src/analysis/CurvatureSampler';
import { curvatureAt } from '../../src/analysis/curvatureReference';
import { WORK_PER_SUBMIT } from '../../src/gpu/workBudget';
import { withGpu } from './device';

// Heavy work is split into submits of bounded size (a long GPU task loses the device); the split
// must not change any result.
describe('work split into bounded submits', () => {
  it('steps of many particles on a costly landscape go one per submit and match the TypeScript engine', () =>
    withGpu(async (gpu) => {
      const landscape = landscapeById('random-fourier');
      const spec: SystemSpec = { landscape, dim: 300, count: 1500, seed: 4, run: { lr: 0.02 }, init: { kind: 'gaussian', center: [], sigma: 1 } };
      const onGpu = await gpu.simulation(spec);
      expect(onGpu.count * onGpu.binding.evaluationCost).toBeGreaterThan(WORK_PER_SUBMIT);
      expect(onGpu.stepsPerSubmit).toBe(1);
      const cpu = new CpuSimulation(spec);
      await onGpu.step(3);
      await cpu.step(3);
      const [g, c] = [await onGpu.particles(), await cpu.particles()];
      let worst = 0;
      for (let i = 0; i < g.positions.length; i++) worst = Math.max(worst, Math.abs(g.positions[i] - c.positions[i]));
      // Sums over 300 coordinates and 64 features in f32, three steps.
      expect(worst).toBeLessThan(1e-4);
      expect(g.step).toBe(3);
    }),
  );

  it('curvature samples measured in several submits match the twin, each one', () =>
    withGpu(async (gpu) => {
      const landscape = landscapeById('random-fourier');
      const params = defaultParams(landscape);
      const dim = 400;
      const sim = await gpu.simulation({ landscape, dim, count: 64, seed: 2, init: { kind: 'gaussian', center: [], sigma: 1 } });
      const sampler = gpu.own(await CurvatureSampler.create(sim.device, sim.engine, sim.binding, 64));
      expect(sampler.chunkSize(12)).toBeLessThan(64);
      const samples = await sampler.measure(12, 3);
      const snap = await sim.particles();
      for (const s of samples) {
        const ref = curvatureAt(landscape, params, dim, snap.positions.subarray(s.particle * dim, (s.particle + 1) * dim), s.particle, 3, 12);
        const size = Math.max(Math.abs(ref.lambdaMin), Math.abs(ref.lambdaMax));
        expect(Math.abs(s.lambdaMin - ref.lambdaMin)).toBeLessThan(1e-2 * size);
        expect(Math.abs(s.lambdaMax - ref.lambdaMax)).toBeLessThan(1e-2 * size);
      }
    }),
  );
});
