/**
 * Hyperparameters read by more than one optimizer: one definition each, imported by every
 * optimizer that reads it (a registry test checks no key is defined twice).
 */
import { defineHyperparameter } from './types';

/** Every optimizer's step size. */
export const LR = defineHyperparameter({
  key: 'lr',
  label: 'step size',
  // Small enough for every built-in landscape's whole view box (Himmelblau's corners diverge at 0.01).
  default: 0.002,
  min: 1e-6,
  max: 10,
  log: true,
  help: 'Learning rate: how far one step moves along the update direction.',
});

/** Heavy-ball and Nesterov momentum (PyTorch's SGD momentum). */
export const MOMENTUM = defineHyperparameter({
  key: 'momentum',
  label: 'momentum',
  default: 0.9,
  min: 0,
  max: 1,
  maxExclusive: true,
  help: 'Weight of the previous update direction.',
});

/** Adam's and AdamW's first-moment decay. */
export const BETA1 = defineHyperparameter({
  key: 'beta1',
  label: 'Adam β₁',
  default: 0.9,
  min: 0,
  max: 1,
  maxExclusive: true,
  help: 'Decay of the running mean of the gradient.',
});

/** Adam's and AdamW's second-moment decay. */
export const BETA2 = defineHyperparameter({
  key: 'beta2',
  label: 'Adam β₂',
  default: 0.999,
  min: 0,
  max: 1,
  maxExclusive: true,
  help: 'Decay of the running mean of the squared gradient.',
});

/** The denominator guard of Adam, AdamW, RMSProp and AdaGrad. */
export const EPS = defineHyperparameter({
  key: 'eps',
  label: 'ε',
  default: 1e-8,
  min: 1e-12,
  max: 1,
  log: true,
  help: 'Added to the root of the second moment, so tiny gradients take bounded steps.',
});
