/**
 * TypeScript twin of shaders/critical_points.wgsl, in double precision: from each start, an
 * iteration that converges to critical points of every index, not only minima.
 *
 * - D <= NEWTON_MAX_DIM: damped Newton on the gradient. The Hessian is central differences of
 *   the gradient along the axes, symmetrised; H d = -g is solved by Gaussian elimination with
 *   partial pivoting (a pivot below CRITICAL_PIVOT_FLOOR of the largest entry is raised to it, so
 *   a singular Hessian gives a long step that the trust radius caps). Steps halve until |g|^2
 *   falls by the Armijo share (the Newton direction descends |g|^2 whatever the Hessian's signs).
 * - Larger D: descent on 1/2 |g|^2, whose gradient H g is one Hessian-vector product by central
 *   differences; the step multiplier doubles after a success and halves after a failure.
 *
 * A point stops when its step falls below CRITICAL_STALL of its size (rounding decides from
 * there on) or its gradient is exactly zero.
 */
import type { Landscape } from '../landscapes/types';
import { differenceStep } from './differenceStep';

/** Up to this dimension the search takes Newton steps with a dense Hessian (private arrays in WGSL). */
export const NEWTON_MAX_DIM = 8;
/** Pivots smaller than this share of the Hessian's largest entry are raised to it (sign kept). */
export const CRITICAL_PIVOT_FLOOR = 1e-6;
/** Sufficient decrease of |g|^2 a trial step must give. */
export const CRITICAL_ARMIJO = 1e-4;
/** A point stops once its trial step is shorter than this share of max(1, |x|). */
export const CRITICAL_STALL = 1e-7;
/** Point states (CriticalState.status in WGSL). */
export const SEARCH_RUNNING = 0;
export const SEARCH_STOPPED = 1;

/** One start's search, as the WGSL keeps it per point. */
export interface SearchPoint {
  x: Float64Array;
  /** Gradient at x. */
  g: Float64Array;
  loss: number;
  gradNorm: number;
  /** Current direction (Newton step, or -H g). */
  d: Float64Array;
  /** Step multiplier along d; 0 before the first descent direction (set from its curvature). */
  t: number;
  /** A new direction is needed (after an accepted step). */
  fresh: boolean;
  status: number;
  /** Accepted steps. */
  accepted: number;
}

const norm2 = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return s;
};

export function startPoint(landscape: Landscape, params: number[], dim: number, x0: ArrayLike<number>): SearchPoint {
  const x = Float64Array.from({ length: dim }, (_, d) => x0[d]);
  const g = new Float64Array(dim);
  const loss = landscape.evaluate(x, g, params, dim);
  const gradNorm = Math.sqrt(norm2(g));
  return {
    x, g, loss, gradNorm, d: new Float64Array(dim), t: 0, fresh: true, accepted: 0,
    status: gradNorm > 0 && Number.isFinite(gradNorm) ? SEARCH_RUNNING : SEARCH_STOPPED,
  };
}

/** Solves a x = b in place (a row-major n x n, b length n) with partial pivoting and the pivot floor; false if a is zero. */
export function solveFloored(a: Float64Array, b: Float64Array, n: number): boolean {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (!(scale > 0)) return false;
  const floor = CRITICAL_PIVOT_FLOOR * scale;
  for (let k = 0; k < n; k++) {
    let best = k;
    for (let r = k + 1; r < n; r++) if (Math.abs(a[r * n + k]) > Math.abs(a[best * n + k])) best = r;
    if (best !== k) {
      for (let c = 0; c < n; c++) [a[k * n + c], a[best * n + c]] = [a[best * n + c], a[k * n + c]];
      [b[k], b[best]] = [b[best], b[k]];
    }
    let pivot = a[k * n + k];
    if (Math.abs(pivot) < floor) pivot = pivot < 0 ? -floor : floor;
    a[k * n + k] = pivot;
    for (let r = k + 1; r < n; r++) {
      const m = a[r * n + k] / pivot;
      for (let c = k; c < n; c++) a[r * n + c] -= m * a[k * n + c];
      b[r] -= m * b[k];
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    let s = b[k];
    for (let c = k + 1; c < n; c++) s -= a[k * n + c] * b[c];
    b[k] = s / a[k * n + k];
  }
  return true;
}

/** Central-difference Hessian along the axes, symmetrised, row-major (step as the WGSL: f32 of differenceStep(x)). */
function axisHessian(landscape: Landscape, params: number[], dim: number, x: Float64Array): Float64Array {
  const h = Math.fround(differenceStep(x));
  const hm = new Float64Array(dim * dim);
  const gp = new Float64Array(dim);
  const gm = new Float64Array(dim);
  const y = Float64Array.from(x);
  for (let j = 0; j < dim; j++) {
    y[j] = x[j] + h;
    landscape.evaluate(y, gp, params, dim);
    y[j] = x[j] - h;
    landscape.evaluate(y, gm, params, dim);
    y[j] = x[j];
    for (let i = 0; i < dim; i++) hm[i * dim + j] = (gp[i] - gm[i]) / (2 * h);
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i + 1; j < dim; j++) {
      const s = 0.5 * (hm[i * dim + j] + hm[j * dim + i]);
      hm[i * dim + j] = s;
      hm[j * dim + i] = s;
    }
  }
  return hm;
}

/** One iteration (a new direction when needed, then one trial step), as the WGSL's. */
export function iteratePoint(landscape: Landscape, params: number[], dim: number, p: SearchPoint, maxStep: number): void {
  if (p.status !== SEARCH_RUNNING) return;
  const newton = dim <= NEWTON_MAX_DIM;
  if (p.fresh) {
    if (newton) {
      const hm = axisHessian(landscape, params, dim, p.x);
      const rhs = p.g.map((v) => -v);
      if (!solveFloored(hm, rhs, dim)) {
        p.status = SEARCH_STOPPED;
        return;
      }
      p.d.set(rhs);
      p.t = 1;
    } else {
      // H v along v = g / |g|, then -H g = -|g| H v.
      const h = Math.fround(differenceStep(p.x));
      const gp = new Float64Array(dim);
      const gm = new Float64Array(dim);
      const inv = 1 / p.gradNorm;
      landscape.evaluate(p.x.map((c, i) => c + h * p.g[i] * inv), gp, params, dim);
      landscape.evaluate(p.x.map((c, i) => c - h * p.g[i] * inv), gm, params, dim);
      let hv2 = 0;
      for (let i = 0; i < dim; i++) {
        const hv = (gp[i] - gm[i]) / (2 * h);
        hv2 += hv * hv;
        p.d[i] = -p.gradNorm * hv;
      }
      // First direction: the step that would be exact if H^2 were |Hv|^2 times the identity.
      if (p.t === 0) {
        if (!(hv2 > 0)) {
          p.status = SEARCH_STOPPED;
          return;
        }
        p.t = 1 / hv2;
      }
    }
    p.fresh = false;
  }
  const dNorm = Math.sqrt(norm2(p.d));
  if (!(dNorm > 0) || !Number.isFinite(dNorm)) {
    p.status = SEARCH_STOPPED;
    return;
  }
  // The trust radius: no trial longer than maxStep.
  p.t = Math.min(p.t, maxStep / dNorm);
  const trial = p.x.map((c, i) => c + p.t * p.d[i]);
  const g = new Float64Array(dim);
  const loss = landscape.evaluate(trial, g, params, dim);
  const n2 = norm2(g);
  const old2 = p.gradNorm * p.gradNorm;
  const enough = newton ? n2 <= (1 - CRITICAL_ARMIJO * p.t) * old2 : n2 <= old2 - 2 * CRITICAL_ARMIJO * p.t * dNorm * dNorm;
  if (enough) {
    p.x = trial;
    p.g = g;
    p.loss = loss;
    p.gradNorm = Math.sqrt(n2);
    p.accepted++;
    p.fresh = true;
    if (!newton) p.t *= 2;
    if (!(p.gradNorm > 0)) p.status = SEARCH_STOPPED;
    return;
  }
  const length = p.t * dNorm;
  p.t *= 0.5;
  if (length < CRITICAL_STALL * Math.max(1, Math.sqrt(norm2(p.x)))) p.status = SEARCH_STOPPED;
}

export interface SearchResult {
  points: Float64Array[];
  loss: Float64Array;
  gradNorm: Float64Array;
  accepted: Uint32Array;
  stopped: boolean[];
}

/** `iterations` iterations from every start. */
export function searchCriticalPoints(
  landscape: Landscape,
  params: number[],
  dim: number,
  starts: ArrayLike<number>[],
  options: { iterations: number; maxStep: number },
): SearchResult {
  const states = starts.map((x0) => startPoint(landscape, params, dim, x0));
  for (const p of states) for (let k = 0; k < options.iterations && p.status === SEARCH_RUNNING; k++) iteratePoint(landscape, params, dim, p, options.maxStep);
  return {
    points: states.map((p) => p.x),
    loss: Float64Array.from(states, (p) => p.loss),
    gradNorm: Float64Array.from(states, (p) => p.gradNorm),
    accepted: Uint32Array.from(states, (p) => p.accepted),
    stopped: states.map((p) => p.status === SEARCH_STOPPED),
  };
}

/** Default trust radius: a tenth of the landscape's view box. */
export function defaultMaxStep(landscape: Landscape): number {
  return 0.1 * (landscape.box[1] - landscape.box[0]);
}
