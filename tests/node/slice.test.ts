import { describe, expect, it } from 'vitest';
import { randomDirections, sliceCenter, slicePlane } from '../../src/explorer/slice';
import { applyPatch, DEFAULT_SETTINGS } from '../../src/settings';
import { landscapeById } from '../../src/landscapes';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

describe('slices through D dimensions', () => {
  it.each([2, 3, 64, 1000, 4096])('random directions are orthonormal and seeded, D = %i', (dim) => {
    const [u, v] = randomDirections(dim, 7);
    expect(dot(u, u)).toBeCloseTo(1, 5);
    expect(dot(v, v)).toBeCloseTo(1, 5);
    expect(Math.abs(dot(u, v))).toBeLessThan(1e-5);
    expect(randomDirections(dim, 7)[0]).toEqual(u);
    expect(Math.abs(dot(randomDirections(dim, 8)[0], u))).toBeLessThan(dim === 2 ? 1.01 : 0.5);
  });

  it('centres: a known minimum, the origin, or the best particle; along the axes a and b are x1 and x2', () => {
    const s = applyPatch({ ...DEFAULT_SETTINGS }, { landscape: 'styblinski-tang', dim: 5 });
    const st = landscapeById('styblinski-tang');
    const m = st.minima(5, [])[0].x;
    // The chosen point is the whole minimum, whatever the directions; the plane's origin drops x1, x2 along the axes.
    expect(sliceCenter(st, s)).toEqual(m);
    expect(slicePlane(st, s).point).toEqual(m);
    expect(slicePlane(st, s).center).toEqual([0, 0, ...m.slice(2)]);
    expect(slicePlane(st, { ...s, sliceDirections: 'random' }).center).toEqual(m);
    expect(sliceCenter(st, { ...s, sliceCenter: 'origin' })).toEqual([0, 0, 0, 0, 0]);
    const best = [1, 2, 3, 4, 5];
    expect(sliceCenter(st, { ...s, sliceCenter: 'best' }, { best })).toEqual(best);
    expect(slicePlane(st, { ...s, sliceCenter: 'best' }, { best }).center).toEqual([0, 0, 3, 4, 5]);
    expect(sliceCenter(st, { ...s, sliceCenter: 'best', sliceDirections: 'random' }, { best })).toEqual(best);
    expect(sliceCenter(st, { ...s, sliceCenter: 'mean', sliceDirections: 'random' }, { mean: best })).toEqual(best);
    // Computed directions are used for PCA and Hessian slices, and only when they fit the dimension.
    const u = [0, 0, 1, 0, 0];
    const v = [0, 0, 0, 0, 1];
    const pca = slicePlane(st, { ...s, sliceDirections: 'pca' }, { directions: [u, v] });
    expect(Array.from(pca.u)).toEqual(u);
    expect(Array.from(pca.v)).toEqual(v);
    expect(Array.from(slicePlane(st, { ...s, sliceDirections: 'random' }, { directions: [u, v] }).u)).not.toEqual(u);
    expect(Array.from(slicePlane(st, { ...s, sliceDirections: 'hessian' }, { directions: [[1, 0], [0, 1]] }).u)).toEqual([1, 0, 0, 0, 0]);
    const plane = slicePlane(st, { ...s, sliceDirections: 'random' });
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-6);
  });

  it('rejects unknown slice settings with a message', () => {
    expect(() => applyPatch({ ...DEFAULT_SETTINGS }, { sliceCenter: 'middle' as never })).toThrow(/sliceCenter/);
    expect(() => applyPatch({ ...DEFAULT_SETTINGS }, { sliceDirections: 'eigen' as never })).toThrow(/sliceDirections/);
  });

  it('starts at and centres on a known saddle only where the landscape has one, and falls back when it goes', () => {
    expect(() => applyPatch({ ...DEFAULT_SETTINGS }, { init: 'saddle' })).toThrow(/no known saddle/);
    expect(() => applyPatch({ ...DEFAULT_SETTINGS }, { sliceCenter: 'saddle' })).toThrow(/no known saddle/);
    const s = applyPatch({ ...DEFAULT_SETTINGS }, { landscape: 'strict-saddle', dim: 8, init: 'saddle', initSigma: 0, sliceCenter: 'saddle' });
    expect(sliceCenter(landscapeById('strict-saddle'), { ...s, sliceDirections: 'random' })).toEqual(new Array(8).fill(0));
    // A zero spread is only for a start exactly at the saddle.
    expect(() => applyPatch(s, { init: 'gaussian' })).toThrow(/initSigma/);
    const moved = applyPatch(s, { landscape: 'rastrigin' });
    expect(moved.init).toBe('uniform');
    expect(moved.sliceCenter).toBe('minimum');
    // The chosen-spectrum quadratic has a saddle only when k > 0.
    const q = applyPatch({ ...DEFAULT_SETTINGS }, { landscape: 'spectrum-quadratic', dim: 6, params: { negative: 2 }, init: 'saddle' });
    expect(applyPatch(q, { params: { negative: 0 } }).init).toBe('uniform');
  });
});
