import { describe, expect, it } from 'vitest';
// Imported from their own files: the engine's index also loads the WebGPU side, which Node lacks.
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { FLAG_DIVERGED } from '../../src/engine/types';
import { landscapeById } from '../../src/landscapes';
import { OPTIMIZERS } from '../../src/optimizers';

describe('the TypeScript engine', () => {
  it.each([...OPTIMIZERS])('%s decreases the loss on a conditioned quadratic', async (optimizer) => {
    const sim = new CpuSimulation({
      landscape: landscapeById('quadratic'),
      dim: 10,
      params: [10],
      count: 200,
      seed: 3,
      run: { optimizer, lr: optimizer === 'adagrad' ? 0.5 : 0.01 },
    });
    const before = await sim.summary();
    await sim.step(300);
    const after = await sim.summary();
    expect(after.step).toBe(300);
    expect(after.diverged).toBe(0);
    expect(after.meanLoss).toBeLessThan(before.meanLoss / 10);
  });

  it('heavy-ball momentum beats gradient descent at the same step size on an ill-conditioned bowl', async () => {
    const spec = { landscape: landscapeById('quadratic'), dim: 20, params: [1000], count: 64, seed: 1 };
    const gd = new CpuSimulation({ ...spec, run: { optimizer: 'gd', lr: 0.0015 } });
    const hb = new CpuSimulation({ ...spec, run: { optimizer: 'momentum', lr: 0.0015, momentum: 0.9 } });
    await gd.step(500);
    await hb.step(500);
    expect((await hb.summary()).meanLoss).toBeLessThan((await gd.summary()).meanLoss / 5);
  });

  it('gradient noise without decay keeps particles spread at the minimum; Langevin matches its temperature', async () => {
    // Langevin on f = |x|^2 / 2 samples exp(-f / T): variance T per coordinate (for small lr).
    const T = 0.25;
    const sim = new CpuSimulation({
      landscape: landscapeById('quadratic'),
      dim: 2,
      params: [1],
      count: 10_000,
      seed: 8,
      run: { lr: 0.01, noise: 'langevin', noiseScale: T },
      init: { kind: 'gaussian', center: [0, 0], sigma: 0.01 },
    });
    await sim.step(400);
    const p = await sim.particles();
    let s2 = 0;
    for (const x of p.positions) s2 += x * x;
    const variance = s2 / p.positions.length;
    // Euler-Maruyama's stationary variance is T / (1 - lr/2); statistical error about 1.4%.
    expect(Math.abs(variance - T / (1 - 0.005)) / T).toBeLessThan(0.05);
  });

  it('perturbed GD escapes a strict saddle that plain GD cannot leave', async () => {
    const spec = {
      landscape: landscapeById('strict-saddle'),
      dim: 10,
      params: [1],
      count: 100,
      init: { kind: 'points' as const, points: [new Array(10).fill(0)] },
    };
    const gd = new CpuSimulation({ ...spec, run: { lr: 0.1 } });
    const pgd = new CpuSimulation({ ...spec, run: { lr: 0.1, noise: 'perturbed', kickRadius: 0.01, kickThreshold: 0.05 } });
    await gd.step(300);
    await pgd.step(300);
    expect((await gd.summary()).maxLoss).toBe(0);
    const s = await pgd.summary();
    expect(s.maxLoss).toBeLessThan(-0.99);
  });

  it('particles that leave the monkey saddle are flagged and excluded from the statistics', async () => {
    const sim = new CpuSimulation({ landscape: landscapeById('monkey-saddle'), dim: 2, count: 1000, run: { lr: 0.05 } });
    await sim.step(40);
    const s = await sim.summary();
    const p = await sim.particles();
    const flagged = p.flags.filter((f) => f & FLAG_DIVERGED).length;
    expect(flagged).toBeGreaterThan(20);
    expect(s.live).toBeGreaterThan(20);
    expect(s.diverged).toBe(flagged);
    expect(Number.isFinite(s.meanLoss)).toBe(true);
    expect(s.maxLoss).toBeLessThan(landscapeById('monkey-saddle').bound ** 3 * 4);
  });

  it('placements: a grid puts one particle per cell; points are copied exactly', async () => {
    const grid = new CpuSimulation({
      landscape: landscapeById('himmelblau'),
      dim: 2,
      count: 100,
      init: { kind: 'grid', lo: 0, hi: 10 },
    });
    const g = await grid.particles();
    expect(Array.from(g.positions.subarray(0, 4))).toEqual([0.5, 0.5, 1.5, 0.5]);
    expect(g.positions[2 * 99]).toBe(9.5);
    expect(g.positions[2 * 99 + 1]).toBe(9.5);
    const pts = new CpuSimulation({
      landscape: landscapeById('rastrigin'),
      dim: 3,
      count: 4,
      init: { kind: 'points', points: [[1, 2, 3], [-1, -2]] },
    });
    const q = await pts.particles();
    expect(Array.from(q.positions)).toEqual([1, 2, 3, -1, -2, 0, 1, 2, 3, -1, -2, 0]);
  });

  it('refuses bad input with messages that say what is wrong', () => {
    const l = landscapeById('himmelblau');
    expect(() => new CpuSimulation({ landscape: l, dim: 3, count: 10 })).toThrow(/only D = 2/);
    expect(() => new CpuSimulation({ landscape: l, dim: 2, count: 0 })).toThrow(/Particle count/);
    expect(() => new CpuSimulation({ landscape: l, dim: 2, count: 10, run: { lr: 0 } })).toThrow(/lr = 0 was refused: it must be a number from 1e-6 to 10/);
    expect(() => new CpuSimulation({ landscape: l, dim: 2, count: 10, run: { momentum: 1 } })).toThrow(/momentum/);
    expect(() => new CpuSimulation({ landscape: landscapeById('quadratic'), dim: 2, count: 10, params: [0.5] })).toThrow(
      /condition number/,
    );
  });
});
