/**
 * The birthday test on the GPU (shaders/pairwise_duplicates.wgsl, src/analysis/BirthdayTest.ts)
 * against its float64 twin: on random clouds of several n, d (1 to 4,096), s and strides, split
 * over many submits or recorded in one encoder, on a particle cloud's own position buffer; the
 * support estimate on clouds whose support is known; refused sizes, which leave the test usable.
 *
 * Tolerance: counts must agree except for pairs whose float64 squared distance lies within 1e-5
 * (relative) of the squared threshold, where f32 rounding may put them on either side; the closest
 * pair's distance to 1e-5 relative (plus 1e-9 absolute: f32 coordinates near 1 differ by ~1e-7
 * at best), and the GPU's pair must be a closest pair of the twin to the same tolerance.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BirthdayTest, squaresPerBatch } from '../../src/analysis/BirthdayTest';
import { batchMembers, birthdayReference, type BatchDuplicates, type BirthdayRequest } from '../../src/analysis/birthdayReference';
import { estimateSupport } from '../../src/analysis/birthdayEstimate';
import { landscapeById } from '../../src/landscapes';
import { tightModes, uniformSupport, wideGaussian, type SampleCloud } from '../bench/birthdayCases';
import { Explorer } from '../../src/explorer/Explorer';
import { testDevice, withGpu, type Gpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`birthday test, GPU vs float64 twin:\n${measured.join('\n')}`));

/** The cloud in a STORAGE buffer with `stride` elements per coordinate (NaN in the gap, which must never be read). */
function upload(gpu: Gpu, cloud: SampleCloud, stride = cloud.count): GPUBuffer {
  const data = new Float32Array(cloud.dim * stride).fill(NaN);
  for (let c = 0; c < cloud.dim; c++) data.set(cloud.data.subarray(c * cloud.count, (c + 1) * cloud.count), c * stride);
  const buffer = gpu.buffer({ label: 'test.samples', size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  gpu.device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

/** Squared float64 distance between samples p and q. */
const distance2 = (cloud: SampleCloud, p: number, q: number) => {
  let d2 = 0;
  for (let c = 0; c < cloud.dim; c++) d2 += (cloud.data[c * cloud.count + p] - cloud.data[c * cloud.count + q]) ** 2;
  return d2;
};

/** Compares batch by batch (see the file's comment); returns the worst relative difference of the closest distance. */
function compare(cloud: SampleCloud, request: BirthdayRequest, gpu: BatchDuplicates[], twin: BatchDuplicates[]): number {
  expect(gpu.length).toBe(request.batches);
  let worst = 0;
  const t2 = request.threshold ** 2;
  for (let b = 0; b < request.batches; b++) {
    const members = batchMembers(cloud.count, request.batchSize, request.seed, b);
    let ambiguous = 0;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) if (Math.abs(distance2(cloud, members[i], members[j]) - t2) <= 1e-5 * t2) ambiguous++;
    }
    expect(Math.abs(gpu[b].duplicates - twin[b].duplicates), `batch ${b}: ${gpu[b].duplicates} against ${twin[b].duplicates}`).toBeLessThanOrEqual(ambiguous);
    const [g, t] = [gpu[b].closest!, twin[b].closest!];
    expect(g && t, `batch ${b} has a closest pair`).toBeTruthy();
    const tolerance = 1e-5 * t.distance + 1e-9;
    expect(Math.abs(g.distance - t.distance)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(Math.sqrt(distance2(cloud, g.first, g.second)) - t.distance)).toBeLessThanOrEqual(tolerance);
    expect(members).toContain(g.first);
    expect(members).toContain(g.second);
    worst = Math.max(worst, Math.abs(g.distance - t.distance) / Math.max(t.distance, 1e-30));
  }
  return worst;
}

describe('birthday test: GPU against the float64 twin', () => {
  const cases: [string, () => SampleCloud, BirthdayRequest, number?][] = [
    ['d=1, s=37, 200 points, jitter', () => uniformSupport(200, 500, 1, 1, 1e-5), { batchSize: 37, batches: 12, threshold: 1e-3, seed: 3 }],
    ['d=3, s=100, 400 points, exact copies', () => uniformSupport(400, 3000, 3, 2), { batchSize: 100, batches: 10, threshold: 1e-3, seed: 4 }],
    ['d=17, s=300, stride 1,040', () => uniformSupport(2000, 1000, 17, 3, 1e-4), { batchSize: 300, batches: 6, threshold: 1e-2, seed: 5 }, 1040],
    ['d=40, s=64 = n, Gaussian, threshold at the typical distance', () => wideGaussian(64, 40, 4), { batchSize: 64, batches: 4, threshold: 8.5, seed: 6 }],
    ['d=2, s=257, Gaussian, threshold 0.05', () => wideGaussian(4000, 2, 5), { batchSize: 257, batches: 8, threshold: 0.05, seed: 7 }],
  ];
  it.each(cases)('%s', async (name, make, request, stride) => {
    await withGpu(async (gpu) => {
      const cloud = make();
      const samples = upload(gpu, cloud, stride);
      const test = gpu.own(await BirthdayTest.create(gpu.device, { count: cloud.count, dim: cloud.dim, stride }, { maxBatchSize: request.batchSize, batches: request.batches }));
      const found = await test.run(samples, request);
      const twin = birthdayReference(cloud.data, cloud, request);
      const worst = compare(cloud, request, found, twin);
      const pairs = found.reduce((n, b) => n + b.duplicates, 0);
      measured.push(`  ${name.padEnd(62)} ${test.parts(request)} part(s), ${pairs} pairs under the threshold, closest distance to ${worst.toExponential(1)}`);
      expect(twin.some((b) => b.duplicates > 0)).toBe(true);
    });
  });

  it('exact copies: the same closest pair as the twin (ties go to the first pair in batch order)', async () => {
    await withGpu(async (gpu) => {
      const cloud = uniformSupport(50, 1000, 4, 8);
      const request = { batchSize: 120, batches: 8, threshold: 1e-6, seed: 2 };
      const test = gpu.own(await BirthdayTest.create(gpu.device, cloud, { maxBatchSize: 120, batches: 8 }));
      const found = await test.run(upload(gpu, cloud), request);
      expect(found).toEqual(birthdayReference(cloud.data, cloud, request));
    });
  });

  it('D = 4,096 over many submits, and the same parts recorded in one encoder', async () => {
    await withGpu(async (gpu) => {
      const cloud = uniformSupport(100, 200, 4096, 9, 1e-6);
      const request = { batchSize: 200, batches: 3, threshold: 1e-3, seed: 1 };
      const test = gpu.own(await BirthdayTest.create(gpu.device, cloud, { maxBatchSize: 200, batches: 3 }));
      const parts = test.parts(request);
      expect(parts).toBeGreaterThan(3);
      const samples = upload(gpu, cloud);
      const twin = birthdayReference(cloud.data, cloud, request);
      compare(cloud, request, await test.run(samples, request), twin);
      const encoder = gpu.device.createCommandEncoder();
      test.encode(encoder, samples, request);
      gpu.device.queue.submit([encoder.finish()]);
      const once = await test.read(request.batches);
      compare(cloud, request, once, twin);
      measured.push(`  d=4,096, s=200: ${parts} parts of ${test.squaresPerSubmit} squares (${squaresPerBatch(200)} per batch), run and one encoder agree`);
    });
  });

  it("runs on a particle cloud's own position buffer (three points, jitter 1e-4: support 3)", async () => {
    await withGpu(async (gpu) => {
      const points = [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5]];
      const sim = await gpu.simulation({ landscape: landscapeById('rastrigin'), dim: 5, count: 2000, seed: 4, init: { kind: 'points', points, sigma: 1e-4 } });
      // particles() records the placement first, so the position buffer holds it too.
      const snapshot = await sim.particles();
      const cloud: SampleCloud = { data: new Float32Array(2000 * 5), count: 2000, dim: 5, centres: points };
      for (let p = 0; p < 2000; p++) for (let c = 0; c < 5; c++) cloud.data[c * 2000 + p] = snapshot.positions[p * 5 + c];
      const request = { batchSize: 150, batches: 6, threshold: 0.02, seed: 11 };
      const test = gpu.own(await BirthdayTest.create(gpu.device, { count: sim.count, dim: sim.dim }, { maxBatchSize: 150, batches: 64 }));
      compare(cloud, request, await test.run(sim.engine.pos, request), birthdayReference(cloud.data, cloud, request));
      const report = await test.sweep(sim.engine.pos, { sizes: [2, 3, 4, 6, 8], batches: 64, threshold: 0.02, seed: 3 });
      expect(report.estimate.kind).toBe('estimate');
      expect(report.estimate.support / 3).toBeGreaterThan(1 / 1.5);
      expect(report.estimate.support / 3).toBeLessThan(1.5);
      measured.push(`  particle cloud at 3 points: N = ${report.estimate.support.toPrecision(3)}, s½ = ${report.estimate.halfSize!.toFixed(2)}`);
    });
  });
});

describe('birthday test: support estimates on the GPU', () => {
  it('uniform over 400 points, ten tight modes, a wide Gaussian', async () => {
    await withGpu(async (gpu) => {
      const check = async (what: string, cloud: SampleCloud, sizes: number[], threshold: number) => {
        const test = gpu.own(await BirthdayTest.create(gpu.device, cloud, { maxBatchSize: Math.max(...sizes), batches: 64 }));
        const report = await test.sweep(upload(gpu, cloud), { sizes, batches: 64, threshold, seed: 5 });
        // The same counts as the twin's (no pair near the threshold here), so the same estimate.
        const twin = sizes.map((size) => {
          const found = birthdayReference(cloud.data, cloud, { batchSize: size, batches: 64, threshold, seed: 5 });
          return { size, batches: 64, withDuplicates: found.filter((b) => b.duplicates > 0).length };
        });
        expect(report.sizes.map((r) => r.withDuplicates)).toEqual(twin.map((r) => r.withDuplicates));
        expect(report.estimate).toEqual(estimateSupport(twin));
        const e = report.estimate;
        measured.push(`  ${what}: ${e.kind} N = ${e.support.toPrecision(4)}${e.halfSize ? ` (s½ = ${e.halfSize.toFixed(2)}, s½² = ${e.usualRule!.toPrecision(4)})` : ''}`);
        return report;
      };
      const uniform = await check('uniform, N = 400', uniformSupport(400, 8192, 4, 400, 1e-5), [4, 8, 16, 32, 64, 128], 1e-3);
      expect(uniform.estimate.kind).toBe('estimate');
      expect(uniform.estimate.support / 400).toBeGreaterThan(1 / 1.5);
      expect(uniform.estimate.support / 400).toBeLessThan(1.5);
      expect(uniform.sizes.at(-1)!.closest[0].distance).toBeLessThan(1e-3);
      const modes = await check('10 tight modes', tightModes(10, 1e-5, 4096, 3, 21), [2, 3, 4, 6, 8, 12, 16], 1e-2);
      expect(modes.estimate.support / 10).toBeGreaterThan(1 / 1.5);
      expect(modes.estimate.support / 10).toBeLessThan(1.5);
      const wide = await check('wide Gaussian', wideGaussian(4096, 8, 3), [64, 256, 1024], 1e-3);
      expect(wide.estimate.kind).toBe('at-least');
      expect(wide.sizes.every((r) => r.withDuplicates === 0 && r.closest.length === 64)).toBe(true);
    });
  });
});

describe('birthday test: refused sizes', () => {
  it('names the limit, and the test still works after a refusal', async () => {
    await withGpu(async (gpu) => {
      await expect(BirthdayTest.create(gpu.device, { count: 100, dim: 5000 }, { maxBatchSize: 10, batches: 1 })).rejects.toThrow(/MAX_BIRTHDAY_DIM = 4,096/);
      await expect(BirthdayTest.create(gpu.device, { count: 10_000, dim: 2 }, { maxBatchSize: 5000, batches: 1 })).rejects.toThrow(/MAX_BIRTHDAY_BATCH = 4,096/);
      const cloud = uniformSupport(20, 300, 2, 1);
      const test = gpu.own(await BirthdayTest.create(gpu.device, cloud, { maxBatchSize: 64, batches: 4 }));
      const samples = upload(gpu, cloud);
      const request = { batchSize: 64, batches: 4, threshold: 1e-3, seed: 1 };
      await expect(test.run(samples, { ...request, batchSize: 65 })).rejects.toThrow(/this test's 64/);
      await expect(test.run(samples, { ...request, batches: 5 })).rejects.toThrow(/from 1 to 4 \(this test holds no more\)/);
      await expect(test.run(samples, { ...request, threshold: -1 })).rejects.toThrow(/threshold = -1/);
      const small = gpu.buffer({ label: 'test.small', size: 64, usage: GPUBufferUsage.STORAGE });
      await expect(test.run(small, request)).rejects.toThrow(/at least 2,400 bytes/);
      expect(() => test.encode(gpu.device.createCommandEncoder(), samples, request, 1, 1)).toThrow(/parts 0 \.\. 0/);
      expect(await test.run(samples, request)).toEqual(birthdayReference(cloud.data, cloud, request));
    });
  });
});

describe('explorer.birthdayTest()', () => {
  it('on Himmelblau after gradient descent: the particles sit at its 4 minima, support about 4', async () => {
    const device = await testDevice();
    const container = document.body.appendChild(document.createElement('div'));
    container.style.cssText = 'width: 320px; height: 240px';
    const explorer = await Explorer.create(container, device, { landscape: 'himmelblau', count: 4096, lr: 0.01, seed: 2 }, { software: true });
    try {
      explorer.pause();
      await explorer.step(3000);
      await expect(explorer.birthdayTest({ sizes: [2, 5000] })).rejects.toThrow(/no more than the n = 4,096 samples/);
      const report = await explorer.birthdayTest({ sizes: [2, 3, 4, 6, 8, 12], batches: 64, threshold: 1e-3 });
      expect(report).toMatchObject({ samples: 4096, dim: 2, batches: 64, threshold: 1e-3, seed: 2 });
      // Unequal basins make the effective support 1/Σ p_i² a little under 4; 64 batches leave ±25 % of noise.
      expect(report.estimate.kind).toBe('estimate');
      expect(report.estimate.support).toBeGreaterThan(2.5);
      expect(report.estimate.support).toBeLessThan(6);
      expect(report.sizes.map((r) => r.size)).toEqual([2, 3, 4, 6, 8, 12]);
      expect(report.sizes.at(-1)!.duplicateShare).toBeGreaterThan(0.9);
      measured.push(`  explorer, Himmelblau after 3,000 GD steps: N = ${report.estimate.support.toPrecision(3)}, shares ${report.sizes.map((r) => r.duplicateShare.toFixed(2)).join(', ')}`);
    } finally {
      explorer.destroy();
      container.remove();
    }
  });
});
