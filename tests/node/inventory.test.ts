/**
 * The inventory of critical points (src/analysis/inventory.ts) on synthetic inputs: dropping,
 * merging, counting and classifying; and the float64 search twin (criticalSearchReference.ts)
 * against closed forms and the test-only Newton reference.
 */
import { describe, expect, it, vi } from 'vitest';

// inventory.ts takes NEGATIVE_CUTOFF from Analyzer.ts; Analyzer's GPU subsystems, which need
// WebGPU to load, are not used here.
vi.mock('../../src/analysis/CloudCovariance', () => ({}));
vi.mock('../../src/analysis/CurvatureSampler', () => ({}));
vi.mock('../../src/analysis/HessianProbe', () => ({}));
vi.mock('../../src/analysis/NetworkReadout', () => ({}));
import { buildInventory, classify, inventoryCounts, scaledDistance, type HessianSpectrum } from '../../src/analysis/inventory';
import { defaultMaxStep, searchCriticalPoints, solveFloored } from '../../src/analysis/criticalSearchReference';
import { landscapeById } from '../../src/landscapes';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';
import { newtonCriticalPoint } from '../reference/criticalPoints';

const spectrum = (...values: number[]): HessianSpectrum => {
  const sorted = Float64Array.from(values).sort();
  return { eigenvalues: sorted, complete: true, index: values.filter((v) => v < 0).length };
};

describe('classification by the Hessian index', () => {
  it('sorts spectra into minima, saddles, maxima and degenerate points', () => {
    expect(classify(spectrum(1, 3), 1e-6)).toMatchObject({ kind: 'minimum', index: 0, zeroEigenvalues: 0, lambdaMin: 1, lambdaMax: 3 });
    expect(classify(spectrum(-2, 5, 1), 1e-6)).toMatchObject({ kind: 'saddle', index: 1, exact: true });
    expect(classify(spectrum(-2, -5), 1e-6)).toMatchObject({ kind: 'maximum', index: 2 });
    // Below NEGATIVE_CUTOFF (1e-3) of the largest |lambda|: rounding at a flat direction, not a descent.
    expect(classify(spectrum(-5e-4, 1), 1e-9)).toMatchObject({ kind: 'degenerate', index: 0, zeroEigenvalues: 1 });
    expect(classify(spectrum(-2e-3, 1), 1e-9)).toMatchObject({ kind: 'saddle', index: 1 });
    // Tiny on an absolute scale (the monkey saddle near its origin): both count as zero.
    expect(classify(spectrum(-3e-5, 3e-5), 1e-3)).toMatchObject({ kind: 'degenerate', index: 0, zeroEigenvalues: 2 });
    expect(classify(spectrum(0, 0), 1e-3).kind).toBe('degenerate');
    // Ritz values only: the probe's estimate, and the kind from the extremes.
    const partial = { eigenvalues: Float64Array.from([-3, -1, 2, 4]), complete: false, index: 40 };
    expect(classify(partial, 1e-6)).toMatchObject({ kind: 'saddle', index: 40, exact: false });
  });
});

describe('building the inventory', () => {
  it('drops unconverged points, merges nearby ones, counts them and sorts by loss', async () => {
    const rand = mulberry32(3);
    // Three critical points: a minimum at (1, 1), a saddle at (0, 0), a maximum at (-10, 20).
    const truth = [
      { x: [1, 1], f: -1, s: spectrum(2, 3) },
      { x: [0, 0], f: 0, s: spectrum(-1, 2) },
      { x: [-10, 20], f: 5, s: spectrum(-4, -1) },
    ];
    const points: number[][] = [];
    const loss: number[] = [];
    const gradNorm: number[] = [];
    const copies = [5, 3, 2];
    truth.forEach((t, k) => {
      for (let c = 0; c < copies[k]; c++) {
        // Jitter 1e-4 of max(1, |x|): within a merge tolerance of 1e-3 at every scale.
        const scale = Math.max(1, Math.hypot(...t.x) / Math.SQRT2);
        points.push(t.x.map((v) => v + 1e-4 * scale * gaussian(rand)));
        loss.push(t.f + 1e-9 * c);
        gradNorm.push(1e-8 * (c + 1));
      }
    });
    // Not converged: dropped, wherever they are.
    points.push([1, 1.0001], [3, 3], [NaN, 0]);
    loss.push(-1, 7, 0);
    gradNorm.push(0.5, 1e-3, 1e-9);
    const asked: Float32Array[] = [];
    const entries = await buildInventory(
      { points, loss, gradNorm },
      {
        gradTol: 1e-6,
        mergeTol: 1e-3,
        hessian: async (x) => {
          asked.push(x);
          return truth.reduce((best, t) => (scaledDistance(t.x, x) < scaledDistance(best.x, x) ? t : best)).s;
        },
      },
    );
    expect(entries.map((e) => e.kind)).toEqual(['minimum', 'saddle', 'maximum']);
    expect(entries.map((e) => e.count)).toEqual(copies);
    expect(entries.map((e) => e.index)).toEqual([0, 1, 2]);
    // One Hessian per distinct point, at its best-converged member.
    expect(asked.length).toBe(3);
    entries.forEach((e) => expect(e.gradNorm).toBe(1e-8));
    const { byKind, byIndex } = inventoryCounts(entries);
    expect(byKind).toEqual({ minimum: 1, saddle: 1, maximum: 1, degenerate: 0 });
    expect(Object.fromEntries(byIndex)).toEqual({ 0: 1, 1: 1, 2: 1 });
  });

  it('keeps points apart that are farther than the merge tolerance, at their scale', async () => {
    const hessian = async () => spectrum(1, 1);
    const near = await buildInventory({ points: [[100, 0], [100.05, 0]], loss: [0, 0], gradNorm: [0, 0] }, { gradTol: 1, mergeTol: 1e-3, hessian });
    // 0.05 apart at |x| ~ 100: 0.05 / sqrt(2) / (100 / sqrt(2)) = 5e-4 relative, merged.
    expect(near.length).toBe(1);
    const far = await buildInventory({ points: [[0.1, 0], [0.105, 0]], loss: [0, 0], gradNorm: [0, 0] }, { gradTol: 1, mergeTol: 1e-3, hessian });
    // 0.005 apart below |x| = 1: absolute, 3.5e-3, kept apart.
    expect(far.length).toBe(2);
  });

  it('refuses inconsistent inputs', async () => {
    const hessian = async () => spectrum(1);
    await expect(buildInventory({ points: [[0]], loss: [0, 1], gradNorm: [0] }, { gradTol: 1, mergeTol: 0, hessian })).rejects.toThrow(RangeError);
    await expect(buildInventory({ points: [[0]], loss: [0], gradNorm: [0] }, { gradTol: 0, mergeTol: 0, hessian })).rejects.toThrow(/gradTol/);
    expect(() => scaledDistance([0, 1], [0])).toThrow(RangeError);
  });
});

describe('the float64 search twin', () => {
  it('solves with partial pivoting, and floors a singular pivot', () => {
    const a = Float64Array.from([0, 2, 1, 1]);
    const b = Float64Array.from([4, 3]);
    expect(solveFloored(a, b, 2)).toBe(true);
    expect(Array.from(b)).toEqual([1, 2]);
    const singular = Float64Array.from([1, 1, 1, 1]);
    const c = Float64Array.from([1, 2]);
    solveFloored(singular, c, 2);
    // The floored pivot 1e-6 gives a step of order 1e6 along the null direction: the trust radius caps it.
    expect(Math.abs(c[1])).toBeGreaterThan(1e5);
    expect(solveFloored(new Float64Array(4), Float64Array.from([1, 1]), 2)).toBe(false);
  });

  it.each([
    ['himmelblau', 2, [] as number[], 0],
    ['six-hump-camel', 2, [], 0],
    ['strict-saddle', 3, [2], 0],
    ['strict-saddle', 12, [3], 0],
  ])('%s at D = %i: lands on critical points, where the Newton reference agrees', (id, dim, given) => {
    const landscape = landscapeById(id);
    const params = landscape.params.map((p, i) => given[i] ?? p.default);
    const rand = mulberry32(dim + id.length);
    const [lo, hi] = landscape.box;
    const starts = Array.from({ length: 40 }, () => Array.from({ length: dim }, () => lo + (hi - lo) * rand()));
    const r = searchCriticalPoints(landscape, params, dim, starts, { iterations: 1000, maxStep: defaultMaxStep(landscape) });
    // Points stop once their step is below 1e-7 of |x| (what f32 resolves): |grad f| ~ 1e-7 |x| |lambda|.
    const converged = r.points.filter((_, i) => r.gradNorm[i] < 1e-5);
    expect(converged.length).toBeGreaterThan(35);
    for (const x of converged) {
      // Newton in f64 with its own Hessian from there: already there, or one rounding step away.
      const cp = newtonCriticalPoint(landscape, x, params, dim, { tol: 1e-10 });
      expect(cp.converged).toBe(true);
      expect(scaledDistance(cp.x, x)).toBeLessThan(1e-5);
    }
  });
});
