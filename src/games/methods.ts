/**
 * Game optimizers for particles, each particle one (x, y) pair. With F(z) = (∇x f, −∇y f), the
 * field both players descend, and η = (ηx on x, ηy on y):
 *
 * - gda: simultaneous gradient descent–ascent, z' = z − η F(z).
 * - alternating: x' = x − ηx ∇x f(x, y), then y' = y + ηy ∇y f(x', y).
 * - extragradient (Korpelevich 1976): z½ = z − η F(z), z' = z − η F(z½).
 * - optimistic (OGDA, Daskalakis et al. 2018): z' = z − η (2 F(z) − F(z_prev)).
 * - momentum: heavy ball on simultaneous GDA, v' = β v − η F(z), z' = z + v'.
 * - alternating-momentum (Gidel et al. 2019, "Negative momentum for improved game dynamics"):
 *   the same on x first, then on y at the new x; negative β makes the bilinear game converge.
 * - optimistic-momentum: v' = β v − η (2 F(z) − F(z_prev)), z' = z + v'.
 *
 * At a (re)start v = 0 and F(z_prev) = F(z), so the first optimistic step is a GDA step.
 * The twin is ./gameReference.ts; the per-step factors on the bilinear game, ./closedForm.ts.
 */

export const GAME_METHODS = [
  'gda',
  'alternating',
  'extragradient',
  'optimistic',
  'momentum',
  'alternating-momentum',
  'optimistic-momentum',
] as const;
export type GameMethod = (typeof GAME_METHODS)[number];

export const METHOD_LABELS: Readonly<Record<GameMethod, string>> = {
  gda: 'Simultaneous GDA',
  alternating: 'Alternating GDA',
  extragradient: 'Extragradient',
  optimistic: 'Optimistic GDA',
  momentum: 'GDA + momentum',
  'alternating-momentum': 'Alternating GDA + momentum',
  'optimistic-momentum': 'Optimistic GDA + momentum',
};

/** The method's code in WGSL (METHOD_* constants, emitted by ./gameKernels.ts). */
export const methodCode = (method: GameMethod): number => GAME_METHODS.indexOf(method);

export const usesMomentum = (method: GameMethod): boolean => method.endsWith('momentum');
export const isAlternating = (method: GameMethod): boolean => method.startsWith('alternating');
export const isOptimistic = (method: GameMethod): boolean => method.startsWith('optimistic');

/** Full gradients per step (the work budget's count). */
export const gradientsPerStep = (method: GameMethod): number => (method === 'extragradient' ? 2 : 1);

export interface GameHyperparameters {
  /** Step size of the minimising player x. */
  etaX: number;
  /** Step size of the maximising player y. */
  etaY: number;
  /** Heavy-ball coefficient β of the momentum methods, in (−1, 1); negative values allowed. */
  momentum: number;
  /** A particle is diverged (frozen, counted apart) once a coordinate is non-finite or past ±bound. */
  bound: number;
}

export const DEFAULT_GAME_HYPERPARAMETERS: Readonly<GameHyperparameters> = { etaX: 0.1, etaY: 0.1, momentum: -0.3, bound: 1e6 };

export const MAX_GAME_STEP = 10;
/** Largest bound: squares of coordinates up to it, summed over 4,096 of them, stay finite in f32. */
export const MAX_GAME_BOUND = 1e15;

export function validateMethod(method: GameMethod): void {
  if (!GAME_METHODS.includes(method)) {
    throw new RangeError(`method = ${String(method)} was refused: it must be one of ${GAME_METHODS.join(', ')}.`);
  }
}

export function validateHyperparameters(h: GameHyperparameters): void {
  for (const key of ['etaX', 'etaY'] as const) {
    const v = h[key];
    if (!(Number.isFinite(v) && v > 0 && v <= MAX_GAME_STEP)) {
      throw new RangeError(`${key} = ${v} was refused: it must be a number above 0 and at most MAX_GAME_STEP = ${MAX_GAME_STEP}.`);
    }
  }
  if (!(Number.isFinite(h.momentum) && h.momentum > -1 && h.momentum < 1)) {
    throw new RangeError(`momentum = ${h.momentum} was refused: it must be a number strictly between −1 and 1.`);
  }
  if (!(Number.isFinite(h.bound) && h.bound > 0 && h.bound <= MAX_GAME_BOUND)) {
    throw new RangeError(`bound = ${h.bound} was refused: it must be a number above 0 and at most MAX_GAME_BOUND = ${MAX_GAME_BOUND}.`);
  }
}

/** Defaults filled in, checked. */
export function resolveHyperparameters(patch: Partial<GameHyperparameters> = {}): GameHyperparameters {
  const h = { ...DEFAULT_GAME_HYPERPARAMETERS, ...patch };
  validateHyperparameters(h);
  return h;
}
