/**
 * The float64 side of noise stability (src/analysis/noiseStabilityReference.ts): stable rank and
 * cushion on matrices whose answers are known, the cancellation-free activation change against
 * the plain difference, and the whole twin against an independent noisy forward pass.
 */
import { describe, expect, it } from 'vitest';
import {
  activationChange, cushionRatios, layerGeometry, mlpLayers, noiseSlot, noiseStabilityReference, spectralNorm, stableRank,
  type DenseLayer, type Matrix,
} from '../../src/analysis/noiseStabilityReference';
import { randNormal, STREAM_NOISE_STABILITY } from '../../src/engine/rng';
import { MLP_MAX_WIDTH } from '../../src/landscapes/limits';
import { mlp, mlpDataset, mlpOutput } from '../../src/landscapes/mlp';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';

const matrix = (rows: number, cols: number, f: (r: number, c: number) => number): Matrix => ({
  rows,
  cols,
  data: Float64Array.from({ length: rows * cols }, (_, k) => f(Math.floor(k / cols), k % cols)),
});

/** A random orthogonal n×n matrix: Gram–Schmidt on Gaussian columns, in float64. */
function orthogonal(n: number, rand: () => number): Matrix {
  const cols: number[][] = [];
  while (cols.length < n) {
    let v = Array.from({ length: n }, () => gaussian(rand));
    for (let pass = 0; pass < 2; pass++) {
      for (const u of cols) {
        const dot = u.reduce((s, x, i) => s + x * v[i], 0);
        v = v.map((x, i) => x - dot * u[i]);
      }
    }
    const norm = Math.hypot(...v);
    cols.push(v.map((x) => x / norm));
  }
  return matrix(n, n, (r, c) => cols[c][r]);
}

const mlpParams = (over: Record<string, number>) => mlp.params.map((q) => over[q.key] ?? q.default);

describe('stable rank', () => {
  it('is 1 for a rank-one matrix and n for an orthogonal n×n one', () => {
    const rand = mulberry32(4);
    const u = Array.from({ length: 7 }, () => gaussian(rand));
    const v = Array.from({ length: 5 }, () => gaussian(rand));
    const rankOne = stableRank(matrix(7, 5, (r, c) => u[r] * v[c]));
    const orth = stableRank(orthogonal(12, rand));
    console.log(`stable rank: rank one ${rankOne}, orthogonal 12×12 ${orth}`);
    expect(Math.abs(rankOne - 1)).toBeLessThan(1e-10);
    expect(Math.abs(orth - 12)).toBeLessThan(1e-9);
  });

  it('is ‖W‖_F² / σ₁² with σ₁ from power iteration, on a matrix of known singular values', () => {
    // Q diag(5, 3, 2.9, 1) Pᵀ: a close second singular value slows the iteration without spoiling it.
    const rand = mulberry32(9);
    const q = orthogonal(4, rand);
    const p = orthogonal(4, rand);
    const s = [5, 3, 2.9, 1];
    const w = matrix(4, 4, (r, c) => s.reduce((acc, sk, k) => acc + q.data[r * 4 + k] * sk * p.data[c * 4 + k], 0));
    expect(Math.abs(spectralNorm(w) - 5)).toBeLessThan(1e-9);
    expect(Math.abs(stableRank(w) - (25 + 9 + 2.9 ** 2 + 1) / 25)).toBeLessThan(1e-9);
    expect(stableRank(matrix(3, 3, () => 0))).toBeNaN();
  });
});

describe('layer cushion', () => {
  it('is |cos(v, h)| for a rank-one layer u vᵀ, and 1/√n for the identity', () => {
    // Layer 1 = e₁ e₁ᵀ (2×2), an identity hidden layer, an output (1, 1): all ReLU inputs stay positive.
    const layers: DenseLayer[] = [
      { weights: matrix(2, 2, (r, c) => (r === 0 && c === 0 ? 1 : 0)), bias: Float64Array.of(0, 1) },
      { weights: matrix(2, 2, (r, c) => (r === c ? 1 : 0)), bias: Float64Array.of(0, 0) },
      { weights: matrix(1, 2, () => 1), bias: Float64Array.of(0) },
    ];
    const inputs: [number, number][] = [[3, 4], [1, 0], [0.5, 2]];
    const ratios = cushionRatios(layers, true, inputs);
    expect(ratios[0].map((r) => +r.toFixed(12))).toEqual(inputs.map(([a, b]) => +(a / Math.hypot(a, b)).toFixed(12)));
    ratios[1].forEach((r) => expect(Math.abs(r - Math.SQRT1_2)).toBeLessThan(1e-14));
    // h₂ = (a, 1): the output's cushion is (a + 1) / (√2 ‖h₂‖).
    ratios[2].forEach((r, k) => {
      const a = inputs[k][0];
      expect(Math.abs(r - (a + 1) / (Math.SQRT2 * Math.hypot(a, 1)))).toBeLessThan(1e-14);
    });
  });

  it('reports min and median per weight matrix of the MLP', () => {
    const params = mlpParams({ hiddenLayers: 2, width: 5, trainPoints: 31 });
    const dim = mlp.dimensionOf!(params);
    const rand = mulberry32(2);
    const x = Float32Array.from({ length: dim }, () => gaussian(rand));
    const g = layerGeometry(x, params);
    expect(g.stableRank.length).toBe(3);
    for (let l = 0; l < 3; l++) {
      expect(g.cushion.min[l]).toBeGreaterThan(0);
      expect(g.cushion.min[l]).toBeLessThanOrEqual(g.cushion.median[l]);
      expect(g.cushion.median[l]).toBeLessThanOrEqual(1);
    }
    expect(() => layerGeometry(x.subarray(1), params)).toThrow(RangeError);
  });
});

describe('noise propagation', () => {
  it('φ(z + dz) − φ(z) without cancellation agrees with the plain difference', () => {
    // Deep in saturation 1 ± tanh z has lost digits to rounding (as the slope 1 − h² of backpropagation
    // does); pre-activations here stay within |z| ≲ 8.
    const rand = mulberry32(5);
    for (let k = 0; k < 2000; k++) {
      const z = 2 * gaussian(rand);
      const dz = gaussian(rand);
      expect(Math.abs(activationChange(z, dz, false) - (Math.tanh(z + dz) - Math.tanh(z)))).toBeLessThan(1e-12);
      expect(activationChange(z, dz, true)).toBeCloseTo(Math.max(z + dz, 0) - Math.max(z, 0), 14);
    }
    // Tiny changes keep their relative accuracy: tanh'(z) dz.
    const z = 0.7;
    const dz = 1e-12;
    expect(Math.abs(activationChange(z, dz, false) / (dz * (1 - Math.tanh(z) ** 2)) - 1)).toBeLessThan(1e-9);
  });

  it('the layers read from the landscape layout compute the landscape’s own output', () => {
    const params = mlpParams({ hiddenLayers: 3, width: 4 });
    const dim = mlp.dimensionOf!(params);
    const rand = mulberry32(8);
    const x = Array.from({ length: dim }, () => gaussian(rand));
    const layers = mlpLayers(x, params);
    expect(layers.map((l) => `${l.weights.rows}x${l.weights.cols}`)).toEqual(['4x2', '4x4', '4x4', '1x4']);
    // Forward by hand (tanh) from the parsed layers.
    const input: [number, number] = [0.3, -1.2];
    let h: number[] = input;
    for (const l of layers.slice(0, -1)) {
      h = Array.from({ length: l.weights.rows }, (_, r) => Math.tanh(l.bias[r] + h.reduce((s, v, c) => s + l.weights.data[r * l.weights.cols + c] * v, 0)));
    }
    const out = layers[3].bias[0] + h.reduce((s, v, c) => s + layers[3].weights.data[c] * v, 0);
    expect(Math.abs(out - mlpOutput(x, params, dim, input))).toBeLessThan(1e-13);
  });

  /** ‖ĥ_j − h_j‖ per layer with ĥ from a full noisy forward pass: an independent computation of the twin's quantity. */
  function plainRatios(x: number[], params: number[], epsilon: number, seed: number, draws: number, relu: boolean): number[][] {
    const layers = mlpLayers(x, params);
    const L = layers.length - 1;
    const phi = (v: number) => (relu ? Math.max(v, 0) : Math.tanh(v));
    const apply = (l: DenseLayer, h: number[]) =>
      Array.from({ length: l.weights.rows }, (_, r) => l.bias[r] + h.reduce((s, v, c) => s + l.weights.data[r * l.weights.cols + c] * v, 0));
    const run = (input: number[], noiseAt: number, eta: number[] | null) => {
      const hs: number[][] = [];
      let h = input;
      for (let l = 0; l < L; l++) {
        h = apply(layers[l], h).map(phi);
        if (l === noiseAt && eta) h = h.map((v, u) => v + eta[u]);
        hs.push(h);
      }
      hs.push(apply(layers[L], h));
      return hs;
    };
    const set = mlpDataset(params);
    const sum = Array.from({ length: L }, () => new Array(L + 1).fill(0));
    const count = Array.from({ length: L }, () => new Array(L + 1).fill(0));
    const norm = (v: number[]) => Math.hypot(...v);
    for (let k = 0; k < set.trainY.length; k++) {
      const input = [set.trainX[2 * k], set.trainX[2 * k + 1]];
      const clean = run(input, -1, null);
      for (let r = 0; r < draws; r++) {
        for (let i = 0; i < L; i++) {
          const g = clean[i].map((_, u) => randNormal(seed, STREAM_NOISE_STABILITY, k, r, i * MLP_MAX_WIDTH + u));
          const eta = g.map((v) => (v * epsilon * norm(clean[i])) / norm(g));
          const noisy = run(input, i, eta);
          for (let j = i; j <= L; j++) {
            const size = norm(clean[j]);
            if (size > 0) {
              sum[i][j] += norm(noisy[j].map((v, u) => v - clean[j][u])) / size;
              count[i][j]++;
            }
          }
        }
      }
    }
    return sum.map((row, i) => row.map((s, j) => (j < i ? NaN : s / count[i][j])));
  }

  it.each([
    ['tanh', 0],
    ['ReLU', 1],
  ])('the twin agrees with a plain noisy forward pass (%s, 3 hidden layers)', (_name, activation) => {
    const params = mlpParams({ hiddenLayers: 3, width: 6, trainPoints: 24, activation });
    const dim = mlp.dimensionOf!(params);
    const rand = mulberry32(11 + activation);
    const x = Array.from({ length: dim }, () => 0.8 * gaussian(rand));
    const epsilon = 0.05;
    const twin = noiseStabilityReference(x, params, 3, { epsilon, seed: 7 });
    const plain = plainRatios(x, params, epsilon, 7, 3, activation === 1);
    let worst = 0;
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(twin.ratio[i][i] - epsilon)).toBeLessThan(1e-14);
      for (let j = i; j <= 3; j++) worst = Math.max(worst, Math.abs(twin.ratio[i][j] - plain[i][j]) / plain[i][j]);
    }
    console.log(`twin vs plain noisy forward (${_name}): worst relative difference ${worst.toExponential(2)}`);
    // The plain difference loses about 1e-16 / ε to cancellation.
    expect(worst).toBeLessThan(1e-11);
    expect(twin.ratio[1][0]).toBeNaN();
    expect(twin.attenuation[0][3]).toBeCloseTo(twin.ratio[0][3] / epsilon, 12);
  });

  it('at small ε the ratio is linear in ε (the attenuation does not depend on ε)', () => {
    const params = mlpParams({ hiddenLayers: 2, width: 8, trainPoints: 20 });
    const dim = mlp.dimensionOf!(params);
    const rand = mulberry32(3);
    const x = Array.from({ length: dim }, () => gaussian(rand));
    const a = noiseStabilityReference(x, params, 2, { epsilon: 1e-5, seed: 1 });
    const b = noiseStabilityReference(x, params, 2, { epsilon: 1e-7, seed: 1 });
    const c = noiseStabilityReference(x, params, 2, { epsilon: 0.5, seed: 1 });
    let worst = 0;
    let nonlinear = 0;
    for (let i = 0; i < 2; i++) {
      for (let j = i; j <= 2; j++) {
        worst = Math.max(worst, Math.abs(a.attenuation[i][j] / b.attenuation[i][j] - 1));
        nonlinear = Math.max(nonlinear, Math.abs(c.attenuation[i][j] / b.attenuation[i][j] - 1));
      }
    }
    expect(worst).toBeLessThan(1e-3);
    // Large noise meets the nonlinearity: the test can tell.
    expect(nonlinear).toBeGreaterThan(1e-2);
    expect(noiseSlot(1, 2)).toBe(7);
  });
});
