/**
 * The game kernels' WGSL, assembled from shaders/ (shared pieces concatenated, never copied). In
 * front of each: the project's prelude, the shared helpers, then the games' own constants, emitted
 * here from TypeScript. Their byte layouts: ./gameLayouts.ts.
 */
import common from '../../shaders/common.wgsl?raw';
import gameApi from '../../shaders/game_api.wgsl?raw';
import gameParticles from '../../shaders/game_particles.wgsl?raw';
import gameStep from '../../shaders/game_step.wgsl?raw';
import gameInit from '../../shaders/game_init.wgsl?raw';
import bilinear from '../../shaders/games/bilinear.wgsl?raw';
import quadratic from '../../shaders/games/quadratic.wgsl?raw';
import forsaken from '../../shaders/games/forsaken.wgsl?raw';
import almostBilinear from '../../shaders/games/almost_bilinear.wgsl?raw';
import { WGSL_PRELUDE } from '../gpu/prelude';
import { ALMOST_BILINEAR_BUMP, ALMOST_BILINEAR_STATIONARY, FORSAKEN_SHIFT, FORSAKEN_STATIONARY, type GameId } from './catalog';
import { GAME_METHODS } from './methods';
import { STREAM_GAME_INIT } from './start';

export const GAME_WGSL: Readonly<Record<GameId, string>> = {
  bilinear,
  quadratic,
  forsaken,
  'almost-bilinear': almostBilinear,
};

/** The init kernel's two placements. */
export const GAME_PLACEMENTS = { start: 0, keep: 1 } as const;

/** Name in WGSL → value: every constant the game kernels share with TypeScript. */
export const GAME_CONSTANTS: Readonly<Record<string, { type: 'u32' | 'f32'; value: number }>> = {
  STREAM_GAME_INIT: { type: 'u32', value: STREAM_GAME_INIT },
  GAME_PLACE_START: { type: 'u32', value: GAME_PLACEMENTS.start },
  GAME_PLACE_KEEP: { type: 'u32', value: GAME_PLACEMENTS.keep },
  FORSAKEN_SHIFT: { type: 'f32', value: FORSAKEN_SHIFT },
  FORSAKEN_X: { type: 'f32', value: FORSAKEN_STATIONARY[0] },
  FORSAKEN_Y: { type: 'f32', value: FORSAKEN_STATIONARY[1] },
  ALMOST_BILINEAR_HEIGHT: { type: 'f32', value: ALMOST_BILINEAR_BUMP.height },
  ALMOST_BILINEAR_BX: { type: 'f32', value: ALMOST_BILINEAR_BUMP.x },
  ALMOST_BILINEAR_BY: { type: 'f32', value: ALMOST_BILINEAR_BUMP.y },
  ALMOST_BILINEAR_X: { type: 'f32', value: ALMOST_BILINEAR_STATIONARY[0] },
  ALMOST_BILINEAR_Y: { type: 'f32', value: ALMOST_BILINEAR_STATIONARY[1] },
  ...Object.fromEntries(GAME_METHODS.map((id, i) => [`METHOD_${id.toUpperCase().replace(/-/g, '_')}`, { type: 'u32' as const, value: i }])),
};

function literal(value: number, type: 'u32' | 'f32'): string {
  if (type === 'u32') return `${value}u`;
  // The shortest decimal that reads back as the TypeScript value; WGSL rounds it to f32.
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export const GAME_PRELUDE = [
  '// Generated from TypeScript (src/games/gameKernels.ts): the constants the game kernels share with it.',
  ...Object.entries(GAME_CONSTANTS).map(([name, c]) => `const ${name}: ${c.type} = ${literal(c.value, c.type)};`),
].join('\n');

const join = (game: GameId, ...parts: string[]) => [WGSL_PRELUDE, common, GAME_PRELUDE, gameApi, GAME_WGSL[game], gameParticles, ...parts].join('\n');

export const gameStepKernel = (game: GameId) => join(game, gameStep);
export const gameInitKernel = (game: GameId) => join(game, gameInit);
