import wgsl from '../../shaders/optimizers/gd.wgsl?raw';
import { defineOptimizer } from './types';

export const gd = defineOptimizer({
  id: 'gd',
  label: 'Gradient descent',
  hyperparameters: [],
  moments: 0,
  wgsl,
  update: (_h, x, g, _mo, k) => x - k.lr * g,
});
