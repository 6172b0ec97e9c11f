/**
 * What the game lab shows, its defaults and its limits. A patch is checked whole before anything
 * changes: a bad value is refused with a RangeError naming the limit, and the lab keeps going as it was.
 */
// From the modules themselves, not the games index (which brings the GPU simulation): the settings load in Node.
import { GAME_IDS, GAMES, resolveGame, type Game, type GameId, type MatrixKind } from '../../games/catalog';
import { GAME_METHODS, resolveHyperparameters, type GameMethod } from '../../games/methods';
import { resolveStart, validateCount, validateSeed } from '../../games/start';

/** Largest m and n in the lab: the panels evaluate f on a grid, and a teaching view needs no more. */
export const LAB_MAX_DIM = 64;
/** Most particles per method. */
export const LAB_MAX_PARTICLES = 16384;
/** Most panels side by side. */
export const LAB_MAX_PANELS = 4;
/** Most steps per frame: one dispatch per method per frame. */
export const LAB_MAX_STEPS_PER_FRAME = 64;
/** Largest half-width of the square shown. */
export const LAB_MAX_EXTENT = 1000;

export interface GameLabSettings {
  game: GameId;
  /** Dimensions of x and y (bilinear and quadratic games; the planar games take 1). */
  m: number;
  n: number;
  /** Bilinear and quadratic games: 'identity' (f = x·y on the plane) or a seeded 'gaussian' A. */
  matrix: MatrixKind;
  /** A's scale (its singular values, for the identity). */
  scale: number;
  /** One panel per method, in this order. */
  methods: GameMethod[];
  etaX: number;
  etaY: number;
  /** β of the momentum methods, in (−1, 1). */
  momentum: number;
  /** Particles per method. */
  count: number;
  /** Standard deviation of the starting cloud about the equilibrium. */
  spread: number;
  /** Seed of the starting cloud: every panel starts from the same one. */
  seed: number;
  stepsPerFrame: number;
  /** Half the width of the square shown; 0: three spreads (at least 2.5 for the planar games). */
  extent: number;
}

export const DEFAULT_LAB_SETTINGS: Readonly<GameLabSettings> = {
  game: 'bilinear',
  m: 1,
  n: 1,
  matrix: 'identity',
  scale: 1,
  methods: ['gda', 'alternating', 'extragradient', 'optimistic'],
  etaX: 0.1,
  etaY: 0.1,
  momentum: -0.3,
  count: 256,
  spread: 1,
  seed: 1,
  stepsPerFrame: 1,
  extent: 0,
};

const KEYS = Object.keys(DEFAULT_LAB_SETTINGS) as (keyof GameLabSettings)[];

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/** The game these settings play, checked. */
export function labGame(s: GameLabSettings): Game {
  return resolveGame({ game: s.game, m: s.m, n: s.n, matrix: s.matrix, scale: s.scale });
}

/**
 * `patch` over `current`, checked whole. Naming a planar game without m and n sets them to 1,
 * and a new game without a spread takes that game's own.
 */
export function mergeSettings(current: GameLabSettings, patch: Partial<GameLabSettings>): GameLabSettings {
  const unknown = Object.keys(patch).filter((k) => !KEYS.includes(k as keyof GameLabSettings));
  check(!unknown.length, `${unknown.join(', ')} was refused: the game lab's settings are ${KEYS.join(', ')}.`);
  const next = { ...current, ...patch, methods: [...(patch.methods ?? current.methods)] };
  check(GAME_IDS.includes(next.game), `game = ${String(next.game)} was refused: it must be one of ${GAME_IDS.join(', ')}.`);
  if (patch.game !== undefined && patch.game !== current.game) {
    if (GAMES[next.game].planar && patch.m === undefined && patch.n === undefined) [next.m, next.n] = [1, 1];
    if (patch.spread === undefined) next.spread = GAMES[next.game].startSigma;
  }
  for (const key of ['m', 'n'] as const) {
    const v = next[key];
    check(Number.isInteger(v) && v >= 1 && v <= LAB_MAX_DIM, `${key} = ${v} was refused: the lab takes whole numbers from 1 to LAB_MAX_DIM = ${LAB_MAX_DIM}.`);
  }
  const game = labGame(next);
  check(
    next.methods.length >= 1 && next.methods.length <= LAB_MAX_PANELS,
    `methods = [${next.methods.join(', ')}] was refused: show from 1 to LAB_MAX_PANELS = ${LAB_MAX_PANELS} methods.`,
  );
  for (const method of next.methods) {
    check(GAME_METHODS.includes(method), `methods: ${String(method)} was refused: each must be one of ${GAME_METHODS.join(', ')}.`);
  }
  check(new Set(next.methods).size === next.methods.length, `methods = [${next.methods.join(', ')}] was refused: each method at most once.`);
  resolveHyperparameters({ etaX: next.etaX, etaY: next.etaY, momentum: next.momentum });
  check(next.count <= LAB_MAX_PARTICLES, `count = ${next.count} was refused: the lab shows at most LAB_MAX_PARTICLES = ${LAB_MAX_PARTICLES} per method.`);
  validateCount(next.count);
  resolveStart(game, { sigma: next.spread });
  validateSeed(next.seed);
  check(
    Number.isInteger(next.stepsPerFrame) && next.stepsPerFrame >= 1 && next.stepsPerFrame <= LAB_MAX_STEPS_PER_FRAME,
    `stepsPerFrame = ${next.stepsPerFrame} was refused: it must be a whole number from 1 to LAB_MAX_STEPS_PER_FRAME = ${LAB_MAX_STEPS_PER_FRAME}.`,
  );
  check(
    Number.isFinite(next.extent) && next.extent >= 0 && next.extent <= LAB_MAX_EXTENT,
    `extent = ${next.extent} was refused: it must be 0 (automatic) or a number up to LAB_MAX_EXTENT = ${LAB_MAX_EXTENT}.`,
  );
  return next;
}

/** Whether going from a to b needs new simulations (new buffers or pipelines), not just new uniforms. */
export function needsRebuild(a: GameLabSettings, b: GameLabSettings): boolean {
  return a.game !== b.game || a.m !== b.m || a.n !== b.n || a.matrix !== b.matrix || a.scale !== b.scale
    || a.count !== b.count || a.methods.join() !== b.methods.join();
}

/** The half-width shown. */
export function extentOf(s: GameLabSettings): number {
  if (s.extent > 0) return s.extent;
  return Math.max(3 * s.spread, GAMES[s.game].planar ? 2.5 : 1);
}
