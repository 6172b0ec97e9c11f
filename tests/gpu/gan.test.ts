/**
 * GANs trained on the GPU (src/gan/GanTrainer.ts, shaders/gan_*.wgsl) against their float64 twin
 * (src/gan/ganReference.ts): initial weights, generator samples, gradients, parameters and losses
 * after a few generator steps, for plain, minimax, k > 1 and unrolled GANs side by side; refused
 * sizes naming the limit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GanTrainer } from '../../src/gan/GanTrainer';
import { DEFAULT_RUN, ganLayout, type GanRun, type GanSpec } from '../../src/gan/ganConfig';
import { generatorSamples, initialParameters, initialState, trainStep } from '../../src/gan/ganReference';
import { GRID_25, RING_8 } from '../../src/gan/mixtures';
import { DeviceLimitError } from '../../src/gpu/device';
import { withGpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`GAN training, GPU vs float64 twin:\n${measured.join('\n')}`));

const spec = (over: Partial<GanSpec> = {}): GanSpec => ({
  mixture: RING_8, latent: 3, generator: { hidden: 2, width: 8 }, discriminator: { hidden: 2, width: 10 },
  activation: 'tanh', batch: 12, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, ...over,
});

const run = (over: Partial<GanRun>): GanRun => ({ ...DEFAULT_RUN, seed: 1, lrG: 2e-3, lrD: 3e-3, ...over });

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};
const maxNorm = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('GAN training on the GPU against the float64 twin', () => {
  const cases: [string, Partial<GanSpec>, GanRun[]][] = [
    ['tanh, ring', {}, [
      run({ seed: 3 }),
      run({ seed: 4, loss: 'minimax', dSteps: 2 }),
      run({ seed: 5, unroll: 2, unrollLr: 0.5 }),
    ]],
    ['leaky ReLU, grid, 3 + 1 hidden layers', {
      mixture: GRID_25, activation: 'leakyRelu', latent: 5, generator: { hidden: 3, width: 6 }, discriminator: { hidden: 1, width: 16 }, batch: 20,
    }, [run({ seed: 7, dSteps: 3 }), run({ seed: 8, unroll: 3, unrollLr: 0.2, lrG: 1e-3 })]],
  ];
  it.each(cases)('%s', async (name, over, runs) => {
    const s = spec(over);
    const steps = 3;
    const { g } = ganLayout(s);
    await withGpu(async (gpu) => {
      const trainer = gpu.own(await GanTrainer.create(gpu.device, { spec: s, runs }));
      for (let k = 0; k < runs.length; k++) {
        const init = await trainer.readParameters(k);
        expect(maxAbs(init.theta, initialParameters(s, runs[k].seed))).toBeLessThan(1e-5);
      }
      const samples0 = await trainer.readSamples(50, 9);
      for (let k = 0; k < runs.length; k++) {
        const twin = generatorSamples(s, initialParameters(s, runs[k].seed), k, 50, 9);
        expect(maxAbs(samples0.subarray(100 * k, 100 * (k + 1)), twin)).toBeLessThan(1e-5);
      }
      await trainer.train(steps);
      const records = await trainer.readRecords();
      for (let k = 0; k < runs.length; k++) {
        const twin = initialState(s, runs[k]);
        for (let t = 0; t < steps; t++) trainStep(s, runs[k], twin);
        const gpuState = await trainer.readParameters(k);
        const thetaError = maxAbs(gpuState.theta, twin.theta);
        // The last generator gradient, relative to its size (twin: recomputed the same way at its last step).
        const twinGrad = (hvpStep?: number) => {
          const before = initialState(s, runs[k]);
          for (let t = 0; t < steps - 1; t++) trainStep(s, runs[k], before);
          const m = Float64Array.from(before.m);
          trainStep(s, runs[k], before, hvpStep);
          // Adam's m_t = β1 m_{t−1} + (1 − β1) g_t recovers g_t for G's entries.
          return Array.from({ length: g }, (_, i) => (before.m[i] - s.beta1 * m[i]) / (1 - s.beta1));
        };
        const sameScheme = twinGrad();
        const gradError = maxAbs(gpuState.grad.subarray(0, g), sameScheme) / maxNorm(sameScheme);
        // Unrolled: the GPU's finite-difference Hessian-vector products against the twin's exact ones
        // (float64, step 1e-7, checked against finite differences of the whole unrolled loss in tests/node/gan.test.ts).
        const exact = runs[k].unroll ? twinGrad(1e-7) : sameScheme;
        const exactError = maxAbs(gpuState.grad.subarray(0, g), exact) / maxNorm(exact);
        const lossError = Math.max(Math.abs(records[k].lossD - twin.lossD), Math.abs(records[k].lossG - twin.lossG));
        measured.push(`  ${name.padEnd(38)} GAN ${k} (k=${runs[k].dSteps}, K=${runs[k].unroll}, ${runs[k].loss}): ` +
          `max |Δθ| ${thetaError.toExponential(2)}, G gradient rel. ${gradError.toExponential(2)} ` +
          `(vs exact second order ${exactError.toExponential(2)}), losses ${lossError.toExponential(2)}`);
        expect(records[k].generatorSteps).toBe(steps);
        expect(records[k].discriminatorSteps).toBe(steps * runs[k].dSteps);
        expect(thetaError).toBeLessThan(2e-4);
        expect(gradError).toBeLessThan(1e-3);
        expect(exactError).toBeLessThan(1e-3);
        expect(lossError).toBeLessThan(1e-4);
      }
    });
  });

  it('reset(seed) reseeds GAN g to seed + g and starts over; more steps than one dispatch holds', async () => {
    const s = spec();
    await withGpu(async (gpu) => {
      const trainer = gpu.own(await GanTrainer.create(gpu.device, { spec: s, runs: [run({ seed: 1 }), run({ seed: 2 })] }));
      await trainer.train(2);
      trainer.reset(40);
      expect(trainer.getRuns().map((r) => r.seed)).toEqual([40, 41]);
      const fresh = await trainer.readParameters(1);
      expect(maxAbs(fresh.theta, initialParameters(s, 41))).toBeLessThan(1e-5);
      expect((await trainer.readRecords())[1].generatorSteps).toBe(0);
      const encoder = gpu.device.createCommandEncoder();
      trainer.encode(encoder, trainer.stepsPerDispatch + 1);
      gpu.device.queue.submit([encoder.finish()]);
      expect((await trainer.readRecords())[0].generatorSteps).toBe(trainer.stepsPerDispatch + 1);
    });
  });

  it('refuses bad sizes naming the limit, and makes nothing', async () => {
    await withGpu(async (gpu) => {
      const { device } = gpu;
      await expect(GanTrainer.create(device, { spec: spec({ generator: { hidden: 2, width: 200 } }), runs: [run({})] })).rejects.toThrow(/GAN_MAX_WIDTH = 128/);
      await expect(GanTrainer.create(device, { spec: spec(), runs: [run({ unroll: 12 })] })).rejects.toThrow(/GAN_MAX_UNROLL = 10/);
      const many = Array.from({ length: device.limits.maxComputeWorkgroupsPerDimension + 1 }, (_, i) => run({ seed: i }));
      await expect(GanTrainer.create(device, { spec: spec(), runs: many })).rejects.toThrow(DeviceLimitError);
      await expect(GanTrainer.create(device, { spec: spec(), runs: many })).rejects.toThrow(/maxComputeWorkgroupsPerDimension/);
      const trainer = gpu.own(await GanTrainer.create(device, { spec: spec(), runs: [run({})], sampleCapacity: 10 }));
      await expect(trainer.readSamples(11, 0)).rejects.toThrow(/sampleCapacity = 10/);
      expect(() => trainer.setRuns([run({ unroll: 1 })])).toThrow(/maxUnroll = 0/);
      expect(trainer.getRuns()[0].unroll).toBe(0);
    });
  });
});
