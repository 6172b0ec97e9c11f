/**
 * The settings rows of a run that every optimizer shares (step size, noise, convergence,
 * divergence bound). Each optimizer's own hyperparameters are rows made from its definition.
 * The engine validates run settings with these rows; the explorer's schema includes them.
 */
import { choice, number, optionalNumber } from '../settings/rows';
import { NOISE_NAMES, OPTIMIZER_NAMES } from './index';

const noiseIs = (...kinds: string[]) => (s: Record<string, unknown>) => kinds.includes(s.noise as string);

export const RUN_ROWS = {
  optimizer: choice({
    default: 'gd', label: 'optimizer', folder: 'Optimizer', trigger: 'run', choices: OPTIMIZER_NAMES,
    help: "The update rule (PyTorch's conventions).",
  }),
  lr: number({
    default: 0.002, min: 1e-6, max: 10, log: true, label: 'step size', folder: 'Optimizer', trigger: 'run',
    help: 'Step size (learning rate) η.',
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
