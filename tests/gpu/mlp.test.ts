import { afterAll, describe, expect, it } from 'vitest';
import common from '../../shaders/common.wgsl?raw';
import landscapeApi from '../../shaders/landscape_api.wgsl?raw';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { LandscapeBinding } from '../../src/engine/LandscapeBinding';
import { compute } from '../../src/gpu/bindings';
import { WGSL_PRELUDE } from '../../src/gpu/prelude';
import { batchIndices } from '../../src/landscapes/batch';
import { gaussian } from '../../src/landscapes/seeded';
import { mlp, mlpDataset, mlpDimension, mlpOutput, mlpPointLoss, MLP_PARAM } from '../../src/landscapes/mlp';
import { defaultParams } from '../../src/landscapes/types';
import { mulberry32 } from '../random';
import { withGpu, type Gpu } from './device';

/**
 * f32 WGSL against the float64 twin. Each per-sample quantity is a chain of L + 1 dot products of
 * at most w + 1 terms (forward, then backward), and the loss and each gradient component a sum of
 * `count` such per-sample terms (B, or m for a full batch). An f32 sum of n terms errs by about
 * sqrt(n) rounding units (2⁻²⁴) of the sum of the terms' magnitudes, so the bound is TOL_ULPS
 * units times sqrt(count + (L + 1)(w + 1)), against:
 * - loss: the mean over the batch of ℓᵢ + |ℓ'ᵢ|(1 + |outᵢ|) (ℓ ≥ 0, and a relative error in the
 *   output moves ℓᵢ by |ℓ'ᵢ| |outᵢ| times it);
 * - gradient: the largest over coordinates of the mean over the batch of |∇ℓᵢ| (the terms summed).
 * ReLU: a pre-activation within rounding of 0 may fall on different sides of the kink in f32 and
 * float64, moving one sample's share of a gradient; with these seeded networks it does not occur
 * (the chance is about 1e-7 per sample and unit).
 */
const TOL_ULPS = 4;
const tolerance = (count: number, layers: number, width: number) => TOL_ULPS * 2 ** -24 * Math.sqrt(count + (layers + 1) * (width + 1));

const measured: string[] = [];
afterAll(() => console.log(`MLP, WGSL vs TypeScript:\n${measured.join('\n')}`));

type Settings = Partial<Record<keyof typeof MLP_PARAM, number>>;

function paramsOf(settings: Settings): number[] {
  const p = defaultParams(mlp);
  for (const [k, v] of Object.entries(settings)) p[MLP_PARAM[k as keyof typeof MLP_PARAM]] = v;
  return p;
}

/** Weights N(0, gain²/fan-in) per block, biases N(0, 0.3²). */
function randomNetwork(rand: () => number, params: number[], gain = 1.5): number[] {
  return mlp.layers!(params).flatMap((b) =>
    Array.from({ length: b.size }, () => gaussian(rand) * (b.zero ? 0.3 : gain / Math.sqrt(b.fanIn))),
  );
}

const SEED = 7;

/** Loss and gradient at each point, evaluated by the engine's init kernel with run seed SEED (batch key {SEED, p, 0}). */
async function evaluate(gpu: Gpu, params: number[], points: number[][]) {
  const dim = mlpDimension(params);
  const count = points.length;
  const sim = await gpu.simulation({ landscape: mlp, dim, params, count, seed: SEED, init: { kind: 'points', points }, run: { convergeTol: 0 } });
  const snap = await sim.particles();
  const coordMajor = new Float32Array(await gpu.read(sim.engine.grad));
  const grad = new Float32Array(count * dim);
  for (let d = 0; d < dim; d++) for (let p = 0; p < count; p++) grad[p * dim + d] = coordMajor[d * count + p];
  gpu.free(sim);
  return { loss: snap.loss, grad, points: snap.positions };
}

/** The samples the batch key draws, with the per-sample twin values the scales are made of. */
function scales(x: ArrayLike<number>, params: number[], dim: number, samples: number[]): { loss: number; grad: number } {
  const data = mlpDataset(params);
  const logistic = params[MLP_PARAM.loss] === 0;
  const g = new Float64Array(dim);
  const absSum = new Float64Array(dim);
  let loss = 0;
  for (const i of samples) {
    const input: [number, number] = [data.trainX[2 * i], data.trainX[2 * i + 1]];
    const y = data.trainY[i];
    const o = mlpOutput(x, params, dim, input);
    const l = mlpPointLoss(x, params, dim, input, y, g);
    const slope = logistic ? 1 / (1 + Math.exp(y * o)) : Math.abs(o - y);
    loss += l + slope * (1 + Math.abs(o));
    for (let d = 0; d < dim; d++) absSum[d] += Math.abs(g[d]);
  }
  return { loss: loss / samples.length, grad: Math.max(...Array.from(absSum, (v) => v / samples.length)) };
}

/**
 * [label, settings, particles]: the smallest network, the defaults, and the largest width for each
 * depth within D ≤ 4,096 (L = 1: w = 64, D = 257; L = 2: w = 61, D = 4,027; L = 3: w = 43, D = 3,957;
 * L = 4: w = 35, D = 3,921), full batch and minibatch, both activations and losses.
 */
const CASES: [string, Settings, number][] = [
  ['L = 1, w = 1, tanh, logistic, full batch (B ≥ m = 50)', { layers: 1, width: 1, train: 50, batch: 60 }, 1000],
  ['L = 1, w = 1, ReLU, squared, B = 7 of 50', { layers: 1, width: 1, train: 50, batch: 7, activation: 1, loss: 1 }, 1000],
  ['defaults: L = 2, w = 8, tanh, logistic, B = 32 of 200', {}, 256],
  ['L = 1, w = 64, ReLU, logistic, B = 16 of 200', { layers: 1, width: 64, batch: 16, activation: 1, dataset: 1 }, 64],
  ['L = 2, w = 61, tanh, squared, B = 8 of 100', { layers: 2, width: 61, train: 100, batch: 8, loss: 1, dataset: 2 }, 12],
  ['L = 3, w = 43, ReLU, squared, full batch (m = 30)', { layers: 3, width: 43, train: 30, batch: 30, activation: 1, loss: 1, dataset: 3 }, 8],
  ['L = 4, w = 35, tanh, logistic, full batch (m = 30)', { layers: 4, width: 35, train: 30, batch: 1000, dataset: 4 }, 8],
  ['L = 4, w = 35, ReLU, logistic, B = 8 of 200', { layers: 4, width: 35, batch: 8, activation: 1, noise: 0.2 }, 12],
];

describe('the MLP WGSL agrees with its twin', () => {
  it.each(CASES)('%s', (label, settings, count) =>
    withGpu(async (gpu) => {
      const params = paramsOf(settings);
      const dim = mlpDimension(params);
      const { layers, width, train, batch } = { layers: params[MLP_PARAM.layers], width: params[MLP_PARAM.width], train: params[MLP_PARAM.train], batch: params[MLP_PARAM.batch] };
      const rand = mulberry32(300 + dim);
      const points = Array.from({ length: count }, () => randomNetwork(rand, params));
      const out = await evaluate(gpu, params, points);
      const grad = new Float64Array(dim);
      let lossErr = 0;
      let gradErr = 0;
      for (let p = 0; p < count; p++) {
        const x = out.points.subarray(p * dim, (p + 1) * dim);
        const key = { seed: SEED, particle: p, step: 0 };
        const f = mlp.evaluate(x, grad, params, dim, key);
        const scale = scales(x, params, dim, batchIndices(key, batch, train));
        lossErr = Math.max(lossErr, Math.abs(out.loss[p] - f) / scale.loss);
        for (let d = 0; d < dim; d++) gradErr = Math.max(gradErr, Math.abs(out.grad[p * dim + d] - grad[d]) / scale.grad);
      }
      const tol = tolerance(Math.min(batch, train), layers, width);
      measured.push(
        `  ${label.padEnd(52)} D=${String(dim).padEnd(5)} ${String(count).padStart(4)} networks: loss ${lossErr.toExponential(2)}  grad ${gradErr.toExponential(2)}  (bound ${tol.toExponential(2)})`,
      );
      expect(lossErr).toBeLessThan(tol);
      expect(gradErr).toBeLessThan(tol);
    }),
  );


  it('SGD with B = 8 on the GPU follows the TypeScript engine step for step: the batches of every age agree', () =>
    withGpu(async (gpu) => {
      const params = paramsOf({ layers: 1, width: 8, train: 100, batch: 8 });
      const dim = mlpDimension(params);
      const rand = mulberry32(17);
      const points = Array.from({ length: 32 }, () => randomNetwork(rand, params));
      const spec = { landscape: mlp, dim, params, count: points.length, seed: 11, init: { kind: 'points' as const, points }, run: { lr: 0.2, convergeTol: 0 } };
      const sim = await gpu.simulation(spec);
      const cpu = new CpuSimulation(spec);
      const steps = 40;
      await sim.step(steps);
      await cpu.step(steps);
      const [a, b] = [(await sim.particles()).positions, (await cpu.particles()).positions];
      let worst = 0;
      let moved = 0;
      for (let i = 0; i < a.length; i++) {
        worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
        moved = Math.max(moved, Math.abs(b[i] - points[Math.floor(i / dim)][i % dim]));
      }
      measured.push(`  SGD, ${steps} steps of B = 8, 32 networks: worst GPU − TypeScript position ${worst.toExponential(2)} (largest move ${moved.toFixed(3)})`);
      // f32 rounding differs step by step (the CPU engine rounds the twin's float64 gradient); a
      // different batch at any age would move a network by lr × a sample's share of the gradient, ~1e-2.
      expect(moved).toBeGreaterThan(0.05);
      expect(worst).toBeLessThan(1e-4);
    }),
  );

  it('a new seed set in place draws the same batches as a run started with it', () =>
    withGpu(async (gpu) => {
      const params = paramsOf({ layers: 1, width: 8, train: 100, batch: 8 });
      const dim = mlpDimension(params);
      const rand = mulberry32(23);
      const points = Array.from({ length: 16 }, () => randomNetwork(rand, params));
      const spec = { landscape: mlp, dim, params, count: points.length, seed: 11, init: { kind: 'points' as const, points }, run: { lr: 0.2, convergeTol: 0 } };
      const sim = await gpu.simulation(spec);
      sim.setSeed(12);
      sim.reset(spec.init);
      const cpu = new CpuSimulation({ ...spec, seed: 12 });
      await sim.step(20);
      await cpu.step(20);
      const [a, b] = [(await sim.particles()).positions, (await cpu.particles()).positions];
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
      expect(worst).toBeLessThan(1e-4);
    }),
  );
});

/**
 * landscape_metrics for particles stored particle-major, with the landscape's own uniforms and
 * data group (LandscapeBinding) as every kernel has them: a kernel of this test's own, so the
 * comparison does not depend on the explorer's readout.
 */
const METRICS_KERNEL = (landscapeWgsl: string) =>
  [
    WGSL_PRELUDE,
    common,
    landscapeApi,
    landscapeWgsl,
    `
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> readings: array<vec4f>;

fn coord(p: u32, d: u32) -> f32 { return xs[p * DIM + d]; }
fn set_grad(p: u32, d: u32, g: f32) {}
fn add_grad(p: u32, d: u32, g: f32) {}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= arrayLength(&readings)) { return; }
  readings[gid.x] = landscape_metrics(gid.x);
}
`,
  ].join('\n');

/** landscape_metrics of each network in `xs` (particle-major), read back as four numbers each. */
async function gpuMetrics(gpu: Gpu, params: number[], dim: number, xs: Float32Array<ArrayBuffer>): Promise<number[][]> {
  const { device } = gpu;
  const count = xs.length / dim;
  const binding = gpu.own(new LandscapeBinding(device, mlp, dim, params, 1));
  const group0 = device.createBindGroupLayout({
    entries: [
      { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
      { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
      { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
    ],
  });
  const pipeline = await compute(device, 'test.metrics', METRICS_KERNEL(mlp.wgsl), [group0, ...binding.extraLayouts], 'main', { DIM: dim });
  const input = gpu.buffer({ size: xs.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(input, 0, xs);
  const output = gpu.buffer({ size: 16 * count, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const group = device.createBindGroup({
    layout: group0,
    entries: [
      { binding: 0, resource: { buffer: binding.uniforms } },
      { binding: 1, resource: { buffer: input } },
      { binding: 2, resource: { buffer: output } },
    ],
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  binding.setGroups(pass);
  pass.dispatchWorkgroups(Math.ceil(count / 64));
  pass.end();
  device.queue.submit([encoder.finish()]);
  const raw = new Float32Array(await gpu.read(output));
  return Array.from({ length: count }, (_, p) => Array.from(raw.subarray(4 * p, 4 * p + 4)));
}

describe('landscape_metrics agrees with metrics.evaluate', () => {
  const cases: [string, Settings, number][] = [
    ['L = 2, w = 8, tanh, logistic, m = 200, 500 test points', {}, 64],
    ['L = 1, w = 64, ReLU, squared, m = 300, 1000 test points', { layers: 1, width: 64, train: 300, test: 1000, activation: 1, loss: 1, dataset: 1 }, 16],
    ['L = 4, w = 35, ReLU, logistic, m = 40, 60 test points', { layers: 4, width: 35, train: 40, test: 60, activation: 1, dataset: 3, noise: 0.1 }, 8],
  ];

  it.each(cases)('%s', (label, settings, count) =>
    withGpu(async (gpu) => {
      const params = paramsOf(settings);
      const dim = mlpDimension(params);
      const rand = mulberry32(900 + dim);
      // Random weights at two scales: outputs near 0 and far from it.
      const xs = Float32Array.from(Array.from({ length: count }, (_, p) => randomNetwork(rand, params, p % 2 ? 0.5 : 2)).flat());
      const values = await gpuMetrics(gpu, params, dim, xs);
      const data = mlpDataset(params);
      const m = data.trainY.length;
      const t = data.testY.length;
      let lossErr = 0;
      let accErr = 0;
      let ambiguous = 0;
      const accuracies = new Set<number>();
      for (let p = 0; p < count; p++) {
        const x = xs.subarray(p * dim, (p + 1) * dim);
        const twin = mlp.metrics!.evaluate(x, params, dim);
        const [trainScale, testScale] = [scales(x, params, dim, [...Array(m).keys()]).loss, metricScale(x, params, dim, data.testX, data.testY)];
        lossErr = Math.max(lossErr, Math.abs(values[p][0] - twin[0]) / trainScale, Math.abs(values[p][2] - twin[2]) / testScale);
        // Accuracy: f32 and float64 may disagree on the sign of an output within rounding of 0;
        // such points may count either way.
        const [nearTrain, nearTest] = [nearZero(x, params, dim, data.trainX), nearZero(x, params, dim, data.testX)];
        ambiguous += nearTrain + nearTest;
        accErr = Math.max(accErr, excess(values[p][1], twin[1], nearTrain / m), excess(values[p][3], twin[3], nearTest / t));
        accuracies.add(twin[3]);
      }
      const tol = tolerance(Math.max(m, t), params[MLP_PARAM.layers], params[MLP_PARAM.width]);
      measured.push(
        `  metrics ${label.padEnd(50)} ${count} networks: losses ${lossErr.toExponential(2)} (bound ${tol.toExponential(2)}), accuracies off by ${accErr} beyond ${ambiguous} outputs within rounding of 0`,
      );
      expect(lossErr).toBeLessThan(tol);
      expect(accErr).toBe(0);
      expect(accuracies.size).toBeGreaterThan(1);
    }),
  );
});

/** The loss scale of `scales` over the test points. */
function metricScale(x: ArrayLike<number>, params: number[], dim: number, xs: Float32Array, ys: Float32Array): number {
  const logistic = params[MLP_PARAM.loss] === 0;
  let s = 0;
  for (let i = 0; i < ys.length; i++) {
    const o = mlpOutput(x, params, dim, [xs[2 * i], xs[2 * i + 1]]);
    s += mlpPointLoss(x, params, dim, [xs[2 * i], xs[2 * i + 1]], ys[i], null) + (logistic ? 1 / (1 + Math.exp(ys[i] * o)) : Math.abs(o - ys[i])) * (1 + Math.abs(o));
  }
  return s / ys.length;
}

/** Points whose output is within 1e-4 of 0, where f32 rounding could flip its sign. */
function nearZero(x: ArrayLike<number>, params: number[], dim: number, xs: Float32Array): number {
  let n = 0;
  for (let i = 0; i < xs.length / 2; i++) if (Math.abs(mlpOutput(x, params, dim, [xs[2 * i], xs[2 * i + 1]])) < 1e-4) n++;
  return n;
}

/** How far `gpu` is outside twin ± slack (0 inside), with a rounding unit of slack for the f32 division. */
const excess = (gpu: number, twin: number, slack: number) => Math.max(0, Math.abs(gpu - twin) - slack - 1e-6);
