/**
 * Run settings as rows of the settings table: the ones every optimizer shares (optimizer, step
 * size, noise, convergence, divergence bound) and each optimizer's own hyperparameters, made
 * from the registry's definitions. The engine's defaults and validation and the explorer's
 * schema all read these rows, so a new optimizer's hyperparameters need no line here.
 */
import { checkValue, choice, number, optionalNumber, type NumberRow, type Row } from '../settings/rows';
import { LR } from './hyperparameters';
import {
  hyperparameterDefs, NOISE_NAMES, OPTIMIZER_DEFS, OPTIMIZER_NAMES, type Hyperparameters, type NoiseKind, type OptimizerKind,
} from './registry';
import type { Hyperparameter } from './types';

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
  /** Step sizes spread over the particles, from lr to lrSweepTo (1: every particle takes lr; see sweep.ts). */
  lrSweepCount: number;
  lrSweepTo: number;
  /** A particle whose gradient norm is below this counts as converged. */
  convergeTol: number;
  /** |x_d| past this marks a particle diverged; null takes the landscape's own bound. */
  bound: number | null;
  /**
   * A particle has escaped (from a saddle) once its loss falls below this; its age then is its
   * escape time. null: not tracked (the explorer derives it from the known saddle).
   */
  escapeLoss: number | null;
}

/** A hyperparameter definition as a settings row, shown in the panel while the chosen optimizer reads it. */
function hyperparameterRow(h: Hyperparameter, usedBy: readonly string[] | null): NumberRow {
  const users = usedBy?.map((id) => OPTIMIZER_NAMES[id as OptimizerKind]).join(', ');
  return number({
    default: h.default,
    min: h.min,
    max: h.max,
    maxOpen: h.maxExclusive,
    integer: h.integer,
    log: h.log,
    step: h.log || h.integer ? undefined : (h.max - h.min) / 1000,
    unit: h.unit,
    label: h.label,
    folder: 'Optimizer',
    trigger: 'run',
    help: `${h.help ?? h.label}${users ? ` (${users})` : ''}`,
    shownWhen: usedBy ? (s) => usedBy.includes(s.optimizer as string) : undefined,
  });
}

const noiseIs = (...kinds: NoiseKind[]) => (s: Record<string, unknown>) => kinds.includes(s.noise as NoiseKind);

/** The rows every run has, in the panel's order. */
export const RUN_ROWS = {
  optimizer: choice({
    default: 'gd', label: 'optimizer', folder: 'Optimizer', trigger: 'run', choices: OPTIMIZER_NAMES,
    help: "The update rule (PyTorch's conventions).",
  }),
  lr: hyperparameterRow(LR, null),
  lrSweepCount: number({
    default: 1, min: 1, max: 4096, integer: true, label: 'step sizes swept', folder: 'Optimizer', trigger: 'run',
    help:
      'Spread the step size over the particles: particle p takes the (p mod this)-th of this many step sizes from lr to ' +
      "the value below, evenly spaced on a log scale, so each step size gets particles/this seeds. 1: every particle takes lr.",
  }),
  lrSweepTo: number({
    default: 0.1, min: 1e-6, max: 10, log: true, label: 'sweep up to lr', folder: 'Optimizer', trigger: 'run',
    help: 'The last step size of the sweep (it may be below lr).', shownWhen: (s) => (s.lrSweepCount as number) > 1,
  }),
  noise: choice({
    default: 'none', label: 'noise', folder: 'Noise', trigger: 'run', choices: NOISE_NAMES,
    help: 'Gradient noise (SGD-like), Langevin dynamics, or perturbed gradient descent.',
  }),
  noiseScale: number({
    default: 0.1, min: 1e-6, max: 100, log: true, label: 'noise σ / temperature', folder: 'Noise', trigger: 'run',
    help: 'Standard deviation of the gradient noise, or the Langevin temperature.', shownWhen: noiseIs('gradient', 'langevin'),
  }),
  kickThreshold: number({
    default: 0.1, min: 1e-6, max: 100, log: true, label: 'kick when |∇f| <', folder: 'Noise', trigger: 'run',
    help: 'Perturbed GD kicks a particle whose gradient norm is below this …', shownWhen: noiseIs('perturbed'),
  }),
  kickRadius: number({
    default: 0.1, min: 1e-6, max: 100, log: true, label: 'kick radius', folder: 'Noise', trigger: 'run',
    help: '… to a point uniform in a ball of this radius …', shownWhen: noiseIs('perturbed'),
  }),
  kickInterval: number({
    default: 20, min: 1, max: 10_000, integer: true, label: 'kick at most every', unit: 'steps', folder: 'Noise', trigger: 'run',
    help: '… at most once every this many steps.', shownWhen: noiseIs('perturbed'),
  }),
  convergeTol: number({
    default: 1e-3, min: 0, max: 1e6, label: 'converged: |∇f| below', folder: 'Optimizer', trigger: 'run',
    help: 'A particle whose gradient norm is below this counts as converged.',
  }),
  bound: optionalNumber({
    default: null, min: 0, minOpen: true, label: 'diverged past |x| >', folder: null, trigger: 'run',
    help: "A coordinate past this marks a particle diverged; null (auto) takes the landscape's own bound.",
  }),
};

/** One row per optimizer hyperparameter key (lr aside), in the registry's order of first use. */
export const HYPERPARAMETER_ROWS: Readonly<Record<string, NumberRow>> = Object.fromEntries(
  [...hyperparameterDefs()].map(([key, h]) => [
    key,
    hyperparameterRow(h, OPTIMIZER_DEFS.filter((d) => d.hyperparameters.some((x) => x.key === key)).map((d) => d.id)),
  ]),
);

const ALL_ROWS: Readonly<Record<string, Row>> = { ...RUN_ROWS, ...HYPERPARAMETER_ROWS };

export const DEFAULT_RUN: Readonly<RunSettings> = Object.freeze({
  ...(Object.fromEntries(Object.entries(ALL_ROWS).map(([k, row]) => [k, row.default])) as Omit<RunSettings, 'escapeLoss'>),
  escapeLoss: null,
});

/** Rejects run settings by the same rows the explorer's settings use: a RangeError names the key and what it must be. */
export function validateRun(s: RunSettings): void {
  for (const [key, row] of Object.entries(ALL_ROWS)) {
    const problem = checkValue(key, row, (s as unknown as Record<string, unknown>)[key]);
    if (problem) throw new RangeError(problem);
  }
  if (s.escapeLoss !== null && !(typeof s.escapeLoss === 'number' && Number.isFinite(s.escapeLoss))) {
    throw new RangeError(`escapeLoss = ${s.escapeLoss} was refused: it must be a finite number or null.`);
  }
}
