import type { Landscape } from './types';
import himmelblauWgsl from '../../shaders/landscapes/himmelblau.wgsl?raw';
import bealeWgsl from '../../shaders/landscapes/beale.wgsl?raw';
import camelWgsl from '../../shaders/landscapes/six_hump_camel.wgsl?raw';
import monkeyWgsl from '../../shaders/landscapes/monkey_saddle.wgsl?raw';

const TWO_D = { min: 2, max: 2, default: 2 };

export const himmelblau: Landscape = {
  id: 'himmelblau',
  name: 'Himmelblau',
  formula: 'f(x, y) = (x² + y − 11)² + (x + y² − 7)²',
  dims: TWO_D,
  wgsl: himmelblauWgsl,
  params: [],
  box: [-5, 5],
  bound: 1e6,
  minima: () => [
    { x: [3, 2], f: 0 },
    { x: [-2.805118086952745, 3.131312518250573], f: 0 },
    { x: [-3.779310253377747, -3.283185991286170], f: 0 },
    { x: [3.584428340330492, -1.848126526964404], f: 0 },
  ],
  evaluate(x, grad) {
    const a = x[0] * x[0] + x[1] - 11;
    const b = x[0] + x[1] * x[1] - 7;
    if (grad) {
      grad[0] = 4 * x[0] * a + 2 * b;
      grad[1] = 2 * a + 4 * x[1] * b;
    }
    return a * a + b * b;
  },
};

export const beale: Landscape = {
  id: 'beale',
  name: 'Beale',
  formula: 'f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²',
  dims: TWO_D,
  wgsl: bealeWgsl,
  params: [],
  box: [-4.5, 4.5],
  bound: 1e6,
  minima: () => [{ x: [3, 0.5], f: 0 }],
  evaluate(x, grad) {
    const [u, v] = [x[0], x[1]];
    const t1 = 1.5 - u + u * v;
    const t2 = 2.25 - u + u * v * v;
    const t3 = 2.625 - u + u * v ** 3;
    if (grad) {
      grad[0] = 2 * (t1 * (v - 1) + t2 * (v * v - 1) + t3 * (v ** 3 - 1));
      grad[1] = 2 * u * (t1 + 2 * t2 * v + 3 * t3 * v * v);
    }
    return t1 * t1 + t2 * t2 + t3 * t3;
  },
};

export const sixHumpCamel: Landscape = {
  id: 'six-hump-camel',
  name: 'Six-hump camel',
  formula: 'f(x, y) = (4 − 2.1x² + x⁴/3) x² + xy + (4y² − 4) y²',
  dims: TWO_D,
  wgsl: camelWgsl,
  params: [],
  box: [-2, 2],
  bound: 1e6,
  minima: () => [
    { x: [0.08984201368301331, -0.7126564032704135], f: -1.031628453489877 },
    { x: [-0.08984201368301331, 0.7126564032704135], f: -1.031628453489877 },
  ],
  evaluate(x, grad) {
    const [u, v] = [x[0], x[1]];
    if (grad) {
      grad[0] = 8 * u - 8.4 * u ** 3 + 2 * u ** 5 + v;
      grad[1] = u - 8 * v + 16 * v ** 3;
    }
    return (4 - 2.1 * u * u + u ** 4 / 3) * u * u + u * v + (4 * v * v - 4) * v * v;
  },
};

export const monkeySaddle: Landscape = {
  id: 'monkey-saddle',
  name: 'Monkey saddle',
  formula: 'f(x, y) = x³ − 3xy²  (unbounded below)',
  dims: TWO_D,
  wgsl: monkeyWgsl,
  params: [],
  box: [-1.5, 1.5],
  bound: 1e3,
  minima: () => [],
  noKnownMinimum: 'unbounded below',
  // Degenerate: the Hessian vanishes there, so escape is slow (polynomial, not exponential).
  saddle: () => ({ x: [0, 0], f: 0, index: 0 }),
  evaluate(x, grad) {
    const [u, v] = [x[0], x[1]];
    if (grad) {
      grad[0] = 3 * u * u - 3 * v * v;
      grad[1] = -6 * u * v;
    }
    return u ** 3 - 3 * u * v * v;
  },
};
