import wgsl from '../../shaders/optimizers/lion.wgsl?raw';
import { defineHyperparameter, defineOptimizer } from './types';

// Lion's betas have keys of their own: their defaults differ from Adam's.
export const LION_BETA1 = defineHyperparameter({
  key: 'lionBeta1',
  label: 'Lion β₁',
  default: 0.9,
  min: 0,
  max: 1,
  maxExclusive: true,
  help: 'Weight of the momentum in the direction whose sign is the step.',
});

export const LION_BETA2 = defineHyperparameter({
  key: 'lionBeta2',
  label: 'Lion β₂',
  default: 0.99,
  min: 0,
  max: 1,
  maxExclusive: true,
  help: 'Decay of the momentum itself.',
});

export const LION_WEIGHT_DECAY = defineHyperparameter({
  key: 'lionWeightDecay',
  label: 'Lion weight decay',
  default: 0,
  min: 0,
  max: 1,
  help: 'Each step first shrinks x by the factor 1 - lr * weight decay, apart from the sign step.',
});

/** Lion (Chen et al. 2023), as in the authors' and lion-pytorch's code. */
export const lion = defineOptimizer({
  id: 'lion',
  label: 'Lion',
  hyperparameters: [LION_BETA1, LION_BETA2, LION_WEIGHT_DECAY],
  moments: 1,
  wgsl,
  update(h, x, g, mo, k) {
    const c = h.lionBeta1 * mo.m + (1 - h.lionBeta1) * g;
    mo.m = h.lionBeta2 * mo.m + (1 - h.lionBeta2) * g;
    return x * (1 - k.lr * h.lionWeightDecay) - k.lr * Math.sign(c);
  },
});
