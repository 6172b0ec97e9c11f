import wgsl from '../../shaders/optimizers/adagrad.wgsl?raw';
import { EPS } from './hyperparameters';
import { defineOptimizer } from './types';

/** AdaGrad (PyTorch's torch.optim.Adagrad, no learning-rate decay, zero initial sum). */
export const adagrad = defineOptimizer({
  id: 'adagrad',
  label: 'AdaGrad',
  hyperparameters: [EPS],
  moments: 2,
  wgsl,
  update(h, x, g, mo, k) {
    mo.v = mo.v + g * g;
    return x - (k.lr * g) / (Math.sqrt(mo.v) + h.eps);
  },
});
