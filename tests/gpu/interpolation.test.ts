/**
 * Interpolation between solutions on the GPU: the loss along segments and Bézier curves
 * (src/analysis/PathProfile.ts) and the SGD that bends a Bézier around a barrier
 * (src/analysis/BezierFit.ts), against their float64 twin (src/analysis/curveReference.ts), on
 * random points and random networks; the Himmelblau ridge as a known answer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BezierFit } from '../../src/analysis/BezierFit';
import { curveBarrier, PathProfile } from '../../src/analysis/PathProfile';
import {
  bezierFitReference, bezierProfileReference, curveWeights, segmentProfileReference, type CurveProfile,
} from '../../src/analysis/curveReference';
import { LandscapeBinding } from '../../src/engine/LandscapeBinding';
import { itemsPerSubmit } from '../../src/gpu/workBudget';
import { landscapeById, type Landscape } from '../../src/landscapes';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';
import { withGpu, type Gpu } from './device';

const measured: string[] = [];
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;
afterAll(() => console.log(`curves, WGSL vs float64 twin:\n${measured.join('\n')}`));

const randomVector = (rand: () => number, dim: number, scale: number) => Float64Array.from({ length: dim }, () => Math.fround(scale * gaussian(rand)));

function binding(gpu: Gpu, landscape: Landscape, dim: number, params: number[]): LandscapeBinding {
  return gpu.own(new LandscapeBinding(gpu.device, landscape, dim, params, 1));
}

/**
 * Worst errors of a GPU profile against the twin: loss and gradient norm relative to 1 + |value|;
 * the slope relative to 1 + |∇L| |φ'(t)| (its size before cancellation in the dot product).
 */
function profileErrors(gpu: CurveProfile, twin: CurveProfile, speed: (t: number) => number) {
  let loss = 0;
  let gradNorm = 0;
  let slope = 0;
  twin.t.forEach((t, k) => {
    loss = Math.max(loss, Math.abs(gpu.loss[k] - twin.loss[k]) / (1 + Math.abs(twin.loss[k])));
    gradNorm = Math.max(gradNorm, Math.abs(gpu.gradNorm[k] - twin.gradNorm[k]) / (1 + Math.abs(twin.gradNorm[k])));
    slope = Math.max(slope, Math.abs(gpu.slope[k] - twin.slope[k]) / (1 + twin.gradNorm[k] * speed(t)));
  });
  for (const end of ['lossA', 'lossB'] as const) loss = Math.max(loss, Math.abs(gpu[end] - twin[end]) / (1 + Math.abs(twin[end])));
  return { loss, gradNorm, slope };
}

/** |φ'(t)| of the curve through a, c, b. */
const speedOf = (kind: 'segment' | 'bezier', a: Float64Array, c: Float64Array, b: Float64Array) => (t: number) => {
  const { dw } = curveWeights(kind, t);
  return Math.sqrt(a.reduce((s, ad, d) => s + (dw[0] * ad + dw[1] * c[d] + dw[2] * b[d]) ** 2, 0));
};

interface ProfileCase {
  name: string;
  id: string;
  dim?: number;
  params?: Record<string, number>;
  /** Spread of the random points (networks: their weights). */
  scale: number;
  points?: number;
  tolerance: number;
}

const CASES: ProfileCase[] = [
  { name: 'rastrigin D=16', id: 'rastrigin', dim: 16, scale: 2, tolerance: 2e-5 },
  { name: 'rosenbrock D=12', id: 'rosenbrock', dim: 12, scale: 1, tolerance: 2e-5 },
  { name: 'mlp (small)', id: 'mlp', params: { trainPoints: 48, testPoints: 16, hiddenLayers: 2, width: 6 }, scale: 0.8, tolerance: 5e-5 },
  {
    name: 'teacher-student-sample',
    id: 'teacher-student-sample',
    params: { studentWidth: 4, teacherWidth: 3, extraInputs: 1, samples: 40, testSamples: 8, labelNoise: 0.2 },
    scale: 0.6,
    tolerance: 5e-5,
  },
  // About 1e7 operations per network on the whole training set: the profile comes in several submits.
  {
    name: 'mlp (large, split)',
    id: 'mlp',
    params: { trainPoints: 1000, testPoints: 16, hiddenLayers: 2, width: 40 },
    scale: 0.3,
    points: 12,
    tolerance: 1e-4,
  },
];

describe('the loss along a segment and a Bézier curve agrees with the twin', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const landscape = landscapeById(c.id);
    const params = landscape.params.map((q) => c.params?.[q.key] ?? q.default);
    const dim = landscape.dimensionOf?.(params) ?? c.dim!;
    const rand = mulberry32(dim + 17);
    const [a, b, control] = [randomVector(rand, dim, c.scale), randomVector(rand, dim, c.scale), randomVector(rand, dim, c.scale)];
    const points = c.points ?? 101;
    await withGpu(async (gpu) => {
      const bound = binding(gpu, landscape, dim, params);
      const profile = gpu.own(await PathProfile.create(gpu.device, bound, points));
      const seg = await profile.segment(a, b, c.points ? { points } : {});
      const bez = await profile.bezier(a, control, b, { points });
      const segTwin = segmentProfileReference(landscape, params, a, b, c.points ? { points } : {});
      const bezTwin = bezierProfileReference(landscape, params, a, control, b, { points });
      expect(seg.t.length).toBe(points);
      expect(seg.t[0]).toBe(-0.25);
      expect(seg.t[points - 1]).toBe(1.25);
      expect(Array.from(bez.t)).toEqual(Array.from(bezTwin.t));
      const zero = new Float64Array(dim);
      const e1 = profileErrors(seg, segTwin, speedOf('segment', a, zero, b));
      const e2 = profileErrors(bez, bezTwin, speedOf('bezier', a, control, b));
      const worst = { loss: Math.max(e1.loss, e2.loss), gradNorm: Math.max(e1.gradNorm, e2.gradNorm), slope: Math.max(e1.slope, e2.slope) };
      const submits = Math.ceil((points + 2) / itemsPerSubmit(bound.fullEvaluationCost + 4 * dim));
      measured.push(
        `  ${c.name.padEnd(24)} D=${dim}, ${points} points, ${submits} submit(s) per profile: loss ${worst.loss.toExponential(2)}, ` +
          `|grad| ${worst.gradNorm.toExponential(2)}, slope ${worst.slope.toExponential(2)} (tolerance ${c.tolerance})`,
      );
      expect(worst.loss).toBeLessThan(c.tolerance);
      expect(worst.gradNorm).toBeLessThan(c.tolerance);
      expect(worst.slope).toBeLessThan(c.tolerance);
      // The ends are the curve's own points, whatever the grid.
      expect(bez.loss[0]).toBeCloseTo(bez.lossA, 3);
      expect(Math.abs(curveBarrier(seg) - curveBarrier(segTwin))).toBeLessThan(c.tolerance * (1 + Math.abs(curveBarrier(segTwin))));
    });
  });

  it('refuses points past the capacity, points of the wrong length and a capacity past its limit', async () => {
    const landscape = landscapeById('rastrigin');
    await withGpu(async (gpu) => {
      const bound = binding(gpu, landscape, 3, []);
      const profile = gpu.own(await PathProfile.create(gpu.device, bound, 8));
      await expect(profile.segment([0, 0, 0], [1, 1, 1], { points: 9 })).rejects.toThrow(/capacity \(8\)/);
      await expect(profile.segment([0, 0], [1, 1, 1])).rejects.toThrow(/a needs 3 coordinates/);
      await expect(profile.bezier([0, 0, 0], [0, NaN, 0], [1, 1, 1], { points: 8 })).rejects.toThrow(/control\[1\]/);
      await expect(profile.segment([0, 0, 0], [1, 1, 1], { points: 8, from: 2, to: 2 })).rejects.toThrow(RangeError);
      await expect(PathProfile.create(gpu.device, bound, 1 << 20)).rejects.toThrow(/MAX_PROFILE_POINTS/);
      await expect(BezierFit.create(gpu.device, bound, { samplesPerStep: 0 })).rejects.toThrow(/samplesPerStep/);
      // Still usable after a refusal.
      expect((await profile.segment([0, 0, 0], [1, 1, 1], { points: 8 })).loss.length).toBe(8);
    });
  });
});

const himmelblau = landscapeById('himmelblau');
const [m0, m1, , m3] = himmelblau.minima(2, []).map((m) => m.x);
/** Himmelblau's saddle between the minima near (3, 2) and (−2.81, 3.13): the lowest pass any path between them crosses. */
const SADDLE = [0.0866775, 2.8842547];
const SADDLE_LOSS = himmelblau.evaluate(SADDLE, null, [], 2);

describe('the Bézier fit', () => {
  it('a few SGD steps agree with the twin: same draws of t, same control point', async () => {
    const samples = 16;
    const options = { steps: 20, lr: 3e-3, seed: 7, recordEvery: 1 };
    await withGpu(async (gpu) => {
      const fit = gpu.own(await BezierFit.create(gpu.device, binding(gpu, himmelblau, 2, []), { samplesPerStep: samples }));
      const r = await fit.fit(m1, m3, options);
      const twin = bezierFitReference(himmelblau, [], m1, m3, samples, options);
      const controlError = Math.hypot(r.control[0] - twin.control[0], r.control[1] - twin.control[1]) / (1 + Math.hypot(...twin.control));
      const lossError = Math.max(...twin.curveLoss.map((l, i) => Math.abs(r.curveLoss[i] - l) / (1 + l)));
      measured.push(
        `  Bézier fit, himmelblau, ${options.steps} steps x ${samples} samples: control ${controlError.toExponential(2)}, ` +
          `curve loss ${lossError.toExponential(2)} (tolerance 1e-4)`,
      );
      expect(r.curveLoss.length).toBe(20);
      expect(controlError).toBeLessThan(1e-4);
      expect(lossError).toBeLessThan(1e-4);
      // The control point moved: the fit did something the twin also did.
      expect(Math.hypot(twin.control[0] - (m1[0] + m3[0]) / 2, twin.control[1] - (m1[1] + m3[1]) / 2)).toBeGreaterThan(0.1);
    });
  });

  it('on a costly network landscape, each step comes in parts and still agrees with the twin', async () => {
    const mlp = landscapeById('mlp');
    const large: Record<string, number> = { trainPoints: 1000, testPoints: 16, hiddenLayers: 2, width: 40 };
    const params = mlp.params.map((q) => large[q.key] ?? q.default);
    const dim = mlp.dimensionOf!(params);
    const rand = mulberry32(5);
    const [a, b] = [randomVector(rand, dim, 0.3), randomVector(rand, dim, 0.3)];
    const samples = 8;
    const options = { steps: 2, lr: 0.05, seed: 3 };
    await withGpu(async (gpu) => {
      const bound = binding(gpu, mlp, dim, params);
      expect(itemsPerSubmit(bound.fullEvaluationCost)).toBeLessThan(samples);
      const fit = gpu.own(await BezierFit.create(gpu.device, bound, { samplesPerStep: samples }));
      const r = await fit.fit(a, b, options);
      const twin = bezierFitReference(mlp, params, a, b, samples, options);
      let worst = 0;
      let moved = 0;
      twin.control.forEach((x, d) => {
        worst = Math.max(worst, Math.abs(r.control[d] - x) / (1 + Math.abs(x)));
        moved = Math.max(moved, Math.abs(x - (a[d] + b[d]) / 2));
      });
      measured.push(`  Bézier fit, mlp D=${dim}, 2 steps in parts: control ${worst.toExponential(2)} (tolerance 1e-4)`);
      expect(moved).toBeGreaterThan(1e-3);
      expect(worst).toBeLessThan(1e-4);
      expect(Math.abs(r.curveLoss[0] - twin.curveLoss[0]) / (1 + twin.curveLoss[0])).toBeLessThan(1e-4);
    });
  });

  it.each([
    ['(3, 2) to (−2.81, 3.13)', m0, m1],
    ['(−2.81, 3.13) to (3.58, −1.85)', m1, m3],
  ])('Himmelblau %s: the straight line crosses a ridge, the fitted curve only the saddle', async (name, a, b) => {
    await withGpu(async (gpu) => {
      const bound = binding(gpu, himmelblau, 2, []);
      const profile = gpu.own(await PathProfile.create(gpu.device, bound, 401));
      const fit = gpu.own(await BezierFit.create(gpu.device, bound, { samplesPerStep: 16 }));
      const r = await fit.fit(a, b, { steps: 400, lr: 3e-3, seed: 1 });
      const segment = await profile.segment(a, b, { points: 401, from: 0, to: 1 });
      const curve = await profile.bezier(a, r.control, b, { points: 401 });
      const straight = curveBarrier(segment);
      const bent = curveBarrier(curve);
      measured.push(
        `  himmelblau ${name}: barrier of the segment ${straight.toFixed(2)}, of the fitted Bézier ${bent.toFixed(2)} ` +
          `(saddle ${SADDLE_LOSS.toFixed(2)}), mean sampled loss ${r.curveLoss[0].toFixed(1)} -> ${r.curveLoss.at(-1)!.toFixed(1)}`,
      );
      // No path between the two basins avoids the saddle's height; the fitted one comes within 3 % of it.
      expect(bent).toBeGreaterThan(SADDLE_LOSS * 0.995);
      expect(bent).toBeLessThan(SADDLE_LOSS * 1.03);
      expect(straight).toBeGreaterThan(bent + 3);
      // What the fit minimises, the loss averaged along the curve, is lower than the segment's.
      expect(mean(curve.loss)).toBeLessThan(mean(segment.loss));
    });
  });
});
