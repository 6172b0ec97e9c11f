/**
 * The optimizer registry. Each optimizer is one module (./gd.ts, ./adam.ts, ...) declaring its
 * hyperparameters, its WGSL update rule and that rule's TypeScript twin; everything else derives
 * from the list below: the WGSL codes and dispatch and the uniform fields (./wgsl.ts), the
 * values written into the uniform, the settings rows, defaults and validation (./run.ts). Also:
 * the noise kinds. PyTorch's conventions throughout.
 */
import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamw } from './adamw';
import { gd } from './gd';
import { LR } from './hyperparameters';
import { lion } from './lion';
import { momentum } from './momentum';
import { nesterov } from './nesterov';
import { rmsprop } from './rmsprop';
import type { Hyperparameter, OptimizerDef } from './types';

export type { Hyperparameter, Moments, OptimizerDef, StepContext } from './types';
export { LR };

/** Every optimizer, in the order of their WGSL codes (OPT_<ID> is the index here). */
export const OPTIMIZER_DEFS = [gd, momentum, nesterov, adam, rmsprop, adagrad, adamw, lion] as const;

export type OptimizerKind = (typeof OPTIMIZER_DEFS)[number]['id'];
/** Keys of the optimizers' own hyperparameters (the step size lr is every optimizer's and not among them). */
export type HyperparameterKey = (typeof OPTIMIZER_DEFS)[number]['hyperparameters'][number]['key'];

/** Any registered optimizer: its twin takes every run setting. */
export type RegisteredOptimizer = OptimizerDef<OptimizerKind, HyperparameterKey>;

export const OPTIMIZERS: readonly OptimizerKind[] = OPTIMIZER_DEFS.map((d) => d.id);

export const OPTIMIZER_NAMES = Object.fromEntries(OPTIMIZER_DEFS.map((d) => [d.id, d.label])) as Readonly<
  Record<OptimizerKind, string>
>;

export function optimizerDef(id: OptimizerKind): RegisteredOptimizer {
  const def: RegisteredOptimizer | undefined = OPTIMIZER_DEFS.find((d) => d.id === id);
  if (!def) throw new RangeError(`Unknown optimizer "${id}". Known: ${OPTIMIZERS.join(', ')}.`);
  return def;
}

/** The value of the OPTIMIZER override constant that selects this optimizer's update rule. */
export function optimizerCode(id: OptimizerKind): number {
  const code = OPTIMIZERS.indexOf(id);
  if (code < 0) throw new RangeError(`Unknown optimizer "${id}". Known: ${OPTIMIZERS.join(', ')}.`);
  return code;
}

// A key read by several optimizers has one definition (a test checks it), so the first wins.
const UNION = new Map<HyperparameterKey, Hyperparameter<HyperparameterKey>>();
for (const def of OPTIMIZER_DEFS) for (const h of def.hyperparameters) if (!UNION.has(h.key)) UNION.set(h.key, h);

/** Every optimizer's own hyperparameter definitions, by key, in the registry's order of first use. */
export function hyperparameterDefs(): ReadonlyMap<HyperparameterKey, Hyperparameter<HyperparameterKey>> {
  return UNION;
}

/** The step size, then every optimizer's hyperparameters: the fields of the WGSL struct Hyperparameters. */
export function uniformHyperparameters(): readonly Hyperparameter<'lr' | HyperparameterKey>[] {
  return [LR, ...UNION.values()];
}

export const NOISES = ['none', 'gradient', 'langevin', 'perturbed'] as const;
export type NoiseKind = (typeof NOISES)[number];

export const NOISE_NAMES: Record<NoiseKind, string> = {
  none: 'None',
  gradient: 'Gaussian gradient noise (SGD-like)',
  langevin: 'Langevin dynamics',
  perturbed: 'Perturbed GD (kick when the gradient is small)',
};

/** The value of the NOISE override constant (NOISE_<KIND> in WGSL is the index in NOISES). */
export function noiseCode(kind: NoiseKind): number {
  return NOISES.indexOf(kind);
}

/** The step size and each optimizer's hyperparameters, by key (see hyperparameterDefs). */
export type Hyperparameters = Record<'lr' | HyperparameterKey, number>;
