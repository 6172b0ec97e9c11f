/**
 * The plane through three points (src/analysis/planes.ts) and the float64 twin of the curve
 * profiles and the Bézier fit (src/analysis/curveReference.ts): planted cases, known answers,
 * finite differences and refusals.
 */
import { describe, expect, it } from 'vitest';
import { planePoint, planeThrough } from '../../src/analysis/planes';
import {
  bezierFitReference, bezierProfileReference, curveBarrier, curvePoint, fitSampleT, segmentProfileReference, type CurveProfile,
} from '../../src/analysis/curveReference';
import { randUniform, STREAM_CURVE_FIT } from '../../src/engine/rng';
import { landscapeById } from '../../src/landscapes';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';

const randomVector = (rand: () => number, dim: number, scale = 1) => Float64Array.from({ length: dim }, () => scale * gaussian(rand));
const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((s, v, i) => s + v * y[i], 0);
const distance = (x: ArrayLike<number>, y: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v, i) => s + (v - y[i]) ** 2, 0));

describe('the plane through three points', () => {
  it.each([2, 3, 7, 300])('passes through a, b and c with orthonormal directions, D = %i', (dim) => {
    const rand = mulberry32(dim);
    const [a, b, c] = [randomVector(rand, dim, 2), randomVector(rand, dim, 2), randomVector(rand, dim, 2)];
    const p = planeThrough(a, b, c);
    expect(dot(p.u, p.u)).toBeCloseTo(1, 12);
    expect(dot(p.v, p.v)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(p.u, p.v))).toBeLessThan(1e-12);
    expect(p.coordinates.a).toEqual([0, 0]);
    expect(p.coordinates.b[0]).toBeCloseTo(distance(a, b), 12);
    expect(p.coordinates.b[1]).toBe(0);
    expect(p.coordinates.c[1]).toBeGreaterThan(0);
    for (const [name, x] of [['a', a], ['b', b], ['c', c]] as const) {
      const [alpha, beta] = p.coordinates[name];
      expect(distance(planePoint(p, alpha, beta), x), name).toBeLessThan(1e-12 * (1 + Math.sqrt(dot(x, x))));
      // Inside the box, with room to spare.
      expect(alpha).toBeGreaterThan(p.aRange[0]);
      expect(alpha).toBeLessThan(p.aRange[1]);
      expect(beta).toBeGreaterThan(p.bRange[0]);
      expect(beta).toBeLessThan(p.bRange[1]);
    }
  });

  it('gives the planted plane: a right triangle in the x3-x5 plane of R^5', () => {
    const a = [1, 1, 0, 1, 0];
    const b = [1, 1, 4, 1, 0];
    const c = [1, 1, 1, 1, 3];
    const p = planeThrough(a, b, c, 0.25);
    expect(Array.from(p.u)).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(p.v)).toEqual([0, 0, 0, 0, 1]);
    expect(p.center).toEqual(a);
    expect(p.coordinates.c).toEqual([1, 3]);
    // Spans 4 along u and 3 along v; a quarter of the larger span on each side.
    expect(p.aRange).toEqual([-1, 5]);
    expect(p.bRange).toEqual([-1, 4]);
  });

  it('refuses coincident and collinear points, and points of different lengths, saying why', () => {
    const a = [0, 0, 0];
    expect(() => planeThrough(a, a, [1, 0, 0])).toThrow(/a and b coincide/);
    expect(() => planeThrough(a, [1, 2, 3], a)).toThrow(/c coincides with a/);
    expect(() => planeThrough(a, [1, 2, 3], [1, 2, 3])).toThrow(/collinear/);
    expect(() => planeThrough(a, [1, 2, 3], [-2, -4, -6])).toThrow(/collinear/);
    expect(() => planeThrough([1e3, 0], [2e3, 1e3], [3e3, 2e3 + 1e-7])).toThrow(/collinear/);
    expect(() => planeThrough(a, [1, 2], [0, 1, 0])).toThrow(/same dimension/);
    expect(() => planeThrough([0], [1], [2])).toThrow(/at least 2/);
    expect(() => planeThrough(a, [1, NaN, 0], [0, 1, 0])).toThrow(/b\[1\]/);
    expect(() => planeThrough(a, [1, 0, 0], [0, 1, 0], -1)).toThrow(RangeError);
    // Nearly collinear but clearly off the line is a plane.
    expect(planeThrough(a, [1, 0, 0], [2, 1e-3, 0]).coordinates.c[1]).toBeCloseTo(1e-3, 12);
  });
});

describe('the loss along a curve (float64 twin)', () => {
  const bowl = landscapeById('quadratic');
  const rastrigin = landscapeById('rastrigin');

  it('is exact on a quadratic bowl: ½|(1 − t) a + t b|², with its slope and gradient norm', () => {
    const rand = mulberry32(3);
    const dim = 6;
    const [a, b] = [randomVector(rand, dim), randomVector(rand, dim)];
    const p = segmentProfileReference(bowl, [1], a, b, { points: 31, from: -0.5, to: 1.5 });
    expect(p.t[0]).toBe(-0.5);
    expect(p.t[30]).toBe(1.5);
    p.t.forEach((t, k) => {
      const x = a.map((ad, d) => (1 - t) * ad + t * b[d]);
      expect(p.loss[k]).toBeCloseTo(0.5 * dot(x, x), 12);
      expect(p.gradNorm[k]).toBeCloseTo(Math.sqrt(dot(x, x)), 12);
      expect(p.slope[k]).toBeCloseTo(dot(x, b.map((bd, d) => bd - a[d])), 12);
    });
    expect(p.lossA).toBeCloseTo(0.5 * dot(a, a), 12);
    expect(p.lossB).toBeCloseTo(0.5 * dot(b, b), 12);
  });

  it('the Bézier through the midpoint is the segment; its slope is dL/dt by finite differences', () => {
    const rand = mulberry32(4);
    const dim = 5;
    const [a, b, c] = [randomVector(rand, dim), randomVector(rand, dim), randomVector(rand, dim)];
    const mid = a.map((x, d) => (x + b[d]) / 2);
    const seg = segmentProfileReference(rastrigin, [], a, b, { points: 21, from: 0, to: 1 });
    const bez = bezierProfileReference(rastrigin, [], a, mid, b, { points: 21 });
    Array.from(seg.loss).forEach((l, k) => expect(bez.loss[k]).toBeCloseTo(l, 9));
    const curved = bezierProfileReference(rastrigin, [], a, c, b, { points: 11 });
    const h = 1e-6;
    let worst = 0;
    curved.t.forEach((t, k) => {
      const f = (s: number) => rastrigin.evaluate(curvePoint('bezier', a, c, b, s), null, [], dim);
      const fd = (f(t + h) - f(t - h)) / (2 * h);
      worst = Math.max(worst, Math.abs(curved.slope[k] - fd) / (1 + Math.abs(fd)));
    });
    console.log(`Bézier slope vs central differences (h = 1e-6): worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
    expect(bez.loss[0]).toBeCloseTo(bez.lossA, 12);
    expect(bez.loss[20]).toBeCloseTo(bez.lossB, 12);
  });

  it('the barrier: the highest loss on t in [0, 1] above the higher end', () => {
    const profile = (t: number[], loss: number[], lossA: number, lossB: number): CurveProfile => ({
      t: Float64Array.from(t),
      loss,
      gradNorm: loss,
      slope: loss,
      lossA,
      lossB,
    });
    // The values past the ends (t < 0, t > 1) are not part of the path between them.
    expect(curveBarrier(profile([-0.5, 0, 0.5, 1, 1.5], [100, 1, 4, 2, 100], 1, 2))).toBe(2);
    // A path downhill all the way has no barrier.
    expect(curveBarrier(profile([0, 0.5, 1], [3, 2, 1], 3, 1))).toBe(0);
    expect(curveBarrier(profile([0, 0.5, 1], [3, NaN, 1], 3, 1))).toBeNaN();
  });

  it('refuses bad arguments by name', () => {
    expect(() => segmentProfileReference(bowl, [1], [0, 0], [1, 1, 1])).toThrow(/b needs 2 coordinates/);
    expect(() => segmentProfileReference(bowl, [1], [0, 0], [1, 1], { points: 1 })).toThrow(/points = 1/);
    expect(() => segmentProfileReference(bowl, [1], [0, 0], [1, 1], { from: 1, to: 0 })).toThrow(/from < to/);
    expect(() => bezierProfileReference(bowl, [1], [0, 0], [0, Infinity], [1, 1])).toThrow(/control\[1\]/);
    expect(() => bezierFitReference(bowl, [1], [0, 0], [1, 1], 0, { steps: 1, lr: 1, seed: 0 })).toThrow(/samplesPerStep/);
    expect(() => bezierFitReference(bowl, [1], [0, 0], [1, 1], 4, { steps: 0, lr: 1, seed: 0 })).toThrow(/steps = 0/);
    expect(() => bezierFitReference(bowl, [1], [0, 0], [1, 1], 4, { steps: 10, lr: -1, seed: 0 })).toThrow(/lr = -1/);
    expect(() => bezierFitReference(bowl, [1], [0, 0], [1, 1], 4, { steps: 5000, lr: 1, seed: 0, recordEvery: 1 })).toThrow(
      /MAX_FIT_RECORDS/,
    );
  });
});

describe('the Bézier fit (float64 twin)', () => {
  const bowl = landscapeById('quadratic');

  it('draws t as the counter-based generator does, uniform in [0, 1)', () => {
    let sum = 0;
    for (let s = 0; s < 4000; s++) {
      const t = fitSampleT(9, 3, s);
      expect(t).toBe(randUniform(9, STREAM_CURVE_FIT, s, 3, 0));
      expect(t >= 0 && t < 1).toBe(true);
      sum += t;
    }
    expect(sum / 4000).toBeCloseTo(0.5, 1);
    expect(fitSampleT(9, 4, 0)).not.toBe(fitSampleT(9, 3, 0));
  });

  it('one step moves c by −lr times the gradient of the sampled loss (central differences)', () => {
    const rastrigin = landscapeById('rastrigin');
    const rand = mulberry32(8);
    const dim = 4;
    const [a, b, c] = [randomVector(rand, dim), randomVector(rand, dim), randomVector(rand, dim)];
    const samples = 8;
    const seed = 5;
    const lr = 1e-3;
    const after = bezierFitReference(rastrigin, [], a, b, samples, { steps: 1, lr, seed, control: c }).control;
    const sampled = (control: Float64Array) => {
      let s = 0;
      for (let k = 0; k < samples; k++) s += rastrigin.evaluate(curvePoint('bezier', a, control, b, fitSampleT(seed, 0, k)), null, [], dim);
      return s / samples;
    };
    const h = 1e-6;
    let worst = 0;
    for (let d = 0; d < dim; d++) {
      const up = Float64Array.from(c);
      const down = Float64Array.from(c);
      up[d] += h;
      down[d] -= h;
      const fd = (sampled(up) - sampled(down)) / (2 * h);
      const g = (c[d] - after[d]) / lr;
      worst = Math.max(worst, Math.abs(g - fd) / (1 + Math.abs(fd)));
    }
    console.log(`fit gradient vs central differences of the sampled loss: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });

  it('finds the known optimum on a bowl: c = −¾ (a + b) minimises E|φ_c(t)|²', () => {
    // ∂/∂c E ½|φ|² = E[2t(1 − t) φ] = 0 with E[t²(1 − t)²] = 1/30 and E[t(1 − t)³] = 1/20.
    const a = [1, -2, 0.5];
    const b = [2, 1, -1];
    const r = bezierFitReference(bowl, [1], a, b, 256, { steps: 400, lr: 2, seed: 1 });
    const expected = a.map((x, d) => -0.75 * (x + b[d]));
    expect(distance(r.control, expected)).toBeLessThan(0.05);
    expect(r.curveLoss.length).toBe(100);
    expect(r.recordEvery).toBe(4);
    // The loss averaged along the curve falls from the segment's.
    expect(r.curveLoss.at(-1)!).toBeLessThan(0.7 * r.curveLoss[0]);
  });
});
