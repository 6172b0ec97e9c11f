/**
 * The drawn plane through a D-dimensional landscape: a centre and two orthonormal directions,
 * chosen by the settings. The surface, the particle projection and picking all use it.
 */
import type { SlicePlane } from '../engine';
import { gaussian, mulberry32 } from '../landscapes/seeded';
import type { Landscape } from '../landscapes';
import { boxOf, paramsArray, type ExplorerSettings } from './settings';

/** Two seeded orthonormal directions in R^dim (Gaussian, then Gram-Schmidt). */
export function randomDirections(dim: number, seed: number): [Float32Array, Float32Array] {
  const rand = mulberry32(seed * 2654435761 + 11);
  const u = Array.from({ length: dim }, () => gaussian(rand));
  const v = Array.from({ length: dim }, () => gaussian(rand));
  const norm = (w: number[]) => Math.hypot(...w);
  const nu = norm(u);
  u.forEach((_, i) => (u[i] /= nu));
  const dot = u.reduce((s, x, i) => s + x * v[i], 0);
  v.forEach((_, i) => (v[i] -= dot * u[i]));
  const nv = norm(v);
  v.forEach((_, i) => (v[i] /= nv));
  return [new Float32Array(u), new Float32Array(v)];
}

/**
 * The plane's centre. Along the axes, its first two coordinates are 0 so that a and b are the
 * true x1 and x2; along random directions it is the chosen point itself.
 */
export function sliceCenter(landscape: Landscape, s: ExplorerSettings, best?: ArrayLike<number> | null): number[] {
  let c: number[];
  if (s.sliceCenter === 'best' && best && best.length === s.dim) c = Array.from(best);
  else if (s.sliceCenter === 'origin') c = new Array<number>(s.dim).fill(0);
  else c = landscape.minima(s.dim, paramsArray(s))[0]?.x.slice() ?? new Array<number>(s.dim).fill(0);
  if (s.sliceDirections === 'axes') {
    c[0] = 0;
    c[1] = 0;
  }
  return c;
}

export function slicePlane(landscape: Landscape, s: ExplorerSettings, best?: ArrayLike<number> | null): SlicePlane {
  let u: Float32Array;
  let v: Float32Array;
  if (s.sliceDirections === 'random') {
    [u, v] = randomDirections(s.dim, s.sliceSeed);
  } else {
    u = new Float32Array(s.dim);
    v = new Float32Array(s.dim);
    u[0] = 1;
    v[1] = 1;
  }
  const box = boxOf(s);
  return { center: sliceCenter(landscape, s, best), u, v, aRange: [...box], bRange: [...box] };
}

/** Axis titles for the drawn plane. */
export function sliceAxisNames(s: ExplorerSettings): [string, string] {
  if (s.sliceDirections === 'random') return ['u (random direction)', 'v'];
  return s.dim === 2 ? ['x', 'y'] : ['x₁', 'x₂'];
}
