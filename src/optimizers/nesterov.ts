import wgsl from '../../shaders/optimizers/nesterov.wgsl?raw';
import { MOMENTUM } from './hyperparameters';
import { defineOptimizer } from './types';

/** Nesterov momentum (PyTorch's SGD with nesterov=True). */
export const nesterov = defineOptimizer({
  id: 'nesterov',
  label: 'Nesterov',
  hyperparameters: [MOMENTUM],
  moments: 1,
  wgsl,
  update(h, x, g, mo, k) {
    mo.m = h.momentum * mo.m + g;
    return x - k.lr * (g + h.momentum * mo.m);
  },
});
