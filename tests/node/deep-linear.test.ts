import { afterAll, describe, expect, it } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { gaussian } from '../../src/landscapes/seeded';
import {
  deepLinear as dl,
  deepLinearData,
  deepLinearDimension,
  deepLinearShape,
  endToEnd,
  layerShapes,
  regressionData,
} from '../../src/landscapes/deepLinear';
import { mulberry32 } from '../random';

/** [depth N, width h, inputs d, p (0: 2, 1: 4), samples m, spread κ, noise σ, data seed] */
type Params = [number, number, number, number, number, number, number, number];
const measured: string[] = [];
afterAll(() => console.log(`deep linear, measured:\n${measured.join('\n')}`));

const label = (p: Params) => `N=${p[0]} h=${p[1]} d=${p[2]} p=${p[3] ? 4 : 2} m=${p[4]} κ=${p[5]} σ=${p[6]}`;
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => Math.max(s, Math.abs(v)), 0);

/** Gaussian layers scaled by 1/√fan-in times `gain`: the end-to-end map has norm about gain^N. */
function randomNetwork(rand: () => number, params: Params, gain = 1): number[] {
  return layerShapes(deepLinearShape(params)).flatMap(({ rows, cols }) =>
    Array.from({ length: rows * cols }, () => (gain * gaussian(rand)) / Math.sqrt(cols)),
  );
}

/** Layer j (0-based) of x as a matrix. */
function layer(x: ArrayLike<number>, params: Params, j: number): Matrix {
  const shapes = layerShapes(deepLinearShape(params));
  const offset = shapes.slice(0, j).reduce((s, l) => s + l.rows * l.cols, 0);
  const { rows, cols } = shapes[j];
  return new Matrix(Array.from({ length: rows }, (_, a) => Array.from({ length: cols }, (_, b) => x[offset + a * cols + b])));
}

/** The loss of the linear map w on the landscape's data, computed here from scratch. */
function linearLoss(w: ArrayLike<number>, params: Params): number {
  const { X, y, d, m } = deepLinearData(params);
  const p = params[3] ? 4 : 2;
  let f = 0;
  for (let s = 0; s < m; s++) {
    let r = -y[s];
    for (let c = 0; c < d; c++) r += w[c] * X[s * d + c];
    f += Math.abs(r) ** p / p;
  }
  return f / m;
}

// Minimal and largest sizes, each depth the brief names, both exponents, flat and spread features.
const SHAPES: Params[] = [
  [1, 1, 1, 0, 8, 1, 0, 0],
  [1, 1, 1, 1, 8, 1, 0.5, 3],
  [1, 1, 32, 1, 2048, 1000, 0.1, 2],
  [2, 1, 1, 0, 8, 1, 0.1, 4],
  [2, 3, 5, 1, 40, 30, 0.2, 5],
  [3, 4, 8, 0, 256, 10, 0.1, 1],
  [3, 4, 8, 1, 256, 10, 0.1, 1],
  [6, 2, 3, 1, 64, 100, 0.3, 6],
  [6, 1, 1, 0, 8, 1, 1, 7],
  [6, 32, 32, 1, 2048, 1000, 0.05, 8],
  [6, 32, 32, 0, 2048, 1000, 0.05, 8],
];

describe('the deep linear network loss', () => {
  it.each(SHAPES.map((p) => [label(p), p] as const))('gradient matches central finite differences at random points, %s', (_name, params) => {
    const dim = deepLinearDimension(params);
    const rand = mulberry32(11 + dim + params[3]);
    const grad = new Float64Array(dim);
    // Every coordinate of small networks; a random 120 of large ones (each difference costs two full passes over the data).
    const coords = dim <= 200 ? Array.from({ length: dim }, (_, c) => c) : Array.from({ length: 120 }, () => Math.floor(rand() * dim));
    let worst = 0;
    for (const gain of [0.3, 1, 1.4]) {
      for (let trial = 0; trial < 3; trial++) {
        const x = randomNetwork(rand, params, gain);
        const f = dl.evaluate(x, grad, params, dim);
        const gmax = maxAbs(grad);
        expect(gmax).toBeGreaterThan(0);
        for (const c of coords) {
          const h = 1e-5 * Math.max(1, Math.abs(x[c]));
          const xp = x.slice();
          const xm = x.slice();
          xp[c] += h;
          xm[c] -= h;
          const fd = (dl.evaluate(xp, null, params, dim) - dl.evaluate(xm, null, params, dim)) / (2 * h);
          worst = Math.max(worst, Math.abs(grad[c] - fd) / (gmax + f));
        }
      }
    }
    measured.push(`  FD  ${label(params)}: worst |g − fd| / (max|g| + f) = ${worst.toExponential(2)}`);
    // h = 1e-5: truncation h² f''' / 6 ~ 1e-10 (f is a polynomial of degree pN in the weights) and rounding eps f / h ~ 1e-11.
    expect(worst).toBeLessThan(1e-7);
  });

  it('the gradient of W_j is (W_N ⋯ W_{j+1})ᵀ g_e (W_{j−1} ⋯ W_1)ᵀ, and the one-layer model is the end-to-end loss', () => {
    const params: Params = [4, 3, 5, 1, 50, 20, 0.2, 9];
    const dim = deepLinearDimension(params);
    const x = randomNetwork(mulberry32(3), params);
    const grad = new Float64Array(dim);
    const f = dl.evaluate(x, grad, params, dim);
    const we = endToEnd(x, params);
    // The same data with N = 1: its gradient is g_e.
    const flat: Params = [1, 1, 5, 1, 50, 20, 0.2, 9];
    const ge = new Float64Array(5);
    expect(dl.evaluate(we, ge, flat, 5)).toBeCloseTo(f, 12);
    expect(f).toBeCloseTo(linearLoss(we, params), 12);
    const W = [0, 1, 2, 3].map((j) => layer(x, params, j));
    const chain = (from: number, to: number, size: number) => W.slice(from, to).reduce((acc, w) => w.mmul(acc), Matrix.eye(size));
    const G = Matrix.columnVector(Array.from(ge));
    for (let j = 0; j < 4; j++) {
      const after = W.slice(j + 1).reduce((acc, w) => w.mmul(acc), Matrix.eye(W[j].rows)); // W_N ⋯ W_{j+1}
      const before = chain(0, j, 5); // W_{j−1} ⋯ W_1
      const expected = after.transpose().mmul(before.mmul(G).transpose());
      const got = layer(grad, params, j);
      expect(got.sub(expected).abs().max()).toBeLessThan(1e-12 * (1 + expected.abs().max()));
    }
  });

  // Noisy data (the minimum is not an interpolation), ill-conditioned features, fewer samples than inputs.
  const MINIMA: Params[] = [
    [1, 1, 4, 0, 64, 10, 0.3, 1],
    [1, 1, 4, 1, 64, 10, 0.3, 1],
    [3, 4, 8, 0, 256, 10, 0.1, 1],
    [3, 4, 8, 1, 256, 10, 0.1, 1],
    [2, 6, 16, 1, 200, 1000, 0.1, 2],
    [6, 3, 32, 1, 2048, 1000, 0.05, 3],
    [6, 3, 32, 0, 2048, 1000, 0.05, 3],
    [4, 5, 12, 1, 12, 100, 0.5, 4],
    [2, 2, 20, 1, 8, 10, 0.2, 5],
    [3, 4, 8, 1, 256, 10, 0, 6],
  ];

  it.each(MINIMA.map((p) => [label(p), p] as const))('the known minimum is a critical point below its neighbours and random points, %s', (_name, params) => {
    const dim = deepLinearDimension(params);
    const [min] = dl.minima(dim, params);
    expect(min.x).toHaveLength(dim);
    const grad = new Float64Array(dim);
    const f = dl.evaluate(min.x, grad, params, dim);
    expect(f).toBe(min.f);
    const rand = mulberry32(40 + dim);
    // Critical: the gradient is ~1e-12 of what it is 1e-3 away (the Hessian's scale there).
    const near = min.x.map((v) => v + 1e-3 * gaussian(rand));
    const gradNear = new Float64Array(dim);
    dl.evaluate(near, gradNear, params, dim);
    const relative = maxAbs(grad) / maxAbs(gradNear);
    // And g_e against the magnitudes it sums, T = (1/m) Σ |r|^{p−1} |x|: at most 1e-12 of them (machine precision, summed) plus
    // R = (1/m) Σ (p − 1) |r|^{p−2} δ |x|, what rounding w_e to float64 (δ = 1e-15 Σ|w_e,c x_c|,
    // the layers multiplied out) moves it by, which dominates where the residuals are themselves
    // tiny (σ = 0: f32-rounded labels). Not where the minimum interpolates (m ≤ d, loss 0).
    const { X, y, d, m } = deepLinearData(params);
    const p = params[3] ? 4 : 2;
    const we = endToEnd(min.x, params);
    const ge = new Float64Array(d);
    const terms = new Float64Array(d);
    const rounding = new Float64Array(d);
    for (let s = 0; s < m; s++) {
      let r = -y[s];
      let size = 0;
      for (let c = 0; c < d; c++) {
        r += we[c] * X[s * d + c];
        size += Math.abs(we[c] * X[s * d + c]);
      }
      for (let c = 0; c < d; c++) {
        ge[c] += (Math.abs(r) ** (p - 2) * r * X[s * d + c]) / m;
        terms[c] += (Math.abs(r) ** (p - 1) * Math.abs(X[s * d + c])) / m;
        rounding[c] += ((p - 1) * Math.abs(r) ** (p - 2) * 1e-15 * size * Math.abs(X[s * d + c])) / m;
      }
    }
    const relativeGe = Math.max(...Array.from(ge, (g, c) => Math.abs(g) / terms[c]));
    const allowed = Math.max(...Array.from(ge, (g, c) => Math.abs(g) / (1e-12 * terms[c] + rounding[c])));
    const interpolates = params[4] <= params[2];
    measured.push(
      `  min ${label(params)}: f ${f.toExponential(3)}, max|g| / max|g 1e-3 away| ${relative.toExponential(2)}` +
        (interpolates ? '' : `, |g_e| / T ${relativeGe.toExponential(2)} (${allowed.toExponential(2)} of 1e-12 T + R)`),
    );
    expect(relative).toBeLessThan(1e-8);
    // With no more samples than inputs a linear map fits every label: the minimum is 0.
    if (interpolates) expect(f).toBeLessThan(1e-20);
    else {
      expect(f).toBeGreaterThan(params[6] > 0 ? 1e-7 : 0);
      expect(allowed).toBeLessThan(1);
    }
    // Below its neighbours, near and far, and below random networks and balanced starts.
    for (const radius of [1e-4, 1e-2, 0.3]) {
      for (let t = 0; t < 10; t++) {
        const y = min.x.map((v) => v + radius * gaussian(rand));
        expect(dl.evaluate(y, null, params, dim)).toBeGreaterThan(f);
      }
    }
    for (let t = 0; t < 20; t++) {
      expect(dl.evaluate(randomNetwork(rand, params, 0.5 + rand()), null, params, dim)).toBeGreaterThan(f);
      expect(dl.evaluate(dl.balancedStart!(params, 10 ** (-3 + 3.5 * rand()), rand), null, params, dim)).toBeGreaterThan(f);
    }
  });

  it.each([
    [1, 1, 6, 0, 100, 10, 0.3, 1],
    [3, 4, 8, 0, 256, 10, 0.1, 1],
    [5, 7, 32, 0, 2048, 1000, 0.05, 2],
    [2, 3, 20, 0, 21, 100, 1, 3],
  ] as Params[])('p = 2: the minimum is the least-squares fit computed independently (QR), params %j', (...params) => {
    const dim = deepLinearDimension(params);
    const { X, y, d, m } = deepLinearData(params);
    const A = new Matrix(Array.from({ length: m }, (_, s) => Array.from(X.subarray(s * d, (s + 1) * d))));
    const wls = solve(A, Matrix.columnVector(Array.from(y))).getColumn(0);
    const [min] = dl.minima(dim, params);
    const we = endToEnd(min.x, params);
    const fls = linearLoss(wls, params);
    const werr = Math.max(...wls.map((v, c) => Math.abs(v - we[c]))) / maxAbs(wls);
    measured.push(`  LS  ${label(params)}: |w_e − w_ls| / |w_ls| ${werr.toExponential(2)}, f ${min.f.toExponential(6)} vs ${fls.toExponential(6)}`);
    // κ = 1000 makes XᵀX's condition number about 1e6: w is determined to about 1e6 eps, the loss to eps.
    expect(werr).toBeLessThan(1e-8);
    expect(Math.abs(min.f - fls)).toBeLessThan(1e-12 * fls);
  });

  it('p = 4: the minimum is below the least-squares fit and below every point on a line through it', () => {
    const params: Params = [2, 3, 6, 1, 120, 100, 0.5, 11];
    const dim = deepLinearDimension(params);
    const [min] = dl.minima(dim, params);
    const ls = dl.minima(dim, [...params.slice(0, 3), 0, ...params.slice(4)] as Params)[0];
    const weMin = endToEnd(min.x, params);
    const weLs = endToEnd(ls.x, params);
    expect(linearLoss(weLs, params)).toBeGreaterThan(min.f * (1 + 1e-3));
    const rand = mulberry32(4);
    for (let t = 0; t < 50; t++) {
      const dir = Array.from(weMin, () => gaussian(rand));
      for (const step of [1e-5, 1e-3, 1e-1]) expect(linearLoss(weMin.map((v, c) => v + step * dir[c]), params)).toBeGreaterThan(min.f);
    }
  });

  it.each([
    [1, 1, 5, 1, 64, 10, 0.1, 1],
    [2, 3, 5, 1, 64, 10, 0.1, 1],
    [3, 8, 4, 0, 64, 10, 0.1, 1],
    [6, 32, 32, 1, 64, 10, 0.1, 1],
  ] as Params[])('balanced starts are balanced, with end-to-end maps of norm `scale` in random directions, params %j', (...params) => {
    const rand = mulberry32(params[0] * 100 + params[1]);
    const N = params[0];
    const directions: Float64Array[] = [];
    for (const scale of [1e-3, 0.5, 1, 7]) {
      const x = dl.balancedStart!(params, scale, rand);
      expect(x).toHaveLength(deepLinearDimension(params));
      const we = endToEnd(x, params);
      expect(Math.hypot(...we)).toBeCloseTo(scale, 12);
      directions.push(we.map((v) => v / scale));
      const W = Array.from({ length: N }, (_, j) => layer(x, params, j));
      for (let j = 0; j + 1 < N; j++) {
        const gap = W[j + 1].transpose().mmul(W[j + 1]).sub(W[j].mmul(W[j].transpose())).abs().max();
        expect(gap).toBeLessThan(1e-14 * scale ** (2 / N) + 1e-300);
        // Each layer has the same Frobenius norm, scale^(1/N).
        expect(W[j].norm()).toBeCloseTo(scale ** (1 / N), 12);
      }
    }
    // Directions are drawn, not fixed.
    expect(Math.abs(directions[0].reduce((s, v, c) => s + v * directions[1][c], 0))).toBeLessThan(1 - 1e-6);
  });

  it('dimensionOf and layers agree with h·d + (N − 2)h² + h for every depth', () => {
    for (let N = 1; N <= 6; N++) {
      for (const h of [1, 2, 7, 32]) {
        for (const d of [1, 3, 32]) {
          const params: Params = [N, h, d, 0, 8, 1, 0, 1];
          const expected = N === 1 ? d : h * d + (N - 2) * h * h + h;
          expect(dl.dimensionOf!(params)).toBe(expected);
          const blocks = dl.layers!(params);
          expect(blocks).toHaveLength(N);
          expect(blocks.reduce((s, b) => s + b.size, 0)).toBe(expected);
          expect(blocks[0].fanIn).toBe(d);
          expect(blocks[N - 1].fanOut).toBe(1);
          blocks.forEach((b) => expect(b.size).toBe(b.fanIn * b.fanOut));
        }
      }
    }
    expect(dl.dims.default).toBe(dl.dimensionOf!(dl.params.map((p) => p.default)));
  });

  it('refuses a dimension its parameters do not make', () => {
    const params: Params = [3, 4, 8, 1, 64, 10, 0.1, 1];
    expect(() => dl.evaluate(new Array(51).fill(0.1), null, params, 51)).toThrow(RangeError);
    expect(() => dl.evaluate(new Array(53).fill(0.1), null, params, 53)).toThrow(/D = 52/);
    expect(() => dl.minima(20, params)).toThrow(/D = 52/);
  });

  it('data: feature scales spread from 1 to 1/κ, labels w*·x plus noise of size σ, f32 values, seeded and cached', () => {
    const d = 6;
    const m = 2048;
    const kappa = 100;
    const noise = 0.25;
    const data = regressionData(d, m, kappa, noise, 3);
    for (let c = 0; c < d; c++) {
      let s2 = 0;
      for (let s = 0; s < m; s++) s2 += data.X[s * d + c] ** 2;
      // Sample standard deviation of 2048 draws: within 3 standard errors (1/√(2m) ≈ 1.6 %).
      expect(Math.abs(Math.sqrt(s2 / m) / kappa ** (-c / (d - 1)) - 1)).toBeLessThan(0.05);
    }
    let r2 = 0;
    for (let s = 0; s < m; s++) {
      let t = data.y[s];
      for (let c = 0; c < d; c++) t -= data.wStar[c] * data.X[s * d + c];
      r2 += t * t;
    }
    expect(Math.abs(Math.sqrt(r2 / m) / noise - 1)).toBeLessThan(0.05);
    expect(data.data).toHaveLength(m * d + m);
    expect(data.X.buffer).toBe(data.data.buffer);
    expect(regressionData(d, m, kappa, noise, 3)).toBe(data);
    expect(regressionData(d, m, kappa, noise, 4).data).not.toEqual(data.data);
    // A larger m extends the same samples; a larger κ rescales the same draws.
    const more = regressionData(d, 2 * m, kappa, noise, 3);
    expect(more.X.subarray(0, m * d)).toEqual(data.X);
    const flatter = regressionData(d, m, 10, noise, 3);
    expect(flatter.X[5] / data.X[5]).toBeCloseTo(10, 4);
    expect(flatter.X[0]).toBe(data.X[0]);
  });
});
