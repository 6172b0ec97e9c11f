import { afterAll, describe, expect, it } from 'vitest';
import { LANDSCAPES, type Landscape } from '../../src/landscapes';
import { evaluationCost } from '../../src/gpu/workBudget';
import { casesFor, type LandscapeCase } from '../landscapeCases';
import { mulberry32, randomPoint } from '../random';
import { evaluateOnGpu } from './harness';
import { withGpu } from './device';
import { curvatureKernel, hvpKernel, initKernel, readoutKernel, stepKernel, surfaceKernel } from '../../src/gpu/kernels';

const POINTS = 10_000;
const DIMS = [2, 3, 64, 1000];
/** Points per case: fewer at D = 1,000, where each is 1,000 coordinates, and where one evaluation is costly (networks). */
const pointsFor = (l: Landscape, { dim, params }: LandscapeCase) =>
  Math.min(dim >= 1000 ? 1000 : POINTS, Math.max(100, Math.floor(2 ** 28 / evaluationCost(l, dim, params))));
/**
 * WGSL runs in f32, the twin in f64. Errors are measured against the scale of the terms
 * being summed (loss) or the largest gradient component, so cancellation does not hide them.
 */
const LOSS_TOL = 2e-5;
const GRAD_TOL = 2e-5;

const measured: string[] = [];
afterAll(() => console.log(`WGSL vs TypeScript at random points:\n${measured.join('\n')}`));

function cases(): [string, Landscape, LandscapeCase][] {
  return LANDSCAPES.flatMap((l) => casesFor(l, DIMS).map((c) => [`${l.id} ${c.label}`, l, c] as [string, Landscape, LandscapeCase]));
}

describe('WGSL landscapes agree with their TypeScript twins', () => {
  it.each(cases())('%s', async (_name, landscape, c) => {
    const { dim, params } = c;
    const rand = mulberry32(7 + dim);
    const count = pointsFor(landscape, c);
    const pts = Array.from({ length: count }, () => randomPoint(rand, dim, landscape.box));
    const gpu = await evaluateOnGpu(landscape, dim, pts, params);
    const grad = new Float64Array(dim);
    const absGrad = new Float64Array(dim);
    let lossErr = 0;
    let gradErr = 0;
    for (let p = 0; p < count; p++) {
      const x = gpu.points.subarray(p * dim, (p + 1) * dim);
      const f = landscape.evaluate(x, grad, params, dim, gpu.batch(p));
      // Scale: the same sum with every term made positive (the sum of |x_i| stands in for it).
      const scale = 1 + Math.abs(f) + Math.abs(landscape.evaluate(x.map(Math.abs), absGrad, params, dim, gpu.batch(p)));
      lossErr = Math.max(lossErr, Math.abs(gpu.loss[p] - f) / scale);
      let gmax = 0;
      for (let d = 0; d < dim; d++) gmax = Math.max(gmax, Math.abs(grad[d]));
      for (let d = 0; d < dim; d++) gradErr = Math.max(gradErr, Math.abs(gpu.grad[p * dim + d] - grad[d]) / (1 + gmax));
    }
    measured.push(`  ${landscape.id.padEnd(16)} ${c.label.padEnd(6)} ${count} points: loss ${lossErr.toExponential(2)}  grad ${gradErr.toExponential(2)}`);
    // An f32 sum of D terms errs by about sqrt(D) rounding units (the random landscape's phases
    // w . x sum a thousand terms at D = 1,000), so the bound grows with sqrt(D) past D = 32.
    const growth = Math.max(1, Math.sqrt(dim / 32));
    expect(lossErr).toBeLessThan(LOSS_TOL * growth);
    expect(gradErr).toBeLessThan(GRAD_TOL * growth);
  });
});

describe('every landscape compiles in every kernel that includes it', () => {
  it.each(LANDSCAPES.map((l) => [l.id, l] as [string, Landscape]))('%s', (_id, landscape) =>
    withGpu(async ({ device }) => {
      const kernels = { stepKernel, initKernel, surfaceKernel, hvpKernel, curvatureKernel, ...(landscape.metrics ? { readoutKernel } : {}) };
      for (const [name, kernel] of Object.entries(kernels)) {
        const info = await device.createShaderModule({ code: kernel(landscape.wgsl) }).getCompilationInfo();
        expect(info.messages.filter((m) => m.type === 'error').map((m) => m.message), name).toEqual([]);
      }
    }),
  );
});
