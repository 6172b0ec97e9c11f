/**
 * Critical points of every index on the GPU (shaders/critical_points.wgsl,
 * src/analysis/CriticalPointSearch.ts): the search against its float64 twin step for step, and
 * whole inventories (search, merge, exact Hessian index) on landscapes whose critical points
 * are known in closed form or found independently in f64.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/Analyzer';
import { CriticalPointSearch, MAX_SEARCH_COORDINATES } from '../../src/analysis/CriticalPointSearch';
import { defaultMaxStep, NEWTON_MAX_DIM, searchCriticalPoints } from '../../src/analysis/criticalSearchReference';
import { buildInventory, scaledDistance, type CriticalPointEntry } from '../../src/analysis/inventory';
import { criticalPointsKernel } from '../../src/gpu/kernels';
import { LANDSCAPES, landscapeById } from '../../src/landscapes';
import { mulberry32 } from '../../src/landscapes/seeded';
import { newtonCriticalPoint } from '../reference/criticalPoints';
import { symmetricEigen } from '../reference/symmetricEigen';
import { testDevice, withGpu, type Gpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`critical-point search:\n${measured.join('\n')}`));

interface Known {
  x: number[];
  index: number;
}

function paramsOf(id: string, given: Record<string, number>): number[] {
  const landscape = landscapeById(id);
  return landscape.params.map((p) => given[p.key] ?? p.default);
}

describe('the search kernel', () => {
  it('compiles with every landscape', async () => {
    const device = await testDevice();
    for (const landscape of LANDSCAPES) {
      const module = device.createShaderModule({ code: criticalPointsKernel(landscape.wgsl) });
      const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
      expect(errors.map((e) => e.message), landscape.id).toEqual([]);
    }
  });

  it('refuses more coordinates than MAX_SEARCH_COORDINATES, and starts of the wrong length', () =>
    withGpu(async (gpu) => {
      const landscape = landscapeById('quadratic');
      const sim = await gpu.simulation({ landscape, dim: 64, count: 4, seed: 1 });
      await expect(CriticalPointSearch.create(sim.device, sim.engine, { points: MAX_SEARCH_COORDINATES / 64 + 1 })).rejects.toThrow(
        /MAX_SEARCH_COORDINATES/,
      );
      const search = gpu.own(await CriticalPointSearch.create(sim.device, sim.engine, { points: 2 }));
      await expect(search.run({ iterations: 1, from: [new Float32Array(63)] })).rejects.toThrow(RangeError);
      await expect(search.run({ iterations: 1, from: [new Float32Array(64), new Float32Array(64), new Float32Array(64)] })).rejects.toThrow(
        /capacity/,
      );
    }),
  );

  it.each([
    ['himmelblau', 2, {}, 3, 4],
    ['rastrigin', 5, {}, 1, 3],
    ['six-hump-camel', 2, {}, 1, 6],
    ['random-fourier', 12, {}, 1, 6],
    ['strict-saddle', 16, { k: 3 }, 1.5, 6],
  ])('%s at D = %i: the GPU iterations agree with the float64 twin', (id, dim, given, scale, iterations) =>
    withGpu(async (gpu) => {
      const landscape = landscapeById(id);
      const params = paramsOf(id, given);
      const rand = mulberry32(dim * 7 + 1);
      const starts = Array.from({ length: 64 }, () => Float32Array.from({ length: dim }, () => scale * (2 * rand() - 1)));
      const sim = await gpu.simulation({ landscape, dim, params, count: 4, seed: 1 });
      const search = gpu.own(await CriticalPointSearch.create(sim.device, sim.engine, { points: 64 }));
      const maxStep = defaultMaxStep(landscape);
      const got = await search.run({ iterations, from: starts, maxStep });
      const twin = searchCriticalPoints(landscape, params, dim, starts, { iterations, maxStep });
      let worstX = 0;
      let worstGrad = 0;
      let worstLoss = 0;
      let moved = 0;
      for (let i = 0; i < 64; i++) {
        worstX = Math.max(worstX, scaledDistance(got.points[i], twin.points[i]));
        worstLoss = Math.max(worstLoss, Math.abs(got.loss[i] - twin.loss[i]) / (1 + Math.abs(twin.loss[i])));
        worstGrad = Math.max(worstGrad, Math.abs(got.gradNorm[i] - twin.gradNorm[i]) / (1 + twin.gradNorm[i]));
        moved += twin.accepted[i];
      }
      measured.push(
        `  ${id} D=${dim} (${dim <= NEWTON_MAX_DIM ? 'Newton' : '1/2 |g|^2 descent'}), ${iterations} iterations, 64 starts: ` +
          `worst point ${worstX.toExponential(2)}, loss ${worstLoss.toExponential(2)}, |grad| ${worstGrad.toExponential(2)} (scaled)`,
      );
      // The points moved: the comparison is not of starts with starts.
      expect(moved).toBeGreaterThan(64);
      // f32 gradients differenced over h ~ 5e-3 and f32 steps: about 1e-4 of a coordinate after a few steps.
      expect(worstX).toBeLessThan(2e-3);
      // The gradient differs by H dx: Rastrigin's curvature reaches 4 pi^2 A ~ 400, so 1e-4 in x is ~1e-2 in |grad f|.
      expect(worstLoss).toBeLessThan(2e-3);
      expect(worstGrad).toBeLessThan(2e-2);
    }),
  );
});

/** Search from the particles, then the inventory with the GPU Hessian's exact index. */
async function inventory(
  gpu: Gpu,
  id: string,
  dim: number,
  given: Record<string, number>,
  opts: { count: number; iterations: number; gradTol: number; mergeTol?: number },
): Promise<{ entries: CriticalPointEntry[]; converged: number; ms: number }> {
  const landscape = landscapeById(id);
  const sim = await gpu.simulation({ landscape, dim, params: paramsOf(id, given), count: opts.count, seed: 2 });
  const search = gpu.own(await CriticalPointSearch.create(sim.device, sim.engine, { points: opts.count }));
  const analyzer = gpu.own(new Analyzer(sim));
  const t0 = performance.now();
  const found = await search.run({ iterations: opts.iterations });
  const ms = performance.now() - t0;
  const entries = await buildInventory(found, {
    gradTol: opts.gradTol,
    mergeTol: opts.mergeTol ?? 1e-3,
    hessian: (x) => analyzer.hessianAt(x),
  });
  return { entries, converged: Array.from(found.gradNorm).filter((g) => g <= opts.gradTol).length, ms };
}

/** Every known point found once with its index, nothing else. */
function expectExactly(name: string, entries: CriticalPointEntry[], known: Known[], tol = 2e-3): void {
  const byIndex = (list: { index: number }[]) => list.map((e) => e.index).sort((a, b) => a - b).join(',');
  measured.push(
    `  ${name}: ${entries.length} distinct (indices ${byIndex(entries)}), expected ${known.length} (${byIndex(known)}); ` +
      `worst |grad| ${Math.max(...entries.map((e) => e.gradNorm)).toExponential(1)}`,
  );
  for (const e of entries) {
    const match = known.find((k) => scaledDistance(k.x, e.point) < tol);
    expect(match, `spurious point ${Array.from(e.point)} (index ${e.index}, loss ${e.loss})`).toBeDefined();
    expect(e.index, `index at ${match!.x}`).toBe(match!.index);
    expect(e.exact).toBe(true);
  }
  for (const k of known) expect(entries.filter((e) => scaledDistance(k.x, e.point) < tol).length, `found ${k.x} once`).toBe(1);
}

const kindOf = (index: number, dim: number) => (index === 0 ? 'minimum' : index === dim ? 'maximum' : 'saddle');

/** Critical points of the f64 twin by the reference Newton from a grid of starts, deduplicated. */
function referenceCriticalPoints(id: string, dim: number, params: number[], lo: number, hi: number, side: number): Known[] {
  const landscape = landscapeById(id);
  const out: Known[] = [];
  for (let a = 0; a < side; a++) {
    for (let b = 0; b < side; b++) {
      const x0 = [lo + ((hi - lo) * (a + 0.5)) / side, lo + ((hi - lo) * (b + 0.5)) / side];
      const cp = newtonCriticalPoint(landscape, x0, params, dim, { tol: 1e-10, maxStep: 0.5 });
      if (!cp.converged || out.some((k) => scaledDistance(k.x, cp.x) < 1e-6)) continue;
      out.push({ x: Array.from(cp.x), index: cp.index });
    }
  }
  return out;
}

describe('inventories of critical points', () => {
  it('himmelblau: 4 minima, 4 saddles and 1 maximum', () =>
    withGpu(async (gpu) => {
      const { entries, converged, ms } = await inventory(gpu, 'himmelblau', 2, {}, { count: 512, iterations: 60, gradTol: 1e-3 });
      measured.push(`  himmelblau: 512 starts, 60 iterations in ${ms.toFixed(0)} ms, ${converged} converged`);
      const reference = referenceCriticalPoints('himmelblau', 2, [], -6, 6, 24);
      expect(reference.length).toBe(9);
      // Known in closed form or published: the four minima (the registry) and the maximum (f = 181.617 at (-0.270845, -0.923039)).
      for (const m of landscapeById('himmelblau').minima(2, [])) expect(reference.some((k) => k.index === 0 && scaledDistance(k.x, m.x) < 1e-6)).toBe(true);
      expect(reference.some((k) => k.index === 2 && scaledDistance(k.x, [-0.270845, -0.923039]) < 1e-5)).toBe(true);
      expectExactly('himmelblau', entries, reference);
      const max = entries.find((e) => e.kind === 'maximum')!;
      expect(Math.abs(max.loss - 181.617)).toBeLessThan(1e-2);
      expect(entries.map((e) => e.kind).sort()).toEqual(['maximum', ...Array(4).fill('minimum'), ...Array(4).fill('saddle')].sort());
      // Sorted by loss, the minima (f = 0) first.
      expect(entries.slice(0, 4).every((e) => e.kind === 'minimum' && e.loss < 1e-3)).toBe(true);
      expect(entries.reduce((s, e) => s + e.count, 0)).toBe(converged);
    }));

  it('six-hump camel: 15 critical points, 6 minima, 7 saddles, 2 maxima', () =>
    withGpu(async (gpu) => {
      // Independent of any iteration: eliminating y = -(8x - 8.4x^3 + 2x^5) from df/dx = 0 leaves
      // p(x) = x - 8y + 16y^3 = 0, of degree 15; its real roots, by sign changes on a fine grid and bisection.
      const yOf = (x: number) => -(8 * x - 8.4 * x ** 3 + 2 * x ** 5);
      const p = (x: number) => x - 8 * yOf(x) + 16 * yOf(x) ** 3;
      const known: Known[] = [];
      for (let k = 0; k < 60000; k++) {
        let [a, b] = [-3 + k * 1e-4, -3 + (k + 1) * 1e-4];
        // A root on the grid (x = 0 is one) is counted in the interval it starts.
        if (p(a) * p(b) > 0 || p(b) === 0) continue;
        for (let it = 0; it < 60; it++) {
          const c = 0.5 * (a + b);
          if (Math.sign(p(c)) === Math.sign(p(a))) a = c;
          else b = c;
        }
        const x = 0.5 * (a + b);
        const y = yOf(x);
        const h = Float64Array.from([8 - 25.2 * x * x + 10 * x ** 4, 1, 1, -8 + 48 * y * y]);
        known.push({ x: [x, y], index: Array.from(symmetricEigen(h, 2).values).filter((v) => v < 0).length });
      }
      expect(known.length).toBe(15);
      const { entries } = await inventory(gpu, 'six-hump-camel', 2, {}, { count: 512, iterations: 60, gradTol: 1e-4 });
      expectExactly('six-hump camel', entries, known);
      const kinds = entries.map((e) => e.kind);
      expect([kinds.filter((k) => k === 'minimum').length, kinds.filter((k) => k === 'saddle').length, kinds.filter((k) => k === 'maximum').length]).toEqual([6, 7, 2]);
      for (const m of landscapeById('six-hump-camel').minima(2, [])) {
        expect(entries.some((e) => e.kind === 'minimum' && Math.abs(e.loss - m.f) < 1e-5 && scaledDistance(e.point, m.x) < 1e-3)).toBe(true);
      }
    }));

  it('strict saddle, D = 2, k = 2: 4 minima, 4 saddles of index 1, a maximum', () =>
    withGpu(async (gpu) => {
      const { entries } = await inventory(gpu, 'strict-saddle', 2, { k: 2 }, { count: 256, iterations: 60, gradTol: 1e-5 });
      const r = Math.SQRT2;
      const levels = [-r, 0, r];
      const known = levels.flatMap((a) => levels.map((b) => ({ x: [a, b], index: (a === 0 ? 1 : 0) + (b === 0 ? 1 : 0) })));
      expectExactly('strict saddle D=2 k=2', entries, known);
      expect(entries.find((e) => e.index === 2)!.kind).toBe('maximum');
    }));

  it('quadratic, D = 4: only the minimum at the origin', () =>
    withGpu(async (gpu) => {
      const { entries, converged } = await inventory(gpu, 'quadratic', 4, {}, { count: 128, iterations: 20, gradTol: 1e-5 });
      expectExactly('quadratic D=4', entries, [{ x: [0, 0, 0, 0], index: 0 }]);
      expect(converged).toBe(128);
      expect(entries[0].kind).toBe('minimum');
    }));

  it('monkey saddle: one degenerate critical point, at the origin', () =>
    withGpu(async (gpu) => {
      // Newton on a gradient homogeneous of degree 2 halves x each step: linear convergence to the origin.
      const { entries } = await inventory(gpu, 'monkey-saddle', 2, {}, { count: 128, iterations: 60, gradTol: 1e-6 });
      measured.push(`  monkey saddle: ${entries.length} distinct, kind ${entries.map((e) => e.kind)}, at ${entries.map((e) => Array.from(e.point))}`);
      expect(entries.length).toBe(1);
      expect(entries[0].kind).toBe('degenerate');
      expect(Math.hypot(...entries[0].point)).toBeLessThan(1e-3);
      expect(entries[0].count).toBeGreaterThan(100);
    }));

  it('strict saddle, D = 16, k = 2 (descent on 1/2 |grad f|^2): all 9 critical points with indices 0, 1, 2', () =>
    withGpu(async (gpu) => {
      const dim = 16;
      const { entries, converged, ms } = await inventory(gpu, 'strict-saddle', dim, { k: 2 }, { count: 256, iterations: 1500, gradTol: 1e-4 });
      measured.push(`  strict saddle D=16: 256 starts, 1500 iterations in ${ms.toFixed(0)} ms, ${converged} converged`);
      const r = Math.SQRT2;
      const levels = [-r, 0, r];
      const known = levels.flatMap((a) =>
        levels.map((b) => ({ x: [...Array(dim - 2).fill(0), a, b], index: (a === 0 ? 1 : 0) + (b === 0 ? 1 : 0) })),
      );
      expectExactly('strict saddle D=16 k=2', entries, known);
      entries.forEach((e) => expect(e.kind).toBe(kindOf(e.index, dim)));
      expect(converged).toBeGreaterThan(200);
    }));
});

describe('a deep linear network (N = 2, h = 2, d = 3, p = 2; D = 8: Newton)', () => {
  it('the minima it reaches are global, with the symmetry’s flat directions; none above is a local minimum', () =>
    withGpu(async (gpu) => {
      const given = { depth: 2, width: 2, inputs: 3, p: 0, samples: 32, kappa: 2, noise: 0.1 };
      const params = paramsOf('deep-linear', given);
      const landscape = landscapeById('deep-linear');
      const dim = landscape.dimensionOf!(params);
      expect(dim).toBe(8);
      const best = landscape.minima(dim, params)[0].f;
      const { entries, converged } = await inventory(gpu, 'deep-linear', dim, given, { count: 64, iterations: 300, gradTol: 1e-4 });
      const atBest = entries.filter((e) => Math.abs(e.loss - best) < 1e-4 * (1 + best));
      const above = entries.filter((e) => !atBest.includes(e));
      measured.push(
        `  deep linear D=8: ${converged}/64 converged, ${entries.length} distinct; at L* = ${best.toFixed(5)}: ${atBest.length} ` +
          `(indices ${[...new Set(atBest.map((e) => e.index))]}, flat directions ${[...new Set(atBest.map((e) => e.zeroEigenvalues))]}); ` +
          `above: ${above.length} (losses ${[...new Set(above.map((e) => e.loss.toFixed(4)))]}, indices ${[...new Set(above.map((e) => e.index))]})`,
      );
      // Newton with floored pivots converges slowly where critical points are not isolated: few starts arrive in 300 steps.
      expect(converged).toBeGreaterThanOrEqual(4);
      expect(atBest.length).toBeGreaterThan(0);
      // Every minimum is one of a manifold: W2 W1 = w* fixes 3 of the 8 coordinates, leaving 5 flat directions.
      for (const e of atBest) {
        expect(e.index).toBe(0);
        expect(e.kind).toBe('degenerate');
        expect(e.zeroEigenvalues).toBe(dim - 3);
      }
      for (const e of above) expect(e.index, `critical point at loss ${e.loss}`).toBeGreaterThan(0);
    }));
});
