/**
 * The plane of a particle's path (Li et al. 2018, "Visualizing the Loss Landscape of Neural
 * Nets", Fig. 8): principal components of the recorded positions x_0 .. x_{T-1} about the END
 * point e = x_{T-1}, so the drawn slice passes through where the particle is now and the path
 * arrives at its centre. With y_i = x_i - e and the T x T Gram matrix G_ik = y_i . y_k, the top
 * two eigenpairs (lambda_k, a_k) of G give unit directions u_k = sum_i a_k,i y_i / sigma_k
 * (sigma_k = sqrt(lambda_k)) and each record's coordinates y_i . u_k = sigma_k a_k,i, with no
 * D x D matrix. The GPU forms G and the directions (TrajectoryRecorder); the small eigenproblem
 * and every convention below are shared by it and by the float64 twin `trajectoryPlane`.
 */
import { gaussian, mulberry32 } from '../landscapes/seeded';
import { tridiagonalEigen } from './tridiagonal';

/**
 * A second variance at most this share of the first counts as none (a straight path): f32 Gram
 * entries carry relative errors near 1e-6, below which the second direction would be rounding.
 */
export const FLAT_RATIO = 1e-5;

/** Sign convention: the earliest record whose coordinate reaches this share of the largest has a negative one. */
export const SIGN_SHARE = 0.01;

export interface TrajectoryPath {
  steps: number[];
  /** Each record's coordinates in the plane: x_i - e = a_i u + b_i v + (what lies off the plane). */
  a: Float64Array;
  b: Float64Array;
  loss: Float32Array;
}

export interface TrajectoryPlane<V extends Float32Array | Float64Array = Float32Array> {
  /** The latest record: the plane's centre. */
  end: V;
  /** Unit directions, u ⟂ v. */
  u: V;
  v: V;
  /** Share of the path's spread about the end (trace G) along u and along v. */
  explained: [number, number];
  path: TrajectoryPath;
}

/** What the Gram matrix decides: the weights that form each direction from the y_i, and the path's coordinates. */
export interface PlaneCoefficients {
  /** Direction k = sum_i weights[k][i] y_i (a_k,i / sigma_k); all zero where `flat[k]`. */
  weights: [Float64Array, Float64Array];
  /** The path has no spread along that direction: it is chosen, seeded, by completeDirections. */
  flat: [boolean, boolean];
  explained: [number, number];
  a: Float64Array;
  b: Float64Array;
}

/**
 * The `count` largest eigenvalues (descending) of a symmetric n x n matrix (row-major, not
 * mutated) and their unit eigenvectors: Householder reduction to tridiagonal form, implicit QL
 * (tridiagonal.ts), and the eigenvectors carried back. O(n^3): milliseconds for n = 256.
 */
export function topEigenpairs(matrix: ArrayLike<number>, n: number, count: number): { values: number[]; vectors: Float64Array[] } {
  if (matrix.length !== n * n) throw new RangeError(`A ${n} x ${n} matrix has ${n * n} entries; got ${matrix.length}.`);
  const a = Float64Array.from(matrix);
  // Columns of q accumulate the reflections: matrix = q T q^T.
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = 0; k + 2 < n; k++) {
    const m = n - k - 1;
    const o = k + 1;
    const v = new Float64Array(m);
    let norm2 = 0;
    for (let i = 0; i < m; i++) {
      v[i] = a[(o + i) * n + k];
      norm2 += v[i] * v[i];
    }
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue;
    // The reflection takes column k below the diagonal to alpha e_0; the sign avoids cancellation.
    const alpha = v[0] > 0 ? -norm : norm;
    v[0] -= alpha;
    const vn = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    for (let i = 0; i < m; i++) v[i] /= vn;
    // H S H = S - 2 v w^T - 2 w v^T with p = S v, w = p - (v . p) v.
    const p = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += a[(o + i) * n + o + j] * v[j];
      p[i] = s;
    }
    let vp = 0;
    for (let i = 0; i < m; i++) vp += v[i] * p[i];
    for (let i = 0; i < m; i++) p[i] -= vp * v[i];
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) a[(o + i) * n + o + j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
    }
    for (let i = 0; i < m; i++) a[(o + i) * n + k] = a[k * n + o + i] = i === 0 ? alpha : 0;
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += q[r * n + o + j] * v[j];
      for (let j = 0; j < m; j++) q[r * n + o + j] -= 2 * s * v[j];
    }
  }
  const diagonal = Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
  const off = Float64Array.from({ length: Math.max(n - 1, 0) }, (_, i) => a[(i + 1) * n + i]);
  const eig = tridiagonalEigen(diagonal, off, { vectors: true });
  const wanted = Math.min(count, n);
  const values: number[] = [];
  const vectors: Float64Array[] = [];
  for (let r = 0; r < wanted; r++) {
    const idx = n - 1 - r;
    const z = eig.vectors![idx];
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += q[i * n + j] * z[j];
      x[i] = s;
    }
    values.push(eig.values[idx]);
    vectors.push(x);
  }
  return { values, vectors };
}

/** Flips `a` so that its earliest entry of at least SIGN_SHARE of the largest is negative. */
function fixSign(a: Float64Array): void {
  let largest = 0;
  for (const x of a) largest = Math.max(largest, Math.abs(x));
  const i = a.findIndex((x) => Math.abs(x) >= SIGN_SHARE * largest);
  if (i >= 0 && a[i] > 0) for (let k = 0; k < a.length; k++) a[k] = -a[k];
}

/** The plane's coefficients from the Gram matrix of T records about the last (row-major T x T). */
export function planeCoefficients(gram: ArrayLike<number>, count: number): PlaneCoefficients {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`A path needs at least one record; got ${count}.`);
  let trace = 0;
  for (let i = 0; i < count; i++) trace += gram[i * count + i];
  const { values, vectors } = topEigenpairs(gram, count, 2);
  // Rounding can leave a null eigenvalue slightly negative.
  const lambda = [Math.max(values[0] ?? 0, 0), Math.max(values[1] ?? 0, 0)];
  const noSpread = !(trace > 0) || !(lambda[0] > 0);
  const flat: [boolean, boolean] = [noSpread, noSpread || !(lambda[1] > FLAT_RATIO * lambda[0])];
  const weights: [Float64Array, Float64Array] = [new Float64Array(count), new Float64Array(count)];
  const coords = [new Float64Array(count), new Float64Array(count)];
  for (let k = 0; k < 2; k++) {
    if (flat[k]) continue;
    const ak = Float64Array.from(vectors[k]);
    fixSign(ak);
    const sigma = Math.sqrt(lambda[k]);
    for (let i = 0; i < count; i++) {
      weights[k][i] = ak[i] / sigma;
      coords[k][i] = sigma * ak[i];
    }
  }
  const explained: [number, number] = noSpread ? [0, 0] : [lambda[0] / trace, lambda[1] / trace];
  return { weights, flat, explained, a: coords[0], b: coords[1] };
}

const dot = (x: Float64Array, y: Float64Array) => x.reduce((s, xi, i) => s + xi * y[i], 0);

/** Removes from x its component along the unit vector e, twice (once is not enough in rounding). */
function removeAlong(x: Float64Array, e: Float64Array): void {
  for (let pass = 0; pass < 2; pass++) {
    const c = dot(x, e);
    for (let i = 0; i < x.length; i++) x[i] -= c * e[i];
  }
}

function normalise(x: Float64Array): number {
  const n = Math.sqrt(dot(x, x));
  if (n > 0) for (let i = 0; i < x.length; i++) x[i] /= n;
  return n;
}

/**
 * Makes u and v (as formed from the weights) exactly orthonormal, in place; a flat direction
 * becomes a seeded random one orthogonal to the other, so a degenerate path still has a plane.
 * Both random vectors are always drawn, so v depends on the seed alone, not on whether u was flat.
 */
export function completeDirections(u: Float64Array, v: Float64Array, flat: readonly [boolean, boolean], seed: number): void {
  const dim = u.length;
  if (dim < 2 || v.length !== dim) throw new RangeError(`A plane needs two directions of the same length D >= 2; got ${dim} and ${v.length}.`);
  const rand = mulberry32(((seed >>> 0) ^ 0x7a3b) >>> 0);
  const spare = [Float64Array.from({ length: dim }, () => gaussian(rand)), Float64Array.from({ length: dim }, () => gaussian(rand))];
  if (flat[0] || !(normalise(u) > 0)) {
    u.set(spare[0]);
    normalise(u);
  }
  if (!flat[1]) {
    removeAlong(v, u);
    // A second direction lost to rounding (only just above FLAT_RATIO) falls back to the seeded one.
    if (normalise(v) > 1e-3) return;
  }
  v.set(spare[1]);
  removeAlong(v, u);
  normalise(v);
}

/**
 * Float64 twin of TrajectoryRecorder.plane: the plane of the path `records` (T positions of
 * length D, oldest first) about its last record. `seed` picks the directions a degenerate path
 * lacks (as the recorder's seed option).
 */
export function trajectoryPlane(
  records: readonly ArrayLike<number>[],
  losses: ArrayLike<number>,
  steps: readonly number[],
  options: { seed?: number } = {},
): TrajectoryPlane<Float64Array> {
  const count = records.length;
  if (count < 1) throw new RangeError('A path needs at least one record; got none.');
  const dim = records[0].length;
  if (records.some((r) => r.length !== dim)) throw new RangeError(`Every record must have the same length D = ${dim}.`);
  if (losses.length !== count || steps.length !== count) {
    throw new RangeError(`${count} records need ${count} losses and steps; got ${losses.length} and ${steps.length}.`);
  }
  const end = Float64Array.from(records[count - 1]);
  const y = records.map((r) => Float64Array.from(r, (x, d) => x - end[d]));
  const gram = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let k = i; k < count; k++) gram[i * count + k] = gram[k * count + i] = dot(y[i], y[k]);
  }
  const c = planeCoefficients(gram, count);
  const [u, v] = [new Float64Array(dim), new Float64Array(dim)];
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < dim; d++) {
      u[d] += c.weights[0][i] * y[i][d];
      v[d] += c.weights[1][i] * y[i][d];
    }
  }
  completeDirections(u, v, c.flat, options.seed ?? 1);
  return { end, u, v, explained: c.explained, path: { steps: [...steps], a: c.a, b: c.b, loss: Float32Array.from(losses) } };
}
