import { describe, expect, it } from 'vitest';
import { blockScale, CpuSimulation, NETWORK_INITS, networkInit, type SystemSpec } from '../../src/engine';
import { landscapeById } from '../../src/landscapes';
import { withGpu } from './device';

const N = 65_536;

function meanVar(xs: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i];
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - m) ** 2;
  return { mean: m, variance: v / (xs.length - 1) };
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>) {
  const A = meanVar(a);
  const B = meanVar(b);
  let c = 0;
  for (let i = 0; i < a.length; i++) c += (a[i] - A.mean) * (b[i] - B.mean);
  return c / (a.length - 1) / Math.sqrt(A.variance * B.variance);
}

const coord = (positions: Float32Array, dim: number, d: number) => positions.filter((_, i) => i % dim === d);

function gaussianCloud(seed: number, dim = 4): Promise<Float32Array> {
  return withGpu(async (gpu) => {
    const sim = await gpu.simulation({
      landscape: landscapeById('quadratic'),
      dim,
      count: N,
      seed,
      init: { kind: 'gaussian', center: [], sigma: 1 },
    });
    return (await sim.particles()).positions;
  });
}

describe('the counter-based random generator on the GPU', () => {
  it('gives standard normals: mean 0, variance 1, independent across particles and coordinates', async () => {
    const dim = 4;
    const pos = await gaussianCloud(3, dim);
    // 5 standard errors: a true generator fails this about once in 10^6 runs.
    const se = 5 / Math.sqrt(N);
    for (let d = 0; d < dim; d++) {
      const { mean, variance } = meanVar(coord(pos, dim, d));
      expect(Math.abs(mean)).toBeLessThan(se);
      expect(Math.abs(variance - 1)).toBeLessThan(se * Math.SQRT2);
    }
    const x0 = coord(pos, dim, 0);
    expect(Math.abs(correlation(x0, coord(pos, dim, 1)))).toBeLessThan(se);
    // Neighbouring particles (p and p + 1) are independent.
    expect(Math.abs(correlation(x0.subarray(0, N - 1), x0.subarray(1)))).toBeLessThan(se);
    // Tails: about 4.55% of standard normals lie beyond 2.
    const beyond2 = x0.filter((x) => Math.abs(x) > 2).length / N;
    expect(Math.abs(beyond2 - 0.0455)).toBeLessThan(0.004);
  });

  it('is independent across steps (gradient noise recovered from consecutive steps)', async () => {
    // On f = |x|^2 / 2 with GD and gradient noise: x' = x - lr (x + sigma xi), so xi is recoverable.
    const lr = 0.1;
    const sigma = 1;
    const dim = 2;
    const count = 32_768;
    const snaps = await withGpu(async (gpu) => {
      const sim = await gpu.simulation({
        landscape: landscapeById('quadratic'),
        dim,
        params: [1],
        count,
        seed: 9,
        run: { lr, noise: 'gradient', noiseScale: sigma },
      });
      const out = [await sim.particles()];
      for (let t = 0; t < 3; t++) {
        await sim.step(1);
        out.push(await sim.particles());
      }
      return out;
    });
    const xi = (t: number) =>
      snaps[t].positions.map((x, i) => -(snaps[t + 1].positions[i] - x) / (lr * sigma) - x / sigma);
    const [xi0, xi1, xi2] = [xi(0), xi(1), xi(2)];
    const se = 5 / Math.sqrt(count * dim);
    for (const x of [xi0, xi1, xi2]) {
      const { mean, variance } = meanVar(x);
      expect(Math.abs(mean)).toBeLessThan(se);
      expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    }
    expect(Math.abs(correlation(xi0, xi1))).toBeLessThan(se);
    expect(Math.abs(correlation(xi1, xi2))).toBeLessThan(se);
  });

  it('same seed twice gives identical particles; another seed does not', async () => {
    const a = await gaussianCloud(42);
    const b = await gaussianCloud(42);
    const c = await gaussianCloud(43);
    expect(a).toEqual(b);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === c[i]) same++;
    expect(same).toBeLessThan(a.length / 1000);
  });

  it('runs with noise are reproducible step for step and match the TypeScript generator', async () => {
    const spec: SystemSpec = {
      landscape: landscapeById('rastrigin'),
      dim: 3,
      count: 4096,
      seed: 77,
      run: { lr: 0.002, noise: 'langevin', noiseScale: 0.5 },
    };
    const runOnce = () =>
      withGpu(async (gpu) => {
        const sim = await gpu.simulation(spec);
        await sim.step(25);
        return (await sim.particles()).positions;
      });
    const [first, second] = [await runOnce(), await runOnce()];
    expect(first).toEqual(second);
    const cpu = new CpuSimulation(spec);
    await cpu.step(25);
    const ref = (await cpu.particles()).positions;
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i] - first[i]));
    expect(worst).toBeLessThan(1e-3);
  });
});

describe('network starts: Xavier/Glorot and He per layer', () => {
  // Two "layers" on a 10-D quadratic: a 3 x 2 weight block (fan in 2, out 3), a 3-bias block (zero), a 1 x 1 output.
  const blocks = [
    { name: 'W1', size: 6, fanIn: 2, fanOut: 3 },
    { name: 'b1', size: 3, fanIn: 2, fanOut: 3, zero: true },
    { name: 'W2', size: 1, fanIn: 3, fanOut: 1 },
  ];
  it.each(NETWORK_INITS)('%s: each block has its scale, matches the TypeScript twin, biases start at zero', async (scheme) => {
    const gain = 0.5;
    const spec: SystemSpec = { landscape: landscapeById('quadratic'), dim: 10, count: 16_384, seed: 9, init: networkInit(blocks, 10, scheme, gain) };
    const p = await withGpu(async (gpu) => (await gpu.simulation(spec)).particles());
    const cpu = new CpuSimulation({ ...spec, count: 64 });
    const twin = (await cpu.particles()).positions;
    let worst = 0;
    for (let i = 0; i < twin.length; i++) worst = Math.max(worst, Math.abs(twin[i] - p.positions[i]));
    expect(worst).toBeLessThan(1e-6);
    let offset = 0;
    for (const b of blocks) {
      const scale = blockScale(b, scheme, gain);
      for (let d = offset; d < offset + b.size; d++) {
        const { mean, variance } = meanVar(coord(p.positions, 10, d));
        // Normal: sd = scale; uniform on [-a, a]: sd = a / sqrt(3). 16,384 samples: 4 % on the sd is > 5 standard errors.
        const sd = scheme.endsWith('uniform') ? scale / Math.sqrt(3) : scale;
        expect(Math.sqrt(variance)).toBeCloseTo(sd, 1);
        if (sd > 0) expect(Math.abs(Math.sqrt(variance) / sd - 1)).toBeLessThan(0.04);
        expect(Math.abs(mean)).toBeLessThan(0.05 * Math.max(sd, 1e-9) + 1e-12);
        if (scheme.endsWith('uniform')) expect(Math.max(...coord(p.positions, 10, d).map(Math.abs))).toBeLessThanOrEqual(scale + 1e-6);
      }
      offset += b.size;
    }
    // Xavier and He by their definitions (PyTorch's torch.nn.init).
    expect(blockScale(blocks[0], 'xavier-normal')).toBeCloseTo(Math.sqrt(2 / 5), 12);
    expect(blockScale(blocks[0], 'he-uniform')).toBeCloseTo(Math.sqrt(6 / 2), 12);
  });
});
