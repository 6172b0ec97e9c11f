import type { Landscape } from './types';
import quadraticWgsl from '../../shaders/landscapes/quadratic.wgsl?raw';
import rastriginWgsl from '../../shaders/landscapes/rastrigin.wgsl?raw';
import styblinskiWgsl from '../../shaders/landscapes/styblinski_tang.wgsl?raw';
import saddleWgsl from '../../shaders/landscapes/strict_saddle.wgsl?raw';

/** The largest dimension any built-in landscape accepts; the device may allow less. */
export const MAX_DIM = 4096;

const zeros = (dim: number) => new Array<number>(dim).fill(0);

export const quadratic: Landscape = {
  id: 'quadratic',
  name: 'Quadratic bowl',
  formula: 'f(x) = ½ Σᵢ λᵢ xᵢ², λᵢ = κ^(i/(D−1))',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: quadraticWgsl,
  params: [{ key: 'kappa', label: 'condition number κ', default: 10, min: 1, max: 1e4, log: true }],
  box: [-3, 3],
  bound: 1e6,
  minima: (dim) => [{ x: zeros(dim), f: 0 }],
  evaluate(x, grad, params, dim) {
    const logKappa = Math.log(params[0]);
    const denom = Math.max(dim - 1, 1);
    let f = 0;
    for (let i = 0; i < dim; i++) {
      const lambda = Math.exp((logKappa * i) / denom);
      f += 0.5 * lambda * x[i] * x[i];
      if (grad) grad[i] = lambda * x[i];
    }
    return f;
  },
};

export const rastrigin: Landscape = {
  id: 'rastrigin',
  name: 'Rastrigin',
  formula: 'f(x) = 10D + Σᵢ xᵢ² − 10 cos(2π xᵢ)',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: rastriginWgsl,
  params: [],
  box: [-5.12, 5.12],
  bound: 1e6,
  minima: (dim) => [{ x: zeros(dim), f: 0 }],
  evaluate(x, grad, _params, dim) {
    let f = 10 * dim;
    for (let i = 0; i < dim; i++) {
      const w = 2 * Math.PI * x[i];
      f += x[i] * x[i] - 10 * Math.cos(w);
      if (grad) grad[i] = 2 * x[i] + 20 * Math.PI * Math.sin(w);
    }
    return f;
  },
};

/** Root of 2x³ − 16x + 2.5 = 0 near −2.9: the coordinate of Styblinski–Tang's minimum. */
export const STYBLINSKI_TANG_ARGMIN = -2.903534027771177;

export const styblinskiTang: Landscape = {
  id: 'styblinski-tang',
  name: 'Styblinski–Tang',
  formula: 'f(x) = ½ Σᵢ xᵢ⁴ − 16 xᵢ² + 5 xᵢ',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: styblinskiWgsl,
  params: [],
  box: [-5, 5],
  bound: 1e6,
  minima(dim) {
    const a = STYBLINSKI_TANG_ARGMIN;
    const each = 0.5 * (a ** 4 - 16 * a * a + 5 * a);
    return [{ x: new Array<number>(dim).fill(a), f: each * dim }];
  },
  evaluate(x, grad, _params, dim) {
    let f = 0;
    for (let i = 0; i < dim; i++) {
      const v = x[i];
      f += 0.5 * (v ** 4 - 16 * v * v + 5 * v);
      if (grad) grad[i] = 2 * v ** 3 - 16 * v + 2.5;
    }
    return f;
  },
};

/** How many of the last coordinates curve downward, clamped to [1, dim]. */
export function saddleIndex(params: number[], dim: number): number {
  return Math.min(Math.max(Math.floor(params[0]), 1), dim);
}

export const strictSaddle: Landscape = {
  id: 'strict-saddle',
  name: 'Strict saddle',
  formula: 'f(x, y) = Σ xᵢ² + Σ (−yⱼ² + yⱼ⁴/4), k coordinates y',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: saddleWgsl,
  params: [{ key: 'k', label: 'escape directions k', default: 1, min: 1, max: MAX_DIM, integer: true, perCoordinate: true }],
  box: [-2.5, 2.5],
  bound: 1e6,
  minima(dim, params) {
    const k = saddleIndex(params, dim);
    // 2^k minima at y = ±√2: list them all while there are few, else the two all-same-sign ones.
    const patterns = k <= 4 ? 1 << k : 0;
    const out = [];
    const make = (sign: (j: number) => number) => {
      const x = zeros(dim);
      for (let j = 0; j < k; j++) x[dim - k + j] = sign(j) * Math.SQRT2;
      return { x, f: -k };
    };
    if (patterns) for (let m = 0; m < patterns; m++) out.push(make((j) => ((m >> j) & 1 ? -1 : 1)));
    else out.push(make(() => 1), make(() => -1));
    return out;
  },
  saddle: (dim, params) => ({ x: zeros(dim), f: 0, index: saddleIndex(params, dim) }),
  evaluate(x, grad, params, dim) {
    const k = saddleIndex(params, dim);
    let f = 0;
    for (let i = 0; i < dim; i++) {
      const v = x[i];
      if (i < dim - k) {
        f += v * v;
        if (grad) grad[i] = 2 * v;
      } else {
        f += -v * v + 0.25 * v ** 4;
        if (grad) grad[i] = -2 * v + v ** 3;
      }
    }
    return f;
  },
};
