/**
 * The drawn plane through a D-dimensional landscape: a centre and two orthonormal directions,
 * chosen by the settings. The surface, the particle projection and picking all use it.
 */
import type { SlicePlane } from '../engine';
import { gaussian, mulberry32 } from '../landscapes/seeded';
import type { Landscape } from '../landscapes';
import { boxOf, paramsArray, saddleOf, type ExplorerSettings } from '../settings';

/** What the plane needs from the particles or the landscape, computed on the GPU when asked. */
export interface SliceData {
  best?: ArrayLike<number> | null;
  mean?: ArrayLike<number> | null;
  /** Principal components, Hessian eigenvectors, filter-normalised, path or three-point directions, for those choices. */
  directions?: [ArrayLike<number>, ArrayLike<number>] | null;
  /** The centre the directions came with (a path's end, particle A), overriding sliceCenter. */
  origin?: ArrayLike<number> | null;
  /** A recorded path in the plane's coordinates, for the trajectory plane. */
  path?: SlicePath | null;
  /** How far from the centre (in plane coordinates) what the plane was made for reaches. */
  reach?: number;
}

/** A path drawn on the slice: its points' plane coordinates and their own loss. */
export interface SlicePath {
  steps: number[];
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  loss: ArrayLike<number>;
  /** Share of the path's variance along u and v. */
  explained: [number, number];
}

/** Directions that come with their own centre (so sliceCenter does not apply). */
export const OWN_CENTRE = new Set<string>(['trajectory', 'points']);

/** Whether the plane needs the GPU to compute something for these settings. */
export function sliceNeeds(s: ExplorerSettings): { best: boolean; mean: boolean; directions: boolean } {
  return {
    best: s.sliceCenter === 'best',
    mean: s.sliceCenter === 'mean',
    directions: s.sliceDirections !== 'axes' && s.sliceDirections !== 'random',
  };
}

/** u normalised and v made orthogonal to it and normalised (Gram–Schmidt): the surface and the projection need an orthonormal pair. */
export function orthonormalPair(u0: ArrayLike<number>, v0: ArrayLike<number>): [Float32Array, Float32Array] {
  const u = Float64Array.from(u0);
  const v = Float64Array.from(v0);
  const norm = (w: Float64Array) => Math.sqrt(w.reduce((t, x) => t + x * x, 0));
  const nu = norm(u);
  if (!(nu > 0)) throw new RangeError('The first direction of the plane has length 0.');
  u.forEach((x, i) => (u[i] = x / nu));
  const dot = u.reduce((t, x, i) => t + x * v[i], 0);
  v.forEach((x, i) => (v[i] = x - dot * u[i]));
  const nv = norm(v);
  if (!(nv > 1e-12 * nu)) throw new RangeError('The two directions of the plane are parallel.');
  v.forEach((x, i) => (v[i] = x / nv));
  return [Float32Array.from(u), Float32Array.from(v)];
}

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

/** The chosen centre point in full: a known minimum, the origin, the best particle, the mean or the saddle. */
export function sliceCenter(landscape: Landscape, s: ExplorerSettings, data: SliceData = {}): number[] {
  const fits = (x: ArrayLike<number> | null | undefined): x is ArrayLike<number> => !!x && x.length === s.dim;
  if (OWN_CENTRE.has(s.sliceDirections) && fits(data.origin)) return Array.from(data.origin);
  if (s.sliceCenter === 'best' && fits(data.best)) return Array.from(data.best);
  if (s.sliceCenter === 'mean' && fits(data.mean)) return Array.from(data.mean);
  if (s.sliceCenter === 'saddle' && saddleOf(s)) return saddleOf(s)!.x.slice();
  if (s.sliceCenter === 'minimum') return landscape.minima(s.dim, paramsArray(s))[0]?.x.slice() ?? new Array<number>(s.dim).fill(0);
  return new Array<number>(s.dim).fill(0);
}

/** The drawn plane and the point it was chosen through. */
export interface Slice extends SlicePlane {
  /** Where (a, b) = (0, 0): along the axes the centre with x1 = x2 = 0, so that a and b are the true x1 and x2; else the centre. */
  center: number[];
  /** The chosen centre point itself (it lies on the plane). */
  point: number[];
}

export function slicePlane(landscape: Landscape, s: ExplorerSettings, data: SliceData = {}): Slice {
  let u: Float32Array;
  let v: Float32Array;
  const computed = data.directions;
  if (sliceNeeds(s).directions && computed && computed[0].length === s.dim) {
    [u, v] = [Float32Array.from(computed[0]), Float32Array.from(computed[1])];
  } else if (s.sliceDirections === 'random') {
    [u, v] = randomDirections(s.dim, s.sliceSeed);
  } else {
    u = new Float32Array(s.dim);
    v = new Float32Array(s.dim);
    u[0] = 1;
    v[1] = 1;
  }
  const box = boxOf(s);
  const point = sliceCenter(landscape, s, data);
  const center = point.slice();
  if (s.sliceDirections === 'axes') center[0] = center[1] = 0;
  return { center, point, u, v, aRange: [...box], bRange: [...box] };
}

/** Axis titles for the drawn plane. */
export function sliceAxisNames(s: ExplorerSettings): [string, string] {
  if (s.sliceDirections === 'random') return ['u (random direction)', 'v'];
  if (s.sliceDirections === 'pca') return ['PC 1', 'PC 2'];
  if (s.sliceDirections === 'hessian') return ['u (λmin eigenvector)', 'v (λmax eigenvector)'];
  if (s.sliceDirections === 'filter') return ['u (filter-normalised)', 'v (filter-normalised)'];
  if (s.sliceDirections === 'trajectory') return ['path PC 1', 'path PC 2'];
  if (s.sliceDirections === 'points') return ['u (A → B)', 'v (towards C)'];
  return s.dim === 2 ? ['x', 'y'] : ['x₁', 'x₂'];
}
