/**
 * TypeScript twin of shaders/curvature.wgsl: the same short Lanczos run on the Hessian at a
 * point (same start vector, same central differences, no reorthogonalisation), in double
 * precision, and what it reports.
 */
import type { Landscape } from '../landscapes/types';
import { randNormal, STREAM_CURVATURE } from '../engine/rng';
import { differenceStep } from './differenceStep';
import { tridiagonalEigen } from './tridiagonal';

/** Longest run (LANCZOS_MAX in the WGSL). */
export const LANCZOS_MAX = 32;
/** A run ends when the next off-diagonal entry falls to this share of the largest entry so far (an invariant Krylov space). */
export const LANCZOS_BREAKDOWN = 1e-3;
/** Ritz values below -NEGATIVE_RITZ_CUTOFF max |lambda| count as negative. */
export const NEGATIVE_RITZ_CUTOFF = 1e-3;

export interface CurvatureEstimate {
  /** Lanczos steps taken (fewer than asked when a Krylov space closed). */
  steps: number;
  /** Extreme Ritz values: lambdaMin >= the Hessian's smallest eigenvalue, lambdaMax <= its largest. */
  lambdaMin: number;
  lambdaMax: number;
  /** Quadrature weight of Ritz values below -NEGATIVE_RITZ_CUTOFF max |lambda|: about (negative eigenvalues) / dim. */
  negativeWeight: number;
}

export function curvatureAt(
  landscape: Landscape,
  params: number[],
  dim: number,
  x: ArrayLike<number>,
  particle: number,
  seed: number,
  stepsWanted: number,
): CurvatureEstimate {
  const h = Math.fround(differenceStep(x));
  const gp = new Float64Array(dim);
  const gm = new Float64Array(dim);
  const point = new Float64Array(dim);
  const hvp = (v: Float64Array) => {
    for (let d = 0; d < dim; d++) point[d] = x[d] + h * v[d];
    landscape.evaluate(point, gp, params, dim);
    for (let d = 0; d < dim; d++) point[d] = x[d] - h * v[d];
    landscape.evaluate(point, gm, params, dim);
    return Float64Array.from(gp, (g, d) => (g - gm[d]) / (2 * h));
  };
  let q = Float64Array.from({ length: dim }, (_, d) => randNormal(seed, STREAM_CURVATURE, particle, 0, d));
  const norm = Math.hypot(...q);
  q = q.map((z) => z / norm);
  let prev = new Float64Array(dim);
  let beta = 0;
  const alphas: number[] = [];
  const betas: number[] = [];
  const steps = Math.min(stepsWanted, dim, LANCZOS_MAX);
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    const w = hvp(q);
    for (let d = 0; d < dim; d++) w[d] -= beta * prev[d];
    let a = 0;
    for (let d = 0; d < dim; d++) a += w[d] * q[d];
    alphas.push(a);
    scale = Math.max(scale, Math.abs(a));
    if (j + 1 === steps) break;
    for (let d = 0; d < dim; d++) w[d] -= a * q[d];
    const b = Math.hypot(...w);
    if (!(b > LANCZOS_BREAKDOWN * scale) || !Number.isFinite(b)) break;
    scale = Math.max(scale, b);
    betas.push(b);
    beta = b;
    prev = q;
    q = w.map((z) => z / b);
  }
  const { values, first } = tridiagonalEigen(alphas, betas);
  const lambdaMin = values[0];
  const lambdaMax = values[values.length - 1];
  const cutoff = -NEGATIVE_RITZ_CUTOFF * Math.max(Math.abs(lambdaMin), Math.abs(lambdaMax));
  let negativeWeight = 0;
  values.forEach((v, k) => {
    if (v < cutoff) negativeWeight += first[k] ** 2;
  });
  return { steps: alphas.length, lambdaMin, lambdaMax, negativeWeight };
}
