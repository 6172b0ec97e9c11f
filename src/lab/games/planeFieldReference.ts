/**
 * Float64 twin of shaders/lab_games_field.wgsl: f and its gradient along x1 and y1 on the plane
 * through the equilibrium (every other coordinate at the equilibrium's), and the scales the heat
 * map and the arrows are drawn with.
 */
import { gameGradient, gameValue, type Game } from '../../games';

/** Field samples per side (odd: the middle sample is the equilibrium). */
export const FIELD_GRID = 97;
/** Every ARROW_STRIDE-th sample carries an arrow: 13 × 13 arrows. */
export const ARROW_STRIDE = 8;

export interface PlaneFrame {
  /** (x1*, y1*). */
  center: readonly [number, number];
  /** Half the width of the square shown. */
  extent: number;
  grid: number;
}

export interface PlaneScales {
  /** f at the equilibrium: the heat map's middle colour. */
  valueMid: number;
  /** Largest |f − f*| on the plane. */
  valueSpan: number;
  /** Largest |F| = |(−∂f/∂x1, ∂f/∂y1)| on the plane. */
  speedMax: number;
}

export function planeFrame(game: Game, extent: number, grid = FIELD_GRID): PlaneFrame {
  return { center: [game.equilibrium[0], game.equilibrium[game.m]], extent, grid };
}

/** The plane point of sample (i, j), as plane_point in WGSL computes it. */
export function planePoint(frame: PlaneFrame, i: number, j: number): [number, number] {
  const t = (k: number) => (2 * k) / (frame.grid - 1) - 1;
  return [frame.center[0] + frame.extent * t(i), frame.center[1] + frame.extent * t(j)];
}

/** (f, ∂f/∂x1, ∂f/∂y1) at sample (i, j). */
export function fieldSample(game: Game, frame: PlaneFrame, i: number, j: number): [number, number, number] {
  const z = Float64Array.from(game.equilibrium);
  [z[0], z[game.m]] = planePoint(frame, i, j);
  const grad = gameGradient(game, z, new Float64Array(game.m + game.n));
  return [gameValue(game, z), grad[0], grad[game.m]];
}

/** The scales, from a coarse grid over the same square (cheap: the lab's sizes are small). */
export function planeScales(game: Game, extent: number, samples = 25): PlaneScales {
  const coarse = planeFrame(game, extent, samples);
  const valueMid = gameValue(game, game.equilibrium);
  let valueSpan = 0;
  let speedMax = 0;
  for (let j = 0; j < samples; j++) {
    for (let i = 0; i < samples; i++) {
      const [f, gx, gy] = fieldSample(game, coarse, i, j);
      valueSpan = Math.max(valueSpan, Math.abs(f - valueMid));
      speedMax = Math.max(speedMax, Math.hypot(gx, gy));
    }
  }
  // A flat plane (a zero matrix entry) still draws: one colour, no arrows.
  return { valueMid, valueSpan: Math.max(valueSpan, 1e-12), speedMax: Math.max(speedMax, 1e-12) };
}
