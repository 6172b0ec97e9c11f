import { afterAll, describe, expect, it } from 'vitest';
import { DATASETS, dataset, type Dataset } from '../../src/landscapes/datasets';

const measured: string[] = [];
afterAll(() => console.log(`data sets, measured:\n${measured.join('\n')}`));

const spec = (name: string, train = 400, test = 200, noise = 0, seed = 1) => ({ name, train, test, noise, seed });
const points = (x: Float32Array) => Array.from({ length: x.length / 2 }, (_, i) => [x[2 * i], x[2 * i + 1]]);

/** Share of test points whose nearest training point has the same label. */
function nearestNeighbourAccuracy(set: Dataset): number {
  const train = points(set.trainX);
  let right = 0;
  points(set.testX).forEach(([a, b], i) => {
    let best = Infinity;
    let label = 0;
    train.forEach(([c, d], j) => {
      const r = (a - c) ** 2 + (b - d) ** 2;
      if (r < best) [best, label] = [r, set.trainY[j]];
    });
    if (label === set.testY[i]) right++;
  });
  return right / set.testY.length;
}

describe.each(DATASETS.map((n) => [n]))('%s', (name) => {
  it('is seeded: the same seed gives the same points, another seed others, and the test count leaves the training points alone', () => {
    const a = dataset(spec(name, 300, 100, 0, 7));
    // Other test counts are other cache entries, drawn afresh.
    const b = dataset(spec(name, 300, 101, 0, 7));
    expect(b.trainX).toEqual(a.trainX);
    expect(b.trainY).toEqual(a.trainY);
    expect(b.testX.subarray(0, 200)).toEqual(a.testX);
    const c = dataset(spec(name, 300, 100, 0, 8));
    expect(c.trainX).not.toEqual(a.trainX);
    expect(c.testX).not.toEqual(a.testX);
    // Training and test points are different draws.
    expect(a.testX.subarray(0, 10)).not.toEqual(a.trainX.subarray(0, 10));
  });

  it('has the sizes asked for, ±1 labels in balance, and points in about [−1.5, 1.5]²', () => {
    for (const [m, t] of [[1, 0], [7, 3], [400, 250]]) {
      const s = dataset(spec(name, m, t));
      expect(s.trainX).toBeInstanceOf(Float32Array);
      expect([s.trainX.length, s.trainY.length, s.testX.length, s.testY.length]).toEqual([2 * m, m, 2 * t, t]);
      for (const y of [s.trainY, s.testY]) {
        expect(y.every((v) => v === 1 || v === -1)).toBe(true);
        // Classes alternate point by point: at most one point more of either.
        expect(Math.abs(y.reduce((acc, v) => acc + v, 0))).toBeLessThanOrEqual(1);
      }
    }
    const s = dataset(spec(name, 2000));
    const coords = Array.from(s.trainX);
    const inside = coords.filter((v) => Math.abs(v) <= 1.8).length / coords.length;
    const spread = Math.max(...coords.map(Math.abs));
    measured.push(`  ${name.padEnd(15)} ${(100 * inside).toFixed(2)}% of coordinates within ±1.8, largest |coordinate| ${spread.toFixed(2)}`);
    expect(inside).toBeGreaterThan(0.995);
    // Not collapsed: the points reach out to about the square's edge.
    expect(spread).toBeGreaterThan(1);
    expect(coords.every(Number.isFinite)).toBe(true);
  });

  it('is learnable: a nearest-neighbour classifier fitted to the training points labels most test points right', () => {
    const acc = nearestNeighbourAccuracy(dataset(spec(name, 400, 400)));
    measured.push(`  ${name.padEnd(15)} 1-NN test accuracy ${acc.toFixed(3)}`);
    // The blobs overlap (Bayes error about 4%, so 1-NN errs up to about twice that); the others hardly.
    expect(acc).toBeGreaterThan(name === 'Gaussian blobs' ? 0.85 : 0.93);
  });

  it('label noise flips about the share asked for, moves no point, and a larger noise flips a superset', () => {
    const m = 5000;
    const clean = dataset(spec(name, m, m, 0, 3));
    const flipped = (noise: number) => {
      const s = dataset(spec(name, m, m, noise, 3));
      expect(s.trainX).toEqual(clean.trainX);
      expect(s.testX).toEqual(clean.testX);
      return [
        Array.from(s.trainY, (y, i) => y !== clean.trainY[i]),
        Array.from(s.testY, (y, i) => y !== clean.testY[i]),
      ];
    };
    for (const p of [0.05, 0.2, 0.5]) {
      for (const flips of flipped(p)) {
        const share = flips.filter(Boolean).length / m;
        // Binomial(m, p): 4 standard errors.
        expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / m));
      }
    }
    const [small] = flipped(0.1);
    const [large] = flipped(0.3);
    expect(small.every((f, i) => !f || large[i])).toBe(true);
    expect(flipped(1)[0].every(Boolean)).toBe(true);
  });
});

describe('the shapes are the named ones', () => {
  it('circles: the +1 class is the inner ring (radius about 0.5), −1 the outer (about 1.25)', () => {
    const s = dataset(spec('circles', 1000));
    const radius = (label: number) => {
      const r = points(s.trainX).filter((_, i) => s.trainY[i] === label).map(([a, b]) => Math.hypot(a, b));
      return r.reduce((acc, v) => acc + v, 0) / r.length;
    };
    expect(radius(1)).toBeCloseTo(0.5, 1);
    expect(radius(-1)).toBeCloseTo(1.25, 1);
  });

  it('XOR: the label is the sign of x₁x₂ for nearly every point, and the four quadrants are equally full', () => {
    const s = dataset(spec('XOR', 1000));
    const p = points(s.trainX);
    const agree = p.filter(([a, b], i) => Math.sign(a * b) === s.trainY[i]).length / p.length;
    // σ = 0.3 around (±0.75, ±0.75): a point leaves its quadrant with probability about 2Φ(−2.5) ≈ 1.2%.
    expect(agree).toBeGreaterThan(0.95);
    expect(agree).toBeLessThan(1);
    const quadrants = [0, 1, 2, 3].map((q) => p.filter(([a, b]) => (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0) === q).length);
    for (const n of quadrants) expect(n).toBeGreaterThan(200);
  });

  it('moons, spirals, XOR and circles are not linearly separable: least squares on (1, x₁, x₂) gets well under 100%', () => {
    for (const name of ['two moons', 'two spirals', 'XOR', 'circles']) {
      const s = dataset(spec(name, 1000));
      // Normal equations for y ≈ a + b x₁ + c x₂.
      const rows = points(s.trainX).map(([a, b]) => [1, a, b]);
      const ata = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((acc, r) => acc + r[i] * r[j], 0)));
      const aty = [0, 1, 2].map((i) => rows.reduce((acc, r, k) => acc + r[i] * s.trainY[k], 0));
      const coef = solve3(ata, aty);
      const acc = rows.filter((r, k) => Math.sign(r[0] * coef[0] + r[1] * coef[1] + r[2] * coef[2]) === s.trainY[k]).length / rows.length;
      measured.push(`  ${name.padEnd(15)} linear least-squares training accuracy ${acc.toFixed(3)}`);
      expect(acc).toBeLessThan(name === 'two moons' ? 0.92 : 0.75);
    }
  });
});

/** Gaussian elimination for the 3 x 3 normal equations (positive definite: no pivoting needed). */
function solve3(a: number[][], b: number[]): number[] {
  const m = a.map((r, i) => [...r, b[i]]);
  for (let k = 0; k < 3; k++) {
    for (let i = k + 1; i < 3; i++) {
      const f = m[i][k] / m[k][k];
      for (let j = k; j < 4; j++) m[i][j] -= f * m[k][j];
    }
  }
  const x = [0, 0, 0];
  for (let i = 2; i >= 0; i--) {
    let r = m[i][3];
    for (let j = i + 1; j < 3; j++) r -= m[i][j] * x[j];
    x[i] = r / m[i][i];
  }
  return x;
}

describe('bad input', () => {
  it.each([
    [spec('moons'), /Unknown data set "moons". Known: two moons, two spirals/],
    [spec('__proto__'), /Unknown data set/],
    [spec('XOR', 0), /Training points .* from 1 .* got 0/],
    [spec('XOR', 2.5), /Training points .* got 2.5/],
    [spec('XOR', NaN), /Training points .* got NaN/],
    [spec('XOR', 1e9), /Training points .* got 1000000000/],
    [spec('XOR', 10, -1), /Test points .* from 0 .* got -1/],
    [spec('XOR', 10, 10, -0.1), /Label noise .* got -0.1/],
    [spec('XOR', 10, 10, 1.5), /Label noise .* got 1.5/],
    [spec('XOR', 10, 10, NaN), /Label noise .* got NaN/],
    [spec('XOR', 10, 10, 0, -1), /Data seed .* got -1/],
    [spec('XOR', 10, 10, 0, 0.5), /Data seed .* got 0.5/],
  ])('refuses %o with a RangeError naming the value', (s, message) => {
    expect(() => dataset(s)).toThrow(RangeError);
    expect(() => dataset(s)).toThrow(message);
  });
});
