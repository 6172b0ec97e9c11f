import { afterAll, describe, expect, it } from 'vitest';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { batchIndices, type BatchKey } from '../../src/landscapes/batch';
import { gaussian } from '../../src/landscapes/seeded';
import { networkDimension, networkShape, teacher, teacherStudent } from '../../src/landscapes/teacherStudent';
import { sampleData, sampleShape, teacherStudentSample as tss } from '../../src/landscapes/teacherStudentSample';
import { mulberry32 } from '../random';

/** [n, k, extra, teacher kind, teacher seed, trainable, m, test, data seed, σ, B] */
type Params = [number, number, number, number, number, number, number, number, number, number, number];
const measured: string[] = [];
afterAll(() => console.log(`teacher-student-sample, measured:\n${measured.join('\n')}`));

/** A student near the box scale, output weights near 1 when trained. */
function randomStudent(rand: () => number, params: Params): number[] {
  const { n, d, trainable } = networkShape(params);
  const x = Array.from({ length: networkDimension(params) }, () => (1.5 * gaussian(rand)) / Math.sqrt(d));
  if (trainable) for (let i = 0; i < n; i++) x[n * d + i] = 1 + 0.5 * gaussian(rand);
  return x;
}

/** The student's output at record s of the data, computed here from the records (not through the landscape). */
function output(x: ArrayLike<number>, params: Params, data: Float32Array, s: number): number {
  const { n, d, trainable } = networkShape(params);
  let y = 0;
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let c = 0; c < d; c++) u += x[i * d + c] * data[s * (d + 1) + c];
    y += (trainable ? x[n * d + i] : 1) * Math.max(u, 0);
  }
  return y;
}

/** ½ (student − label)² over the given records: mean and standard error. */
function direct(x: ArrayLike<number>, params: Params, records: readonly number[]): { mean: number; se: number } {
  const data = sampleData(params);
  const d = networkShape(params).d;
  let sum = 0;
  let sum2 = 0;
  for (const s of records) {
    const l = 0.5 * (output(x, params, data, s) - data[s * (d + 1) + d]) ** 2;
    sum += l;
    sum2 += l * l;
  }
  const mean = sum / records.length;
  return { mean, se: Math.sqrt(Math.max(sum2 / records.length - mean * mean, 0) / records.length) };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const gradient = (x: ArrayLike<number>, params: Params, key?: BatchKey) => {
  const g = new Float64Array(x.length);
  tss.evaluate(x, g, params, x.length, key);
  return g;
};

describe('the finite-sample teacher-student loss', () => {
  // Fixed and trained second layer, each teacher kind, minibatches (B < m) and the full batch (B ≥ m).
  const cases: [string, Params, BatchKey | undefined][] = [
    ['n = 3, k = 2, d = 3, fixed a, full batch', [3, 2, 1, 0, 1, 0, 40, 10, 1, 0, 8], undefined],
    ['n = 3, k = 2, d = 3, fixed a, minibatch', [3, 2, 1, 0, 1, 0, 40, 10, 1, 0, 8], { seed: 3, particle: 5, step: 7 }],
    ['n = 2, k = 3, d = 5, trained a, orthonormal, σ = 0.5, full batch', [2, 3, 2, 1, 4, 1, 60, 10, 2, 0.5, 6], undefined],
    ['n = 2, k = 3, d = 5, trained a, orthonormal, σ = 0.5, minibatch', [2, 3, 2, 1, 4, 1, 60, 10, 2, 0.5, 6], { seed: 11, particle: 0, step: 0 }],
    ['n = 4, k = 4, d = 4, trained a, Gaussian, B ≥ m with a key', [4, 4, 0, 2, 7, 1, 30, 5, 3, 0.2, 50], { seed: 1, particle: 2, step: 3 }],
  ];

  it.each(cases)('gradient matches central finite differences away from ReLU kinks, %s', (_name, params, key) => {
    const dim = networkDimension(params);
    const { n, d, m, batch } = sampleShape(params);
    const data = sampleData(params);
    const batchSet = batchIndices(key, batch, m);
    const rand = mulberry32(77 + dim);
    const h = 1e-6;
    let worst = 0;
    let checked = 0;
    let skipped = 0;
    for (let trial = 0; trial < 10; trial++) {
      const x = randomStudent(rand, params);
      const g = gradient(x, params, key);
      const gmax = Math.max(...Array.from(g, Math.abs));
      for (let c = 0; c < dim; c++) {
        // Moving w_i[c] by h moves wᵢ·xₛ by h xₛ[c]: a kink crosses in the difference if |wᵢ·xₛ| ≤ h |xₛ[c]| for a sample in the batch.
        if (c < n * d) {
          const i = Math.floor(c / d);
          const near = batchSet.some((s) => {
            let u = 0;
            for (let e = 0; e < d; e++) u += x[i * d + e] * data[s * (d + 1) + e];
            return Math.abs(u) <= 2 * h * Math.abs(data[s * (d + 1) + (c % d)]);
          });
          if (near) {
            skipped++;
            continue;
          }
        }
        const xp = x.slice();
        const xm = x.slice();
        xp[c] += h;
        xm[c] -= h;
        const fd = (tss.evaluate(xp, null, params, dim, key) - tss.evaluate(xm, null, params, dim, key)) / (2 * h);
        worst = Math.max(worst, Math.abs(g[c] - fd) / (1 + gmax));
        checked++;
      }
    }
    measured.push(`  FD  ${JSON.stringify(params)} ${key ? 'key' : 'full'}: worst |g − fd| / (1 + max|g|) = ${worst.toExponential(2)}, ${checked} checked, ${skipped} next to a kink`);
    // Piecewise quadratic in w between kinks: truncation vanishes, rounding eps f / h ~ 1e-10.
    expect(worst).toBeLessThan(1e-7);
    expect(skipped).toBeLessThan(0.01 * checked);
  });

  it('a minibatch is a real subset: its loss and gradient differ from the full batch, and B ≥ m is the full batch', () => {
    const params: Params = [3, 2, 1, 0, 1, 1, 40, 10, 1, 0.3, 8];
    const dim = networkDimension(params);
    const x = randomStudent(mulberry32(4), params);
    const key = { seed: 3, particle: 1, step: 2 };
    const full = gradient(x, params, undefined);
    const mini = gradient(x, params, key);
    const diff = Math.max(...Array.from(full, (g, c) => Math.abs(g - mini[c])));
    expect(diff).toBeGreaterThan(1e-3);
    expect(tss.evaluate(x, null, params, dim, key)).not.toBe(tss.evaluate(x, null, params, dim));
    // The loss on the batch is the direct mean over the batch's samples.
    expect(tss.evaluate(x, null, params, dim, key)).toBeCloseTo(direct(x, params, batchIndices(key, 8, 40)).mean, 12);
    const fullBatch: Params = [...params];
    fullBatch[10] = 40;
    expect(tss.evaluate(x, null, fullBatch, dim, key)).toBe(tss.evaluate(x, null, params, dim));
    expect(Array.from(gradient(x, fullBatch, key))).toEqual(Array.from(full));
  });

  it('the mean of minibatch gradients over 4,000 keys is the full-batch gradient within 4.5 standard errors', () => {
    const params: Params = [3, 2, 1, 2, 5, 1, 50, 10, 4, 0.3, 5];
    const dim = networkDimension(params);
    const x = randomStudent(mulberry32(8), params);
    const full = gradient(x, params);
    const fullLoss = tss.evaluate(x, null, params, dim);
    const K = 4000;
    const sum = new Float64Array(dim);
    const sum2 = new Float64Array(dim);
    let lossSum = 0;
    let lossSum2 = 0;
    const g = new Float64Array(dim);
    for (let step = 0; step < K; step++) {
      const f = tss.evaluate(x, g, params, dim, { seed: 9, particle: 1, step });
      lossSum += f;
      lossSum2 += f * f;
      for (let c = 0; c < dim; c++) {
        sum[c] += g[c];
        sum2[c] += g[c] * g[c];
      }
    }
    let worst = 0;
    let spread = 0;
    for (let c = 0; c < dim; c++) {
      const mean = sum[c] / K;
      const sd = Math.sqrt(Math.max(sum2[c] / K - mean * mean, 0));
      spread = Math.max(spread, sd);
      // A coordinate every sample leaves at 0 (a dead unit) has no spread and must match exactly.
      worst = Math.max(worst, sd > 0 ? Math.abs(mean - full[c]) / (sd / Math.sqrt(K)) : Math.abs(mean - full[c]) > 1e-12 ? Infinity : 0);
    }
    const lossMean = lossSum / K;
    const lossSe = Math.sqrt((lossSum2 / K - lossMean * lossMean) / K);
    measured.push(`  SGD mean of ${K} minibatch gradients: worst ${worst.toFixed(2)} SE from the full batch; loss ${((lossMean - fullLoss) / lossSe).toFixed(2)} SE`);
    expect(spread).toBeGreaterThan(1e-2);
    expect(worst).toBeLessThan(4.5);
    expect(Math.abs(lossMean - fullLoss)).toBeLessThan(4.5 * lossSe);
  });

  const teachers: Params[] = [
    [6, 6, 0, 0, 1, 0, 100, 10, 1, 0, 10],
    [5, 3, 2, 1, 9, 1, 80, 10, 2, 0, 7],
    [4, 4, 3, 2, 3, 1, 200, 10, 3, 0, 200],
  ];
  it.each(teachers.map((p) => [JSON.stringify(p), p] as const))(
    'without label noise the teacher has training loss 0 and gradient 0 on every batch, params %s',
    (_name, params) => {
      const dim = networkDimension(params);
      const [min] = tss.minima(dim, params);
      expect(min.f).toBe(0);
      let worst = 0;
      let gworst = 0;
      for (const key of [undefined, { seed: 1, particle: 0, step: 0 }, { seed: 5, particle: 3, step: 9 }]) {
        const g = new Float64Array(dim);
        worst = Math.max(worst, tss.evaluate(min.x, g, params, dim, key));
        gworst = Math.max(gworst, ...Array.from(g, Math.abs));
      }
      measured.push(`  min ${JSON.stringify(params)}: loss ${worst.toExponential(2)}, max|g| ${gworst.toExponential(2)}`);
      // Labels are f32: the residuals are rounding, 2⁻²⁴ of the outputs.
      expect(worst).toBeLessThan(1e-12);
      expect(gworst).toBeLessThan(1e-6);
      // A random student is nowhere near.
      expect(tss.evaluate(randomStudent(mulberry32(1), params), null, params, dim)).toBeGreaterThan(1e-2);
    },
  );

  it('with label noise σ the teacher has training loss ≈ σ²/2 (within 4 standard errors), test and population loss 0, and no known minimum', () => {
    const sigma = 0.5;
    const params: Params = [3, 3, 1, 1, 2, 1, 2048, 500, 6, sigma, 16];
    const dim = networkDimension(params);
    expect(tss.minima(dim, params)).toEqual([]);
    expect(tss.noKnownMinimum).toMatch(/noise/);
    const [teacherPoint] = teacherStudent.minima(dim, params.slice(0, 6));
    const f = tss.evaluate(teacherPoint.x, null, params, dim);
    // ½σ²ε² has mean σ²/2 and standard deviation σ²/√2.
    const se = sigma ** 2 / Math.sqrt(2) / Math.sqrt(2048);
    measured.push(`  noise σ = ${sigma}: training loss at the teacher ${f.toFixed(5)}, σ²/2 = ${(sigma ** 2 / 2).toFixed(5)} (${((f - sigma ** 2 / 2) / se).toFixed(2)} SE)`);
    expect(Math.abs(f - sigma ** 2 / 2)).toBeLessThan(4 * se);
    const [train, test, population] = tss.metrics!.evaluate(teacherPoint.x, params, dim);
    expect(train).toBe(f);
    expect(test).toBeLessThan(1e-12);
    expect(population).toBeLessThan(1e-12);
  });

  it('as m grows, the training loss at a random student approaches the population loss (within 4 standard errors at each m)', () => {
    const rows: string[] = [];
    for (const [sigma, seed] of [
      [0, 3],
      [0.5, 4],
    ]) {
      const base: Params = [4, 3, 2, 2, 6, 1, 16, 2048, seed, sigma, 1];
      const dim = networkDimension(base);
      const x = randomStudent(mulberry32(21 + seed), base);
      const population = teacherStudent.evaluate(x, null, base.slice(0, 6), dim);
      // Noise independent of the inputs adds its variance: E[training loss] = population + σ²/2.
      const expected = population + sigma ** 2 / 2;
      let firstSe = 0;
      let lastSe = 0;
      for (const m of [16, 128, 2048]) {
        const params: Params = [...base];
        params[6] = m;
        const train = tss.evaluate(x, null, params, dim);
        const mc = direct(x, params, range(0, m));
        expect(train).toBeCloseTo(mc.mean, 12);
        rows.push(`    σ = ${sigma}, m = ${String(m).padEnd(4)}: training ${train.toFixed(5)}, population + σ²/2 ${expected.toFixed(5)} ± ${mc.se.toExponential(2)} (${((train - expected) / mc.se).toFixed(2)} SE)`);
        expect(Math.abs(train - expected)).toBeLessThan(4 * mc.se);
        if (m === 16) firstSe = mc.se;
        lastSe = mc.se;
        // The held-out set has noiseless labels: its loss estimates the population loss itself.
        const test = direct(x, params, range(m, m + 2048));
        expect(Math.abs(tss.metrics!.evaluate(x, params, dim)[1] - population)).toBeLessThan(4 * test.se);
      }
      // The agreement tightens as 1/√m: from m = 16 to 2,048 the error bar shrinks about 11-fold.
      expect(lastSe).toBeLessThan(firstSe / 4);
      // Sharp enough to mean something: ½r² is heavy-tailed (a fourth power of Gaussians), about 4% here.
      expect(lastSe).toBeLessThan(0.06 * expected);
    }
    measured.push(`  training loss → population loss:\n${rows.join('\n')}`);
  });

  it('metrics: training loss on all m, test loss, population loss, each as computed directly', () => {
    expect(tss.metrics!.names).toEqual(['training loss (all m)', 'test loss', 'population loss']);
    for (const params of [
      [3, 2, 1, 0, 1, 0, 40, 30, 1, 0.4, 8],
      [5, 4, 2, 2, 8, 1, 100, 7, 2, 0, 100],
    ] as Params[]) {
      const dim = networkDimension(params);
      const rand = mulberry32(6);
      for (let t = 0; t < 5; t++) {
        const x = randomStudent(rand, params);
        const [train, test, population] = tss.metrics!.evaluate(x, params, dim);
        const { m, test: held } = sampleShape(params);
        expect(train).toBeCloseTo(direct(x, params, range(0, m)).mean, 12);
        expect(test).toBeCloseTo(direct(x, params, range(m, m + held)).mean, 12);
        expect(population).toBe(teacherStudent.evaluate(x, null, params.slice(0, 6), dim));
        // The training reading is the full-batch loss, whatever B.
        expect(train).toBe(tss.evaluate(x, null, params, dim));
        expect(train).toBeGreaterThan(0);
        expect(test).toBeGreaterThan(0);
        expect(population).toBeGreaterThan(0);
      }
    }
  });

  it('data: seeded N(0, I) inputs, training samples that do not depend on m, labels the teacher plus σ times the same noise', () => {
    const params: Params = [2, 3, 2, 1, 5, 0, 1000, 500, 7, 0, 10];
    const { k, d } = networkShape(params);
    const stride = d + 1;
    const clean = sampleData(params);
    const noisy = sampleData(withParam(params, 9, 0.5));
    const noisier = sampleData(withParam(params, 9, 1));
    expect(clean.length).toBe((1000 + 500) * stride);
    // Seeded: the same seed gives the same data, another seed other data.
    expect(sampleData([...params])).toEqual(clean);
    expect(sampleData(withParam(params, 8, 8))).not.toEqual(clean);
    // Training sample s and the test set are the same whatever m.
    const fewer = sampleData(withParam(params, 6, 300));
    expect(fewer.subarray(0, 300 * stride)).toEqual(clean.subarray(0, 300 * stride));
    expect(fewer.subarray(300 * stride)).toEqual(clean.subarray(1000 * stride));
    // Inputs: mean 0 and variance 1 per coordinate, within 5 standard errors.
    for (let c = 0; c < d; c++) {
      let s1 = 0;
      let s2 = 0;
      for (let s = 0; s < 1500; s++) {
        s1 += clean[s * stride + c];
        s2 += clean[s * stride + c] ** 2;
      }
      expect(Math.abs(s1 / 1500)).toBeLessThan(5 / Math.sqrt(1500));
      expect(Math.abs(s2 / 1500 - 1)).toBeLessThan(5 * Math.sqrt(2 / 1500));
    }
    // Labels without noise: the teacher's output, to f32 rounding.
    const v = teacher(k, d, 1, 5).data;
    let worst = 0;
    for (let s = 0; s < 1500; s++) {
      let y = 0;
      for (let j = 0; j < k; j++) {
        let u = 0;
        for (let c = 0; c < d; c++) u += v[j * d + c] * clean[s * stride + c];
        y += Math.max(u, 0);
      }
      worst = Math.max(worst, Math.abs(clean[s * stride + d] - y) / (1 + y));
    }
    expect(worst).toBeLessThan(1e-7);
    // Noise on training labels only: (σ = 0.5) − clean is half of (σ = 1) − clean, and about N(0, 0.25).
    let n1 = 0;
    let n2 = 0;
    for (let s = 0; s < 1500; s++) {
      const e = noisy[s * stride + d] - clean[s * stride + d];
      const e1 = noisier[s * stride + d] - clean[s * stride + d];
      if (s >= 1000) {
        expect(e).toBe(0);
        continue;
      }
      expect(e).toBeCloseTo(e1 / 2, 5);
      n1 += e;
      n2 += e * e;
      // Inputs do not change with σ.
      expect(noisy.subarray(s * stride, s * stride + d)).toEqual(clean.subarray(s * stride, s * stride + d));
    }
    expect(Math.abs(n1 / 1000)).toBeLessThan(5 * 0.5 / Math.sqrt(1000));
    expect(Math.abs(n2 / 1000 - 0.25)).toBeLessThan(5 * 0.25 * Math.sqrt(2 / 1000));
  });

  it('refuses a dimension its parameters do not make; the data hook brings the teacher and the samples; the cost follows B up to m', () => {
    const params: Params = [2, 2, 0, 0, 1, 0, 50, 20, 1, 0, 10];
    expect(() => tss.evaluate(new Array(10).fill(0), null, params, 10)).toThrow(/D = 4/);
    expect(tss.dimensionOf!(withParam(params, 5, 1))).toBe(6);
    const data = tss.data!(4, params);
    expect(data.map((b) => b.name)).toEqual(['tss_teacher', 'tss_data']);
    expect(data[0].data).toEqual(teacher(2, 2, 0, 1).data);
    expect(data[1].data.length).toBe(70 * 3);
    const cost = (b: number) => tss.evalCost!(4, withParam(params, 10, b));
    expect(cost(20)).toBeGreaterThan(1.5 * cost(10));
    expect(cost(50)).toBe(cost(2048));
  });
});

function withParam(params: Params, i: number, v: number): Params {
  const p: Params = [...params];
  p[i] = v;
  return p;
}

describe('training the student with minibatch SGD', () => {
  it('SGD (B = 4 of m = 32) from near the teacher (n = k = 2, identity) reaches full-batch training loss < 1e-8 on the TypeScript engine', async () => {
    // Without noise the teacher fits every sample: every minibatch's loss is 0 there, so SGD converges (interpolation).
    const params: Params = [2, 2, 0, 0, 1, 0, 32, 16, 1, 0, 4];
    const rand = mulberry32(12);
    const points = Array.from({ length: 16 }, () => [1, 0, 0, 1].map((v) => v + 0.2 * (rand() - 0.5)));
    const sim = new CpuSimulation({ landscape: tss, dim: 4, params, count: 16, init: { kind: 'points', points }, run: { lr: 0.2, convergeTol: 0 } });
    const fullLoss = async () => {
      const snap = await sim.particles();
      return Math.max(...Array.from({ length: 16 }, (_, p) => tss.evaluate(snap.positions.subarray(p * 4, (p + 1) * 4), null, params, 4)));
    };
    const before = await fullLoss();
    await sim.step(2000);
    const after = await fullLoss();
    measured.push(`  SGD n = k = 2, B = 4 of 32: full-batch training loss from ${before.toExponential(2)} to ${after.toExponential(2)} (worst of 16)`);
    expect(before).toBeGreaterThan(1e-3);
    expect(after).toBeLessThan(1e-8);
  });
});
