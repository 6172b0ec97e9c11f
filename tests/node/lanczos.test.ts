import { describe, expect, it } from 'vitest';
import { lanczos, type SymmetricOperator } from '../../src/analysis/lanczos';
import { tridiagonalEigen } from '../../src/analysis/tridiagonal';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';

/** Q diag(lambda) Q^T with Q a product of three seeded Householder reflections. */
function rotated(lambda: number[], seed: number): { a: Float64Array; n: number } {
  const n = lambda.length;
  const rand = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = lambda[i];
  for (let r = 0; r < 3; r++) {
    const v = Array.from({ length: n }, () => gaussian(rand));
    const norm = Math.hypot(...v);
    const h = v.map((x) => x / norm);
    // A <- H A H with H = I - 2 h h^T.
    for (const side of [0, 1]) {
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += h[i] * (side ? a[k * n + i] : a[i * n + k]);
        for (let i = 0; i < n; i++) {
          if (side) a[k * n + i] -= 2 * s * h[i];
          else a[i * n + k] -= 2 * s * h[i];
        }
      }
    }
  }
  return { a, n };
}

function operator({ a, n }: { a: Float64Array; n: number }): SymmetricOperator & { calls: number } {
  return {
    dim: n,
    calls: 0,
    async apply(v) {
      this.calls++;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i] += a[i * n + j] * v[j];
      return out;
    },
  };
}

describe('tridiagonal QL', () => {
  it('finds the eigenvalues of the 1-D Laplacian, with unit eigenvectors and their first components', () => {
    // diag 2, off-diagonal -1: eigenvalues 2 - 2 cos(k pi / (m + 1)), eigenvector first components known.
    for (const m of [1, 2, 7, 40]) {
      const { values, first, vectors } = tridiagonalEigen(new Array(m).fill(2), new Array(m - 1).fill(-1), { vectors: true });
      for (let k = 1; k <= m; k++) {
        expect(Math.abs(values[k - 1] - (2 - 2 * Math.cos((k * Math.PI) / (m + 1))))).toBeLessThan(1e-12);
        const exactFirst = Math.sqrt(2 / (m + 1)) * Math.sin((k * Math.PI) / (m + 1));
        expect(Math.abs(Math.abs(first[k - 1]) - exactFirst)).toBeLessThan(1e-12);
        const norm = vectors![k - 1].reduce((s, x) => s + x * x, 0);
        expect(Math.abs(norm - 1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('Lanczos', () => {
  it('with restarts finds every eigenvalue with its multiplicity, and the index', async () => {
    // Repeated eigenvalues close Krylov spaces early: the restarts must find the rest.
    const lambda = [-3, -1, -1, 0.5, 2, 2, 2, 2, 5, 7, 7, 11];
    const op = operator(rotated(lambda, 4));
    const r = await lanczos(op, { steps: lambda.length, restart: true, seed: 2 });
    expect(r.complete).toBe(true);
    expect(op.calls).toBe(lambda.length);
    const sorted = [...lambda].sort((a, b) => a - b);
    sorted.forEach((l, i) => expect(Math.abs(r.values[i] - l)).toBeLessThan(1e-9));
    expect(Array.from(r.values).filter((v) => v < 0).length).toBe(3);
  });

  it('finds extreme eigenpairs of a large operator in few steps, and its weights sum to one', async () => {
    const n = 200;
    const lambda = Array.from({ length: n }, (_, i) => (i === 0 ? -4 : i === n - 1 ? 30 : 1 + (9 * i) / n));
    const m = rotated(lambda, 9);
    const op = operator(m);
    const r = await lanczos(op, { steps: 40, seed: 3 });
    expect(r.complete).toBe(false);
    expect(r.steps).toBe(40);
    expect(Math.abs(r.values[0] + 4)).toBeLessThan(1e-8);
    expect(Math.abs(r.values[r.values.length - 1] - 30)).toBeLessThan(1e-8);
    // The Ritz vector of -4 is an eigenvector: A v = -4 v.
    const v = r.vectors[0];
    const av = await op.apply(v);
    let residual = 0;
    for (let i = 0; i < n; i++) residual = Math.max(residual, Math.abs(av[i] + 4 * v[i]));
    expect(residual).toBeLessThan(1e-6);
    expect(Math.abs(r.weights.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(1e-12);
    // Interlacing: every Ritz value lies inside the spectrum.
    for (const t of r.values) expect(t >= -4 - 1e-9 && t <= 30 + 1e-9).toBe(true);
  });
});
