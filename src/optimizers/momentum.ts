import wgsl from '../../shaders/optimizers/momentum.wgsl?raw';
import { MOMENTUM } from './hyperparameters';
import { defineOptimizer } from './types';

/** Heavy-ball momentum (PyTorch's SGD with momentum). */
export const momentum = defineOptimizer({
  id: 'momentum',
  label: 'Heavy-ball momentum',
  hyperparameters: [MOMENTUM],
  moments: 1,
  wgsl,
  update(h, x, g, mo, k) {
    mo.m = h.momentum * mo.m + g;
    return x - k.lr * mo.m;
  },
});
