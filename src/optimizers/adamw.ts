import wgsl from '../../shaders/optimizers/adamw.wgsl?raw';
import { adam } from './adam';
import { BETA1, BETA2, EPS } from './hyperparameters';
import { defineHyperparameter, defineOptimizer } from './types';

export const WEIGHT_DECAY = defineHyperparameter({
  key: 'weightDecay',
  label: 'AdamW weight decay',
  default: 0.01,
  min: 0,
  max: 1,
  help: 'Each step first shrinks x by the factor 1 - lr * weight decay, apart from the gradient.',
});

/** AdamW (PyTorch's torch.optim.AdamW): decoupled weight decay, then the Adam step. */
export const adamw = defineOptimizer({
  id: 'adamw',
  label: 'AdamW',
  hyperparameters: [BETA1, BETA2, EPS, WEIGHT_DECAY],
  moments: 2,
  // Calls adam_update: Adam is in the registry, so its WGSL is always in the same module.
  wgsl,
  update: (h, x, g, mo, k) => adam.update(h, x * (1 - k.lr * h.weightDecay), g, mo, k),
});
