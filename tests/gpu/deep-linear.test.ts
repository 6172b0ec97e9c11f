import { afterAll, describe, expect, it } from 'vitest';
import { gaussian } from '../../src/landscapes/seeded';
import { deepLinear as dl, deepLinearData, deepLinearDimension, deepLinearShape, endToEnd, layerShapes } from '../../src/landscapes/deepLinear';
import { mulberry32 } from '../random';
import { evaluateOnGpu } from './harness';
import { withGpu } from './device';

/**
 * f32 WGSL against the float64 twin, each error measured against the same computation done on
 * magnitudes (every weight, feature and label made positive), which bounds what rounding can
 * move it by wherever the signed sums cancel:
 * - loss: r̄ₛ = (|W_N| ⋯ |W_1|) |xₛ| + |yₛ| bounds the error of the residual rₛ, so the loss
 *   errs by at most about (1/m) Σ (|rₛ|^{p−1} r̄ₛ + |rₛ|^p / p) rounding units;
 * - gradient of W_j[a, b]: ū_j[a] v̄_j[b], the products of |W| on either side of ḡ_e =
 *   (1/m) Σ (|rₛ|^{p−1} + (p − 1)|rₛ|^{p−2} r̄ₛ)|xₛ|, the magnitudes g_e sums plus what the
 *   residuals' errors move it by.
 * Both are bounded by TOL_ULPS rounding units (2⁻²⁴) times the square root of the number of terms
 * the longest chain sums (N·h products, d-term predictions, m samples in blocks of 32): measured
 * (SwiftShader) up to 0.4 of those units, so TOL_ULPS = 2 leaves a factor 5. (A p = 4 loss off
 * by a relative 1e-5 measured 2 to 6 units: it fails the small cases and just passes the largest.)
 */
const TOL_ULPS = 2;
/** One rounding unit times the square root of the terms summed. */
const unit = (N: number, h: number, d: number, m: number) => 2 ** -24 * Math.sqrt(N * h + d + 32 + m / 32);

const measured: string[] = [];
afterAll(() => console.log(`deep linear, WGSL vs TypeScript:\n${measured.join('\n')}`));

/** Scales of the loss and of each gradient coordinate (see above). */
function scales(x: ArrayLike<number>, params: number[]): { loss: number; grad: Float64Array } {
  const shape = deepLinearShape(params);
  const { X, y, d, m } = deepLinearData(params);
  const p = shape.p;
  const layers = layerShapes(shape);
  const offsets = layers.map((_, j) => layers.slice(0, j).reduce((s, l) => s + l.rows * l.cols, 0));
  // ū_j backwards, w̄ = |W_1|ᵀ ū_1.
  const ubar: Float64Array[] = new Array(shape.depth);
  ubar[shape.depth - 1] = Float64Array.of(1);
  let wbar = new Float64Array(d);
  for (let j = shape.depth - 1; j >= 0; j--) {
    const { rows, cols } = layers[j];
    const next = new Float64Array(cols);
    for (let b = 0; b < cols; b++) for (let a = 0; a < rows; a++) next[b] += Math.abs(x[offsets[j] + a * cols + b]) * ubar[j][a];
    if (j > 0) ubar[j - 1] = next;
    else wbar = next;
  }
  const we = endToEnd(x, params);
  let loss = 0;
  const gbar = new Float64Array(d);
  for (let s = 0; s < m; s++) {
    let r = -y[s];
    let rbar = Math.abs(y[s]);
    for (let c = 0; c < d; c++) {
      r += we[c] * X[s * d + c];
      rbar += wbar[c] * Math.abs(X[s * d + c]);
    }
    const a = Math.abs(r);
    loss += a ** (p - 1) * rbar + a ** p / p;
    const coef = a ** (p - 1) + (p - 1) * a ** (p - 2) * rbar;
    for (let c = 0; c < d; c++) gbar[c] += coef * Math.abs(X[s * d + c]);
  }
  const grad = new Float64Array(x.length);
  let vbar = gbar.map((v) => v / m);
  for (let j = 0; j < shape.depth; j++) {
    const { rows, cols } = layers[j];
    const next = new Float64Array(rows);
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < cols; b++) {
        grad[offsets[j] + a * cols + b] = ubar[j][a] * vbar[b];
        next[a] += Math.abs(x[offsets[j] + a * cols + b]) * vbar[b];
      }
    }
    vbar = next;
  }
  return { loss: loss / m, grad };
}

/** Gaussian layers scaled by gain/√fan-in (end-to-end norm about gain^N). */
function randomNetwork(rand: () => number, params: number[], gain: number): number[] {
  return layerShapes(deepLinearShape(params)).flatMap(({ rows, cols }) =>
    Array.from({ length: rows * cols }, () => (gain * gaussian(rand)) / Math.sqrt(cols)),
  );
}

/** [label, params [N, h, d, p (0: 2, 1: 4), m, κ, σ, seed], points]: the smallest, mixed and the largest (D ≤ 4,096) networks. */
const CASES: [string, number[], number][] = [
  ['N = 1, d = 1, p = 2, m = 8 (D = 1)', [1, 1, 1, 0, 8, 1, 0.1, 1], 2000],
  ['N = 1, d = 32, p = 4, m = 2048, κ = 1000', [1, 1, 32, 1, 2048, 1000, 0.1, 2], 100],
  ['N = 2, h = 1, d = 2, p = 4, m = 8', [2, 1, 2, 1, 8, 10, 0.5, 3], 2000],
  ['N = 2, h = 3, d = 5, p = 2, m = 40', [2, 3, 5, 0, 40, 30, 0.2, 4], 1000],
  ['defaults: N = 3, h = 4, d = 8, p = 4, m = 256', dl.params.map((p) => p.default), 500],
  ['N = 3, h = 4, d = 8, p = 2, m = 256', [3, 4, 8, 0, 256, 10, 0.1, 1], 500],
  ['N = 6, h = 2, d = 3, p = 4, m = 64, κ = 100', [6, 2, 3, 1, 64, 100, 0.3, 6], 1000],
  ['N = 6, h = 1, d = 1, p = 4, m = 8', [6, 1, 1, 1, 8, 1, 1, 7], 1000],
  ['N = 5, h = 32, d = 31, p = 4, m = 2048 (D = 4,096)', [5, 32, 31, 1, 2048, 1000, 0.05, 8], 24],
  ['N = 6, h = 28, d = 32, p = 4, m = 2048 (D = 4,060)', [6, 28, 32, 1, 2048, 1000, 0.05, 9], 24],
  ['N = 6, h = 28, d = 32, p = 2, m = 2048 (D = 4,060)', [6, 28, 32, 0, 2048, 100, 0.05, 9], 24],
];

describe('the deep linear WGSL agrees with its twin', () => {
  it.each(CASES)('%s', async (label, params, count) => {
    const dim = deepLinearDimension(params);
    const { depth, width, inputs, samples } = deepLinearShape(params);
    const rand = mulberry32(200 + dim);
    // Random networks from small to box-sized (gain^N spans 1e-3 to 1e2), a balanced start near 0, the known minimum.
    const points = Array.from({ length: count }, (_, i) => randomNetwork(rand, params, [0.3, 1, 1.5, 2.2][i % 4]));
    points[0] = dl.minima(dim, params)[0].x;
    points[1] = dl.balancedStart!(params, 1e-3, rand);
    points[2] = dl.balancedStart!(params, 1, rand);
    const gpu = await evaluateOnGpu(dl, dim, points, params);
    const grad = new Float64Array(dim);
    let lossErr = 0;
    let gradErr = 0;
    let atMinimum = '';
    for (let p = 0; p < count; p++) {
      const x = gpu.points.subarray(p * dim, (p + 1) * dim);
      const f = dl.evaluate(x, grad, params, dim);
      const s = scales(x, params);
      const le = Math.abs(gpu.loss[p] - f) / s.loss;
      let ge = 0;
      for (let c = 0; c < dim; c++) ge = Math.max(ge, Math.abs(gpu.grad[p * dim + c] - grad[c]) / s.grad[c]);
      lossErr = Math.max(lossErr, le);
      gradErr = Math.max(gradErr, ge);
      if (p === 0) atMinimum = `at the minimum f = ${f.toExponential(3)} (GPU ${gpu.loss[p].toExponential(3)}): loss ${le.toExponential(2)} grad ${ge.toExponential(2)}`;
    }
    const u = unit(depth, width, inputs, samples);
    const tol = TOL_ULPS * u;
    measured.push(
      `  ${label.padEnd(52)} D=${String(dim).padEnd(5)} ${count} points: loss ${lossErr.toExponential(2)}  grad ${gradErr.toExponential(2)}  (${(Math.max(lossErr, gradErr) / u).toFixed(2)} units, bound ${tol.toExponential(2)}); ${atMinimum}`,
    );
    expect(lossErr).toBeLessThan(tol);
    expect(gradErr).toBeLessThan(tol);
  });


  it('GD on the GPU from balanced starts near zero (N = 3, p = 2) reaches the least-squares loss', () =>
    withGpu(async (gpu) => {
      const params = [3, 4, 8, 0, 256, 10, 0.1, 1];
      const dim = deepLinearDimension(params);
      const best = dl.minima(dim, params)[0].f;
      const rand = mulberry32(12);
      const points = Array.from({ length: 64 }, () => dl.balancedStart!(params, 0.05, rand));
      const sim = await gpu.simulation({
        landscape: dl,
        dim,
        params,
        count: points.length,
        init: { kind: 'points', points },
        run: { lr: 0.2, convergeTol: 0 },
      });
      const before = await sim.summary();
      await sim.step(1500);
      const after = await sim.summary();
      measured.push(
        `  GD on the GPU, N = 3, p = 2: worst loss ${before.maxLoss.toExponential(3)} → ${after.maxLoss.toExponential(3)} (minimum ${best.toExponential(3)})`,
      );
      expect(before.maxLoss).toBeGreaterThan(2 * best);
      expect(after.live).toBe(points.length);
      expect(after.maxLoss).toBeLessThan(best * (1 + 1e-3));
    }),
  );
});
