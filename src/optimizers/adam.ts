import wgsl from '../../shaders/optimizers/adam.wgsl?raw';
import { BETA1, BETA2, EPS } from './hyperparameters';
import { defineOptimizer } from './types';

/** Adam (PyTorch's torch.optim.Adam without weight decay or amsgrad). */
export const adam = defineOptimizer({
  id: 'adam',
  label: 'Adam',
  hyperparameters: [BETA1, BETA2, EPS],
  moments: 2,
  wgsl,
  update(h, x, g, mo, k) {
    mo.m = h.beta1 * mo.m + (1 - h.beta1) * g;
    mo.v = h.beta2 * mo.v + (1 - h.beta2) * g * g;
    return x - (k.lr * (mo.m / k.bias1)) / (Math.sqrt(mo.v / k.bias2) + h.eps);
  },
});
