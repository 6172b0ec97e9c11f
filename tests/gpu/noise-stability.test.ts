/**
 * Noise stability on the GPU (shaders/noise_stability.wgsl, src/analysis/NoiseStability.ts)
 * against its float64 twin on random MLPs; linearity at small ε; a network whose answer is known
 * (ReLU layers that only permute positive units: attenuation exactly 1, and at the output the
 * closed-form mean of |v·η| / |v·h|); work split over several submits; refused input.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NOISE_DRAWS, NoiseStability } from '../../src/analysis/NoiseStability';
import { noiseStabilityReference, type NoiseStabilityResult } from '../../src/analysis/noiseStabilityReference';
import { LandscapeBinding } from '../../src/engine';
import { itemsPerSubmit } from '../../src/gpu/workBudget';
import { landscapeById } from '../../src/landscapes';
import { mlp, mlpDataset } from '../../src/landscapes/mlp';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';
import { withGpu, type Gpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`noise stability, GPU vs float64 twin (relative error of the mean and pooled ratios):\n${measured.join('\n')}`));

const mlpParams = (over: Record<string, number>) => mlp.params.map((q) => over[q.key] ?? q.default);

async function setup(gpu: Gpu, params: number[], draws: number) {
  const dim = mlp.dimensionOf!(params);
  const binding = gpu.own(new LandscapeBinding(gpu.device, mlp, dim, params, 1));
  const probe = gpu.own(await NoiseStability.create(gpu.device, binding, { draws }));
  return { dim, binding, probe };
}

/**
 * Worst relative difference over the defined entries of the mean and pooled tables, and apart from
 * them that of the mean ratio at the output: |Δout| / |out| is large, and |out| in f32 only good to
 * about 1e-7 Σ|terms| / |out|, at inputs whose output is near 0, and those dominate its mean.
 */
function worstDifferences(a: NoiseStabilityResult, b: NoiseStabilityResult): [number, number] {
  let worst = 0;
  let outputMean = 0;
  for (let i = 0; i < a.layers; i++) {
    for (let j = i; j <= a.layers; j++) {
      for (const key of ['ratio', 'pooled'] as const) {
        const [x, y] = [a[key][i][j], b[key][i][j]];
        expect(Number.isFinite(x), `${key}[${i}][${j}] = ${x}`).toBe(true);
        const error = Math.abs(x - y) / Math.abs(y);
        if (key === 'ratio' && j === a.layers) outputMean = Math.max(outputMean, error);
        else worst = Math.max(worst, error);
      }
    }
  }
  return [worst, outputMean];
}

describe('noise stability: GPU against the float64 twin', () => {
  const cases: [string, Record<string, number>, number][] = [
    ['2 x 6 tanh', { hiddenLayers: 2, width: 6, activation: 0 }, 0.1],
    ['3 x 5 ReLU', { hiddenLayers: 3, width: 5, activation: 1 }, 0.1],
    ['2 x 8 ReLU', { hiddenLayers: 2, width: 8, activation: 1 }, 0.02],
    ['3 x 4 tanh', { hiddenLayers: 3, width: 4, activation: 0 }, 0.3],
  ];
  it.each(cases)('%s', async (name, shape, epsilon) => {
    const params = mlpParams({ ...shape, trainPoints: 40, testPoints: 60, labelNoise: 0.1 });
    await withGpu(async (gpu) => {
      const { dim, probe } = await setup(gpu, params, 8);
      const rand = mulberry32(dim + shape.activation);
      const network = Float32Array.from({ length: dim }, () => 0.9 * gaussian(rand));
      let worst = 0;
      let outputMean = 0;
      for (const inputs of ['train', 'test'] as const) {
        const gpuResult = await probe.measure(network, { epsilon, seed: 3, inputs });
        const twin = noiseStabilityReference(network, params, 8, { epsilon, seed: 3, inputs });
        const [w, o] = worstDifferences(gpuResult, twin);
        worst = Math.max(worst, w);
        outputMean = Math.max(outputMean, o);
        expect(gpuResult.stableRank).toEqual(twin.stableRank);
        expect(gpuResult.cushion).toEqual(twin.cushion);
        expect(gpuResult.ratio[1][0]).toBeNaN();
        for (let i = 0; i < shape.hiddenLayers; i++) expect(Math.abs(gpuResult.attenuation[i][i] - 1)).toBeLessThan(1e-5);
      }
      measured.push(`  ${name.padEnd(12)} D=${dim}, ε=${epsilon}, 100 inputs x 8 draws: worst ${worst.toExponential(2)}, output mean ${outputMean.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-5);
      expect(outputMean).toBeLessThan(1e-2);
    });
  });

  it('splits a costly measurement over several submits and still agrees', async () => {
    const params = mlpParams({ hiddenLayers: 2, width: 48, trainPoints: 1000, testPoints: 8, activation: 0 });
    await withGpu(async (gpu) => {
      const { dim, probe } = await setup(gpu, params, 4);
      const rand = mulberry32(21);
      const network = Float32Array.from({ length: dim }, () => gaussian(rand) / 5);
      const submits = Math.ceil(4000 / itemsPerSubmit(probe.costPerItem()));
      expect(submits).toBeGreaterThan(1);
      const gpuResult = await probe.measure(network, { epsilon: 0.05, seed: 9 });
      const [worst, outputMean] = worstDifferences(gpuResult, noiseStabilityReference(network, params, 4, { epsilon: 0.05, seed: 9 }));
      measured.push(`  2 x 48 tanh  D=${dim}, 1000 inputs x 4 draws, ${submits} submits: worst ${worst.toExponential(2)}, output mean ${outputMean.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-5);
      expect(outputMean).toBeLessThan(1e-2);
    });
  });
});

describe('noise stability: known answers', () => {
  it('at small ε the ratio scales linearly: the attenuation does not depend on ε', async () => {
    const params = mlpParams({ hiddenLayers: 3, width: 6, trainPoints: 50, activation: 0 });
    await withGpu(async (gpu) => {
      const { dim, probe } = await setup(gpu, params, 16);
      const rand = mulberry32(77);
      const network = Float32Array.from({ length: dim }, () => 1.2 * gaussian(rand));
      const [a, b, c] = [1e-3, 1e-5, 0.5].map((epsilon) => probe.measure(network, { epsilon, seed: 2 }));
      const [small, smaller, large] = await Promise.all([a, b, c]);
      let worst = 0;
      let nonlinear = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = i; j <= 3; j++) {
          worst = Math.max(worst, Math.abs(small.attenuation[i][j] / smaller.attenuation[i][j] - 1));
          nonlinear = Math.max(nonlinear, Math.abs(large.attenuation[i][j] / smaller.attenuation[i][j] - 1));
        }
      }
      measured.push(`  attenuation at ε = 1e-3 vs 1e-5: worst relative change ${worst.toExponential(2)} (ε = 0.5: ${nonlinear.toExponential(2)})`);
      expect(worst).toBeLessThan(1e-2);
      expect(nonlinear).toBeGreaterThan(3e-2);
    });
  });

  it('ReLU layers that permute positive units pass the noise unchanged; the output matches E|v·η| / |v·h|', async () => {
    const w = 6;
    const L = 3;
    const params = mlpParams({ hiddenLayers: L, width: w, trainPoints: 40, activation: 1 });
    const dim = mlp.dimensionOf!(params);
    const rand = mulberry32(5);
    const x = new Float32Array(dim);
    // Layer 1: small weights and bias 5, so every unit is positive on the data; layers 2..L:
    // permutations, no bias; the output: positive weights, no bias.
    for (let k = 0; k < 2 * w; k++) x[k] = 0.4 * gaussian(rand);
    for (let k = 0; k < w; k++) x[2 * w + k] = 5;
    let base = 3 * w;
    for (let l = 1; l < L; l++) {
      for (let i = 0; i < w; i++) x[base + i * w + ((i + l) % w)] = 1;
      base += w * w + w;
    }
    for (let k = 0; k < w; k++) x[base + k] = 0.2 + Math.abs(gaussian(rand));
    const draws = MAX_NOISE_DRAWS;
    const epsilon = 0.01;
    await withGpu(async (gpu) => {
      const { probe } = await setup(gpu, params, draws);
      const r = await probe.measure(Float32Array.from(x), { epsilon, seed: 12 });
      let worstHidden = 0;
      for (let i = 0; i < L; i++) for (let j = i; j < L; j++) worstHidden = Math.max(worstHidden, Math.abs(r.attenuation[i][j] - 1));
      // E|v·u| for u uniform on the unit sphere of ℝ^w is ‖v‖ c_w, c_2 = 2/π, c_{w+2} = c_w w / (w + 1).
      let c = 2 / Math.PI;
      for (let k = 2; k < w; k += 2) c *= k / (k + 1);
      const v = Array.from(x.subarray(base, base + w));
      const set = mlpDataset(params);
      let expected = 0;
      for (let k = 0; k < 40; k++) {
        const h = Array.from({ length: w }, (_, u) => x[2 * u] * set.trainX[2 * k] + x[2 * u + 1] * set.trainX[2 * k + 1] + 5);
        expect(Math.min(...h)).toBeGreaterThan(2);
        // The permutations move h, but neither ‖h‖ nor (with v permuted alike) the spread of v·η.
        let hl = h;
        for (let l = 1; l < L; l++) hl = hl.map((_, i) => hl[(i + l) % w]);
        const out = v.reduce((s, vi, i) => s + vi * hl[i], 0);
        expected += (epsilon * Math.hypot(...h) * Math.hypot(...v) * c) / out;
      }
      expected /= 40;
      const outputError = Math.max(...Array.from({ length: L }, (_, i) => Math.abs(r.ratio[i][L] / expected - 1)));
      measured.push(`  permutation ReLU net: |attenuation - 1| ${worstHidden.toExponential(2)} at hidden layers, output vs closed form ${outputError.toExponential(2)} (40 x ${draws} draws)`);
      expect(worstHidden).toBeLessThan(1e-5);
      // Monte Carlo: about 0.75 / √(40 · 256) ≈ 0.7 % standard error.
      expect(outputError).toBeLessThan(0.03);
    });
  });
});

describe('noise stability: refused input', () => {
  it('refuses other landscapes, bad draws, wrong lengths and bad ε', async () => {
    await withGpu(async (gpu) => {
      const rastrigin = landscapeById('rastrigin');
      const other = gpu.own(new LandscapeBinding(gpu.device, rastrigin, 2, [], 1));
      await expect(NoiseStability.create(gpu.device, other, { draws: 4 })).rejects.toThrow(/MLP landscape only/);
      const params = mlpParams({ hiddenLayers: 1, width: 3, trainPoints: 8, testPoints: 8 });
      const dim = mlp.dimensionOf!(params);
      const binding = gpu.own(new LandscapeBinding(gpu.device, mlp, dim, params, 1));
      await expect(NoiseStability.create(gpu.device, binding, { draws: 0 })).rejects.toThrow(RangeError);
      await expect(NoiseStability.create(gpu.device, binding, { draws: MAX_NOISE_DRAWS + 1 })).rejects.toThrow(/MAX_NOISE_DRAWS/);
      const probe = gpu.own(await NoiseStability.create(gpu.device, binding, { draws: 2 }));
      await expect(probe.measure(new Float32Array(dim - 1), { epsilon: 0.1, seed: 1 })).rejects.toThrow(RangeError);
      for (const epsilon of [0, -1, NaN, 11]) {
        await expect(probe.measure(new Float32Array(dim), { epsilon, seed: 1 })).rejects.toThrow(/epsilon/);
      }
      // The zero network: every hidden layer is 0, so no ratio is defined, and none is made up.
      const r = await probe.measure(new Float32Array(dim), { epsilon: 0.1, seed: 1 });
      expect(r.ratio[0].every(Number.isNaN)).toBe(true);
    });
  });
});
