/**
 * Noise stability of one MLP (Arora, Ge, Neyshabur & Zhang 2018, "Stronger generalization bounds
 * for deep nets via a compression approach"), in float64: the twin of shaders/noise_stability.wgsl,
 * and the per-layer stable rank and layer cushion, which only the CPU computes.
 *
 * Noise goes into hidden layer i's output h_i = φ(z_i) after the nonlinearity: that is what layer
 * i + 1 reads, so the noise meets W_{i+1} first, the matrix whose cushion
 * μ = ‖W h‖ / (‖W‖_F ‖h‖) says how much more W amplifies h than a random vector of the same norm.
 * η is Gaussian, rescaled to ‖η‖ = ε‖h_i‖ (a uniform direction), and carried up as the difference
 * δ_j = ĥ_j − h_j, never as ĥ_j itself: δ_j = φ(z_j + W_j δ_{j−1}) − φ(z_j) in a form free of
 * cancellation (below), so the ratio stays accurate in f32 however small ε is.
 *
 * Per (input, draw), ‖δ_j‖ / ‖h_j‖ at every later hidden layer j and |Δout| / |out| at the output
 * (j = L). Two summaries per (i, j): the mean of those ratios over inputs and draws (inputs where
 * ‖h_j‖ = 0 are left out), and the pooled ratio Σ‖δ_j‖ / Σ‖h_j‖, which inputs with an output near
 * 0 (points near the decision boundary) cannot dominate.
 */
import { MLP_MAX_LAYERS, MLP_MAX_WIDTH } from '../landscapes/limits';
import { mlp, mlpDataset, mlpDimension, mlpShape } from '../landscapes/mlp';
import { gaussian, mulberry32 } from '../landscapes/seeded';
import { randNormal, STREAM_NOISE_STABILITY } from '../engine/rng';

/** (noise layer i, measured layer j) pairs the kernel writes per input and draw: j = 0 .. MLP_MAX_LAYERS. */
export const NOISE_STABILITY_SLOTS = MLP_MAX_LAYERS * (MLP_MAX_LAYERS + 1);

export const noiseSlot = (i: number, j: number) => i * (MLP_MAX_LAYERS + 1) + j;

export type NoiseInputs = 'train' | 'test';

export interface NoiseStabilityResult {
  /** Hidden layers L. Layer indices below are 0-based: hidden layer i + 1 is index i, the output is L. */
  layers: number;
  epsilon: number;
  inputs: NoiseInputs;
  draws: number;
  /** ratio[i][j], j ≥ i: mean of ‖ĥ_j − h_j‖ / ‖h_j‖ for noise of relative size ε at i (NaN for j < i). */
  ratio: number[][];
  /** ratio / ε: below 1, the noise shrank on its way to j. */
  attenuation: number[][];
  /** Σ‖ĥ_j − h_j‖ / Σ‖h_j‖ over inputs and draws. */
  pooled: number[][];
  /** Per weight matrix, W_1 .. W_L and the output layer's (L + 1 entries): ‖W‖_F² / ‖W‖₂². */
  stableRank: number[];
  /** Per weight matrix, over the training inputs: ‖W_i h_{i−1}‖ / (‖W_i‖_F ‖h_{i−1}‖) (h_0 the input point). */
  cushion: { min: number[]; median: number[] };
}

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major. */
  data: Float64Array;
}

export interface DenseLayer {
  weights: Matrix;
  bias: Float64Array;
}

/** The network's L hidden layers and its output layer, read by the landscape's own block layout. */
export function mlpLayers(network: ArrayLike<number>, params: number[]): DenseLayer[] {
  const dim = mlpDimension(params);
  if (network.length !== dim) throw new RangeError(`This MLP has D = ${dim} parameters; got ${network.length}.`);
  const blocks = mlp.layers!(params);
  const layers: DenseLayer[] = [];
  let at = 0;
  for (let b = 0; b < blocks.length; b += 2) {
    const { fanIn: cols, fanOut: rows } = blocks[b];
    const data = Float64Array.from({ length: rows * cols }, (_, k) => network[at + k]);
    at += rows * cols;
    const bias = Float64Array.from({ length: rows }, (_, k) => network[at + k]);
    at += rows;
    layers.push({ weights: { rows, cols, data }, bias });
  }
  return layers;
}

/** φ(z + dz) − φ(z) without cancellation: tanh(a + b) − tanh a = tanh b (1 − tanh² a) / (1 + tanh a tanh b). */
export function activationChange(z: number, dz: number, relu: boolean): number {
  if (relu) return z > 0 ? (z + dz > 0 ? dz : -z) : Math.max(z + dz, 0);
  const h = Math.tanh(z);
  const t = Math.tanh(dz);
  const den = 1 + h * t;
  return den === 0 ? Math.tanh(z + dz) - h : (t * (1 - h) * (1 + h)) / den;
}

const norm = (v: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
};

/** z = W h + b (or W h alone without a bias). */
function affine(layer: DenseLayer, h: ArrayLike<number>, withBias = true): Float64Array {
  const { rows, cols, data } = layer.weights;
  const z = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = withBias ? layer.bias[r] : 0;
    for (let c = 0; c < cols; c++) s += data[r * cols + c] * h[c];
    z[r] = s;
  }
  return z;
}

/** Pre-activations of every hidden layer and the output, at one input point. */
function forward(layers: DenseLayer[], input: [number, number], relu: boolean): { pre: Float64Array[]; acts: Float64Array[]; out: number } {
  const pre: Float64Array[] = [];
  const acts: Float64Array[] = [];
  let h: ArrayLike<number> = input;
  for (let l = 0; l < layers.length - 1; l++) {
    const z = affine(layers[l], h);
    pre.push(z);
    h = z.map((v) => (relu ? Math.max(v, 0) : Math.tanh(v)));
    acts.push(h as Float64Array);
  }
  return { pre, acts, out: affine(layers[layers.length - 1], h)[0] };
}

/**
 * One (input, draw): per slot (noiseSlot(i, j)), ‖ĥ_j − h_j‖ and ‖h_j‖, as the kernel writes them
 * (0, 0 in slots that do not exist for this depth).
 */
export function noisePropagation(
  layers: DenseLayer[],
  relu: boolean,
  input: [number, number],
  point: number,
  draw: number,
  epsilon: number,
  seed: number,
): Float64Array {
  const L = layers.length - 1;
  const out = new Float64Array(2 * NOISE_STABILITY_SLOTS);
  const clean = forward(layers, input, relu);
  const norms = [...clean.acts.map(norm), Math.abs(clean.out)];
  for (let i = 0; i < L; i++) {
    const w = clean.acts[i].length;
    let delta = Float64Array.from({ length: w }, (_, u) => randNormal(seed, STREAM_NOISE_STABILITY, point, draw, i * MLP_MAX_WIDTH + u));
    const scale = (epsilon * norms[i]) / norm(delta);
    delta = delta.map((g) => g * scale);
    out.set([norm(delta), norms[i]], 2 * noiseSlot(i, i));
    for (let j = i + 1; j < L; j++) {
      const dz = affine(layers[j], delta, false);
      delta = dz.map((d, u) => activationChange(clean.pre[j][u], d, relu));
      out.set([norm(delta), norms[j]], 2 * noiseSlot(i, j));
    }
    out.set([Math.abs(affine(layers[L], delta, false)[0]), norms[L]], 2 * noiseSlot(i, L));
  }
  return out;
}

/** Per slot: (Σ ratio, count, Σ‖δ‖, Σ‖h‖) over the items with ‖h‖ > 0 and both finite, as the reduce kernel sums. */
export function accumulate(sums: Float64Array, item: ArrayLike<number>): void {
  for (let q = 0; q < NOISE_STABILITY_SLOTS; q++) {
    const d = item[2 * q];
    const h = item[2 * q + 1];
    if (!(Number.isFinite(d) && Number.isFinite(h) && h > 0)) continue;
    sums[4 * q] += d / h;
    sums[4 * q + 1] += 1;
    sums[4 * q + 2] += d;
    sums[4 * q + 3] += h;
  }
}

/** The ratio tables from the per-slot sums (GPU or twin). */
export function ratioTables(sums: ArrayLike<number>, layers: number, epsilon: number): Pick<NoiseStabilityResult, 'ratio' | 'attenuation' | 'pooled'> {
  const table = (f: (q: number) => number) =>
    Array.from({ length: layers }, (_, i) => Array.from({ length: layers + 1 }, (_, j) => (j < i ? NaN : f(noiseSlot(i, j)))));
  const ratio = table((q) => (sums[4 * q + 1] > 0 ? sums[4 * q] / sums[4 * q + 1] : NaN));
  return {
    ratio,
    attenuation: ratio.map((row) => row.map((r) => r / epsilon)),
    pooled: table((q) => (sums[4 * q + 3] > 0 ? sums[4 * q + 2] / sums[4 * q + 3] : NaN)),
  };
}

/** ‖W‖₂ by power iteration on WᵀW from a seeded start, until the Rayleigh quotient settles. */
export function spectralNorm(m: Matrix, maxIterations = 10_000): number {
  const { rows, cols, data } = m;
  const rand = mulberry32(rows * 7919 + cols);
  let v = Float64Array.from({ length: cols }, () => gaussian(rand));
  let previous = -1;
  for (let it = 0; it < maxIterations; it++) {
    const nv = norm(v);
    if (nv === 0) return 0;
    v = v.map((x) => x / nv);
    const wv = new Float64Array(rows);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) wv[r] += data[r * cols + c] * v[c];
    const next = new Float64Array(cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) next[c] += data[r * cols + c] * wv[r];
    // vᵀ WᵀW v = ‖Wv‖²: from below, to σ₁².
    const sigma2 = norm(wv) ** 2;
    v = next;
    if (Math.abs(sigma2 - previous) <= 1e-14 * sigma2) return Math.sqrt(sigma2);
    previous = sigma2;
  }
  return Math.sqrt(previous);
}

export function frobeniusNorm(m: Matrix): number {
  return norm(m.data);
}

/** ‖W‖_F² / ‖W‖₂²: between 1 (rank one) and the rank; NaN for the zero matrix. */
export function stableRank(m: Matrix): number {
  const s = spectralNorm(m);
  return s > 0 ? (frobeniusNorm(m) / s) ** 2 : NaN;
}

function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Per weight matrix, ‖W_i h_{i−1}‖ / (‖W_i‖_F ‖h_{i−1}‖) at each input (undefined ones left out), for the cushion's min and median. */
export function cushionRatios(layers: DenseLayer[], relu: boolean, inputs: [number, number][]): number[][] {
  const ratios = layers.map(() => [] as number[]);
  const frobenius = layers.map((l) => frobeniusNorm(l.weights));
  for (const input of inputs) {
    const { acts } = forward(layers, input, relu);
    const below = [input, ...acts];
    layers.forEach((layer, l) => {
      const denominator = frobenius[l] * norm(below[l]);
      if (denominator > 0) ratios[l].push(norm(affine(layer, below[l], false)) / denominator);
    });
  }
  return ratios;
}

/** Stable rank and cushion (min, median over the training inputs) per weight matrix. */
export function layerGeometry(network: ArrayLike<number>, params: number[]): Pick<NoiseStabilityResult, 'stableRank' | 'cushion'> {
  const layers = mlpLayers(network, params);
  const set = mlpDataset(params);
  const inputs = Array.from({ length: set.trainY.length }, (_, k): [number, number] => [set.trainX[2 * k], set.trainX[2 * k + 1]]);
  const ratios = cushionRatios(layers, mlpShape(params).relu, inputs);
  return {
    stableRank: layers.map((l) => stableRank(l.weights)),
    cushion: { min: ratios.map((r) => (r.length ? Math.min(...r) : NaN)), median: ratios.map(median) },
  };
}

export interface NoiseMeasureOptions {
  epsilon: number;
  seed: number;
  inputs?: NoiseInputs;
}

/** The whole measurement in float64, the same draws as the GPU's. */
export function noiseStabilityReference(network: ArrayLike<number>, params: number[], draws: number, options: NoiseMeasureOptions): NoiseStabilityResult {
  const { epsilon, seed } = options;
  const inputs = options.inputs ?? 'train';
  const layers = mlpLayers(network, params);
  const { relu, layers: L } = mlpShape(params);
  const set = mlpDataset(params);
  const [xs, first] = inputs === 'train' ? [set.trainX, 0] : [set.testX, set.trainY.length];
  const sums = new Float64Array(4 * NOISE_STABILITY_SLOTS);
  for (let k = 0; k < xs.length / 2; k++) {
    for (let r = 0; r < draws; r++) {
      accumulate(sums, noisePropagation(layers, relu, [xs[2 * k], xs[2 * k + 1]], first + k, r, epsilon, seed));
    }
  }
  return { layers: L, epsilon, inputs, draws, ...ratioTables(sums, L, epsilon), ...layerGeometry(network, params) };
}
