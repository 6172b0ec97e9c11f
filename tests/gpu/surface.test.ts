import { describe, expect, it } from 'vitest';
import { LandscapeBinding, SurfaceEvaluator, axisPlane, readHeightRange } from '../../src/engine';
import { LANDSCAPES, defaultParams, landscapeById } from '../../src/landscapes';
import { DeviceLimitError } from '../../src/gpu/device';
import { mulberry32 } from '../random';
import { withGpu } from './device';

function surface(id: string, dim: number, grid: number, plane?: Parameters<SurfaceEvaluator['setPlane']>[0]) {
  return withGpu(async (gpu) => {
    const { device } = gpu;
    const landscape = landscapeById(id);
    const binding = gpu.own(new LandscapeBinding(device, landscape, dim, defaultParams(landscape), 1));
    const evaluator = gpu.own(await SurfaceEvaluator.create(device, binding, grid));
    if (plane) evaluator.setPlane(plane);
    // Costly surfaces come in several submits (one part per call), as the explorer's frames do.
    let parts = 0;
    let done = false;
    while (!done) {
      const encoder = device.createCommandEncoder();
      done = evaluator.encode(encoder);
      device.queue.submit([encoder.finish()]);
      parts++;
      expect(evaluator.stale).toBe(!done);
    }
    const heights = new Float32Array(await gpu.read(evaluator.heights));
    const range = readHeightRange(await gpu.read(evaluator.range));
    return { heights, range, landscape, parts };
  });
}

describe('the surface kernel', () => {
  it.each(LANDSCAPES.map((l) => l.id))('%s: heights on the axis plane match the TypeScript twin', async (id) => {
    const grid = 65;
    // D = 2, or for networks the D their default parameters make (the plane varies x1, x2; the rest stay 0).
    const l = landscapeById(id);
    const dim = l.dimensionOf?.(defaultParams(l)) ?? 2;
    const { heights, range, landscape } = await surface(id, dim, grid);
    const [lo, hi] = landscape.box;
    let worst = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let j = 0; j < grid; j++) {
      for (let i = 0; i < grid; i++) {
        const x = new Array<number>(dim).fill(0);
        x[0] = lo + ((hi - lo) * i) / (grid - 1);
        x[1] = lo + ((hi - lo) * j) / (grid - 1);
        const f = landscape.evaluate(x, null, defaultParams(landscape), dim);
        worst = Math.max(worst, Math.abs(heights[j * grid + i] - f) / (1 + Math.abs(f)));
        min = Math.min(min, f);
        max = Math.max(max, f);
      }
    }
    expect(worst).toBeLessThan(1e-5);
    expect(Math.abs(range[0] - min)).toBeLessThan(1e-5 * (1 + Math.abs(min)));
    expect(Math.abs(range[1] - max)).toBeLessThan(1e-5 * (1 + Math.abs(max)));
  });

  it('a slice along the axes of separable 64-D Rastrigin through the origin equals its 2-D form', async () => {
    const grid = 33;
    const box: [number, number] = [-5.12, 5.12];
    const high = await surface('rastrigin', 64, grid, axisPlane(64, box));
    const low = await surface('rastrigin', 2, grid, axisPlane(2, box));
    let worst = 0;
    for (let i = 0; i < grid * grid; i++) worst = Math.max(worst, Math.abs(high.heights[i] - low.heights[i]) / (1 + Math.abs(low.heights[i])));
    expect(worst).toBeLessThan(1e-5);
    expect(high.heights.some((h, i) => h !== high.heights[0] && i > 0)).toBe(true);
  });

  it('a random plane through 64-D Rastrigin matches the twin', async () => {
    const dim = 64;
    const rand = mulberry32(5);
    const vec = () => Array.from({ length: dim }, () => rand() - 0.5);
    const center = vec();
    const u = vec();
    const v = vec();
    const grid = 33;
    const plane = { center, u, v, aRange: [-2, 2] as [number, number], bRange: [-1, 3] as [number, number] };
    const { heights, landscape } = await surface('rastrigin', dim, grid, plane);
    let worst = 0;
    for (let j = 0; j < grid; j++) {
      for (let i = 0; i < grid; i++) {
        const a = -2 + (4 * i) / (grid - 1);
        const b = -1 + (4 * j) / (grid - 1);
        const x = center.map((c, d) => c + a * u[d] + b * v[d]);
        const f = landscape.evaluate(x, null, [], dim);
        worst = Math.max(worst, Math.abs(heights[j * grid + i] - f) / (1 + Math.abs(f)));
      }
    }
    expect(worst).toBeLessThan(2e-5);
  });

  it('a costly surface (random landscape, D = 300) is evaluated in parts that together match the twin', async () => {
    const dim = 300;
    const rand = mulberry32(8);
    const vec = () => Array.from({ length: dim }, () => rand() - 0.5);
    const [center, u, v] = [vec(), vec(), vec()];
    const grid = 48;
    const plane = { center, u, v, aRange: [-1, 1] as [number, number], bRange: [-1, 1] as [number, number] };
    const { heights, range, landscape, parts } = await surface('random-fourier', dim, grid, plane);
    const params = defaultParams(landscape);
    expect(parts).toBeGreaterThan(1);
    let worst = 0;
    let min = Infinity;
    for (let j = 0; j < grid; j++) {
      for (let i = 0; i < grid; i++) {
        const [a, b] = [-1 + (2 * i) / (grid - 1), -1 + (2 * j) / (grid - 1)];
        const f = landscape.evaluate(center.map((c, d) => c + a * u[d] + b * v[d]), null, params, dim);
        worst = Math.max(worst, Math.abs(heights[j * grid + i] - f) / (1 + Math.abs(f)));
        min = Math.min(min, f);
      }
    }
    // Sums over 300 coordinates in f32 (the bound grows like the square root of D).
    expect(worst).toBeLessThan(5e-5);
    expect(Math.abs(range[0] - min)).toBeLessThan(5e-5 * (1 + Math.abs(min)));
  });

  it('reaches a 1024 x 1024 grid, and refuses a larger one with the limit named', async () => {
    const { heights } = await surface('himmelblau', 2, 1024, axisPlane(2, [-5, 5]));
    expect(heights.length).toBe(1024 * 1024);
    expect(heights.every(Number.isFinite)).toBe(true);
    await withGpu(async (gpu) => {
      const binding = gpu.own(new LandscapeBinding(gpu.device, landscapeById('himmelblau'), 2, [], 1));
      await expect(SurfaceEvaluator.create(gpu.device, binding, 2048)).rejects.toThrow(DeviceLimitError);
    });
  });
});
