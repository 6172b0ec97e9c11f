import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../reference/symmetricEigen';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = gaussian(rand);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

function frobenius(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Q^T diag(d) Q with Q a product of n random Householder reflections (orthogonal by construction). */
function withSpectrum(d: number[], seed: number): Float64Array {
  const n = d.length;
  const rand = mulberry32(seed);
  // Rows of q start as the identity; each reflection I - 2uu^T is applied on the right.
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let r = 0; r < n; r++) {
    const u = Array.from({ length: n }, () => gaussian(rand));
    const un = Math.hypot(...u);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[i * n + k] * u[k];
      for (let k = 0; k < n; k++) q[i * n + k] -= (2 * dot * u[k]) / (un * un);
    }
  }
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[k * n + i] * d[k] * q[k * n + j];
      a[i * n + j] = s;
    }
  }
  return a;
}

describe('the reference eigen-decomposition (ml-matrix, sorted)', () => {
  it.each([1, 2, 5, 40, 120])('decomposes a random symmetric matrix of size %i', (n) => {
    const a = randomSymmetric(n, 1000 + n);
    const copy = a.slice();
    const { values, vectors } = symmetricEigen(a, n);
    expect(Array.from(a)).toEqual(Array.from(copy));
    expect(values).toHaveLength(n);
    expect(vectors).toHaveLength(n);
    const scale = frobenius(a);
    expect(scale).toBeGreaterThan(0);

    // A v = lambda v: residual relative to |A|_F, as small eigenvalues carry no relative accuracy.
    let worstResidual = 0;
    for (let k = 0; k < n; k++) {
      const v = vectors[k];
      expect(v).toHaveLength(n);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * v[j];
        worstResidual = Math.max(worstResidual, Math.abs(av - values[k] * v[i]));
      }
    }
    expect(worstResidual).toBeLessThan(1e-9 * scale);

    // Orthonormal: |V^T V - I| entrywise below 1e-10.
    for (let k = 0; k < n; k++) {
      for (let l = k; l < n; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[k][i] * vectors[l][i];
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-10);
      }
    }

    for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);

    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    const sum = values.reduce((s, x) => s + x, 0);
    expect(Math.abs(trace - sum)).toBeLessThan(1e-10 * scale);
    // Frobenius norm is also invariant: sum of lambda^2 equals |A|_F^2.
    const sum2 = values.reduce((s, x) => s + x * x, 0);
    expect(Math.abs(Math.sqrt(sum2) - scale)).toBeLessThan(1e-10 * scale);
  });

  it.each([
    ['distinct, mixed signs', [-3, -1.5, 0.25, 2, 7, 11]],
    ['repeated', [2, 2, 2, -1, -1, 5, 5, 0.5]],
    ['repeated negative and zero', [-4, -4, 0, 0, 0, 3, 3, 3, 3, -0.001]],
    ['wide range', [1e-6, -1e-3, 1, 1e3, -1e3, 1e3]],
  ])('recovers a known spectrum (%s) under a random rotation', (_name, known) => {
    const n = known.length;
    const a = withSpectrum(known, 77 + n);
    const { values, vectors } = symmetricEigen(a, n);
    const expected = [...known].sort((x, y) => x - y);
    const scale = Math.max(...known.map(Math.abs));
    for (let k = 0; k < n; k++) expect(Math.abs(values[k] - expected[k])).toBeLessThan(1e-10 * scale);
    // Within a repeated eigenvalue any orthonormal basis is right; still each vector must satisfy A v = lambda v.
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k][j];
        expect(Math.abs(av - values[k] * vectors[k][i])).toBeLessThan(1e-10 * scale);
      }
    }
  });

  it('handles a 300 x 300 matrix and trivial inputs', () => {
    const n = 300;
    const a = randomSymmetric(n, 4242);
    const { values, vectors } = symmetricEigen(a, n);
    const scale = frobenius(a);
    // Spot-check residuals on a few vectors (the full check is O(n^3) and covered above).
    for (const k of [0, 1, 150, 298, 299]) {
      let r = 0;
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k][j];
        r = Math.max(r, Math.abs(av - values[k] * vectors[k][i]));
      }
      expect(r).toBeLessThan(1e-9 * scale);
    }
    const zero = symmetricEigen(new Float64Array(9), 3);
    expect(Array.from(zero.values)).toEqual([0, 0, 0]);
    expect(zero.vectors.map((v) => Math.hypot(...v))).toEqual([1, 1, 1]);
    expect(Array.from(symmetricEigen([-2.5], 1).values)).toEqual([-2.5]);
    // Already diagonal: values come back sorted, vectors are unit axes.
    const diag = symmetricEigen([3, 0, 0, 0, -1, 0, 0, 0, 2], 3);
    expect(Array.from(diag.values)).toEqual([-1, 2, 3]);
    expect(Array.from(diag.vectors[0]).map(Math.abs)).toEqual([0, 1, 0]);
  });
});
