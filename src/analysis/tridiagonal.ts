/**
 * Eigenvalues of a symmetric tridiagonal matrix by the implicit QL method (tqli, as in
 * Numerical Recipes), tracking either every eigenvector or only their first components: the
 * squares of those are the Gauss quadrature weights of a Lanczos run (Golub and Welsch 1969).
 * shaders/curvature.wgsl runs the first-components form in f32; this is its reference.
 */

export interface TridiagonalEigen {
  /** Ascending. */
  values: Float64Array;
  /** First component of each unit eigenvector, in the order of values. */
  first: Float64Array;
  /** Every eigenvector (length m each), in the order of values, when asked for. */
  vectors?: Float64Array[];
}

/** Most QL sweeps per eigenvalue before giving up on tighter convergence. */
export const QL_MAX_ITERATIONS = 30;

/**
 * alpha: diagonal (m values); beta: off-diagonal, beta[i] couples i and i + 1 (m - 1 values).
 * `eps` is the relative size below which an off-diagonal entry counts as zero.
 */
export function tridiagonalEigen(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  options: { vectors?: boolean; eps?: number } = {},
): TridiagonalEigen {
  const n = alpha.length;
  const eps = options.eps ?? 1e-15;
  const d = Float64Array.from(alpha);
  const e = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) e[i] = beta[i];
  // z[k] is row k of the eigenvector matrix; with vectors off only row 0 is kept.
  const rows = options.vectors ? n : Math.min(n, 1);
  const z = Array.from({ length: rows }, (_, k) => {
    const r = new Float64Array(n);
    r[k] = 1;
    return r;
  });
  for (let l = 0; l < n; l++) {
    for (let iter = 0; iter < QL_MAX_ITERATIONS; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= eps * dd) break;
      }
      if (m === l) break;
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (const row of z) {
          const t = row[i + 1];
          row[i + 1] = s * row[i] + c * t;
          row[i] = c * row[i] - s * t;
        }
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a] - d[b]);
  const values = Float64Array.from(order, (i) => d[i]);
  const first = Float64Array.from(order, (i) => (n ? z[0][i] : 0));
  const out: TridiagonalEigen = { values, first };
  if (options.vectors) out.vectors = order.map((i) => Float64Array.from(z, (row) => row[i]));
  return out;
}
