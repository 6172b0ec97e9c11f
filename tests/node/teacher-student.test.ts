import { afterAll, describe, expect, it } from 'vitest';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { gaussian } from '../../src/landscapes/seeded';
import { networkDimension, networkShape, studentTeacherAngles, teacher, teacherStudent as ts, TEACHER_KINDS } from '../../src/landscapes/teacherStudent';
import { mulberry32 } from '../random';

/** [n, k, extra, teacher kind, seed, trainable] */
type Params = [number, number, number, number, number, number];
const KINDS = TEACHER_KINDS.map((_, i) => i);
const measured: string[] = [];
afterAll(() => console.log(`teacher-student, measured:\n${measured.join('\n')}`));

/** A student near the box scale, output weights near 1 when trained. */
function randomStudent(rand: () => number, params: Params): number[] {
  const { n, d, trainable } = networkShape(params);
  const x = Array.from({ length: networkDimension(params) }, () => gaussian(rand) / Math.sqrt(d));
  if (trainable) for (let i = 0; i < n; i++) x[n * d + i] = 1 + 0.5 * gaussian(rand);
  return x;
}

/** ½ (student(x) − teacher(x))² over `samples` Gaussian inputs: its mean and standard error. */
function monteCarlo(params: Params, x: number[], samples: number, seed: number): { mean: number; se: number } {
  const { n, k, d, trainable } = networkShape(params);
  const v = teacher(k, d, params[3], params[4]).data;
  const rand = mulberry32(seed);
  const z = new Float64Array(d);
  let sum = 0;
  let sum2 = 0;
  for (let s = 0; s < samples; s++) {
    for (let c = 0; c < d; c++) z[c] = gaussian(rand);
    let r = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let c = 0; c < d; c++) u += x[i * d + c] * z[c];
      r += (trainable ? x[n * d + i] : 1) * Math.max(u, 0);
    }
    for (let j = 0; j < k; j++) {
      let u = 0;
      for (let c = 0; c < d; c++) u += v[j * d + c] * z[c];
      r -= Math.max(u, 0);
    }
    const y = 0.5 * r * r;
    sum += y;
    sum2 += y * y;
  }
  const mean = sum / samples;
  return { mean, se: Math.sqrt((sum2 / samples - mean * mean) / samples) };
}

describe('the teacher-student loss', () => {
  // Each teacher kind, wider and narrower students, with and without a trained second layer.
  const shapes: [number, number, number, number][] = [
    [3, 2, 1, 0],
    [2, 3, 2, 1],
    [4, 4, 0, 1],
  ];
  const cases = KINDS.flatMap((kind) => shapes.map(([n, k, extra, t]) => [n, k, extra, kind, 5, t] as Params)).map(
    (p, index) => [JSON.stringify(p), p, index] as const,
  );

  it.each(cases)('equals a Monte-Carlo estimate from 10^6 Gaussian inputs within 4 standard errors, params %s', (_name, params, index) => {
    const dim = networkDimension(params);
    const rand = mulberry32(31 + 7 * params[3] + params[0]);
    const x = randomStudent(rand, params);
    const f = ts.evaluate(x, null, params, dim);
    // Independent inputs for each case, so the cases' errors are independent too.
    const mc = monteCarlo(params, x, 1_000_000, 1000 + index);
    measured.push(`  MC  ${JSON.stringify(params)}: closed form ${f.toFixed(6)}, MC ${mc.mean.toFixed(6)} ± ${mc.se.toExponential(2)} (${((f - mc.mean) / mc.se).toFixed(2)} SE)`);
    expect(Math.abs(f - mc.mean)).toBeLessThan(4 * mc.se);
    // The estimate must be sharp enough for the check to mean something.
    expect(mc.se).toBeLessThan(0.01 * (f + 1e-3));
  });

  it.each(cases)('gradient matches central finite differences at random points, params %s', (_name, params) => {
    const dim = networkDimension(params);
    const rand = mulberry32(77 + params[3]);
    const grad = new Float64Array(dim);
    let worst = 0;
    for (let trial = 0; trial < 20; trial++) {
      const x = randomStudent(rand, params);
      ts.evaluate(x, grad, params, dim);
      const gmax = Math.max(...Array.from(grad, Math.abs));
      for (let c = 0; c < dim; c++) {
        const h = 1e-5;
        const xp = x.slice();
        const xm = x.slice();
        xp[c] += h;
        xm[c] -= h;
        const fd = (ts.evaluate(xp, null, params, dim) - ts.evaluate(xm, null, params, dim)) / (2 * h);
        worst = Math.max(worst, Math.abs(grad[c] - fd) / (1 + gmax));
      }
    }
    measured.push(`  FD  ${JSON.stringify(params)}: worst |g − fd| / (1 + max|g|) = ${worst.toExponential(2)}`);
    // h = 1e-5: truncation h² f''' ~ 1e-10 and rounding eps f / h ~ 1e-11; the kernel is smooth away from w = 0.
    expect(worst).toBeLessThan(1e-7);
  });

  const wide = KINDS.flatMap((kind) => [[6, 4, 2, kind, 9, 0], [5, 5, 0, kind, 9, 1], [3, 3, 1, kind, 2, 0]] as Params[]);
  it.each(wide.map((p) => [JSON.stringify(p), p] as const))(
    'the student equal to the teacher has loss 0 and gradient 0, params %s',
    (_name, params) => {
      const dim = networkDimension(params);
      const [m] = ts.minima(dim, params);
      const grad = new Float64Array(dim);
      const f = ts.evaluate(m.x, grad, params, dim);
      const gmax = Math.max(...Array.from(grad, Math.abs));
      measured.push(`  min ${JSON.stringify(params)}: loss ${f.toExponential(2)}, max|g| ${gmax.toExponential(2)}`);
      expect(m.f).toBe(0);
      expect(Math.abs(f)).toBeLessThanOrEqual(1e-12);
      // acos near cos θ = 1 resolves θ to about sqrt(eps) ~ 1e-8, which bounds the gradient there.
      expect(gmax).toBeLessThan(1e-7);
    },
  );

  it('a unit with zero weights contributes nothing, and its gradient is the θ = π/2 limit Σ(a_j w_j − v_j)/4', () => {
    const params: Params = [2, 2, 1, 1, 3, 0];
    const dim = networkDimension(params);
    const x = randomStudent(mulberry32(5), params);
    const d = 3;
    const grad = new Float64Array(dim);
    const alone = ts.evaluate([...x.slice(0, d), 0, 0, 0], grad, params, dim);
    // The same network with one unit: n = 1.
    expect(alone).toBeCloseTo(ts.evaluate(x.slice(0, d), null, [1, 2, 1, 1, 3, 0], d), 14);
    const v = teacher(2, d, 1, 3).data;
    for (let c = 0; c < d; c++) expect(grad[d + c]).toBeCloseTo((x[c] - v[c] - v[d + c]) / 4, 14);
  });

  it('teachers: identity rows, orthonormal rows, Gaussian rows of squared norm about 1', () => {
    const eye = teacher(3, 5, 0, 1).data;
    const orth = teacher(4, 6, 1, 2).data;
    const dot = (a: Float32Array, i: number, j: number, d: number) => a.subarray(i * d, (i + 1) * d).reduce((s, x, c) => s + x * a[j * d + c], 0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(dot(eye, i, j, 5)).toBe(i === j ? 1 : 0);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(dot(orth, i, j, 6)).toBeCloseTo(i === j ? 1 : 0, 6);
    const wide = teacher(8, 400, 2, 3).data;
    for (let j = 0; j < 8; j++) expect(dot(wide, j, j, 400)).toBeCloseTo(1, 0);
    // Seeded: the same seed gives the same teacher, another seed another one.
    expect(teacher(4, 6, 1, 2).data).toEqual(orth);
    expect(teacher(4, 6, 1, 3).data).not.toEqual(orth);
  });

  it('unit angles (the network view): 1 where a student unit is a teacher unit, the cosine elsewhere', () => {
    for (const params of [[3, 2, 1, 1, 4, 0], [2, 2, 0, 2, 9, 1]]) {
      const dim = networkDimension(params);
      const { n, k, d } = networkShape(params);
      const x = ts.minima(dim, params)[0].x.slice();
      // The last student unit: a random direction, scaled (the cosine ignores the scale).
      const rand = mulberry32(5);
      for (let c = 0; c < d; c++) x[(n - 1) * d + c] = 3 * gaussian(rand);
      const cos = studentTeacherAngles(x, params, dim);
      expect(cos.length).toBe(n);
      const t = teacher(k, d, params[3], params[4]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) {
          const w = x.slice(i * d, (i + 1) * d);
          const v = Array.from(t.data.subarray(j * d, (j + 1) * d));
          const expected = w.reduce((s, wc, c) => s + wc * v[c], 0) / (Math.hypot(...w) * Math.hypot(...v));
          expect(cos[i][j]).toBeCloseTo(expected, 12);
          if (i === j && i < n - 1) expect(cos[i][j]).toBeCloseTo(1, 6);
        }
      }
    }
  });

  it('refuses a dimension its parameters do not make', () => {
    expect(() => ts.evaluate(new Array(10).fill(0), null, [2, 2, 0, 0, 1, 0], 10)).toThrow(/D = 4/);
    expect(ts.dimensionOf!([2, 2, 0, 0, 1, 1])).toBe(6);
    expect(ts.dimensionOf!([64, 64, 0, 0, 1, 0])).toBe(4096);
  });
});

describe('training the student', () => {
  it('GD from near the teacher (n = k = 2, identity) reaches loss < 1e-6 on the TypeScript engine', async () => {
    const params: Params = [2, 2, 0, 0, 1, 0];
    const rand = mulberry32(12);
    const points = Array.from({ length: 16 }, () => [1, 0, 0, 1].map((v) => v + 0.2 * (rand() - 0.5)));
    const sim = new CpuSimulation({ landscape: ts, dim: 4, params, count: 16, init: { kind: 'points', points }, run: { lr: 0.5, convergeTol: 0 } });
    const before = await sim.summary();
    await sim.step(2000);
    const after = await sim.summary();
    measured.push(`  GD  n = k = 2: loss from ${before.maxLoss.toExponential(2)} to ${after.maxLoss.toExponential(2)} (worst of 16)`);
    expect(before.maxLoss).toBeGreaterThan(1e-3);
    expect(after.maxLoss).toBeLessThan(1e-6);
  });

  it('one unit cannot fit two (n = 1 < k = 2): GD from 16 starts stalls at a clearly positive loss', () => {
    const params: Params = [1, 2, 0, 0, 1, 1];
    const dim = networkDimension(params);
    const rand = mulberry32(3);
    const grad = new Float64Array(dim);
    let best = Infinity;
    for (let s = 0; s < 16; s++) {
      const x = randomStudent(rand, params);
      let f = 0;
      for (let t = 0; t < 5000; t++) {
        f = ts.evaluate(x, grad, params, dim);
        for (let c = 0; c < dim; c++) x[c] -= 0.2 * grad[c];
      }
      expect(Math.hypot(...grad)).toBeLessThan(1e-6);
      best = Math.min(best, f);
    }
    measured.push(`  n < k: best loss after GD from 16 starts ${best.toFixed(5)}`);
    expect(best).toBeGreaterThan(0.01);
  });
});
