import type { Landscape } from './types';
import { MAX_DIM } from './separable';
import rosenbrockWgsl from '../../shaders/landscapes/rosenbrock.wgsl?raw';
import ackleyWgsl from '../../shaders/landscapes/ackley.wgsl?raw';

export const rosenbrock: Landscape = {
  id: 'rosenbrock',
  name: 'Rosenbrock',
  formula: 'f(x) = Σᵢ₌₁ᴰ⁻¹ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: rosenbrockWgsl,
  params: [],
  box: [-2, 2],
  bound: 1e6,
  minima: (dim) => [{ x: new Array<number>(dim).fill(1), f: 0 }],
  evaluate(x, grad, _params, dim) {
    let f = 0;
    if (grad) grad.fill(0, 0, dim);
    for (let i = 0; i + 1 < dim; i++) {
      const t = x[i + 1] - x[i] * x[i];
      f += 100 * t * t + (1 - x[i]) ** 2;
      if (grad) {
        grad[i] += -400 * x[i] * t - 2 * (1 - x[i]);
        grad[i + 1] += 200 * t;
      }
    }
    return f;
  },
};

export const ackley: Landscape = {
  id: 'ackley',
  name: 'Ackley',
  formula: 'f(x) = −20 exp(−0.2 √(mean xᵢ²)) − exp(mean cos 2πxᵢ) + 20 + e',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: ackleyWgsl,
  params: [],
  box: [-5, 5],
  bound: 1e6,
  minima: (dim) => [{ x: new Array<number>(dim).fill(0), f: 0 }],
  evaluate(x, grad, _params, dim) {
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < dim; i++) {
      s1 += x[i] * x[i];
      s2 += Math.cos(2 * Math.PI * x[i]);
    }
    const r = Math.sqrt(s1 / dim);
    const e1 = Math.exp(-0.2 * r);
    const e2 = Math.exp(s2 / dim);
    if (grad) {
      const radial = r > 0 ? (20 * 0.2 * e1) / (dim * r) : 0;
      for (let i = 0; i < dim; i++) {
        grad[i] = radial * x[i] + (e2 / dim) * 2 * Math.PI * Math.sin(2 * Math.PI * x[i]);
      }
    }
    return -20 * e1 - e2 + 20 + Math.E;
  },
};
