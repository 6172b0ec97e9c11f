import { afterAll, describe, expect, it } from 'vitest';
import { gaussian } from '../../src/landscapes/seeded';
import { networkDimension, networkShape, teacher, teacherStudent as ts } from '../../src/landscapes/teacherStudent';
import { mulberry32 } from '../random';
import { evaluateOnGpu } from './harness';
import { withGpu } from './device';

/**
 * f32 WGSL against the float64 twin. Loss error is measured against the sum of the magnitudes
 * of the terms it adds (½Σ|aᵢaⱼ|κ + Σ|aᵢ|κ + C, each κ ≤ |w||v|/2): the loss is a difference of
 * such sums and cancels at good fits. Gradient error against 1 + the largest component.
 * Both are bounded by TOL_ULPS rounding units (2⁻²⁴) times the square root of the number of
 * terms summed, n(n + k) pairs plus d-term dot products (measured: 0.5 to 1.1 of those units).
 */
const TOL_ULPS = 8;
const tolerance = (n: number, k: number, d: number) => TOL_ULPS * 2 ** -24 * Math.sqrt(n * (n + k) + d);

const measured: string[] = [];
afterAll(() => console.log(`teacher-student, WGSL vs TypeScript:\n${measured.join('\n')}`));

/** Upper bound of the summed magnitudes of the loss's terms. */
function lossScale(x: ArrayLike<number>, params: number[]): number {
  const { n, k, d, trainable } = networkShape(params);
  const t = teacher(k, d, params[3], params[4]);
  let student = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += x[i * d + c] ** 2;
    student += Math.abs(trainable ? x[n * d + i] : 1) * Math.sqrt(s);
  }
  const teacherSum = t.norms.reduce((s, v) => s + v, 0);
  return 0.5 * (0.5 * student * student + student * teacherSum) + t.constant;
}

/** [label, params, points]: the smallest, the largest (D = 4,096) and mixed networks. */
const CASES: [string, number[], number][] = [
  ['n = k = d = 2, identity', [2, 2, 0, 0, 1, 0], 2000],
  ['n = k = 2, trained a, Gaussian teacher', [2, 2, 0, 2, 4, 1], 2000],
  ['n = 8, k = 4, d = 7, orthonormal, trained a', [8, 4, 3, 1, 7, 1], 500],
  ['n = 3, k = 5, d = 9, Gaussian', [3, 5, 4, 2, 2, 0], 500],
  ['n = k = d = 64, orthonormal (D = 4,096)', [64, 64, 0, 1, 3, 0], 24],
  ['n = k = d = 63, trained a, Gaussian (D = 4,032)', [63, 63, 0, 2, 5, 1], 24],
];

describe('the teacher-student WGSL agrees with its twin', () => {
  it.each(CASES)('%s', async (label, params, count) => {
    const dim = networkDimension(params);
    const { n, k, d, trainable } = networkShape(params);
    const rand = mulberry32(100 + dim);
    // Students on the box's scale, output weights near 1; one particle sits at the teacher, where the loss cancels to 0.
    const points = Array.from({ length: count }, () => {
      const x = Array.from({ length: dim }, () => (1.5 * gaussian(rand)) / Math.sqrt(d));
      if (trainable) for (let i = 0; i < n; i++) x[n * d + i] = 1 + 0.5 * gaussian(rand);
      return x;
    });
    if (n >= params[1]) points[0] = ts.minima(dim, params)[0].x;
    const gpu = await evaluateOnGpu(ts, dim, points, params);
    const grad = new Float64Array(dim);
    let lossErr = 0;
    let gradErr = 0;
    for (let p = 0; p < count; p++) {
      const x = gpu.points.subarray(p * dim, (p + 1) * dim);
      const f = ts.evaluate(x, grad, params, dim);
      lossErr = Math.max(lossErr, Math.abs(gpu.loss[p] - f) / lossScale(x, params));
      let gmax = 0;
      for (let c = 0; c < dim; c++) gmax = Math.max(gmax, Math.abs(grad[c]));
      for (let c = 0; c < dim; c++) gradErr = Math.max(gradErr, Math.abs(gpu.grad[p * dim + c] - grad[c]) / (1 + gmax));
    }
    const tol = tolerance(n, k, d);
    measured.push(
      `  ${label.padEnd(48)} D=${String(dim).padEnd(5)} ${count} points: loss ${lossErr.toExponential(2)}  grad ${gradErr.toExponential(2)}  (bound ${tol.toExponential(2)})`,
    );
    expect(lossErr).toBeLessThan(tol);
    expect(gradErr).toBeLessThan(tol);
  });


  it('GD on the GPU from near the teacher (n = k = 2, identity) reaches loss < 1e-6', () =>
    withGpu(async (gpu) => {
      const rand = mulberry32(12);
      const points = Array.from({ length: 64 }, () => [1, 0, 0, 1].map((v) => v + 0.2 * (rand() - 0.5)));
      const sim = await gpu.simulation({
        landscape: ts,
        dim: 4,
        params: [2, 2, 0, 0, 1, 0],
        count: points.length,
        init: { kind: 'points', points },
        run: { lr: 0.5, convergeTol: 0 },
      });
      const before = await sim.summary();
      await sim.step(2000);
      const after = await sim.summary();
      measured.push(`  GD on the GPU, n = k = 2: worst loss ${before.maxLoss.toExponential(2)} → ${after.maxLoss.toExponential(2)}`);
      expect(before.maxLoss).toBeGreaterThan(1e-3);
      expect(after.live).toBe(points.length);
      expect(after.maxLoss).toBeLessThan(1e-6);
    }),
  );
});
