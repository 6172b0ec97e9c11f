/**
 * The birthday test's pairwise duplicate search in pairs per second: BirthdayTest on the GPU
 * against its float64 TypeScript twin (one core), on the same samples. Shared by the browser
 * benchmark (bench.ts) and the Node one (nodeBench.ts). The GPU figure is the median of several
 * whole runs (batch draws, every pair, merge, the small read-back); the twin's is timed on its
 * first batches only (every batch costs the same), which must match the GPU's counts exactly.
 */
import { BirthdayTest } from '../../src/analysis/BirthdayTest';
import { birthdayReference, pairsOf, type BirthdayRequest } from '../../src/analysis/birthdayReference';
import { uniformSupport } from './birthdayCases';
import { median } from './measure';

export interface BirthdayRow {
  dim: number;
  batchSize: number;
  batches: number;
  /** Pairs per second. */
  gpu: number;
  cpu: number;
  gpuOverCpu: number;
  gpuMs: number;
  /** Batches the twin measured (and checked against the GPU's). */
  twinBatches: number;
  /** The GPU's per-batch duplicate counts equal the twin's on those batches. */
  agrees: boolean;
}

export interface BirthdayBenchOptions {
  /** Smaller sizes (a software adapter). */
  small: boolean;
  reps: number;
}

export async function benchBirthday(device: GPUDevice, options: BirthdayBenchOptions, log: (line: string) => void): Promise<BirthdayRow[]> {
  const cases: { dim: number; batchSize: number; batches: number }[] = options.small
    ? [{ dim: 2, batchSize: 1024, batches: 16 }, { dim: 64, batchSize: 512, batches: 8 }, { dim: 1024, batchSize: 256, batches: 2 }]
    : [{ dim: 2, batchSize: 4096, batches: 64 }, { dim: 64, batchSize: 4096, batches: 16 }, { dim: 1024, batchSize: 2048, batches: 8 }];
  const rows: BirthdayRow[] = [];
  for (const c of cases) {
    // Each sample one of 100,000 points (jitter below the threshold): some batches hold duplicates.
    const cloud = uniformSupport(100_000, Math.max(8192, c.batchSize), c.dim, c.dim, 1e-6);
    const samples = device.createBuffer({ label: 'bench.birthdaySamples', size: cloud.data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(samples, 0, cloud.data);
    const test = await BirthdayTest.create(device, cloud, { maxBatchSize: c.batchSize, batches: c.batches });
    const request: BirthdayRequest = { batchSize: c.batchSize, batches: c.batches, threshold: 1e-3, seed: 1 };
    try {
      const found = await test.run(samples, request);
      const times: number[] = [];
      for (let i = 0; i < options.reps; i++) {
        const t0 = performance.now();
        await test.run(samples, request);
        times.push(performance.now() - t0);
      }
      const gpuMs = median(times);
      const twinBatches = Math.max(1, Math.min(c.batches, Math.round(2e8 / (pairsOf(c.batchSize) * c.dim * (options.small ? 4 : 1)))));
      const t1 = performance.now();
      const twin = birthdayReference(cloud.data, cloud, { ...request, batches: twinBatches });
      const cpuMs = performance.now() - t1;
      const row: BirthdayRow = {
        ...c,
        gpu: (c.batches * pairsOf(c.batchSize) * 1000) / gpuMs,
        cpu: (twinBatches * pairsOf(c.batchSize) * 1000) / cpuMs,
        gpuOverCpu: 0,
        gpuMs,
        twinBatches,
        agrees: twin.every((b, i) => b.duplicates === found[i].duplicates),
      };
      row.gpuOverCpu = row.gpu / row.cpu;
      rows.push(row);
      log(
        `birthday pairwise search D=${c.dim} s=${c.batchSize} B=${c.batches}: gpu ${row.gpu.toExponential(2)} ts ${row.cpu.toExponential(2)} pairs/s ` +
          `(x${row.gpuOverCpu.toFixed(1)}, ${gpuMs.toFixed(0)} ms a run), counts ${row.agrees ? 'agree' : 'DIFFER'} on ${twinBatches} batch(es)`,
      );
    } finally {
      test.destroy();
      samples.destroy();
    }
  }
  return rows;
}
