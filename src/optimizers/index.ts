/**
 * Optimizers and noise: their settings, their WGSL codes, and the TypeScript twin of
 * shaders/optimizer.wgsl (PyTorch's conventions).
 */

export const OPTIMIZERS = ['gd', 'momentum', 'nesterov', 'adam', 'rmsprop', 'adagrad'] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

export const OPTIMIZER_NAMES: Record<OptimizerKind, string> = {
  gd: 'Gradient descent',
  momentum: 'Heavy-ball momentum',
  nesterov: 'Nesterov',
  adam: 'Adam',
  rmsprop: 'RMSProp',
  adagrad: 'AdaGrad',
};

export const NOISES = ['none', 'gradient', 'langevin', 'perturbed'] as const;
export type NoiseKind = (typeof NOISES)[number];

export const NOISE_NAMES: Record<NoiseKind, string> = {
  none: 'None',
  gradient: 'Gaussian gradient noise (SGD-like)',
  langevin: 'Langevin dynamics',
  perturbed: 'Perturbed GD (kick when the gradient is small)',
};

/** Everything that moves particles; each field can change live, between steps. */
export interface RunSettings {
  optimizer: OptimizerKind;
  /** Step size, 1e-6 to 10. */
  lr: number;
  /** Heavy-ball and Nesterov coefficient. */
  momentum: number;
  /** Adam's moment decays. */
  beta1: number;
  beta2: number;
  /** RMSProp's decay. */
  rho: number;
  /** Adam, RMSProp and AdaGrad denominator guard. */
  eps: number;
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
  lr: 0.01,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  rho: 0.9,
  eps: 1e-8,
  noise: 'none',
  noiseScale: 0.1,
  kickThreshold: 0.1,
  kickRadius: 0.1,
  kickInterval: 20,
  convergeTol: 1e-3,
  bound: null,
  escapeLoss: null,
};

export const LR_RANGE: readonly [number, number] = [1e-6, 10];

/** Rejects settings no optimizer can use, with the reason. */
export function validateRun(s: RunSettings): void {
  const fail = (msg: string) => {
    throw new RangeError(msg);
  };
  if (!OPTIMIZERS.includes(s.optimizer)) fail(`Unknown optimizer "${s.optimizer}". Known: ${OPTIMIZERS.join(', ')}.`);
  if (!NOISES.includes(s.noise)) fail(`Unknown noise "${s.noise}". Known: ${NOISES.join(', ')}.`);
  if (!(s.lr >= LR_RANGE[0] && s.lr <= LR_RANGE[1])) fail(`Step size ${s.lr} is outside [${LR_RANGE[0]}, ${LR_RANGE[1]}].`);
  for (const key of ['momentum', 'beta1', 'beta2', 'rho'] as const) {
    if (!(s[key] >= 0 && s[key] < 1)) fail(`${key} = ${s[key]} must be in [0, 1).`);
  }
  if (!(s.eps > 0)) fail(`eps = ${s.eps} must be positive.`);
  if (!(s.noiseScale >= 0 && Number.isFinite(s.noiseScale))) fail(`Noise scale ${s.noiseScale} must be finite and >= 0.`);
  if (!(s.kickRadius >= 0) || !(s.kickThreshold >= 0)) fail('Kick radius and threshold must be >= 0.');
  if (!(Number.isInteger(s.kickInterval) && s.kickInterval >= 1)) fail(`Kick interval ${s.kickInterval} must be a whole number >= 1.`);
  if (!(s.convergeTol >= 0)) fail(`Convergence tolerance ${s.convergeTol} must be >= 0.`);
  if (s.bound !== null && !(s.bound > 0)) fail(`Bound ${s.bound} must be positive.`);
  if (s.escapeLoss !== null && !Number.isFinite(s.escapeLoss)) fail(`Escape loss ${s.escapeLoss} must be a finite number or null.`);
}

/** State of one coordinate's optimizer, as in shaders/optimizer.wgsl. */
export interface Moments {
  m: number;
  v: number;
}

/** TypeScript twin of optimizer_update: returns the new x and updates the moments in place. */
export function optimizerUpdate(s: RunSettings, x: number, g: number, mo: Moments, bias1: number, bias2: number): number {
  switch (s.optimizer) {
    case 'momentum':
      mo.m = s.momentum * mo.m + g;
      return x - s.lr * mo.m;
    case 'nesterov':
      mo.m = s.momentum * mo.m + g;
      return x - s.lr * (g + s.momentum * mo.m);
    case 'adam':
      mo.m = s.beta1 * mo.m + (1 - s.beta1) * g;
      mo.v = s.beta2 * mo.v + (1 - s.beta2) * g * g;
      return x - (s.lr * (mo.m / bias1)) / (Math.sqrt(mo.v / bias2) + s.eps);
    case 'rmsprop':
      mo.v = s.rho * mo.v + (1 - s.rho) * g * g;
      return x - (s.lr * g) / (Math.sqrt(mo.v) + s.eps);
    case 'adagrad':
      mo.v = mo.v + g * g;
      return x - (s.lr * g) / (Math.sqrt(mo.v) + s.eps);
    default:
      return x - s.lr * g;
  }
}
