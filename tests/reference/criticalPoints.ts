/**
 * Critical points of a landscape's TypeScript twin: finite-difference Hessians and Newton's method
 * on the gradient, which converges to critical points of every index, not only minima
 * (Dauphin et al. 2014, "Identifying and attacking the saddle point problem").
 */
import type { Landscape } from '../../src/landscapes/types';
import { symmetricEigen } from './symmetricEigen';

/**
 * Hessian at x by central differences of the analytic gradient, symmetrised, row-major dim x dim.
 * Step h_j = relStep * max(1, |x_j|): the error is O(h^2 f'''') truncation plus O(eps |grad| / h)
 * rounding, balanced near h ~ eps^(1/3) ~ 6e-6, hence the default 1e-5.
 */
export function finiteDifferenceHessian(
  landscape: Landscape,
  x: ArrayLike<number>,
  params: number[],
  dim: number,
  relStep = 1e-5,
): Float64Array {
  const h = new Float64Array(dim * dim);
  const xp = Float64Array.from({ length: dim }, (_, i) => x[i]);
  const gp = new Float64Array(dim);
  const gm = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    const step = relStep * Math.max(1, Math.abs(x[j]));
    xp[j] = x[j] + step;
    landscape.evaluate(xp, gp, params, dim);
    xp[j] = x[j] - step;
    landscape.evaluate(xp, gm, params, dim);
    xp[j] = x[j];
    // Column j: d grad / d x_j.
    for (let i = 0; i < dim; i++) h[i * dim + j] = (gp[i] - gm[i]) / (2 * step);
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i + 1; j < dim; j++) {
      const s = 0.5 * (h[i * dim + j] + h[j * dim + i]);
      h[i * dim + j] = s;
      h[j * dim + i] = s;
    }
  }
  return h;
}

export interface CriticalPoint {
  x: Float64Array;
  loss: number;
  gradNorm: number;
  /** Number of negative Hessian eigenvalues at x. */
  index: number;
  /** Hessian eigenvalues at x, ascending. */
  eigenvalues: Float64Array;
  /** Whether |grad f| < tol was reached. */
  converged: boolean;
  /** Newton steps taken. */
  iterations: number;
}

export interface NewtonOptions {
  /** Stop when |grad f| falls below this (default 1e-9). */
  tol?: number;
  /** Most Newton steps (default 100). */
  maxIter?: number;
  /** Longest step allowed, to keep a near-singular Hessian from throwing x far away (default Infinity). */
  maxStep?: number;
  /** Relative finite-difference step for the Hessian (default 1e-5). */
  hessianStep?: number;
  /**
   * Eigenvalues with |lambda| below floor * max |lambda| are replaced by ±floor * max |lambda| (sign kept,
   * so the step still descends |grad f|^2): bounds the step along near-flat directions. Default 1e-8.
   */
  eigenFloor?: number;
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/**
 * Damped Newton on grad f from x0: x <- x - t H^{-1} grad f, t halved until |grad f| drops
 * (Armijo on |grad f|^2, for which the Newton step is a descent direction). Returns the last
 * point reached with its loss, gradient norm and Hessian spectrum.
 */
export function newtonCriticalPoint(
  landscape: Landscape,
  x0: ArrayLike<number>,
  params: number[],
  dim: number,
  options: NewtonOptions = {},
): CriticalPoint {
  const { tol = 1e-9, maxIter = 100, maxStep = Infinity, hessianStep = 1e-5, eigenFloor = 1e-8 } = options;
  let x = Float64Array.from({ length: dim }, (_, i) => x0[i]);
  let g = new Float64Array(dim);
  let loss = landscape.evaluate(x, g, params, dim);
  let gNorm = norm(g);
  let iterations = 0;
  const trial = new Float64Array(dim);
  const gTrial = new Float64Array(dim);
  while (gNorm >= tol && iterations < maxIter && Number.isFinite(gNorm)) {
    iterations++;
    const { values, vectors } = symmetricEigen(finiteDifferenceHessian(landscape, x, params, dim, hessianStep), dim);
    const biggest = Math.max(...Array.from(values, Math.abs));
    if (!(biggest > 0)) break;
    const floor = eigenFloor * biggest;
    // d = -sum_k (v_k . g) / lambda_k v_k
    const d = new Float64Array(dim);
    for (let k = 0; k < dim; k++) {
      const v = vectors[k];
      const lambda = Math.abs(values[k]) < floor ? (values[k] < 0 ? -floor : floor) : values[k];
      let c = 0;
      for (let i = 0; i < dim; i++) c += v[i] * g[i];
      c /= lambda;
      for (let i = 0; i < dim; i++) d[i] -= c * v[i];
    }
    const dNorm = norm(d);
    let t = dNorm > maxStep ? maxStep / dNorm : 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      for (let i = 0; i < dim; i++) trial[i] = x[i] + t * d[i];
      const fTrial = landscape.evaluate(trial, gTrial, params, dim);
      const nTrial = norm(gTrial);
      if (nTrial * nTrial <= (1 - 1e-4 * t) * gNorm * gNorm) {
        x = trial.slice();
        g = gTrial.slice();
        loss = fTrial;
        gNorm = nTrial;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    // No decrease along the Newton direction: stuck (e.g. at a point where the Hessian is singular).
    if (!accepted) break;
  }
  const eigenvalues = symmetricEigen(finiteDifferenceHessian(landscape, x, params, dim, hessianStep), dim).values;
  return {
    x,
    loss,
    gradNorm: gNorm,
    index: eigenvalues.reduce((n, l) => n + (l < 0 ? 1 : 0), 0),
    eigenvalues,
    converged: gNorm < tol,
    iterations,
  };
}
