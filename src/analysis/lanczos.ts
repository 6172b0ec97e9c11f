/**
 * The Lanczos method on a symmetric operator the GPU applies (a Hessian through Hessian-vector
 * products, a covariance through two reductions): the CPU keeps the small recurrence and the
 * basis, fully reorthogonalised, and asks only for one product per step.
 */
import { gaussian, mulberry32 } from '../landscapes/seeded';
import { tridiagonalEigen } from './tridiagonal';

export interface SymmetricOperator {
  readonly dim: number;
  /** A v for a vector of length dim. */
  apply(v: Float64Array): Promise<Float64Array>;
}

export interface RitzPairs {
  /** Ritz values, ascending. */
  values: Float64Array;
  /**
   * Gauss quadrature weight of each value (squared first component): with one unit start vector q,
   * sum_k weight_k g(value_k) approximates q^T g(A) q (stochastic Lanczos quadrature).
   */
  weights: Float64Array;
  /** Ritz vectors (length dim), in the order of values. */
  vectors: Float64Array[];
  /** Products used. */
  steps: number;
  /** The Krylov spaces spanned the whole space: values are every eigenvalue, with multiplicity. */
  complete: boolean;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function randomUnit(dim: number, rand: () => number): Float64Array {
  const v = Float64Array.from({ length: dim }, () => gaussian(rand));
  const n = Math.sqrt(dot(v, v));
  return v.map((x) => x / n);
}

/** Removes from w its components along every basis vector, twice (classical Gram-Schmidt, reiterated). */
function orthogonalise(w: Float64Array, basis: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      const c = dot(w, q);
      for (let i = 0; i < w.length; i++) w[i] -= c * q[i];
    }
  }
}

/**
 * At most `steps` Lanczos steps from a seeded random start. When a Krylov space closes (the
 * operator has repeated eigenvalues) and `restart` is set, it goes on from a new random vector
 * orthogonal to all before, so `steps = dim` finds every eigenvalue with its multiplicity.
 */
export async function lanczos(
  op: SymmetricOperator,
  options: { steps: number; seed?: number; restart?: boolean },
): Promise<RitzPairs> {
  const dim = op.dim;
  const steps = Math.max(1, Math.min(Math.floor(options.steps), dim));
  const rand = mulberry32((options.seed ?? 1) * 9973 + 5);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = randomUnit(dim, rand);
  let scale = 0;
  while (basis.length < steps) {
    basis.push(q);
    const w = await op.apply(q);
    const a = dot(w, q);
    alpha.push(a);
    orthogonalise(w, basis);
    const b = Math.sqrt(dot(w, w));
    scale = Math.max(scale, Math.abs(a), b);
    if (basis.length === steps) break;
    if (b > 1e-10 * Math.max(scale, 1e-30)) {
      beta.push(b);
      q = w.map((x) => x / b);
      continue;
    }
    // The Krylov space is invariant: its Ritz values are exact eigenvalues.
    if (!options.restart) break;
    beta.push(0);
    const fresh = randomUnit(dim, rand);
    orthogonalise(fresh, basis);
    q = fresh.map((x) => x / Math.sqrt(dot(fresh, fresh)));
  }
  const eig = tridiagonalEigen(alpha, beta, { vectors: true });
  const m = basis.length;
  const vectors = eig.vectors!.map((y) => {
    const v = new Float64Array(dim);
    for (let j = 0; j < m; j++) for (let i = 0; i < dim; i++) v[i] += y[j] * basis[j][i];
    return v;
  });
  // Restarted blocks are decoupled (zero beta): their vectors have no first component.
  return { values: eig.values, weights: Float64Array.from(eig.first, (y) => y * y), vectors, steps: m, complete: m === dim };
}
