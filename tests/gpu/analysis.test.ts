import { describe, expect, it } from 'vitest';
import { GpuSimulation } from '../../src/engine';
import { landscapeById, defaultParams, type Landscape } from '../../src/landscapes';
import { spectrumEigenvalue } from '../../src/landscapes/random';
import { CloudCovariance } from '../../src/analysis/CloudCovariance';
import { CurvatureSampler } from '../../src/analysis/CurvatureSampler';
import { curvatureAt } from '../../src/analysis/curvatureReference';
import { differenceStep } from '../../src/analysis/differenceStep';
import { HessianProbe } from '../../src/analysis/HessianProbe';
import { lanczos, type SymmetricOperator } from '../../src/analysis/lanczos';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';
import { withGpu, type Gpu } from './device';

function simulation(gpu: Gpu, landscape: Landscape, dim: number, params: number[], count: number, run = {}): Promise<GpuSimulation> {
  return gpu.simulation({ landscape, dim, params, count, seed: 3, run });
}

/** Hessian-vector products of the TypeScript twin, by the same central differences in f64. */
function cpuHessian(landscape: Landscape, params: number[], dim: number, x: Float64Array): SymmetricOperator {
  const h = Math.fround(differenceStep(x));
  return {
    dim,
    async apply(v) {
      const gp = new Float64Array(dim);
      const gm = new Float64Array(dim);
      landscape.evaluate(x.map((c, d) => c + h * v[d]), gp, params, dim);
      landscape.evaluate(x.map((c, d) => c - h * v[d]), gm, params, dim);
      return gp.map((g, d) => (g - gm[d]) / (2 * h));
    },
  };
}

const randomPoint = (dim: number, seed: number, scale: number) => {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: dim }, () => Math.fround(scale * gaussian(rand)));
};

describe('Hessian at a point (GPU Hessian-vector products, Lanczos on the CPU)', () => {
  it('recovers the exact spectrum of the chosen-spectrum quadratic, with its index', async () => {
    const landscape = landscapeById('spectrum-quadratic');
    const dim = 24;
    const params = [50, 5, 7];
    const r = await withGpu(async (gpu) => {
      const sim = await simulation(gpu, landscape, dim, params, 1);
      const probe = gpu.own(await HessianProbe.create(sim.device, sim.binding));
      probe.setPoint(randomPoint(dim, 1, 1));
      return lanczos(probe, { steps: dim, restart: true, seed: 4 });
    });
    const exact = Array.from({ length: dim }, (_, i) => spectrumEigenvalue(i, dim, 50, 5)).sort((a, b) => a - b);
    expect(r.complete).toBe(true);
    // f32 gradients differenced over h: about 1e-4 of the largest eigenvalue.
    exact.forEach((l, i) => expect(Math.abs(r.values[i] - l)).toBeLessThan(2e-4 * 50));
    expect(Array.from(r.values).filter((v) => v < 0).length).toBe(5);
  });

  it.each([
    ['rastrigin', 64, 2],
    ['random-fourier', 200, 1],
    ['rosenbrock', 32, 1],
  ])('%s at D = %i: products and extreme eigenpairs agree with the TypeScript twin', (id, dim, scale) =>
    withGpu(async (gpu) => {
      const landscape = landscapeById(id);
      const params = defaultParams(landscape);
      const sim = await simulation(gpu, landscape, dim, params, 1);
      const probe = gpu.own(await HessianProbe.create(sim.device, sim.binding));
      const x = randomPoint(dim, 5, scale);
      probe.setPoint(x);
      const cpu = cpuHessian(landscape, params, dim, x);
      const v = randomPoint(dim, 6, 1);
      const norm = Math.hypot(...v);
      const unit = v.map((c) => c / norm);
      const [gpuHv, cpuHv] = [await probe.apply(unit), await cpu.apply(unit)];
      const size = Math.max(...cpuHv.map(Math.abs));
      let worst = 0;
      for (let d = 0; d < dim; d++) worst = Math.max(worst, Math.abs(gpuHv[d] - cpuHv[d]) / size);
      // f32 gradients at c +- h v: rounding of |grad| eps / h, relative to the product.
      expect(worst).toBeLessThan(2e-3);
      // The loss and gradient at the point come back with the product.
      const g = new Float64Array(dim);
      const f = landscape.evaluate(x, g, params, dim);
      expect(Math.abs(probe.loss - f)).toBeLessThan(1e-4 * (1 + Math.abs(f)));
      const steps = Math.min(dim, 40);
      const [a, b] = [await lanczos(probe, { steps, seed: 2 }), await lanczos(cpu, { steps, seed: 2 })];
      const spread = b.values[b.values.length - 1] - b.values[0];
      expect(Math.abs(a.values[0] - b.values[0])).toBeLessThan(5e-3 * spread);
      expect(Math.abs(a.values[a.values.length - 1] - b.values[b.values.length - 1])).toBeLessThan(5e-3 * spread);
      // The extreme Ritz vectors point the same way (up to sign).
      for (const k of [0, steps - 1]) {
        const c = a.vectors[k].reduce((s, x, i) => s + x * b.vectors[k][i], 0);
        expect(Math.abs(c)).toBeGreaterThan(0.99);
      }
    }),
  );
});

describe('principal components of the particle cloud', () => {
  it('mean, covariance products and the top two components agree with a CPU reference', () =>
    withGpu(async (gpu) => {
      const dim = 10;
      // GD on an ill-conditioned quadratic squeezes a uniform cloud unevenly along the axes.
      const sim = await simulation(gpu, landscapeById('quadratic'), dim, [100], 20_000, { lr: 0.009 });
      await sim.step(40);
      const cov = gpu.own(await CloudCovariance.create(sim.device, sim.engine));
      const { mean, live } = await cov.mean();
      const snap = await sim.particles();
      const ref = new Float64Array(dim);
      for (let p = 0; p < snap.count; p++) for (let d = 0; d < dim; d++) ref[d] += snap.positions[p * dim + d] / snap.count;
      expect(live).toBe(snap.count);
      for (let d = 0; d < dim; d++) expect(Math.abs(mean[d] - ref[d])).toBeLessThan(1e-4);
      const cpu: SymmetricOperator = {
        dim,
        async apply(v) {
          const out = new Float64Array(dim);
          for (let p = 0; p < snap.count; p++) {
            let s = 0;
            for (let d = 0; d < dim; d++) s += (snap.positions[p * dim + d] - ref[d]) * v[d];
            for (let d = 0; d < dim; d++) out[d] += (s * (snap.positions[p * dim + d] - ref[d])) / (snap.count - 1);
          }
          return out;
        },
      };
      const [a, b] = [await lanczos(cov, { steps: dim, restart: true }), await lanczos(cpu, { steps: dim, restart: true })];
      const top = b.values[dim - 1];
      for (let i = 0; i < dim; i++) expect(Math.abs(a.values[i] - b.values[i])).toBeLessThan(1e-3 * top);
      // Distinct leading variances: the components are well defined.
      expect(b.values[dim - 1] / b.values[dim - 2]).toBeGreaterThan(1.2);
      for (const k of [dim - 1, dim - 2]) {
        const c = a.vectors[k].reduce((s, x, i) => s + x * b.vectors[k][i], 0);
        expect(Math.abs(c)).toBeGreaterThan(0.999);
      }
    }),
  );
});

describe('curvature at sampled particles', () => {
  it.each([
    ['rastrigin', 2, 3, true],
    ['rastrigin', 8, 3, false],
    ['random-fourier', 64, 2, false],
    ['strict-saddle', 16, 1, true],
  ])('%s at D = %i: each sample matches the TypeScript twin of the kernel', async (id, dim, scale, mixed) => {
    const landscape = landscapeById(id);
    const params = defaultParams(landscape);
    const { samples, snap } = await withGpu(async (gpu) => {
      const sim = await simulation(gpu, landscape, dim, params, 512);
      sim.reset({ kind: 'gaussian', center: [], sigma: scale });
      const sampler = gpu.own(await CurvatureSampler.create(sim.device, sim.engine, sim.binding, 128));
      return { samples: await sampler.measure(12, 9), snap: await sim.particles() };
    });
    expect(samples.length).toBe(128);
    let negative = 0;
    for (const s of samples) {
      const x = snap.positions.subarray(s.particle * dim, (s.particle + 1) * dim);
      const ref = curvatureAt(landscape, params, dim, x, s.particle, 9, 12);
      const size = Math.max(Math.abs(ref.lambdaMin), Math.abs(ref.lambdaMax));
      // A Krylov space that closes (repeated eigenvalues) ends the f64 run; in f32 the residual
      // may sit just above the cut-off for a step or two more, adding values inside the spectrum.
      if (ref.steps === Math.min(12, dim)) expect(s.steps).toBe(ref.steps);
      else expect(s.steps).toBeGreaterThanOrEqual(ref.steps);
      // f32 Lanczos without reorthogonalisation against f64: the extremes converge first.
      expect(Math.abs(s.lambdaMin - ref.lambdaMin)).toBeLessThan(1e-2 * size);
      expect(Math.abs(s.lambdaMax - ref.lambdaMax)).toBeLessThan(1e-2 * size);
      expect(Math.abs(s.negativeWeight - ref.negativeWeight)).toBeLessThan(0.05);
      expect(s.loss).toBe(snap.loss[s.particle]);
      if (s.lambdaMin < 0) negative++;
    }
    // Every landscape here has concave regions in the sampled cloud; in high dimension a random
    // point almost always has some concave direction, in low dimension some points have none.
    expect(negative).toBeGreaterThan(5);
    if (mixed) expect(negative).toBeLessThan(123);
  });

  it('finds the exact extreme eigenvalues of the quadratic when the run spans the space', async () => {
    const landscape = landscapeById('spectrum-quadratic');
    const dim = 16;
    const params = [20, 3, 2];
    const samples = await withGpu(async (gpu) => {
      const sim = await simulation(gpu, landscape, dim, params, 64);
      const sampler = gpu.own(await CurvatureSampler.create(sim.device, sim.engine, sim.binding, 64));
      return sampler.measure(16, 1);
    });
    const exact = Array.from({ length: dim }, (_, i) => spectrumEigenvalue(i, dim, 20, 3));
    const [lo, hi] = [Math.min(...exact), Math.max(...exact)];
    for (const s of samples) {
      expect(Math.abs(s.lambdaMin - lo)).toBeLessThan(2e-2);
      expect(Math.abs(s.lambdaMax - hi)).toBeLessThan(2e-2);
      // One probe: the weight of the negative part scatters around 3/16.
      expect(s.negativeWeight).toBeGreaterThan(0);
      expect(s.negativeWeight).toBeLessThan(0.8);
    }
    const mean = samples.reduce((a, s) => a + s.negativeWeight, 0) / samples.length;
    expect(Math.abs(mean - 3 / 16)).toBeLessThan(0.06);
  });
});
