import { describe, expect, it } from 'vitest';
import { finiteDifferenceHessian, newtonCriticalPoint, type CriticalPoint } from '../reference/criticalPoints';
import { symmetricEigen } from '../reference/symmetricEigen';
import { randomFourier, spectrumEigenvalue, spectrumQuadratic } from '../../src/landscapes/random';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';

/** Ranks 0..n-1, ties sharing their mean rank (indices tie a lot). */
function ranks(a: number[]): number[] {
  const order = a.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(a.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n;
  const mb = rb.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Analytic Hessian of the random landscape: mu I - (2 pi)^2 A/sqrt(M) sum_m cos(2 pi u_m) w_m w_m^T. */
function randomFourierHessian(x: number[], params: number[], dim: number): Float64Array {
  const [, features, amp, mu] = params;
  // Layout: w_m (64 slots of dim) then b_m, as the WGSL reads them.
  const data = randomFourier.data!(dim, params)[0].data;
  const h = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) h[i * dim + i] = mu;
  for (let m = 0; m < features; m++) {
    let u = data[64 * dim + m];
    for (let i = 0; i < dim; i++) u += data[m * dim + i] * x[i];
    const c = -4 * Math.PI * Math.PI * (amp / Math.sqrt(features)) * Math.cos(2 * Math.PI * u);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) h[i * dim + j] += c * data[m * dim + i] * data[m * dim + j];
  }
  return h;
}

describe('finite-difference Hessian', () => {
  it('recovers the chosen spectrum of the rotated quadratic', () => {
    const dim = 12;
    for (const [kappa, k] of [[100, 3], [10, 0], [1000, 12]]) {
      const params = [kappa, k, 7];
      const rand = mulberry32(k + 1);
      const x = Array.from({ length: dim }, () => 2 * gaussian(rand));
      const { values } = symmetricEigen(finiteDifferenceHessian(spectrumQuadratic, x, params, dim), dim);
      const expected = Array.from({ length: dim }, (_, i) => spectrumEigenvalue(i, dim, kappa, k)).sort((a, b) => a - b);
      // The rotation is exact up to f32 data; differences of a linear gradient carry only rounding.
      for (let i = 0; i < dim; i++) expect(Math.abs(values[i] - expected[i])).toBeLessThan(1e-6 * Math.abs(expected[i]));
    }
  });

  it('matches the analytic Hessian of the random landscape entrywise', () => {
    const params = [1, 64, 2, 0.1, 1];
    for (const dim of [3, 16]) {
      const rand = mulberry32(40 + dim);
      for (let trial = 0; trial < 5; trial++) {
        const x = Array.from({ length: dim }, () => 2 * gaussian(rand));
        const exact = randomFourierHessian(x, params, dim);
        const fd = finiteDifferenceHessian(randomFourier, x, params, dim);
        const scale = Math.max(...Array.from(exact, Math.abs));
        expect(scale).toBeGreaterThan(0.5);
        // Truncation O(h^2 |grad'''|) with h = 1e-5 * max(1, |x_j|), plus rounding O(eps |grad| / h): both ~1e-9 here.
        for (let i = 0; i < dim * dim; i++) expect(Math.abs(fd[i] - exact[i])).toBeLessThan(1e-6 * scale);
      }
    }
  });
});

describe('Newton on the gradient', () => {
  it('lands on the saddle of the rotated quadratic with index k', () => {
    const dim = 10;
    for (const k of [0, 1, 4, 10]) {
      const params = [50, k, 3];
      const rand = mulberry32(k + 100);
      const x0 = Array.from({ length: dim }, () => 3 * gaussian(rand));
      const cp = newtonCriticalPoint(spectrumQuadratic, x0, params, dim);
      expect(cp.converged).toBe(true);
      expect(cp.index).toBe(k);
      expect(cp.gradNorm).toBeLessThan(1e-9);
      // The only critical point is the origin; one exact Newton step reaches it (a second cleans rounding).
      expect(Math.max(...Array.from(cp.x, Math.abs))).toBeLessThan(1e-8);
      expect(cp.iterations).toBeLessThanOrEqual(3);
    }
  });
});

/**
 * Bray & Dean (2007), Dauphin et al. (2014): on a random high-dimensional landscape, critical points
 * with more descending directions sit higher; minima crowd the bottom. Newton starts from points along
 * gradient-descent paths (0 to 256 steps) so every loss level, down to the minima, gets sampled:
 * from raw random points Newton finds almost only saddles of index near D/2 (no minima in hundreds of starts).
 */
const PATH_STEPS = [0, 1, 2, 4, 8, 16, 32, 256];
/** Descent rate, below 2 / (largest Hessian eigenvalue ~ A sqrt(2D)) so paths do not bounce. */
const RATE = 0.05;

function sampleCriticalPoints(dim: number, params: number[], paths: number, seed: number): CriticalPoint[] {
  const rand = mulberry32(seed);
  const found: CriticalPoint[] = [];
  const g = new Float64Array(dim);
  for (let p = 0; p < paths; p++) {
    // Spread 1 per coordinate: |x| ~ sqrt(D), many length scales out, where the loss is typical, not low.
    const x = Array.from({ length: dim }, () => gaussian(rand));
    let step = 0;
    for (const target of PATH_STEPS) {
      for (; step < target; step++) {
        randomFourier.evaluate(x, g, params, dim);
        for (let i = 0; i < dim; i++) x[i] -= RATE * g[i];
      }
      // Converged runs take <= ~25 steps here; the rest stall near minima of |grad f| that are not critical.
      const cp = newtonCriticalPoint(randomFourier, x, params, dim, { tol: 1e-9, maxIter: 30 });
      if (!cp.converged) continue;
      const same = found.some((q) => Math.hypot(...q.x.map((v, i) => v - cp.x[i])) < 1e-6 * Math.max(1, Math.hypot(...cp.x)));
      if (!same) found.push(cp);
    }
  }
  return found;
}

describe.each([
  { dim: 16, seed: 1, paths: 30 },
  { dim: 16, seed: 2, paths: 30 },
  { dim: 32, seed: 1, paths: 24 },
])('critical points of the random landscape, D = $dim, seed $seed', ({ dim, seed, paths }) => {
  const params = [1, 64, 2, 0.1, seed];

  it('higher critical points have more descending directions', () => {
    const points = sampleCriticalPoints(dim, params, paths, 1000 * dim + seed);
    const loss = points.map((p) => p.loss);
    const fraction = points.map((p) => p.index / dim);
    for (const p of points) {
      expect(p.gradNorm).toBeLessThan(1e-9);
      // Nondegenerate, so the index is well defined and stable under the Hessian's O(1e-9) error.
      expect(Math.min(...Array.from(p.eigenvalues, Math.abs))).toBeGreaterThan(1e-6);
    }
    const minima = points.filter((p) => p.index === 0).length;
    const saddles = points.filter((p) => p.index > 0).length;
    expect(minima).toBeGreaterThanOrEqual(5);
    expect(saddles).toBeGreaterThanOrEqual(20);
    expect(new Set(points.map((p) => p.index)).size).toBeGreaterThanOrEqual(dim / 4);

    // With no relation |rho| ~ 1/sqrt(n) < 0.12 here; observed 0.95-0.97 over landscape seeds 1-5.
    const rho = spearman(loss, fraction);
    expect(rho).toBeGreaterThan(0.8);
    const order = points.map((_, i) => i).sort((a, b) => loss[a] - loss[b]);
    const q = Math.floor(points.length / 4);
    const mean = (ix: number[]) => ix.reduce((s, i) => s + fraction[i], 0) / ix.length;
    // Observed lowest quartile ~0.01 (nearly all minima), highest 0.41-0.52.
    expect(mean(order.slice(-q)) - mean(order.slice(0, q))).toBeGreaterThan(0.25);
  });
});
