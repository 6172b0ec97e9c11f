import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { landscapeById } from '../../src/landscapes';
import type { ExplorerSettings } from '../../src/settings';
import { canvasStats, control, frames, openApp, SHOTS, type AppPage } from './browser';

let app: AppPage;

beforeAll(async () => {
  app = await openApp(inject('appUrl'));
});

afterAll(async () => {
  await app?.browser.close();
});

/** Positions after `steps` steps from a reset, through the API (the same path scripts use). */
async function runFromReset(steps: number) {
  return app.page.evaluate(async (n) => {
    const e = window.explorer!;
    e.pause();
    e.reset();
    await e.step(n);
    const p = await e.particles();
    return { positions: Array.from(p.positions.slice(0, 64)), settings: e.get() };
  }, steps);
}

/** The same run on the TypeScript engine, for the first particles. */
async function cpuReference(s: ExplorerSettings, steps: number): Promise<number[]> {
  const landscape = landscapeById(s.landscape);
  const box = s.box ?? landscape.box;
  const sim = new CpuSimulation({
    landscape,
    dim: s.dim,
    params: landscape.params.map((p) => s.params[p.key] ?? p.default),
    count: s.count,
    seed: s.seed,
    run: s,
    init: { kind: 'uniform', lo: box[0], hi: box[1] },
  });
  await sim.step(steps);
  return Array.from((await sim.particles()).positions.slice(0, 64));
}

function maxDiff(a: number[], b: number[]) {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i])));
}

describe('the explorer in a real browser', () => {
  it('shows the landscape at its defaults: not blank, not one colour', async () => {
    await frames(app.page, 5);
    await app.page.screenshot({ path: `${SHOTS}/default.png` });
    const stats = await canvasStats(app.page);
    expect(stats.width).toBeGreaterThan(500);
    expect(stats.colours).toBeGreaterThan(200);
    expect(stats.lumaStd).toBeGreaterThan(20);
    const summary = await app.page.evaluate(() => window.explorer!.lastSummary);
    expect(summary!.live).toBe(8192);
    expect(Number.isFinite(summary!.meanLoss)).toBe(true);
    // Software WebGPU draws a frame in about half a second: the remaining checks use a lighter setup.
    await app.page.evaluate(() => window.explorer!.set({ count: 2048, surfaceGrid: 128, trailCount: 64 }));
  });

  it('the step size set in the panel is the one the GPU engine steps with', async () => {
    const lr = control(app.page, 'step size');
    // The box shows the step size itself, and takes what is typed as the step size (not its exponent).
    expect(await lr.locator('input').first().inputValue()).toBe('0.002');
    // 0.004: inside Himmelblau's stability region over the whole box.
    await lr.locator('input').first().fill('0.004');
    await lr.locator('input').first().press('Enter');
    const run = await runFromReset(20);
    expect(run.settings.lr).toBe(0.004);
    expect(maxDiff(run.positions, await cpuReference(run.settings, 20))).toBeLessThan(1e-3);
    const before = run.positions;
    await lr.locator('input').first().fill('1e-3');
    await lr.locator('input').first().press('Enter');
    const after = await runFromReset(20);
    expect(after.settings.lr).toBe(1e-3);
    expect(await lr.locator('input').first().inputValue()).toBe('0.001');
    expect(maxDiff(after.positions, before)).toBeGreaterThan(0.01);
    expect(maxDiff(after.positions, await cpuReference(after.settings, 20))).toBeLessThan(1e-3);
  });

  it('optimizer and noise chosen in the panel reach the engine', async () => {
    await control(app.page, 'optimizer').locator('select').selectOption({ label: 'Adam' });
    // Noise has its own folder, closed at first.
    await app.page.locator('.lil-gui .lil-title', { hasText: 'Noise' }).click();
    await control(app.page, 'noise').locator('select').first().selectOption({ label: 'Langevin dynamics' });
    // Only Langevin's own setting shows: the kick settings belong to perturbed GD.
    expect(await control(app.page, 'noise σ').isVisible()).toBe(true);
    expect(await control(app.page, 'kick radius').isVisible()).toBe(false);
    expect(await control(app.page, 'Adam β₁').isVisible()).toBe(true);
    expect(await control(app.page, 'momentum').isVisible()).toBe(false);
    const run = await runFromReset(15);
    expect(run.settings.optimizer).toBe('adam');
    expect(run.settings.noise).toBe('langevin');
    expect(maxDiff(run.positions, await cpuReference(run.settings, 15))).toBeLessThan(1e-3);
    await control(app.page, 'noise').locator('select').first().selectOption({ label: 'None' });
    await control(app.page, 'optimizer').locator('select').selectOption({ label: 'Gradient descent' });
  });

  it('a landscape chosen in the panel rebuilds the engine and the view', async () => {
    await control(app.page, 'function').locator('select').selectOption({ label: 'Rastrigin' });
    await app.page.waitForFunction(() => window.explorer!.get().landscape === 'rastrigin');
    await control(app.page, 'dimension').locator('input').first().fill('5');
    await control(app.page, 'dimension').locator('input').first().press('Enter');
    await app.page.waitForFunction(() => window.explorer!.get().dim === 5);
    await app.page.evaluate(() => window.explorer!.set({ lr: 0.001 }));
    const run = await runFromReset(10);
    expect(run.settings.dim).toBe(5);
    expect(run.settings.landscape).toBe('rastrigin');
    expect(maxDiff(run.positions, await cpuReference(run.settings, 10))).toBeLessThan(1e-3);
    await app.page.evaluate(() => window.explorer!.play());
    await frames(app.page, 5);
    await app.page.screenshot({ path: `${SHOTS}/rastrigin-5d.png` });
    const stats = await canvasStats(app.page);
    expect(stats.colours).toBeGreaterThan(200);
  });

  it('a bad value gets a clear message and changes nothing', async () => {
    const message = await app.page.evaluate(async () => {
      try {
        await window.explorer!.set({ lr: 50 });
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(message).toMatch(/lr = 50 was refused: it must be a number from 1e-6 to 10/);
    expect(await app.page.evaluate(() => window.explorer!.get().lr)).not.toBe(50);
  });

  it('a click on the surface drops a cluster of particles there', async () => {
    await app.page.evaluate(async () => {
      await window.explorer!.set({ landscape: 'himmelblau', camera: 'top', dropCount: 200 });
      window.explorer!.pause();
      window.explorer!.reset();
    });
    await frames(app.page, 3);
    const at = await app.page.evaluate(() => window.explorer!.screenOf(0, 0));
    await app.page.mouse.click(at.x, at.y);
    await frames(app.page, 3);
    const spread = await app.page.evaluate(async () => {
      const p = await window.explorer!.particles();
      let sx = 0;
      let sy = 0;
      let r = 0;
      for (let i = 0; i < 200; i++) {
        sx += p.positions[2 * i];
        sy += p.positions[2 * i + 1];
      }
      const [mx, my] = [sx / 200, sy / 200];
      for (let i = 0; i < 200; i++) r = Math.max(r, Math.hypot(p.positions[2 * i] - mx, p.positions[2 * i + 1] - my));
      return { mx, my, r };
    });
    expect(Math.abs(spread.mx)).toBeLessThan(0.3);
    expect(Math.abs(spread.my)).toBeLessThan(0.3);
    expect(spread.r).toBeLessThan(1.5);
    await app.page.screenshot({ path: `${SHOTS}/drop-top.png` });
  });

  it('200 frames create no new GPU objects after the first', async () => {
    await app.page.evaluate(() => window.explorer!.set({ camera: '3d', landscape: 'himmelblau' }).then(() => window.explorer!.play()));
    await frames(app.page, 10);
    const before = await app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    await frames(app.page, 200);
    const after = await app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    expect(after).toEqual(before);
  });

  it('keys: space pauses and plays, h hides the panel for the classroom', async () => {
    const playing = await app.page.evaluate(() => window.explorer!.get().playing);
    await app.page.keyboard.press('Space');
    expect(await app.page.evaluate(() => window.explorer!.get().playing)).toBe(!playing);
    await app.page.keyboard.press('h');
    expect(await app.page.locator('.lil-gui.lil-root').isVisible()).toBe(false);
    await app.page.keyboard.press('h');
    expect(await app.page.locator('.lil-gui.lil-root').isVisible()).toBe(true);
  });

  it('the Hessian with no point is measured at the chosen slice centre, the same point slice() reports', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ landscape: 'himmelblau', sliceCenter: 'minimum', sliceDirections: 'axes' });
      const h = await e.hessian();
      const slice = e.slice().point;
      await e.set({ landscape: 'styblinski-tang', dim: 5 });
      const h5 = await e.hessian();
      return { point: Array.from(h.point), index: h.index, gradNorm: h.gradNorm, loss: h.loss, slice, point5: Array.from(h5.point), slice5: e.slice().point, index5: h5.index };
    });
    // Himmelblau's first listed minimum is (3, 2), loss 0: a minimum, not (0, 0) with loss 170 and index 2.
    expect(r.point[0]).toBeCloseTo(3, 5);
    expect(r.point[1]).toBeCloseTo(2, 5);
    expect(r.slice).toEqual([3, 2]);
    expect(r.loss).toBeLessThan(1e-6);
    expect(r.gradNorm).toBeLessThan(1e-3);
    expect(r.index).toBe(0);
    // In D = 5 along the axes too: the whole minimum (every coordinate near -2.9), not x1 = x2 = 0.
    for (let d = 0; d < 5; d++) expect(r.point5[d]).toBeCloseTo(r.slice5[d], 5);
    expect(r.point5[0]).toBeLessThan(-2.8);
    expect(r.index5).toBe(0);
  });

  it('saddle escape: a start at the strict saddle in 32-D, escape times, Hessian and census readouts', async () => {
    await app.page.evaluate(() =>
      window.explorer!.set({
        landscape: 'strict-saddle', dim: 32, params: { k: 2 }, count: 1024, surfaceGrid: 64, trailCount: 0,
        init: 'saddle', initSigma: 0.001, noise: 'gradient', noiseScale: 0.01, lr: 0.05, sliceCenter: 'saddle', sliceDirections: 'hessian',
      }),
    );
    const result = await app.page.evaluate(async () => {
      const e = window.explorer!;
      const s = await e.step(150);
      const plane = e.slice();
      return { escape: s.escape, count: s.count, u: Array.from(plane.u), v: Array.from(plane.v) };
    });
    expect(result.escape.tracked).toBe(true);
    // lr 0.05 on curvature -2: the escape directions grow 10 % a step; most are out by 150.
    expect(result.escape.escaped).toBeGreaterThan(result.count / 2);
    expect(result.escape.meanSteps).toBeGreaterThan(20);
    expect(result.escape.meanSteps).toBeLessThan(150);
    // The Hessian slice's u is the lambda-min eigenvector: it lies in the two escape coordinates.
    const tail = (w: number[]) => w.slice(30).reduce((a, x) => a + x * x, 0);
    expect(tail(result.u)).toBeGreaterThan(0.99);
    expect(tail(result.v)).toBeLessThan(0.01);
    // The panel's buttons fill the readouts.
    await app.page.locator('.lil-gui .lil-title', { hasText: 'Curvature and saddles' }).click();
    await app.page.locator('.lil-gui button', { hasText: 'Hessian at the slice centre' }).click();
    await expect.poll(() => app.page.locator('#analysis [data-k="index"]').textContent(), { timeout: 60_000 }).toBe('2 of 32');
    await app.page.locator('.lil-gui button', { hasText: 'which particles sit near saddles?' }).click();
    await expect.poll(() => app.page.locator('#analysis [data-k="census"]').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await app.page.locator('#analysis [data-k="escape"]').isVisible()).toBe(true);
    const census = await app.page.evaluate(() => window.explorer!.analysisResults.curvature!);
    expect(census.samples).toBe(512);
    expect(census.nearMinima + census.nearSaddles + census.elsewhere + census.diverged).toBe(512);
    await frames(app.page, 3);
    await app.page.screenshot({ path: `${SHOTS}/saddle-escape-32d.png` });
  });

  it('principal-component slices follow the cloud, and particles can sit on the slice', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ landscape: 'rastrigin', dim: 100, init: 'uniform', noise: 'none', lr: 0.001, sliceDirections: 'pca', sliceCenter: 'mean', particleHeight: 'slice' });
      await e.step(20);
      await e.refreshSlice();
      const pcs = await e.principalComponents();
      const plane = e.slice();
      const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
      return { uu: dot(plane.u, pcs.vectors[0]), vv: dot(plane.v, pcs.vectors[1]), uv: dot(plane.u, plane.v), var: pcs.variances, live: pcs.live,
        centre: Array.from(plane.center).slice(0, 3), mean: Array.from(pcs.mean).slice(0, 3) };
    });
    expect(r.live).toBe(1024);
    expect(Math.abs(r.uu)).toBeGreaterThan(0.99);
    expect(Math.abs(r.vv)).toBeGreaterThan(0.99);
    expect(Math.abs(r.uv)).toBeLessThan(1e-5);
    expect(r.var[0]).toBeGreaterThanOrEqual(r.var[1]);
    r.centre.forEach((c, i) => expect(Math.abs(c - r.mean[i])).toBeLessThan(1e-5));
    await app.page.evaluate(() => window.explorer!.play());
    await frames(app.page, 3);
    await app.page.screenshot({ path: `${SHOTS}/rastrigin-100d-pca.png` });
    const stats = await canvasStats(app.page);
    expect(stats.colours).toBeGreaterThan(100);
    await app.page.evaluate(() => window.explorer!.set({ particleHeight: 'loss', sliceDirections: 'axes', sliceCenter: 'minimum' }));
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
