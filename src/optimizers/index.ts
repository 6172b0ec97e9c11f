/**
 * The optimizer registry. Each optimizer is one module (./gd.ts, ./adam.ts, ...) declaring its
 * hyperparameters, its WGSL update rule and that rule's TypeScript twin; everything else derives
 * from the list below: the WGSL codes and dispatch and the uniform fields (./wgsl.ts), the
 * values written into the uniform, the defaults and validation. Also: noise kinds and the
 * run settings. PyTorch's conventions throughout.
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

/** Everything that moves particles; each field can change live, between steps. */
export interface RunSettings extends Hyperparameters {
  optimizer: OptimizerKind;
  noise: NoiseKind;
  /** Gradient noise standard deviation, or Langevin temperature. */
  noiseScale: number;
  /** Perturbed GD: kick when the gradient norm is below this ... */
  kickThreshold: number;
  /** ... by a point uniform in a ball of this radius ... */
  kickRadius: number;
  /** ... at most once every this many steps. */
  kickInterval: number;
  /** A particle whose gradient norm is below this counts as converged. */
  convergeTol: number;
  /** |x_d| past this marks a particle diverged; null takes the landscape's own bound. */
  bound: number | null;
  /**
   * A particle has escaped (from a saddle) once its loss falls below this; its age then is its
   * escape time. null: not tracked.
   */
  escapeLoss: number | null;
}

export const DEFAULT_RUN: Readonly<RunSettings> = {
  optimizer: 'gd',
  ...(Object.fromEntries(uniformHyperparameters().map((h) => [h.key, h.default])) as Hyperparameters),
  noise: 'none',
  noiseScale: 0.1,
  kickThreshold: 0.1,
  kickRadius: 0.1,
  kickInterval: 20,
  convergeTol: 1e-3,
  bound: null,
  escapeLoss: null,
};

/** "[min, max]", or "[min, max)" when max is excluded. */
export function hyperparameterRange(h: Hyperparameter): string {
  return `[${h.min}, ${h.max}${h.maxExclusive ? ')' : ']'}`;
}

/** Throws a RangeError naming the setting, its key and its range unless value is a finite number in range (and whole, if it must be). */
export function checkHyperparameter(h: Hyperparameter, value: unknown): void {
  const inRange =
    typeof value === 'number' && Number.isFinite(value) && value >= h.min && (h.maxExclusive ? value < h.max : value <= h.max);
  if (inRange && (!h.integer || Number.isInteger(value))) return;
  const name = h.label.replace(/^[a-z]/, (c) => c.toUpperCase());
  const what = inRange ? 'is not a whole number in' : 'is outside';
  throw new RangeError(`${name} ${value} ${what} ${hyperparameterRange(h)} (${h.key}).`);
}

/** Rejects settings no optimizer can use, with the reason. */
export function validateRun(s: RunSettings): void {
  const fail = (msg: string) => {
    throw new RangeError(msg);
  };
  if (!OPTIMIZERS.includes(s.optimizer)) fail(`Unknown optimizer "${s.optimizer}". Known: ${OPTIMIZERS.join(', ')}.`);
  if (!NOISES.includes(s.noise)) fail(`Unknown noise "${s.noise}". Known: ${NOISES.join(', ')}.`);
  for (const h of uniformHyperparameters()) checkHyperparameter(h, s[h.key]);
  if (!(s.noiseScale >= 0 && Number.isFinite(s.noiseScale))) fail(`Noise scale ${s.noiseScale} must be finite and >= 0.`);
  if (!(s.kickRadius >= 0) || !(s.kickThreshold >= 0)) fail('Kick radius and threshold must be >= 0.');
  if (!(Number.isInteger(s.kickInterval) && s.kickInterval >= 1)) fail(`Kick interval ${s.kickInterval} must be a whole number >= 1.`);
  if (!(s.convergeTol >= 0)) fail(`Convergence tolerance ${s.convergeTol} must be >= 0.`);
  if (s.bound !== null && !(s.bound > 0)) fail(`Bound ${s.bound} must be positive.`);
  if (s.escapeLoss !== null && !Number.isFinite(s.escapeLoss)) fail(`Escape loss ${s.escapeLoss} must be a finite number or null.`);
}
