/**
 * The float64 twin of shaders/game_step.wgsl and shaders/game_init.wgsl: one particle (x, y)
 * stepped by a game method (./methods.ts says what each does), flagged diverged once a
 * coordinate is non-finite or past ±bound, and frozen from then on.
 */
import { FLAG_DIVERGED } from '../engine/types';
import { distanceToEquilibrium, gameGradient, gameValue, type Game } from './catalog';
import { isAlternating, isOptimistic, usesMomentum, type GameHyperparameters, type GameMethod } from './methods';
import { referenceStart, resolveStart, type GameStart } from './start';

export interface ReferenceParticle {
  /** (x, y), m + n values. */
  z: Float64Array;
  /** Heavy-ball velocity (momentum methods). */
  velocity: Float64Array;
  /** The raw gradient (∇x f, ∇y f) at the previous iterate (optimistic methods). */
  previous: Float64Array;
  flags: number;
  /** Steps taken. */
  age: number;
  /** The age at which it was flagged diverged (0 when not, or when the start itself was out of bounds). */
  divergedAt: number;
}

const outOfBounds = (v: number, bound: number) => !Number.isFinite(v) || Math.abs(v) > bound;

/** A particle at z with a fresh method state: no velocity, the previous gradient taken at z. */
export function startParticle(game: Game, z: ArrayLike<number>, bound: number): ReferenceParticle {
  const at = Float64Array.from(z);
  const p: ReferenceParticle = {
    z: at,
    velocity: new Float64Array(at.length),
    previous: gameGradient(game, at, new Float64Array(at.length)),
    flags: 0,
    age: 0,
    divergedAt: 0,
  };
  if (at.some((v) => outOfBounds(v, bound))) p.flags = FLAG_DIVERGED;
  return p;
}

/** Restarts the method's state where the particle is (a change of method): twin of the init kernel's keep pass. */
export function restartMethodState(game: Game, p: ReferenceParticle): void {
  if (p.flags & FLAG_DIVERGED) return;
  p.velocity.fill(0);
  gameGradient(game, p.z, p.previous);
}

/** Sign and step of coordinate d: x descends with ηx, y ascends with ηy; the move is −sign·η·g. */
const descentStep = (game: Game, h: GameHyperparameters, d: number) => (d < game.m ? h.etaX : -h.etaY);

/**
 * Updates coordinates lo .. hi − 1 from the gradient g (taken before any of them moved):
 * optimistic methods use 2g − g_prev, momentum methods go through the velocity.
 */
function updateBlock(game: Game, method: GameMethod, h: GameHyperparameters, p: ReferenceParticle, g: Float64Array, lo: number, hi: number): void {
  const optimistic = isOptimistic(method);
  const momentum = usesMomentum(method);
  for (let d = lo; d < hi; d++) {
    let direction = g[d];
    if (optimistic) {
      direction = 2 * g[d] - p.previous[d];
      p.previous[d] = g[d];
    }
    const move = -descentStep(game, h, d) * direction;
    if (momentum) {
      p.velocity[d] = h.momentum * p.velocity[d] + move;
      p.z[d] += p.velocity[d];
    } else {
      p.z[d] += move;
    }
  }
}

/** One step; a diverged particle does not move. */
export function stepParticle(game: Game, method: GameMethod, h: GameHyperparameters, p: ReferenceParticle): void {
  if (p.flags & FLAG_DIVERGED) return;
  const dim = game.m + game.n;
  const g = new Float64Array(dim);
  if (method === 'extragradient') {
    gameGradient(game, p.z, g);
    const half = Float64Array.from(p.z, (v, d) => v - descentStep(game, h, d) * g[d]);
    gameGradient(game, half, g);
    for (let d = 0; d < dim; d++) p.z[d] -= descentStep(game, h, d) * g[d];
  } else if (isAlternating(method)) {
    // x moves on the gradient at (x, y); y on the gradient at the new x.
    gameGradient(game, p.z, g);
    updateBlock(game, method, h, p, g, 0, game.m);
    gameGradient(game, p.z, g);
    updateBlock(game, method, h, p, g, game.m, dim);
  } else {
    gameGradient(game, p.z, g);
    updateBlock(game, method, h, p, g, 0, dim);
  }
  p.age++;
  if (p.z.some((v) => outOfBounds(v, h.bound))) {
    p.flags |= FLAG_DIVERGED;
    p.divergedAt = p.age;
  }
}

export function runParticle(game: Game, method: GameMethod, h: GameHyperparameters, p: ReferenceParticle, steps: number): ReferenceParticle {
  for (let t = 0; t < steps && !(p.flags & FLAG_DIVERGED); t++) stepParticle(game, method, h, p);
  return p;
}

/** What the GPU reads back per particle (GameSimulation.readouts()), from the twin. */
export function particleReadout(game: Game, p: ReferenceParticle): { value: number; distance: number } {
  return { value: gameValue(game, p.z), distance: distanceToEquilibrium(game, p.z) };
}

/** `count` particles placed as the GPU places them for `seed`, each with a fresh method state. */
export function referenceParticles(game: Game, start: GameStart, count: number, seed: number, bound: number): ReferenceParticle[] {
  const resolved = resolveStart(game, start);
  return Array.from({ length: count }, (_, p) => startParticle(game, referenceStart(game, resolved, seed, p), bound));
}
