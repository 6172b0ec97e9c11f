/**
 * The ℓp regression problem a deep linear network fits (Arora, Cohen & Hazan 2018): seeded data
 * whose features span a chosen range of scales, the loss of an end-to-end map w and its gradient,
 * and the optimal map (least squares for p = 2, Newton's method for p = 4), the network's known
 * minimum.
 */
import { gaussian, mulberry32 } from './seeded';

export interface RegressionData {
  d: number;
  m: number;
  /** X (m×d, row-major), then y: what the WGSL reads. */
  data: Float32Array<ArrayBuffer>;
  /** Views into `data`. */
  X: Float32Array<ArrayBuffer>;
  y: Float32Array<ArrayBuffer>;
  /** The planted map (before rounding and noise). */
  wStar: Float64Array;
}

const dataCache = new Map<string, RegressionData>();

/**
 * The regression data, drawn once per (d, m, κ, σ, seed) and rounded to f32 for both sides.
 * Draws come in a fixed order (w*, then per sample its d standard normals and its noise), so a
 * larger m extends the same samples, and κ and σ rescale the same draws.
 */
export function regressionData(d: number, m: number, kappa: number, noise: number, seed: number): RegressionData {
  const key = `${d}:${m}:${kappa}:${noise}:${seed}`;
  let cached = dataCache.get(key);
  if (cached) return cached;
  const rand = mulberry32(seed * 2654435761 + 97);
  const wStar = Float64Array.from({ length: d }, () => gaussian(rand) / Math.sqrt(d));
  const sigma = Float64Array.from({ length: d }, (_, c) => (d > 1 ? kappa ** (-c / (d - 1)) : 1));
  const data = new Float32Array(m * d + m);
  for (let s = 0; s < m; s++) {
    for (let c = 0; c < d; c++) data[s * d + c] = sigma[c] * gaussian(rand);
    let t = 0;
    for (let c = 0; c < d; c++) t += wStar[c] * data[s * d + c];
    data[m * d + s] = t + noise * gaussian(rand);
  }
  cached = { d, m, data, X: data.subarray(0, m * d), y: data.subarray(m * d), wStar };
  if (dataCache.size > 16) dataCache.clear();
  dataCache.set(key, cached);
  return cached;
}

/** (1/m) Σ |r|^p / p at the end-to-end map w, and its gradient g_e with respect to w when asked. */
export function linearLoss(we: ArrayLike<number>, data: RegressionData, p: number, ge: Float64Array | null): number {
  const { d, m, X, y } = data;
  if (ge) ge.fill(0);
  let f = 0;
  for (let s = 0; s < m; s++) {
    let yhat = 0;
    for (let c = 0; c < d; c++) yhat += we[c] * X[s * d + c];
    const r = yhat - y[s];
    const r2 = r * r;
    f += p === 4 ? 0.25 * r2 * r2 : 0.5 * r2;
    if (ge) {
      const psi = p === 4 ? r2 * r : r;
      for (let c = 0; c < d; c++) ge[c] += psi * X[s * d + c];
    }
  }
  if (ge) for (let c = 0; c < d; c++) ge[c] /= m;
  return f / m;
}

/** Cholesky solve of the SPD system A z = r (n×n row-major), after scaling it to unit diagonal. */
function spdSolve(A: Float64Array, r: Float64Array, n: number): Float64Array {
  const s = Float64Array.from({ length: n }, (_, i) => (A[i * n + i] > 0 ? 1 / Math.sqrt(A[i * n + i]) : 1));
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = A[i * n + j] * s[i] * s[j];
      for (let k = 0; k < j; k++) v -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(Math.max(v, 1e-300)) : v / L[j * n + j];
    }
  }
  const z = Float64Array.from(r, (v, i) => v * s[i]);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) z[i] -= L[i * n + k] * z[k];
    z[i] /= L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) z[i] -= L[k * n + i] * z[k];
    z[i] /= L[i * n + i];
  }
  for (let i = 0; i < n; i++) z[i] *= s[i];
  return z;
}

/** A z = r solved, then refined twice against the residual (float64 throughout). */
function refinedSolve(A: Float64Array, r: Float64Array, n: number): Float64Array {
  const z = spdSolve(A, r, n);
  for (let pass = 0; pass < 2; pass++) {
    const res = Float64Array.from(r, (v, i) => {
      let t = v;
      for (let k = 0; k < n; k++) t -= A[i * n + k] * z[k];
      return t;
    });
    const dz = spdSolve(A, res, n);
    for (let i = 0; i < n; i++) z[i] += dz[i];
  }
  return z;
}

/**
 * The best linear map for the data: least squares for p = 2 (normal equations), Newton's method
 * on the convex ℓ4 loss for p = 4 (from the least-squares map, with backtracking, to machine
 * precision). With fewer samples than inputs the loss reaches 0: the minimum-norm interpolant.
 */
export function optimalEndToEnd(data: RegressionData, p: number): Float64Array {
  const { d, m, X, y } = data;
  if (m < d) {
    // w = Xᵀ (X Xᵀ)⁻¹ y interpolates every sample.
    const G = new Float64Array(m * m);
    for (let s = 0; s < m; s++) {
      for (let t = 0; t < m; t++) {
        let v = 0;
        for (let c = 0; c < d; c++) v += X[s * d + c] * X[t * d + c];
        G[s * m + t] = v;
      }
    }
    const z = refinedSolve(G, Float64Array.from(y), m);
    return Float64Array.from({ length: d }, (_, c) => {
      let v = 0;
      for (let s = 0; s < m; s++) v += X[s * d + c] * z[s];
      return v;
    });
  }
  const gram = new Float64Array(d * d);
  const rhs = new Float64Array(d);
  for (let s = 0; s < m; s++) {
    for (let i = 0; i < d; i++) {
      rhs[i] += X[s * d + i] * y[s];
      for (let j = 0; j < d; j++) gram[i * d + j] += X[s * d + i] * X[s * d + j];
    }
  }
  const w = refinedSolve(gram, rhs, d);
  if (p !== 4) return w;
  const g = new Float64Array(d);
  let f = linearLoss(w, data, 4, g);
  let gNorm = Math.hypot(...g);
  const trial = new Float64Array(d);
  const gTrial = new Float64Array(d);
  for (let it = 0; it < 60 && gNorm > 0; it++) {
    const H = new Float64Array(d * d);
    for (let s = 0; s < m; s++) {
      let r = -y[s];
      for (let c = 0; c < d; c++) r += w[c] * X[s * d + c];
      const weight = (3 * r * r) / m;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) H[i * d + j] += weight * X[s * d + i] * X[s * d + j];
    }
    const step = refinedSolve(H, g, d);
    // Backtracking: a step is taken when it lowers the loss or, once the loss is flat to rounding,
    // its gradient (the loss resolves w only to about the square root of the rounding unit).
    let accepted = false;
    for (let k = 0, t = 1; k < 50 && !accepted; k++, t /= 2) {
      for (let c = 0; c < d; c++) trial[c] = w[c] - t * step[c];
      const fTrial = linearLoss(trial, data, 4, gTrial);
      const gTrialNorm = Math.hypot(...gTrial);
      accepted = fTrial < f || (fTrial <= f * (1 + 1e-12) && gTrialNorm < gNorm);
      if (accepted) {
        w.set(trial);
        g.set(gTrial);
        f = fTrial;
        gNorm = gTrialNorm;
      }
    }
    // Converged: no step lowers the loss or its gradient any more.
    if (!accepted) break;
  }
  return w;
}

const optimumCache = new WeakMap<RegressionData, Map<number, Float64Array>>();

/** optimalEndToEnd, once per data set and exponent. */
export function cachedOptimum(data: RegressionData, p: number): Float64Array {
  let byP = optimumCache.get(data);
  if (!byP) optimumCache.set(data, (byP = new Map()));
  let w = byP.get(p);
  if (!w) byP.set(p, (w = optimalEndToEnd(data, p)));
  return w;
}
