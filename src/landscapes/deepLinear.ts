/**
 * A network as a particle: the deep linear network x ↦ W_N ⋯ W_1 x with a scalar output, fitted
 * by ℓp regression, L = (1/m) Σₛ |ŷₛ − yₛ|^p / p with p ∈ {2, 4} (Arora, Cohen & Hazan 2018, "On
 * the optimization of deep networks: implicit acceleration by overparameterization"). Depth adds
 * no expressiveness (the network is the linear map w_e = W_N ⋯ W_1), yet it changes gradient
 * descent: on the end-to-end map it acts as a preconditioner with momentum-like memory, which for
 * ℓ4 regression on ill-conditioned features (spread κ) outpaces the one-layer model.
 *
 * Shapes: N = 1: W_1 is 1×d. N ≥ 2: W_1 is h×d, W_2 .. W_{N−1} are h×h, W_N is 1×h.
 * Coordinates: W_1 row-major (W_1[a, b] at a·d + b), then W_2, …, W_N, so
 * D = d for N = 1, else h·d + (N − 2)·h² + h.
 *
 * Data (drawn once per (d, m, κ, σ, seed), rounded to f32 for both sides): features
 * x_{s,c} ~ N(0, σ_c²) with σ_c = κ^(−c/(d−1)) from 1 down to 1/κ, targets yₛ = w*·xₛ + σ ξₛ
 * with w* ~ N(0, I/d) and ξₛ ~ N(0, 1). The WGSL reads them as one buffer: X (m×d, row-major), then y.
 *
 * Gradient, each coordinate set once: with rₛ = ŷₛ − yₛ and
 * g_e = (1/m) Σₛ |rₛ|^(p−2) rₛ xₛ (the gradient with respect to w_e),
 * ∂L/∂W_j = u_j v_jᵀ, u_j = (W_N ⋯ W_{j+1})ᵀ (backwards from u_N = 1) and
 * v_j = W_{j−1} ⋯ W_1 g_e (forwards from v_1 = g_e). shaders/landscapes/deep_linear.wgsl does the same in f32.
 *
 * The whole training set every evaluation (gradient descent as in the paper): minibatch keys are ignored.
 */
import type { Landscape, ParameterBlock } from './types';
import { DEEP_LINEAR_MAX_DEPTH, DEEP_LINEAR_MAX_INPUTS, DEEP_LINEAR_MAX_WIDTH } from './limits';
import { MAX_DIM } from './separable';
import { gaussian, mulberry32 } from './seeded';
import deepLinearWgsl from '../../shaders/landscapes/deep_linear.wgsl?raw';
import { cachedOptimum, linearLoss, regressionData, type RegressionData } from './regression';

export { optimalEndToEnd, regressionData, type RegressionData } from './regression';

export const LOSS_EXPONENTS = ['p = 2', 'p = 4'] as const;

export interface DeepLinearShape {
  /** Layers (weight matrices). */
  depth: number;
  /** Hidden width (unused when depth = 1). */
  width: number;
  /** Inputs. */
  inputs: number;
  /** 2 or 4. */
  p: number;
  /** Training samples. */
  samples: number;
}

export function deepLinearShape(params: readonly number[]): DeepLinearShape {
  return {
    depth: Math.floor(params[0]),
    width: Math.floor(params[1]),
    inputs: Math.floor(params[2]),
    p: Math.floor(params[3]) === 1 ? 4 : 2,
    samples: Math.floor(params[4]),
  };
}

/** Rows and columns of W_1 .. W_N. */
export function layerShapes(shape: Pick<DeepLinearShape, 'depth' | 'width' | 'inputs'>): { rows: number; cols: number }[] {
  const { depth, width, inputs } = shape;
  return Array.from({ length: depth }, (_, j) => ({ rows: j === depth - 1 ? 1 : width, cols: j === 0 ? inputs : width }));
}

export function deepLinearDimension(params: readonly number[]): number {
  const { depth, width, inputs } = deepLinearShape(params);
  return depth === 1 ? inputs : width * inputs + (depth - 2) * width * width + width;
}

/** The data these parameters name. */
export function deepLinearData(params: readonly number[]): RegressionData {
  const { inputs, samples } = deepLinearShape(params);
  return regressionData(inputs, samples, params[5], params[6], Math.floor(params[7]));
}

/** The end-to-end map w_e = W_N ⋯ W_1 (a d-vector) of the network at x. */
export function endToEnd(x: ArrayLike<number>, params: readonly number[]): Float64Array {
  return backward(x, deepLinearShape(params)).we;
}

/**
 * u_j = (W_N ⋯ W_{j+1})ᵀ for j = N .. 1 (u[j − 1], u_N = [1]) and w_e = W_1ᵀ u_1, each product
 * summed in the order the WGSL sums it.
 */
function backward(x: ArrayLike<number>, shape: DeepLinearShape): { u: Float64Array[]; we: Float64Array; offsets: number[] } {
  const layers = layerShapes(shape);
  const offsets: number[] = [];
  let o = 0;
  for (const l of layers) {
    offsets.push(o);
    o += l.rows * l.cols;
  }
  const u: Float64Array[] = new Array(shape.depth);
  u[shape.depth - 1] = Float64Array.of(1);
  let we = new Float64Array(shape.inputs);
  for (let j = shape.depth - 1; j >= 0; j--) {
    const { rows, cols } = layers[j];
    const next = new Float64Array(cols);
    for (let b = 0; b < cols; b++) {
      let s = 0;
      for (let a = 0; a < rows; a++) s += x[offsets[j] + a * cols + b] * u[j][a];
      next[b] = s;
    }
    if (j > 0) u[j - 1] = next;
    else we = next;
  }
  return { u, we, offsets };
}

/** The network whose layers are W_j = c q_j q_{j−1}ᵀ: q_0 = u ∈ ℝᵈ, unit q_1 .. q_{N−1} ∈ ℝʰ, c = scale^(1/N); w_e = scale·uᵀ. */
function rankOneChain(shape: DeepLinearShape, u: ArrayLike<number>, scale: number, rand: () => number): number[] {
  const { depth, width } = shape;
  const unit = (n: number) => {
    for (;;) {
      const v = Array.from({ length: n }, () => gaussian(rand));
      const norm = Math.hypot(...v);
      if (norm > 1e-8) return v.map((vc) => vc / norm);
    }
  };
  const q: ArrayLike<number>[] = [u];
  for (let j = 1; j < depth; j++) q.push(unit(width));
  q.push([1]);
  const c = Math.abs(scale) ** (1 / depth);
  const x: number[] = [];
  for (let j = 1; j <= depth; j++) {
    // The sign of a negative scale goes into W_1.
    const cj = j === 1 && scale < 0 ? -c : c;
    for (let a = 0; a < q[j].length; a++) for (let b = 0; b < q[j - 1].length; b++) x.push(cj * q[j][a] * q[j - 1][b]);
  }
  return x;
}

export const deepLinear: Landscape = {
  id: 'deep-linear',
  name: 'Deep linear network (ℓp regression)',
  formula:
    'f(W₁, …, W_N) = (1/m) Σₛ |W_N ⋯ W₁ xₛ − yₛ|^p / p, p = 2 or 4; features xₛ,c ~ N(0, σ_c²) with σ_c from 1 down to 1/κ, ' +
    'targets yₛ = w*·xₛ + σ ξₛ; W₁ is h×d, W₂ … W_{N−1} are h×h, W_N is 1×h (N = 1: W₁ is 1×d)',
  dims: { min: 1, max: MAX_DIM, default: 52 },
  dimensionOf: deepLinearDimension,
  layers(params) {
    const shape = deepLinearShape(params);
    return layerShapes(shape).map(
      ({ rows, cols }, j): ParameterBlock => ({ name: `W${j + 1} (${rows}×${cols})`, size: rows * cols, fanIn: cols, fanOut: rows }),
    );
  },
  // Each row of W_1 .. W_N in turn. No biases.
  neurons(_dim, params) {
    const units: { weights: number[] }[] = [];
    let at = 0;
    for (const { rows, cols } of layerShapes(deepLinearShape(params))) {
      for (let r = 0; r < rows; r++) units.push({ weights: Array.from({ length: cols }, (_, c) => at + r * cols + c) });
      at += rows * cols;
    }
    return units;
  },
  wgsl: deepLinearWgsl,
  params: [
    { key: 'depth', label: 'depth N (layers)', default: 3, min: 1, max: DEEP_LINEAR_MAX_DEPTH, integer: true, structural: true },
    { key: 'width', label: 'hidden width h (N ≥ 2)', default: 4, min: 1, max: DEEP_LINEAR_MAX_WIDTH, integer: true, structural: true },
    { key: 'inputs', label: 'inputs d', default: 8, min: 1, max: DEEP_LINEAR_MAX_INPUTS, integer: true, structural: true },
    { key: 'p', label: 'loss exponent', default: 1, min: 0, max: 1, integer: true, choices: LOSS_EXPONENTS },
    { key: 'samples', label: 'samples m', default: 256, min: 8, max: 2048, integer: true, structural: true },
    { key: 'kappa', label: 'feature spread κ', default: 10, min: 1, max: 1e3, log: true },
    { key: 'noise', label: 'label noise σ', default: 0.1, min: 0, max: 1 },
    { key: 'dataSeed', label: 'data seed', default: 1, min: 0, max: 9999, integer: true },
  ],
  box: [-1.5, 1.5],
  bound: 1e3,
  minima(dim, params) {
    const shape = checkedShape(dim, params);
    const w = cachedOptimum(deepLinearData(params), shape.p);
    const norm = Math.hypot(...w);
    // The balanced factorisation of w (hidden directions from a fixed seed, so minima() is a function).
    const u = norm > 0 ? Array.from(w, (v) => v / norm) : Array.from({ length: shape.inputs }, (_, c) => (c === 0 ? 1 : 0));
    const x = rankOneChain(shape, u, norm, mulberry32(20180224));
    return [{ x, f: deepLinear.evaluate(x, null, params, dim) }];
  },
  data: (_dim, params) => [{ name: 'dl_data', data: deepLinearData(params).data }],
  // Per sample a d-term prediction and a d-term share of g_e; the products u_j (backwards), v_j
  // (forwards) and the outer products touch every weight about five times in all.
  evalCost: (dim, params) => {
    const { inputs, samples } = deepLinearShape(params);
    return samples * (4 * inputs + 8) + 5 * dim;
  },
  balancedStart(params, scale, rand) {
    const shape = deepLinearShape(params);
    let u: number[];
    for (;;) {
      u = Array.from({ length: shape.inputs }, () => gaussian(rand));
      const norm = Math.hypot(...u);
      if (norm > 1e-8) {
        u = u.map((v) => v / norm);
        break;
      }
    }
    return rankOneChain(shape, u, scale, rand);
  },
  evaluate(x, grad, params, dim) {
    const shape = checkedShape(dim, params);
    const data = deepLinearData(params);
    const { u, we, offsets } = backward(x, shape);
    const ge = grad ? new Float64Array(shape.inputs) : null;
    const f = linearLoss(we, data, shape.p, ge);
    if (!grad || !ge) return f;
    const layers = layerShapes(shape);
    let v: Float64Array = ge;
    for (let j = 0; j < shape.depth; j++) {
      const { rows, cols } = layers[j];
      const o = offsets[j];
      for (let a = 0; a < rows; a++) for (let b = 0; b < cols; b++) grad[o + a * cols + b] = u[j][a] * v[b];
      if (j === shape.depth - 1) break;
      const next = new Float64Array(rows);
      for (let a = 0; a < rows; a++) {
        let s = 0;
        for (let b = 0; b < cols; b++) s += x[o + a * cols + b] * v[b];
        next[a] = s;
      }
      v = next;
    }
    return f;
  },
};

/** The shape these parameters make, refusing any other dimension (the dimension is not free). */
function checkedShape(dim: number, params: readonly number[]): DeepLinearShape {
  const shape = deepLinearShape(params);
  const expected = deepLinearDimension(params);
  if (dim !== expected) {
    throw new RangeError(
      `Deep linear network with N = ${shape.depth}, h = ${shape.width}, d = ${shape.inputs} has D = ${expected}; got D = ${dim}.`,
    );
  }
  return shape;
}
