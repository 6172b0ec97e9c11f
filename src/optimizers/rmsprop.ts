import wgsl from '../../shaders/optimizers/rmsprop.wgsl?raw';
import { EPS } from './hyperparameters';
import { defineHyperparameter, defineOptimizer } from './types';

export const RHO = defineHyperparameter({
  key: 'rho',
  label: 'RMSProp ρ',
  default: 0.9,
  min: 0,
  max: 1,
  maxExclusive: true,
  help: "Decay of the running mean of the squared gradient (PyTorch's alpha).",
});

/** RMSProp (PyTorch's torch.optim.RMSprop, not centred, no momentum). */
export const rmsprop = defineOptimizer({
  id: 'rmsprop',
  label: 'RMSProp',
  hyperparameters: [RHO, EPS],
  moments: 2,
  wgsl,
  update(h, x, g, mo, k) {
    mo.v = h.rho * mo.v + (1 - h.rho) * g * g;
    return x - (k.lr * g) / (Math.sqrt(mo.v) + h.eps);
  },
});
