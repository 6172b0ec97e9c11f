/**
 * Where the particles of a game start: how many, a seeded Gaussian cloud about a chosen point,
 * and the TypeScript twin of the placement in shaders/game_init.wgsl.
 */
import { randNormal } from '../engine/rng';
import { GAMES, type Game } from './catalog';

/** Random stream of the starting cloud (see STREAM_GAME_MATRIX for why it sits this high). */
export const STREAM_GAME_INIT = 0x40;
export const MAX_START_SIGMA = 1e6;

export interface GameStart {
  /** Centre of the cloud, m + n values (x first); default the game's equilibrium. */
  center?: readonly number[];
  /** Standard deviation of each coordinate about the centre; default the game's own (1 or 0.3). */
  sigma?: number;
}

export interface ResolvedStart {
  center: Float32Array<ArrayBuffer>;
  sigma: number;
}

export function resolveStart(game: Game, start: GameStart = {}): ResolvedStart {
  const dim = game.m + game.n;
  const center = start.center ?? Array.from(game.equilibrium);
  if (center.length !== dim || !center.every(Number.isFinite)) {
    throw new RangeError(`center was refused: it must be m + n = ${dim} finite numbers (x first); got ${center.length}.`);
  }
  const sigma = start.sigma ?? GAMES[game.id].startSigma;
  if (!(Number.isFinite(sigma) && sigma >= 0 && sigma <= MAX_START_SIGMA)) {
    throw new RangeError(`sigma = ${sigma} was refused: it must be a number from 0 to MAX_START_SIGMA = ${MAX_START_SIGMA}.`);
  }
  return { center: Float32Array.from(center), sigma };
}

/** Most particles of one simulation. */
export const MAX_GAME_PARTICLES = 1 << 20;

export function validateCount(count: number): void {
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_GAME_PARTICLES)) {
    throw new RangeError(`count = ${count} was refused: it must be a whole number from 1 to MAX_GAME_PARTICLES = ${MAX_GAME_PARTICLES}.`);
  }
}

export function validateSeed(seed: number): void {
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new RangeError(`seed = ${seed} was refused: it must be a whole number from 0 to 2^32 − 1.`);
  }
}

/** Particle p's start, coordinate d: centre + σ · N(0, 1) drawn at (seed, STREAM_GAME_INIT, p, 0, d). */
export function referenceStart(game: Game, start: ResolvedStart, seed: number, p: number): Float64Array {
  const z = new Float64Array(game.m + game.n);
  for (let d = 0; d < z.length; d++) z[d] = start.center[d] + start.sigma * randNormal(seed, STREAM_GAME_INIT, p, 0, d);
  return z;
}
