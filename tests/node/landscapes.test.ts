import { describe, expect, it } from 'vitest';
import { LANDSCAPES, defaultParams, type Landscape } from '../../src/landscapes';
import { casesFor } from '../landscapeCases';
import { mulberry32, randomPoint } from '../random';

const DIMS = [2, 3, 7, 64];

describe.each(LANDSCAPES.map((l) => [l.id, l] as const))('%s', (_id, landscape) => {
  const cases = casesFor(landscape, DIMS).map((c) => [c.label, c] as const);

  it.each(cases)('gradient matches central finite differences at random points, %s', (_label, { dim, params }) => {
    const rand = mulberry32(1234 + dim);
    const grad = new Float64Array(dim);
    const scratch = new Float64Array(dim);
    for (let trial = 0; trial < 50; trial++) {
      const x = randomPoint(rand, dim, landscape.box);
      landscape.evaluate(x, grad, params, dim);
      for (let d = 0; d < dim; d++) {
        const h = 1e-6 * Math.max(1, Math.abs(x[d]));
        const xp = x.slice();
        const xm = x.slice();
        xp[d] += h;
        xm[d] -= h;
        const fd = (landscape.evaluate(xp, scratch, params, dim) - landscape.evaluate(xm, scratch, params, dim)) / (2 * h);
        // Central differences err by O(h^2 f''') plus rounding O(eps f / h).
        expect(Math.abs(grad[d] - fd)).toBeLessThan(1e-5 * (1 + Math.abs(fd) + Math.abs(landscape.evaluate(x, null, params, dim))));
      }
    }
  });

  it.each(cases)('every known minimum has zero gradient and the stated value, %s', (_label, { dim, params }) => {
    const minima = landscape.minima(dim, params);
    if (minima.length === 0) {
      // Only landscapes that say why may list none.
      expect(landscape.noKnownMinimum).toBeTruthy();
      return;
    }
    const grad = new Float64Array(dim);
    for (const m of minima) {
      expect(m.x).toHaveLength(dim);
      const f = landscape.evaluate(m.x, grad, params, dim);
      expect(f).toBeCloseTo(m.f, 8);
      expect(Math.max(...Array.from(grad, Math.abs))).toBeLessThan(1e-6 * Math.max(1, Math.sqrt(dim)));
    }
  });

  it.each(cases)('no random point in the box is below the global minimum, %s', (_label, { dim, params }) => {
    const minima = landscape.minima(dim, params);
    if (!minima.length) return expect(landscape.noKnownMinimum).toBeTruthy();
    const best = Math.min(...minima.map((m) => m.f));
    const rand = mulberry32(99 + dim);
    for (let i = 0; i < 2000; i++) {
      expect(landscape.evaluate(randomPoint(rand, dim, landscape.box), null, params, dim)).toBeGreaterThanOrEqual(best - 1e-9);
    }
  });

  // Only networks state their dimension through their parameters (no skipped rows for the others).
  if (landscape.dimensionOf) it('states the dimensions its parameters make: default at the defaults, least at the minima', () => {
    // Every size parameter grows D, so the smallest network is the one at every parameter's minimum.
    expect(landscape.dims.default).toBe(landscape.dimensionOf!(defaultParams(landscape)));
    expect(landscape.dims.min).toBe(landscape.dimensionOf!(landscape.params.map((p) => p.min)));
    expect(landscape.dims.max).toBeGreaterThanOrEqual(landscape.dims.default);
  });

  if (landscape.layers) it('its layers hold exactly the D coordinates its parameters make', () => {
    for (const { dim, params } of casesFor(landscape, [4096], 20)) {
      expect(landscape.layers!(params).reduce((s, b) => s + b.size, 0)).toBe(dim);
    }
  });
});

describe('landscape parameters', () => {
  it('the quadratic spreads eigenvalues from 1 to kappa', () => {
    const q = LANDSCAPES.find((l) => l.id === 'quadratic')!;
    const dim = 5;
    const grad = new Float64Array(dim);
    const kappa = 100;
    for (let i = 0; i < dim; i++) {
      const e = new Array(dim).fill(0);
      e[i] = 1;
      q.evaluate(e, grad, [kappa], dim);
      expect(grad[i]).toBeCloseTo(kappa ** (i / (dim - 1)), 10);
    }
  });

  it('the strict saddle has k descending directions at the origin', () => {
    const s = LANDSCAPES.find((l) => l.id === 'strict-saddle')!;
    const dim = 6;
    for (const k of [1, 3, 6]) {
      const h = 1e-3;
      let negative = 0;
      for (let i = 0; i < dim; i++) {
        const e = new Array(dim).fill(0);
        e[i] = h;
        const curvature = (2 * s.evaluate(e, null, [k], dim)) / (h * h);
        if (curvature < 0) negative++;
      }
      expect(negative).toBe(k);
      expect(s.minima(dim, [k])[0].f).toBe(-k);
    }
  });
});

describe('the quadratic with a chosen spectrum', () => {
  /** Hessian by central differences of the analytic gradient (exact for a quadratic up to rounding). */
  function hessian(l: Landscape, dim: number, params: number[]): number[][] {
    const g1 = new Float64Array(dim);
    const g2 = new Float64Array(dim);
    return Array.from({ length: dim }, (_, j) => {
      const e = new Array(dim).fill(0);
      e[j] = 1e-3;
      l.evaluate(e, g1, params, dim);
      l.evaluate(e.map((v) => -v), g2, params, dim);
      return Array.from(g1, (v, i) => (v - g2[i]) / 2e-3);
    });
  }

  /** Negative pivots of an LDL^T elimination: the number of negative eigenvalues (Sylvester's law of inertia). */
  function negativeEigenvalues(h: number[][]): number {
    const a = h.map((r) => r.slice());
    let negative = 0;
    for (let k = 0; k < a.length; k++) {
      const pivot = a[k][k];
      if (pivot < 0) negative++;
      for (let i = k + 1; i < a.length; i++) {
        const f = a[i][k] / pivot;
        for (let j = k; j < a.length; j++) a[i][j] -= f * a[k][j];
      }
    }
    return negative;
  }

  it.each([
    [6, 10, 0],
    [6, 100, 2],
    [9, 1000, 5],
  ])('D = %i, kappa = %i, k = %i: trace, Frobenius norm and index match the stated eigenvalues', (dim, kappa, k) => {
    const l = LANDSCAPES.find((x) => x.id === 'spectrum-quadratic')!;
    const params = [kappa, k, 3];
    const h = hessian(l, dim, params);
    const lambdas = Array.from({ length: dim }, (_, i) => (i < k ? -1 : 1) * kappa ** (i / (dim - 1)));
    const trace = h.reduce((s, r, i) => s + r[i], 0);
    const frob2 = h.flat().reduce((s, v) => s + v * v, 0);
    expect(trace).toBeCloseTo(lambdas.reduce((s, v) => s + v, 0), 4);
    expect(Math.sqrt(frob2)).toBeCloseTo(Math.sqrt(lambdas.reduce((s, v) => s + v * v, 0)), 4);
    expect(negativeEigenvalues(h)).toBe(k);
    // A real rotation: the Hessian is not diagonal.
    expect(Math.abs(h[0][1]) + Math.abs(h[1][2])).toBeGreaterThan(1e-3);
  });
});
