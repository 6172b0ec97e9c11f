import { afterAll, describe, expect, it } from 'vitest';
import common from '../../shaders/common.wgsl?raw';
import landscapeApi from '../../shaders/landscape_api.wgsl?raw';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { LandscapeBinding } from '../../src/engine';
import { BindingLayout } from '../../src/gpu/BindingLayout';
import { defaultParams } from '../../src/landscapes';
import { WGSL_PRELUDE } from '../../src/gpu/prelude';
import { batchIndices, type BatchKey } from '../../src/landscapes/batch';
import { gaussian } from '../../src/landscapes/seeded';
import { networkDimension, networkShape, teacher, teacherStudent } from '../../src/landscapes/teacherStudent';
import { sampleData, sampleShape, teacherStudentSample as tss } from '../../src/landscapes/teacherStudentSample';
import { mulberry32 } from '../random';
import { withGpu } from './device';

/**
 * f32 WGSL against the float64 twin, on the same f32 data. Errors are measured against the sizes
 * of the terms the WGSL adds: per sample S = Σᵢ|aᵢ| pᵢ + |yₛ|, pᵢ = max(|wᵢ·xₛ|, ‖wᵢ∘xₛ‖₂) the
 * size of the partial sums of the dot product wᵢ·xₛ (a random walk of its terms, or the sum itself);
 * the residual is a difference of such sums and cancels at good fits. Loss against ½ mean S²,
 * gradient against the largest mean |aᵢ| S |xₛ_c| (w) or S pᵢ (a). Each result is a chain of f32
 * sums, d-term dot products, n units and b samples (b the batch), whose rounding errors add as a
 * random walk: both are bounded by TOL_ULPS rounding units (2⁻²⁴) times √(d + n + b) (measured: up
 * to about 1.1 of those units at small sizes, 0.1 at D = 4,096, where S overstates). Each case
 * also checks that the typical loss and gradient are far above that bound, so that a wrong result
 * could not hide under it.
 */
const TOL_ULPS = 8;
const tolerance = (terms: number) => TOL_ULPS * 2 ** -24 * Math.sqrt(terms);
/** The run's seed: the init kernel evaluates particle p with the minibatch key (SEED, p, age 0). */
const SEED = 77;

const measured: string[] = [];
afterAll(() => console.log(`teacher-student-sample, WGSL vs TypeScript:\n${measured.join('\n')}`));

interface Evaluation {
  loss: Float32Array;
  /** Particle-major gradients. */
  grad: Float32Array;
  /** The points as the GPU holds them (rounded to f32). */
  points: Float32Array;
}

/** Loss and gradient from the engine's init kernel (as tests/gpu/harness.ts, with the run's seed chosen here). */
function evaluateOnGpu(dim: number, points: number[][], params: number[]): Promise<Evaluation> {
  const count = points.length;
  return withGpu(async (gpu) => {
    const sim = await gpu.simulation({ landscape: tss, dim, params, count, seed: SEED, init: { kind: 'points', points }, run: { convergeTol: 0 } });
    const snap = await sim.particles();
    const coordMajor = new Float32Array(await gpu.read(sim.engine.grad));
    const grad = new Float32Array(count * dim);
    for (let d = 0; d < dim; d++) for (let p = 0; p < count; p++) grad[p * dim + d] = coordMajor[d * count + p];
    return { loss: snap.loss, grad, points: snap.positions };
  });
}

/** pᵢ for each unit, and S (see above), at record s. */
function magnitudes(x: ArrayLike<number>, params: number[], data: Float32Array, s: number): { units: Float64Array; total: number } {
  const { n, d, trainable } = networkShape(params);
  const units = new Float64Array(n);
  let total = Math.abs(data[s * (d + 1) + d]);
  for (let i = 0; i < n; i++) {
    let u = 0;
    let t2 = 0;
    for (let c = 0; c < d; c++) {
      const t = x[i * d + c] * data[s * (d + 1) + c];
      u += t;
      t2 += t * t;
    }
    units[i] = Math.max(Math.abs(u), Math.sqrt(t2));
    total += Math.abs(trainable ? x[n * d + i] : 1) * units[i];
  }
  return { units, total };
}

/** Loss and gradient scales over the given records (see the header). */
function scales(x: ArrayLike<number>, params: number[], records: readonly number[]): { loss: number; grad: number } {
  const { n, d, trainable } = networkShape(params);
  const data = sampleData(params);
  const g = new Float64Array(networkDimension(params));
  let loss = 0;
  for (const s of records) {
    const { units, total } = magnitudes(x, params, data, s);
    loss += 0.5 * total * total;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(trainable ? x[n * d + i] : 1);
      for (let c = 0; c < d; c++) g[i * d + c] += a * total * Math.abs(data[s * (d + 1) + c]);
      if (trainable) g[n * d + i] += total * units[i];
    }
  }
  return { loss: loss / records.length, grad: Math.max(...Array.from(g, (v) => v / records.length)) };
}

/** Students on the box's scale, output weights near 1; the first at the teacher when n ≥ k (loss 0 without noise). */
function students(params: number[], count: number, seed: number): number[][] {
  const dim = networkDimension(params);
  const { n, k, d, trainable } = networkShape(params);
  const rand = mulberry32(seed);
  const points = Array.from({ length: count }, () => {
    const x = Array.from({ length: dim }, () => (1.5 * gaussian(rand)) / Math.sqrt(d));
    if (trainable) for (let i = 0; i < n; i++) x[n * d + i] = 1 + 0.5 * gaussian(rand);
    return x;
  });
  if (n >= k) points[0] = teacherStudent.minima(dim, params.slice(0, 6))[0].x;
  return points;
}

/** [label, params [n, k, extra, kind, teacher seed, trainable, m, test, data seed, σ, B], points]: small, large (D = 4,096), full batch and minibatches. */
const CASES: [string, number[], number][] = [
  ['defaults: n = k = d = 6, identity, B = 10 of 100', defaultParams(tss), 2000],
  ['n = k = d = 2, identity, full batch (B = m = 50)', [2, 2, 0, 0, 1, 0, 50, 20, 1, 0, 50], 2000],
  ['n = k = 2, trained a, Gaussian, σ = 0.3, B = 5 of 50', [2, 2, 0, 2, 4, 1, 50, 20, 2, 0.3, 5], 2000],
  ['n = 8, k = 4, d = 7, orthonormal, trained a, σ = 0.1, B = 16 of 200', [8, 4, 3, 1, 7, 1, 200, 50, 3, 0.1, 16], 500],
  ['n = 3, k = 5, d = 9, Gaussian, full batch (B ≥ m = 100)', [3, 5, 4, 2, 2, 0, 100, 50, 4, 0, 2048], 500],
  ['n = k = d = 64, orthonormal, B = 8 of 64 (D = 4,096)', [64, 64, 0, 1, 3, 0, 64, 16, 5, 0, 8], 24],
  ['n = k = d = 63, trained a, Gaussian, σ = 0.2, full batch of 128 (D = 4,032)', [63, 63, 0, 2, 5, 1, 128, 16, 6, 0.2, 128], 24],
];

describe('the finite-sample teacher-student WGSL agrees with its twin', () => {
  it.each(CASES)('%s', async (label, params, count) => {
    const dim = networkDimension(params);
    const { n, d, m, batch } = sampleShape(params);
    const gpu = await evaluateOnGpu(dim, students(params, count, 100 + dim), params);
    const grad = new Float64Array(dim);
    let lossErr = 0;
    let gradErr = 0;
    let distinct = 0;
    // Loss and largest gradient component against their scales, per student: what a wrong result would have to hide in.
    const signals: number[] = [];
    for (let p = 0; p < count; p++) {
      const x = gpu.points.subarray(p * dim, (p + 1) * dim);
      const key: BatchKey = { seed: SEED, particle: p, step: 0 };
      const f = tss.evaluate(x, grad, params, dim, key);
      const scale = scales(x, params, batchIndices(key, batch, m));
      lossErr = Math.max(lossErr, Math.abs(gpu.loss[p] - f) / scale.loss);
      for (let c = 0; c < dim; c++) gradErr = Math.max(gradErr, Math.abs(gpu.grad[p * dim + c] - grad[c]) / scale.grad);
      // Minibatches: the batch matters (the full-batch loss differs), so agreement says the GPU drew the same one.
      if (batch < m && Math.abs(tss.evaluate(x, null, params, dim) - f) > 1e-3 * f) distinct++;
      if (p > 0) signals.push(Math.min(f / scale.loss, Math.max(...Array.from(grad, Math.abs)) / scale.grad));
    }
    const signal = signals.sort((u, v) => u - v)[signals.length >> 1];
    const tol = tolerance(d + n + Math.min(batch, m));
    measured.push(
      `  ${label.padEnd(72)} D=${String(dim).padEnd(5)} ${count} points: loss ${lossErr.toExponential(2)}  grad ${gradErr.toExponential(2)}  (bound ${tol.toExponential(2)}, median signal ${signal.toExponential(2)})`,
    );
    expect(signal).toBeGreaterThan(100 * tol);
    expect(lossErr).toBeLessThan(tol);
    expect(gradErr).toBeLessThan(tol);
    if (batch < m) expect(distinct).toBeGreaterThan(count / 2);
  });


  it('SGD on the GPU takes the same minibatches as the TypeScript engine: 40 steps, B = 4 of 32, positions agree', () =>
    withGpu(async (gpu) => {
      const params = [2, 2, 1, 1, 3, 1, 32, 8, 2, 0.2, 4];
      const dim = networkDimension(params);
      const points = students(params, 64, 5);
      const spec = { landscape: tss, dim, params, count: points.length, seed: SEED, init: { kind: 'points' as const, points }, run: { lr: 0.05, convergeTol: 0 } };
      const sim = await gpu.simulation(spec);
      const cpu = new CpuSimulation(spec);
      // Another seed draws other batches: the gap the agreement must beat.
      const other = new CpuSimulation({ ...spec, seed: SEED + 1 });
      await sim.step(40);
      await cpu.step(40);
      await other.step(40);
      const [g, c, o] = [(await sim.particles()).positions, (await cpu.particles()).positions, (await other.particles()).positions];
      let err = 0;
      let gap = 0;
      for (let i = 0; i < g.length; i++) {
        err = Math.max(err, Math.abs(g[i] - c[i]) / (1 + Math.abs(c[i])));
        gap = Math.max(gap, Math.abs(o[i] - c[i]) / (1 + Math.abs(c[i])));
      }
      measured.push(`  SGD, 40 steps of B = 4 of 32: GPU vs TypeScript positions ${err.toExponential(2)} (another seed's batches: ${gap.toExponential(2)})`);
      // f32 steps on both sides; 40 steps of rounding at 2⁻²⁴ each stay far below 1e-5.
      expect(err).toBeLessThan(1e-5);
      expect(gap).toBeGreaterThan(1e-3);
    }),
  );
});

// Test-only readout: landscape_metrics at points read from a storage buffer, particle-major.
const METRICS_KERNEL = `
@group(0) @binding(1) var<storage, read> metric_points: array<f32>;
@group(0) @binding(2) var<storage, read_write> metric_out: array<vec4f>;

fn coord(ctx: u32, d: u32) -> f32 { return metric_points[ctx * DIM + d]; }
fn set_grad(ctx: u32, d: u32, g: f32) {}
fn add_grad(ctx: u32, d: u32, g: f32) {}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= arrayLength(&metric_out)) { return; }
  metric_out[gid.x] = landscape_metrics(gid.x);
}
`;
const metricsSource = [WGSL_PRELUDE, common, landscapeApi, tss.wgsl, METRICS_KERNEL].join('\n');

function metricsOnGpu(dim: number, points: number[][], params: number[]): Promise<Float32Array> {
  return withGpu(async (gpu) => {
    const { device } = gpu;
    const binding = gpu.own(new LandscapeBinding(device, tss, dim, params, SEED));
    const group0 = BindingLayout.fromWgsl(device, 'test.metrics', metricsSource, { group: 0 });
    const module = device.createShaderModule({ code: metricsSource });
    const pipeline = device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: [group0.layout, ...binding.extraLayouts] }),
      compute: { module, entryPoint: 'main', constants: { DIM: dim } },
    });
    const input = gpu.buffer({ size: points.length * dim * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(input, 0, Float32Array.from(points.flat()));
    const output = gpu.buffer({ size: points.length * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group0.bindGroup('test.metrics', { L: binding.uniforms, metric_points: input, metric_out: output }));
    binding.setGroups(pass);
    pass.dispatchWorkgroups(Math.ceil(points.length / 64));
    pass.end();
    device.queue.submit([encoder.finish()]);
    return new Float32Array(await gpu.read(output));
  });
}

/** The population loss's term magnitudes, as tests/gpu/teacher-student.test.ts: ½(½ s² + s Σ|vⱼ|) + C, s = Σᵢ|aᵢ||wᵢ|. */
function populationScale(x: ArrayLike<number>, params: number[]): number {
  const { n, k, d, trainable } = networkShape(params);
  const t = teacher(k, d, params[3], params[4]);
  let student = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += x[i * d + c] ** 2;
    student += Math.abs(trainable ? x[n * d + i] : 1) * Math.sqrt(s);
  }
  return 0.5 * (0.5 * student * student + student * t.norms.reduce((s, v) => s + v, 0)) + t.constant;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('landscape_metrics agrees with metrics.evaluate', () => {
  const METRIC_CASES: [string, number[], number][] = [
    ['n = 3, k = 2, d = 3, σ = 0.4, B = 8 of 40', [3, 2, 1, 0, 1, 0, 40, 30, 1, 0.4, 8], 64],
    ['n = 8, k = 4, d = 7, orthonormal, trained a, 500 + 500 samples', [8, 4, 3, 1, 7, 1, 500, 500, 3, 0.1, 16], 32],
    ['n = k = d = 32, Gaussian, trained a (D = 1,056)', [32, 32, 0, 2, 5, 1, 64, 64, 6, 0.2, 8], 8],
  ];
  it.each(METRIC_CASES)('%s', async (label, params, count) => {
    const dim = networkDimension(params);
    const { n, k, d, m, test } = sampleShape(params);
    const points = students(params, count, 300 + dim);
    const gpu = await metricsOnGpu(dim, points, params);
    const err = [0, 0, 0];
    for (let p = 0; p < count; p++) {
      const x = Float32Array.from(points[p]);
      const want = tss.metrics!.evaluate(x, params, dim);
      const scale = [scales(x, params, range(0, m)).loss, scales(x, params, range(m, m + test)).loss, populationScale(x, params)];
      for (let i = 0; i < 3; i++) err[i] = Math.max(err[i], Math.abs(gpu[p * 4 + i] - want[i]) / scale[i]);
      expect(gpu[p * 4 + 3]).toBe(0);
    }
    const tol = [tolerance(d + n + m), tolerance(d + n + test), tolerance(n * (n + k) + d)];
    measured.push(
      `  metrics ${label.padEnd(62)} ${count} points: training ${err[0].toExponential(2)}  test ${err[1].toExponential(2)}  population ${err[2].toExponential(2)}  (bounds ${tol.map((t) => t.toExponential(2)).join(', ')})`,
    );
    for (let i = 0; i < 3; i++) expect(err[i], tss.metrics!.names[i]).toBeLessThan(tol[i]);
  });
});
