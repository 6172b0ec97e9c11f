/**
 * Two-player games f(x, y): x ∈ R^m is the minimising player, y ∈ R^n the maximising one. Each
 * game here is the float64 twin of its WGSL file in shaders/games/: the value, the exact
 * gradients ∇x f and ∇y f, and the point the distance readouts are measured to.
 */
import { randNormal } from '../engine/rng';

/** Largest m and largest n (each): a bilinear step costs about 4 m n operations per particle. */
export const MAX_GAME_DIM = 2048;
/** Bounds on the matrix scale and the quadratic game's curvatures a, b. */
export const MAX_GAME_SCALE = 1000;
/**
 * Random stream of the game matrix's entries (shaders/common.wgsl generator). Far above the
 * engine's streams (src/engine/rng.ts, 0 and up), so no other draw shares a counter with it.
 */
export const STREAM_GAME_MATRIX = 0x41;

export const GAME_IDS = ['bilinear', 'quadratic', 'forsaken', 'almost-bilinear'] as const;
export type GameId = (typeof GAME_IDS)[number];
export type MatrixKind = 'gaussian' | 'identity';

export interface GameSpec {
  game: GameId;
  /** Dimension of x (the minimising player); 1 for the planar games. Default 1. */
  m?: number;
  /** Dimension of y (the maximising player); 1 for the planar games. Default 1. */
  n?: number;
  /** Bilinear and quadratic games: A seeded Gaussian (default) or the (rectangular) identity. */
  matrix?: MatrixKind;
  /** A is multiplied by this (default 1): a Gaussian A then has largest singular value about `scale`. */
  scale?: number;
  /** Seed of the Gaussian A (default 1). */
  matrixSeed?: number;
  /** Quadratic game: curvature of the minimising player, f ⊃ ½ a ‖x‖² (default 1). */
  a?: number;
  /** Quadratic game: curvature of the maximising player, f ⊃ −½ b ‖y‖² (default 1). */
  b?: number;
}

/** A game as stepped: sizes, the matrix as the GPU holds it (f32 values), and its equilibrium. */
export interface Game {
  readonly id: GameId;
  readonly m: number;
  readonly n: number;
  /** A, m × n row-major, scale included; values already rounded to f32 so both sides use the same A. */
  readonly matrix: Float32Array<ArrayBuffer>;
  readonly a: number;
  readonly b: number;
  /** (x*, y*): the equilibrium (bilinear, quadratic) or the stationary point the planar game is built around. */
  readonly equilibrium: Float64Array;
}

export interface GameDefinition {
  readonly label: string;
  /** Planar games have m = n = 1 only. */
  readonly planar: boolean;
  /** Default spread of the starting cloud about the equilibrium. */
  readonly startSigma: number;
  /** Operations of one full gradient (∇x f and ∇y f) at one point: the work budget's unit. */
  gradientCost(m: number, n: number): number;
  value(g: Game, x: ArrayLike<number>, y: ArrayLike<number>): number;
  /** ∇x f into out (m values). */
  gradX(g: Game, x: ArrayLike<number>, y: ArrayLike<number>, out: Float64Array): void;
  /** ∇y f into out (n values). */
  gradY(g: Game, x: ArrayLike<number>, y: ArrayLike<number>, out: Float64Array): void;
}

/** A y, row i. */
function rowTimesY(g: Game, i: number, y: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < g.n; j++) s += g.matrix[i * g.n + j] * y[j];
  return s;
}

/** Aᵀ x, entry j. */
function columnTimesX(g: Game, j: number, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < g.m; i++) s += g.matrix[i * g.n + j] * x[i];
  return s;
}

function bilinearValue(g: Game, x: ArrayLike<number>, y: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < g.m; i++) f += x[i] * rowTimesY(g, i, y);
  return f;
}

/**
 * Forsaken (Hsieh, Mertikopoulos & Cevher 2021, "The limits of min-max optimization algorithms:
 * convergence to spurious non-critical sets", ICML): f = x (y − 0.45) + ψ(x) − ψ(y),
 * ψ(z) = z²/4 − z⁴/2 + z⁶/6. Its stationary point attracts starts near it, while starts farther
 * out end on an attracting cycle that holds no stationary point (tests/node/games.test.ts checks
 * both for GDA, alternating GDA, extragradient and optimistic GDA).
 */
const psi = (z: number) => (z * z) / 4 - z ** 4 / 2 + z ** 6 / 6;
const psiPrime = (z: number) => z / 2 - 2 * z ** 3 + z ** 5;
export const FORSAKEN_SHIFT = 0.45;
/** Its stationary point (Newton in float64 to the last digit; tests/node/games.test.ts checks ∇f = 0 there). */
export const FORSAKEN_STATIONARY = [0.07802666873846009, 0.41193385136581984] as const;

/**
 * An almost-bilinear game: f = (x − ½)(y − ½) + ⅓ exp(−(x − ¼)² − (y − ¾)²), a bilinear saddle
 * bent by a bump (the kind of two-dimensional example Hsieh et al. 2021 study). At its stationary
 * point the field's Jacobian has eigenvalues ±0.757i, so the linearisation is a centre: simultaneous
 * GDA spirals out, while extragradient and alternating GDA close in.
 */
export const ALMOST_BILINEAR_BUMP = { height: 1 / 3, x: 0.25, y: 0.75 } as const;
export const ALMOST_BILINEAR_STATIONARY = [0.40278777035546204, 0.5972122296445379] as const;
const bump = (x: number, y: number) => Math.exp(-((x - ALMOST_BILINEAR_BUMP.x) ** 2) - (y - ALMOST_BILINEAR_BUMP.y) ** 2);

const matrixCost = (m: number, n: number) => 4 * m * n;

export const GAMES: Readonly<Record<GameId, GameDefinition>> = {
  bilinear: {
    label: 'Bilinear xᵀAy',
    planar: false,
    startSigma: 1,
    gradientCost: matrixCost,
    value: bilinearValue,
    gradX: (g, _x, y, out) => {
      for (let i = 0; i < g.m; i++) out[i] = rowTimesY(g, i, y);
    },
    gradY: (g, x, _y, out) => {
      for (let j = 0; j < g.n; j++) out[j] = columnTimesX(g, j, x);
    },
  },
  quadratic: {
    label: 'Convex–concave ½a‖x‖² + xᵀAy − ½b‖y‖²',
    planar: false,
    startSigma: 1,
    gradientCost: (m, n) => matrixCost(m, n) + 2 * (m + n),
    value: (g, x, y) => {
      let xx = 0;
      let yy = 0;
      for (let i = 0; i < g.m; i++) xx += x[i] * x[i];
      for (let j = 0; j < g.n; j++) yy += y[j] * y[j];
      return 0.5 * g.a * xx + bilinearValue(g, x, y) - 0.5 * g.b * yy;
    },
    gradX: (g, x, y, out) => {
      for (let i = 0; i < g.m; i++) out[i] = g.a * x[i] + rowTimesY(g, i, y);
    },
    gradY: (g, x, y, out) => {
      for (let j = 0; j < g.n; j++) out[j] = columnTimesX(g, j, x) - g.b * y[j];
    },
  },
  forsaken: {
    label: 'Forsaken (Hsieh et al. 2021)',
    planar: true,
    startSigma: 0.3,
    gradientCost: () => 30,
    value: (_g, x, y) => x[0] * (y[0] - FORSAKEN_SHIFT) + psi(x[0]) - psi(y[0]),
    gradX: (_g, x, y, out) => {
      out[0] = y[0] - FORSAKEN_SHIFT + psiPrime(x[0]);
    },
    gradY: (_g, x, y, out) => {
      out[0] = x[0] - psiPrime(y[0]);
    },
  },
  'almost-bilinear': {
    label: 'Almost bilinear (x − ½)(y − ½) + ⅓ e^{−…}',
    planar: true,
    startSigma: 0.3,
    gradientCost: () => 40,
    value: (_g, x, y) => (x[0] - 0.5) * (y[0] - 0.5) + ALMOST_BILINEAR_BUMP.height * bump(x[0], y[0]),
    gradX: (_g, x, y, out) => {
      out[0] = y[0] - 0.5 - 2 * ALMOST_BILINEAR_BUMP.height * (x[0] - ALMOST_BILINEAR_BUMP.x) * bump(x[0], y[0]);
    },
    gradY: (_g, x, y, out) => {
      out[0] = x[0] - 0.5 - 2 * ALMOST_BILINEAR_BUMP.height * (y[0] - ALMOST_BILINEAR_BUMP.y) * bump(x[0], y[0]);
    },
  },
};

/**
 * The game matrix: identity (ones on the diagonal of the m × n rectangle) or Gaussian entries
 * N(0, 1) / (√m + √n), whose largest singular value is then close to 1; both times `scale`.
 * Entry (i, j) is the counter-based draw (seed, STREAM_GAME_MATRIX, i, j): the same seed gives
 * the same A at any size it shares.
 */
export function gameMatrix(kind: MatrixKind, m: number, n: number, scale: number, seed: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(m * n);
  if (kind === 'identity') {
    for (let i = 0; i < Math.min(m, n); i++) out[i * n + i] = scale;
    return out;
  }
  const norm = scale / (Math.sqrt(m) + Math.sqrt(n));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = norm * randNormal(seed, STREAM_GAME_MATRIX, i, j, 0);
  }
  return out;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

const positive = (v: number, name: string) =>
  check(Number.isFinite(v) && v > 0 && v <= MAX_GAME_SCALE, `${name} = ${v} was refused: it must be a number above 0 and at most ${MAX_GAME_SCALE}.`);

/** A spec checked and made concrete; a bad one is refused with a RangeError naming the limit. */
export function resolveGame(spec: GameSpec): Game {
  const def = GAMES[spec.game];
  check(def !== undefined, `game = ${String(spec.game)} was refused: it must be one of ${GAME_IDS.join(', ')}.`);
  const m = spec.m ?? 1;
  const n = spec.n ?? 1;
  for (const [name, v] of [['m', m], ['n', n]] as const) {
    check(Number.isInteger(v) && v >= 1 && v <= MAX_GAME_DIM, `${name} = ${v} was refused: it must be a whole number from 1 to MAX_GAME_DIM = ${MAX_GAME_DIM}.`);
  }
  if (def.planar) {
    check(m === 1 && n === 1, `The ${spec.game} game is planar: it takes m = n = 1 only (got m = ${m}, n = ${n}).`);
    const point = spec.game === 'forsaken' ? FORSAKEN_STATIONARY : ALMOST_BILINEAR_STATIONARY;
    return { id: spec.game, m, n, matrix: new Float32Array(1), a: 0, b: 0, equilibrium: Float64Array.from(point) };
  }
  const kind = spec.matrix ?? 'gaussian';
  check(kind === 'gaussian' || kind === 'identity', `matrix = ${String(kind)} was refused: it must be 'gaussian' or 'identity'.`);
  const scale = spec.scale ?? 1;
  positive(scale, 'scale');
  const seed = spec.matrixSeed ?? 1;
  check(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, `matrixSeed = ${seed} was refused: it must be a whole number from 0 to 2^32 − 1.`);
  const a = spec.game === 'quadratic' ? (spec.a ?? 1) : 0;
  const b = spec.game === 'quadratic' ? (spec.b ?? 1) : 0;
  if (spec.game === 'quadratic') {
    positive(a, 'a');
    positive(b, 'b');
  }
  return { id: spec.game, m, n, matrix: gameMatrix(kind, m, n, scale, seed), a, b, equilibrium: new Float64Array(m + n) };
}

/** f at z = (x, y) (m + n values, x first). */
export function gameValue(g: Game, z: ArrayLike<number>): number {
  const { x, y } = split(g, z);
  return GAMES[g.id].value(g, x, y);
}

/** (∇x f, ∇y f) at z into out (m + n values): the raw gradient, not yet signed per player. */
export function gameGradient(g: Game, z: ArrayLike<number>, out: Float64Array): Float64Array {
  const { x, y } = split(g, z);
  GAMES[g.id].gradX(g, x, y, out.subarray(0, g.m));
  GAMES[g.id].gradY(g, x, y, out.subarray(g.m, g.m + g.n));
  return out;
}

export function split(g: Game, z: ArrayLike<number>): { x: ArrayLike<number>; y: ArrayLike<number> } {
  if (z instanceof Float64Array || z instanceof Float32Array) return { x: z.subarray(0, g.m), y: z.subarray(g.m, g.m + g.n) };
  const all = Array.from(z);
  return { x: all.slice(0, g.m), y: all.slice(g.m, g.m + g.n) };
}

/** ‖z − (x*, y*)‖. */
export function distanceToEquilibrium(g: Game, z: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < g.m + g.n; d++) s += (z[d] - g.equilibrium[d]) ** 2;
  return Math.sqrt(s);
}
