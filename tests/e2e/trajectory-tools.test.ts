/**
 * The trajectory and landscape-analysis tools end to end, through window.explorer as a script
 * or the panel would use them: sharpness tracked along the path against 2/η on the scalar
 * factorization, the plane of a recorded path, the loss between two minima along the segment and
 * a fitted curve, the plane through three particles, the critical points of Himmelblau's
 * function, and a trained MLP's noise stability and flatness. Each readout must appear.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { frames, openApp, SHOTS, type AppPage } from './browser';

let app: AppPage;

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?landscape=scalar-factorization&count=16&trailCount=0`);
});

afterAll(async () => {
  await app?.browser.close();
});

const sectionShown = (name: string) =>
  app.page.waitForFunction((k) => {
    const s = document.querySelector<HTMLElement>(`#trajectory [data-k="${k}"]`);
    return !!s && !s.hidden && !document.getElementById('trajectory')!.hidden;
  }, name, { timeout: 60_000 });

describe('trajectory tools', () => {
  it('sharpness along the path: a start whose gradient-flow end is too sharp for η ends flatter than 2/η', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ lr: 0.2, trackSharpness: true, sharpnessEvery: 10, dropSpread: 1e-6, box: [-6, 6] });
      e.reset();
      e.drop(4, 0.1, 16);
      await e.step(1500);
      const s = (await e.sharpness())!;
      return { steps: s.steps, median: Array.from(s.median.sharpness), loss: Array.from(s.median.loss), edge: s.edge, live: Array.from(s.median.live) };
    });
    expect(r.steps[0]).toBe(0);
    expect(r.steps.every((s, i) => s === 10 * i * (r.steps[1] / 10))).toBe(true);
    expect(r.steps[r.steps.length - 1]).toBeGreaterThanOrEqual(1400);
    expect(r.edge).toBeCloseTo(10, 10);
    // Gradient flow from (4, 0.1) keeps x² − y² and ends where the sharpness is √((16 − 0.01)² + 4) ≈ 16.1.
    const flowSharpness = Math.sqrt((16 - 0.01) ** 2 + 4);
    const end = r.median[r.median.length - 1];
    expect(r.live[r.live.length - 1]).toBe(16);
    expect(r.loss[r.loss.length - 1]).toBeLessThan(1e-6);
    expect(end).toBeLessThanOrEqual(r.edge * 1.02);
    expect(end).toBeLessThan(0.7 * flowSharpness);
    // The start itself is sharper than 2/η: the loss jumps before it settles (the catapult).
    expect(Math.max(...r.loss)).toBeGreaterThan(r.loss[0]);
    await app.page.evaluate(() => window.explorer!.play());
    await sectionShown('sharpness');
    expect(await app.page.locator('#trajectory [data-k="sharp-edge"]').textContent()).toBe('10');
  });

  it('tracking and recording paths create no GPU object per frame', async () => {
    await app.page.evaluate(() => window.explorer!.set({ recordPaths: true, pathEvery: 3 }).then(() => window.explorer!.play()));
    await frames(app.page, 10);
    const before = await app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    await frames(app.page, 60);
    const after = await app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    expect(after).toEqual(before);
  });

  it('the plane of a recorded path is centred at its end, and says how much of the path it holds', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ landscape: 'rosenbrock', dim: 10, count: 64, lr: 2e-4, recordPaths: true, pathEvery: 5, pathParticles: 4, init: 'gaussian', initSigma: 1 });
      e.reset();
      await e.step(500);
      await e.set({ sliceDirections: 'trajectory', slicePath: 1 });
      const plane = e.slice();
      const end = await e.particle(16);
      return { point: Array.from(plane.point), end: Array.from(end), trajectory: e.analysisResults.trajectory };
    });
    // Paths of 4 particles spread over 64: path 1 is particle 16's; its last record is step 500, where it is now.
    r.point.forEach((x, d) => expect(Math.abs(x - r.end[d])).toBeLessThan(1e-5 * (1 + Math.abs(r.end[d]))));
    const t = r.trajectory!;
    expect(t.steps[0]).toBe(0);
    expect(t.steps[t.steps.length - 1]).toBe(500);
    const [e1, e2] = t.explained;
    expect(e1).toBeGreaterThan(e2);
    expect(e1 + e2).toBeGreaterThan(0.5);
    expect(e1 + e2).toBeLessThanOrEqual(1 + 1e-6);
    await sectionShown('trajectory');
    await app.page.screenshot({ path: `${SHOTS}/trajectory-plane.png` });
  });

  it('between two minima of Himmelblau: the fitted curve crosses at the saddle, below the straight segment; the plane through three particles', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ landscape: 'himmelblau', dim: 2, count: 256, lr: 0.01, recordPaths: false, trackSharpness: false, sliceDirections: 'axes', init: 'uniform', box: null });
      e.reset();
      await e.step(2000);
      const p = await e.particles();
      // One particle in each of the two minima the segment between crosses a ridge: (−2.81, 3.13) and (3.58, −1.85).
      const near = (x: number, y: number) => Array.from({ length: p.count }, (_, i) => i).find((i) => Math.hypot(p.positions[2 * i] - x, p.positions[2 * i + 1] - y) < 1e-3)!;
      const a = near(-2.805118, 3.131312);
      const b = near(3.584428, -1.848126);
      const c = near(3, 2);
      const inter = await e.interpolate(a, b, { curve: true, steps: 400, lr: 3e-3, samplesPerStep: 16 });
      const plane = await e.planeThrough(a, b, c);
      return { a, b, c, segment: inter.segment.barrier, curve: inter.curve!.barrier, point: Array.from(plane.point), pa: [p.positions[2 * a], p.positions[2 * a + 1]], dirs: e.get().sliceDirections };
    });
    // The saddle between those basins is at f ≈ 67.72: no path can cross lower.
    expect(r.segment).toBeGreaterThan(100);
    expect(r.curve).toBeGreaterThan(0.99 * 67.72);
    expect(r.curve).toBeLessThan(1.05 * 67.72);
    expect(r.dirs).toBe('points');
    expect(r.point[0]).toBeCloseTo(r.pa[0], 4);
    expect(r.point[1]).toBeCloseTo(r.pa[1], 4);
    await sectionShown('interpolation');
    await expect(app.page.evaluate(() => window.explorer!.interpolate(1e9))).rejects.toThrow(/interpolate\(\): from = 1000000000 was refused/);
  });

  it("Himmelblau's critical points: 4 minima, 4 saddles and the maximum, marked and listed", async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ sliceDirections: 'axes' });
      e.reset();
      const inv = await e.criticalPoints({ points: 256, iterations: 60 });
      return inv.points.map((p) => ({ kind: p.kind, index: p.index, loss: p.loss, x: Array.from(p.point) }));
    });
    const count = (k: string) => r.filter((p) => p.kind === k).length;
    expect([count('minimum'), count('saddle'), count('maximum'), count('degenerate')]).toEqual([4, 4, 1, 0]);
    const max = r.find((p) => p.kind === 'maximum')!;
    expect(max.index).toBe(2);
    expect(max.x[0]).toBeCloseTo(-0.270845, 3);
    expect(max.x[1]).toBeCloseTo(-0.923039, 3);
    expect(max.loss).toBeCloseTo(181.617, 1);
    await sectionShown('inventory');
    expect(await app.page.locator('#trajectory [data-k="inv-heading"]').textContent()).toMatch(/^Critical points: 9 distinct/);
    await app.page.screenshot({ path: `${SHOTS}/critical-points.png` });
  });

  it('a trained MLP: noise stability beside its start, and flatness along filter-normalised and plain directions', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({
        landscape: 'mlp', params: { trainPoints: 48, testPoints: 48, hiddenLayers: 2, width: 8, batchSize: 48 }, count: 32,
        optimizer: 'adam', lr: 0.02,
      });
      e.reset();
      await e.step(300);
      const noise = await e.noiseStability(undefined, { epsilon: 0.01, draws: 4 });
      const flat = await e.flatness(noise.particle, { points: 41, span: 0.5 });
      await e.set({ sliceDirections: 'filter', sliceCenter: 'best' });
      const { u, v } = e.slice();
      const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((t, x, i) => t + x * b[i], 0);
      return {
        plane: [dot(u, u), dot(v, v), dot(u, v)],
        // The MLP's last coordinate is the output bias: filter-normalised directions leave biases out.
        outputBias: [Math.abs(u[u.length - 1]), Math.abs(v[v.length - 1])],
        layers: noise.trained.layers, trained: noise.trained.attenuation, initial: noise.initial.attenuation, ranks: noise.trained.stableRank,
        filter: Array.from(flat.filter), plain: Array.from(flat.plain), length: flat.directionLength,
      };
    });
    expect(r.plane[0]).toBeCloseTo(1, 5);
    expect(r.plane[1]).toBeCloseTo(1, 5);
    expect(r.plane[2]).toBeCloseTo(0, 5);
    expect(r.outputBias).toEqual([0, 0]);
    expect(r.layers).toBe(2);
    for (const table of [r.trained, r.initial]) {
      for (let j = 0; j <= r.layers; j++) expect(Number.isFinite(table[0][j]) && table[0][j] > 0).toBe(true);
    }
    expect(r.ranks).toHaveLength(3);
    r.ranks.forEach((s) => expect(s).toBeGreaterThanOrEqual(1 - 1e-9));
    // The middle of each profile is the trained network itself: lower than both ends.
    const mid = (xs: number[]) => xs[(xs.length - 1) / 2];
    for (const xs of [r.filter, r.plain]) {
      expect(mid(xs)).toBeLessThan(xs[0]);
      expect(mid(xs)).toBeLessThan(xs[xs.length - 1]);
    }
    expect(r.filter[20]).toBeCloseTo(r.plain[20], 5);
    expect(r.length).toBeGreaterThan(0);
    await sectionShown('noise');
    await sectionShown('directions');
    await app.page.screenshot({ path: `${SHOTS}/noise-flatness.png` });
  });

  it('refuses what a landscape cannot do, by name, and keeps its settings', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ landscape: 'rastrigin', dim: 4 });
      const messages: string[] = [];
      for (const call of [
        () => e.noiseStability(),
        () => e.flatness(),
        () => e.set({ sliceDirections: 'filter' }),
        () => e.set({ sliceDirections: 'trajectory' }),
        () => e.trajectoryPlane(0),
      ]) {
        messages.push(await call().then(() => 'no error', (err: Error) => err.message));
      }
      return { messages, landscape: e.get().landscape, dirs: e.get().sliceDirections };
    });
    expect(r.messages[0]).toMatch(/mlp|MLP/);
    expect(r.messages[1]).toMatch(/network/);
    expect(r.messages[2]).toMatch(/sliceDirections = "filter" was refused/);
    expect(r.messages[3]).toMatch(/recordPaths/);
    expect(r.messages[4]).toMatch(/No paths are recorded/);
    expect(r.landscape).toBe('rastrigin');
    expect(r.dirs).not.toBe('filter');
  });
});
