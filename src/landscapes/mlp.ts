/**
 * A network as a particle: a multilayer perceptron x ∈ ℝ² → L hidden layers of w units (tanh or
 * ReLU) → one output, a logit, trained on a seeded two-class data set (src/landscapes/datasets.ts)
 * with the logistic loss log(1 + e^(−y·out)) or the squared loss ½(out − y)², labels y = ±1.
 * The loss is the mean over a minibatch of B points drawn with replacement (batch_sample in
 * WGSL, batchIndices here), or over all m training points when B ≥ m or no batch is given.
 *
 * Coordinates, layer after layer, each layer's weights row-major (W[i][j], unit i's weight from
 * input j, at base + i·fanIn + j) and then its biases: the first hidden layer (2w + w), each
 * further hidden layer (w² + w), the output (w + 1). D = 3w + (L − 1)(w² + w) + w + 1.
 *
 * The logistic loss is computed stably, max(−z, 0) + log1p(e^(−|z|)) with z = y·out, and its
 * slope −y σ(−z) from the same e^(−|z|); ReLU's slope at 0 is taken as 0. The WGSL does the same.
 */
import type { Landscape, ParameterBlock } from './types';
import { batchIndices, type BatchKey } from './batch';
import { DATASETS, dataset, type Dataset } from './datasets';
import { MLP_MAX_LAYERS, MLP_MAX_WIDTH } from './limits';
import { MAX_DIM } from './separable';
import mlpWgsl from '../../shaders/landscapes/mlp.wgsl?raw';

export const MLP_ACTIVATIONS = ['tanh', 'ReLU'] as const;
export const MLP_LOSSES = ['logistic', 'squared'] as const;
/** Most training points, test points and batch size (the data set is a few KB on the GPU). */
export const MLP_MAX_POINTS = 1000;

/** Where each setting sits in `params` (and in lparam(i) in the WGSL). */
export const MLP_PARAM = { dataset: 0, train: 1, test: 2, noise: 3, seed: 4, layers: 5, width: 6, activation: 7, loss: 8, batch: 9 } as const;

export interface MlpShape {
  /** Hidden layers L. */
  layers: number;
  /** Units per hidden layer w. */
  width: number;
  relu: boolean;
  logistic: boolean;
  /** Training points m and test points. */
  train: number;
  test: number;
  /** Batch size B (B ≥ m: the whole training set). */
  batch: number;
}

export function mlpShape(params: readonly number[]): MlpShape {
  const at = (k: keyof typeof MLP_PARAM) => Math.floor(params[MLP_PARAM[k]]);
  return {
    layers: at('layers'),
    width: at('width'),
    relu: at('activation') === 1,
    logistic: at('loss') === 0,
    train: at('train'),
    test: at('test'),
    batch: at('batch'),
  };
}

/** D = 3w + (L − 1)(w² + w) + w + 1. */
export function mlpDimension(params: readonly number[]): number {
  const { layers, width: w } = mlpShape(params);
  return 4 * w + 1 + (layers - 1) * (w * w + w);
}

/** The data set these parameters draw (points and ±1 labels, float32), e.g. to draw it under a decision map. */
export function mlpDataset(params: readonly number[]): Dataset {
  const name = DATASETS[Math.floor(params[MLP_PARAM.dataset])];
  if (name === undefined) throw new RangeError(`Data set index ${params[MLP_PARAM.dataset]} is not one of 0..${DATASETS.length - 1}.`);
  const { train, test } = mlpShape(params);
  return dataset({ name, train, test, noise: params[MLP_PARAM.noise], seed: Math.floor(params[MLP_PARAM.seed]) });
}

const packed = new WeakMap<Dataset, Float32Array<ArrayBuffer>>();

/** What the WGSL reads: (x₁, x₂, label) per point, the m training points and then the test points. */
export function mlpDataBuffer(params: readonly number[]): Float32Array<ArrayBuffer> {
  const set = mlpDataset(params);
  let data = packed.get(set);
  if (data) return data;
  const m = set.trainY.length;
  const t = set.testY.length;
  data = new Float32Array(3 * (m + t));
  for (let i = 0; i < m + t; i++) {
    const [x, y, k] = i < m ? [set.trainX, set.trainY, i] : [set.testX, set.testY, i - m];
    data[3 * i] = x[2 * k];
    data[3 * i + 1] = x[2 * k + 1];
    data[3 * i + 2] = y[k];
  }
  packed.set(set, data);
  return data;
}

/** Start of hidden layer l (0-based) among the coordinates; l = L gives the output layer's. */
function layerBase(l: number, w: number): number {
  return l === 0 ? 0 : 3 * w + (l - 1) * (w * w + w);
}

/** tanh or ReLU, and the slope from the activation's value (1 − a², or a > 0). */
const activate = (z: number, relu: boolean) => (relu ? Math.max(z, 0) : Math.tanh(z));
const slope = (a: number, relu: boolean) => (relu ? (a > 0 ? 1 : 0) : 1 - a * a);

/** (loss, d loss / d out) at output `o` for label `y`. */
export function mlpLoss(y: number, o: number, logistic: boolean): [number, number] {
  if (!logistic) return [0.5 * (o - y) ** 2, o - y];
  const z = y * o;
  const e = Math.exp(-Math.abs(z));
  // σ(−z) = e/(1 + e) for z ≥ 0, 1/(1 + e) below: no overflow either way.
  const sigma = (z >= 0 ? e : 1) / (1 + e);
  return [Math.max(-z, 0) + Math.log1p(e), -y * sigma];
}

/** Scratch for one network: every hidden layer's activations, and two delta vectors. */
class Net {
  readonly acts: Float64Array[];
  readonly delta: Float64Array;
  readonly back: Float64Array;

  constructor(readonly s: MlpShape) {
    this.acts = Array.from({ length: s.layers }, () => new Float64Array(s.width));
    this.delta = new Float64Array(s.width);
    this.back = new Float64Array(s.width);
  }

  forward(x: ArrayLike<number>, in0: number, in1: number): number {
    const { layers, width: w, relu } = this.s;
    const a0 = this.acts[0];
    for (let i = 0; i < w; i++) a0[i] = activate(x[2 * i] * in0 + x[2 * i + 1] * in1 + x[2 * w + i], relu);
    for (let l = 1; l < layers; l++) {
      const base = layerBase(l, w);
      const prev = this.acts[l - 1];
      const cur = this.acts[l];
      for (let i = 0; i < w; i++) {
        let z = x[base + w * w + i];
        for (let j = 0; j < w; j++) z += x[base + i * w + j] * prev[j];
        cur[i] = activate(z, relu);
      }
    }
    const out = layerBase(layers, w);
    const last = this.acts[layers - 1];
    let o = x[out + w];
    for (let j = 0; j < w; j++) o += x[out + j] * last[j];
    return o;
  }

  /** Adds g_out times the gradient of the output (at the inputs of the last forward pass) to grad. */
  backward(x: ArrayLike<number>, in0: number, in1: number, gOut: number, grad: Float64Array): void {
    const { layers, width: w, relu } = this.s;
    const out = layerBase(layers, w);
    const last = this.acts[layers - 1];
    let delta = this.delta;
    let back = this.back;
    grad[out + w] += gOut;
    for (let j = 0; j < w; j++) {
      grad[out + j] += gOut * last[j];
      delta[j] = gOut * x[out + j] * slope(last[j], relu);
    }
    for (let l = layers - 1; l >= 1; l--) {
      const base = layerBase(l, w);
      const prev = this.acts[l - 1];
      back.fill(0);
      for (let i = 0; i < w; i++) {
        grad[base + w * w + i] += delta[i];
        for (let j = 0; j < w; j++) {
          grad[base + i * w + j] += delta[i] * prev[j];
          back[j] += x[base + i * w + j] * delta[i];
        }
      }
      for (let j = 0; j < w; j++) back[j] *= slope(prev[j], relu);
      [delta, back] = [back, delta];
    }
    for (let i = 0; i < w; i++) {
      grad[2 * i] += delta[i] * in0;
      grad[2 * i + 1] += delta[i] * in1;
      grad[2 * w + i] += delta[i];
    }
  }
}

/** The network's output (the logit) at one input point, in float64: a decision map's value. */
export function mlpOutput(x: ArrayLike<number>, params: number[], dim: number, input: readonly [number, number]): number {
  return new Net(checkedShape(dim, params)).forward(x, input[0], input[1]);
}

/** The loss at one labelled point; with `grad`, its gradient is written there. */
export function mlpPointLoss(
  x: ArrayLike<number>,
  params: number[],
  dim: number,
  input: readonly [number, number],
  label: number,
  grad: Float64Array | null,
): number {
  const s = checkedShape(dim, params);
  const net = new Net(s);
  const [loss, dOut] = mlpLoss(label, net.forward(x, input[0], input[1]), s.logistic);
  if (grad) {
    grad.fill(0, 0, dim);
    net.backward(x, input[0], input[1], dOut, grad);
  }
  return loss;
}

/** Mean loss and accuracy (y·out > 0) over points `xs`, labels `ys`: forward passes only. */
function lossAndAccuracy(net: Net, x: ArrayLike<number>, xs: Float32Array, ys: Float32Array): [number, number] {
  const n = ys.length;
  if (n === 0) return [0, 0];
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const o = net.forward(x, xs[2 * i], xs[2 * i + 1]);
    loss += mlpLoss(ys[i], o, net.s.logistic)[0];
    if (ys[i] * o > 0) correct++;
  }
  return [loss / n, correct / n];
}

const defaults = { layers: 2, width: 8 };

export const mlp: Landscape = {
  id: 'mlp',
  name: 'MLP on a 2-D data set',
  formula:
    'f(θ) = (1/B) Σ_{i in batch} ℓ(yᵢ, net_θ(xᵢ)), net_θ(x) = v·h_L + c, h_l = φ(W_l h_{l−1} + b_l), h_0 = x ∈ ℝ², ' +
    'φ = tanh or ReLU, ℓ = log(1 + e^(−y·out)) or ½(out − y)², y = ±1; the batch is B points drawn with replacement, or all m when B ≥ m',
  dims: { min: 5, max: MAX_DIM, default: 4 * defaults.width + 1 + (defaults.layers - 1) * (defaults.width ** 2 + defaults.width) },
  dimensionOf: mlpDimension,
  layers(params) {
    const { layers, width: w } = mlpShape(params);
    const blocks: ParameterBlock[] = [];
    for (let l = 0; l < layers; l++) {
      const fanIn = l === 0 ? 2 : w;
      blocks.push({ name: `hidden layer ${l + 1} weights`, size: w * fanIn, fanIn, fanOut: w });
      blocks.push({ name: `hidden layer ${l + 1} biases`, size: w, fanIn, fanOut: w, zero: true });
    }
    blocks.push({ name: 'output weights', size: w, fanIn: w, fanOut: 1 });
    blocks.push({ name: 'output bias', size: 1, fanIn: w, fanOut: 1, zero: true });
    return blocks;
  },
  // Each layer's units in order, the output unit last: a row of weights and its bias.
  neurons(_dim, params) {
    const { layers, width: w } = mlpShape(params);
    const units: { weights: number[]; bias: number }[] = [];
    for (let l = 0; l <= layers; l++) {
      const fanIn = l === 0 ? 2 : w;
      const count = l === layers ? 1 : w;
      const base = layerBase(l, w);
      for (let i = 0; i < count; i++) {
        units.push({ weights: Array.from({ length: fanIn }, (_, j) => base + i * fanIn + j), bias: base + count * fanIn + i });
      }
    }
    return units;
  },
  wgsl: mlpWgsl,
  params: [
    { key: 'dataset', label: 'data set', default: 0, min: 0, max: DATASETS.length - 1, integer: true, choices: DATASETS },
    { key: 'trainPoints', label: 'training points m', default: 200, min: 4, max: MLP_MAX_POINTS, integer: true, structural: true },
    { key: 'testPoints', label: 'held-out test points', default: 500, min: 4, max: MLP_MAX_POINTS, integer: true, structural: true },
    { key: 'labelNoise', label: 'label noise (flip probability)', default: 0, min: 0, max: 0.5 },
    { key: 'dataSeed', label: 'data seed', default: 1, min: 0, max: 9999, integer: true },
    { key: 'hiddenLayers', label: 'hidden layers L', default: defaults.layers, min: 1, max: MLP_MAX_LAYERS, integer: true, structural: true },
    { key: 'width', label: 'units per hidden layer w', default: defaults.width, min: 1, max: MLP_MAX_WIDTH, integer: true, structural: true },
    { key: 'activation', label: 'activation', default: 0, min: 0, max: 1, integer: true, choices: MLP_ACTIVATIONS },
    { key: 'loss', label: 'loss', default: 0, min: 0, max: 1, integer: true, choices: MLP_LOSSES },
    { key: 'batchSize', label: 'batch size B (B = m: full batch)', default: 32, min: 1, max: MLP_MAX_POINTS, integer: true },
  ],
  box: [-2, 2],
  bound: 1e3,
  minima: () => [],
  noKnownMinimum:
    "a network's training loss has no closed-form minimum, and its minima come in families (hidden units permuted, tanh units " +
    'negated, ReLU units rescaled); with the logistic loss on separable data the infimum 0 is only approached as the weights grow',
  data: (_dim, params) => [{ name: 'mlp_data', data: mlpDataBuffer(params) }],
  // Per point of the batch: a forward pass (2 operations per weight), the backward pass (4 per
  // weight: the weight's gradient and the deltas), and the activations and the loss.
  evalCost: (dim, params, fullBatch) => {
    const { layers, width, train, batch } = mlpShape(params);
    return (fullBatch ? train : Math.min(batch, train)) * (6 * dim + 20 * layers * width + 40);
  },
  checkParams: (params) => {
    const { train, batch } = mlpShape(params);
    return batch > train
      ? `the batch size B = ${batch} is larger than the m = ${train} training points: B may be at most m (B = m is full batch).`
      : null;
  },
  evaluate(x, grad, params, dim, batch?: BatchKey) {
    const s = checkedShape(dim, params);
    const data = mlpDataset(params);
    const net = new Net(s);
    const samples = batchIndices(batch, s.batch, s.train);
    const inv = 1 / samples.length;
    if (grad) grad.fill(0, 0, dim);
    let f = 0;
    for (const i of samples) {
      const in0 = data.trainX[2 * i];
      const in1 = data.trainX[2 * i + 1];
      const [loss, dOut] = mlpLoss(data.trainY[i], net.forward(x, in0, in1), s.logistic);
      f += loss;
      if (grad) net.backward(x, in0, in1, dOut * inv, grad);
    }
    return f * inv;
  },
  // The decision map: the network's output over the input plane, with the data drawn on it.
  inputPlane: {
    box: [-2, 2],
    output: mlpOutput,
    data(params) {
      const set = mlpDataset(params);
      return { train: { x: set.trainX, y: set.trainY }, test: { x: set.testX, y: set.testY } };
    },
  },
  metrics: {
    names: ['training loss (all m)', 'training accuracy', 'test loss', 'test accuracy'],
    // A forward pass (2 operations per weight, the activations) per point of both sets.
    cost: (dim, params) => {
      const { layers, width, train, test } = mlpShape(params);
      return (train + test) * (2 * dim + 10 * layers * width + 20);
    },
    evaluate(x, params, dim) {
      const net = new Net(checkedShape(dim, params));
      const data = mlpDataset(params);
      return [...lossAndAccuracy(net, x, data.trainX, data.trainY), ...lossAndAccuracy(net, x, data.testX, data.testY)];
    },
  },
};

/** The shape these parameters make, refusing any other dimension (the dimension is not free). */
function checkedShape(dim: number, params: readonly number[]): MlpShape {
  const s = mlpShape(params);
  if (!(s.layers >= 1 && s.layers <= MLP_MAX_LAYERS && s.width >= 1 && s.width <= MLP_MAX_WIDTH)) {
    throw new RangeError(`An MLP has 1 to ${MLP_MAX_LAYERS} hidden layers of 1 to ${MLP_MAX_WIDTH} units; got L = ${s.layers}, w = ${s.width}.`);
  }
  if (!(s.batch >= 1)) throw new RangeError(`Batch size must be at least 1; got ${s.batch}.`);
  const expected = mlpDimension(params);
  if (dim !== expected) {
    throw new RangeError(`An MLP with L = ${s.layers} hidden layers of w = ${s.width} units has D = ${expected}; got D = ${dim}.`);
  }
  return s;
}
