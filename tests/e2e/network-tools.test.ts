/**
 * The network tools end to end: held-out metrics measured on the GPU (explorer.networks), the
 * network view (decision map, unit angles), balanced starts, refused batch sizes, and the
 * depth-acceleration and width-and-generalization experiments run from scripts, their tables
 * filling in.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, SHOTS, type AppPage } from './browser';

let app: AppPage;
const SETUP = [
  'landscape=mlp', 'params=trainPoints:48,testPoints:96,hiddenLayers:1,width:8,batchSize:16', 'count=64', 'surfaceGrid=64',
  'trailCount=0', 'optimizer=adam', 'lr=0.02', 'init=xavier-normal',
].join('&');

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?${SETUP}`);
});

afterAll(async () => {
  await app?.browser.close();
});

/** Pixels of the network view's canvas that lean orange (label +1) and blue (label −1). */
async function viewColours(title: string): Promise<{ orange: number; blue: number; title: string }> {
  await app.page.waitForFunction((t) => {
    const c = document.querySelector<HTMLCanvasElement>('#function-view canvas');
    const shown = !document.getElementById('function-view')!.hidden;
    return c && shown && document.querySelector('#function-view h2')!.textContent!.includes(t) && c.getContext('2d')!.getImageData(0, 0, 1, 1).data[3] > 0;
  }, title, { timeout: 60_000 });
  return app.page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('#function-view canvas')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let orange = 0;
    let blue = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] > d[i + 2] + 40) orange++;
      else if (d[i + 2] > d[i] + 40) blue++;
    }
    return { orange, blue, title: document.querySelector('#function-view h2')!.textContent ?? '' };
  });
}

describe('network tools', () => {
  it('networks() measures every network on the whole training set and the held-out set', async () => {
    const r = await app.page.evaluate(async () => {
      await window.explorer!.step(400);
      return window.explorer!.networks(64);
    });
    expect(r!.names).toEqual(['training loss (all m)', 'training accuracy', 'test loss', 'test accuracy']);
    expect(r!.values).toHaveLength(64);
    for (const row of Object.values(r!.values)) {
      const v = Object.values(row) as number[];
      expect(v[1]).toBeGreaterThanOrEqual(0);
      expect(v[1]).toBeLessThanOrEqual(1);
      expect(v[3]).toBeGreaterThanOrEqual(0);
      expect(v[0]).toBeGreaterThanOrEqual(0);
    }
    // Two moons, 48 points, 400 Adam steps: most networks fit most of the training set.
    expect(r!.summary[1].median).toBeGreaterThan(0.8);
    expect(r!.summary[2].finite).toBe(64);
  });

  it('the readouts show the networks’ medians on the training and the held-out set, live', async () => {
    await app.page.evaluate(() => window.explorer!.play());
    await app.page.waitForFunction(() => {
      const el = document.querySelector('#analysis [data-k="networks"]') as HTMLElement | null;
      return el && !el.hidden && /test accuracy\s*\d+(\.\d)? %/.test(el.textContent ?? '');
    }, null, { timeout: 60_000 });
    const text = await app.page.evaluate(() => document.querySelector('#analysis [data-k="networks"]')!.textContent);
    expect(text).toMatch(/medians of 64/);
    expect(text).toMatch(/training loss \(all m\)/);
    // A network's six-line formula shows two lines until clicked; the networks box is shown
    // whole (the column scrolls when it must), not squeezed to a line with a scroll bar.
    const layout = await app.page.evaluate(async () => {
      const formula = document.querySelector('#overlay .formula') as HTMLElement;
      const lineHeight = parseFloat(getComputedStyle(formula).lineHeight) || 1.45 * parseFloat(getComputedStyle(formula).fontSize);
      const folded = formula.clientHeight / lineHeight;
      formula.click();
      const opened = formula.clientHeight / lineHeight;
      formula.click();
      const box = document.getElementById('analysis')!;
      return { folded, opened, boxHidden: box.scrollHeight - box.clientHeight };
    });
    expect(layout.folded).toBeLessThan(2.5);
    expect(layout.opened).toBeGreaterThan(3.5);
    expect(layout.boxHidden).toBeLessThanOrEqual(0);
  });

  it('the network view draws the best network’s decision map with both classes', async () => {
    const c = await viewColours('output over the input plane');
    expect(c.orange).toBeGreaterThan(500);
    expect(c.blue).toBeGreaterThan(500);
    await app.page.locator('#function-view').screenshot({ path: `${SHOTS}/network-view-mlp.png` });
  });

  it('a batch larger than the training set is refused, naming both, and nothing changes', async () => {
    const r = await app.page.evaluate(async () => {
      const before = window.explorer!.get();
      try {
        await window.explorer!.set({ params: { batchSize: 100 } });
        return { message: '', same: false };
      } catch (e) {
        return { message: (e as Error).message, same: JSON.stringify(window.explorer!.get()) === JSON.stringify(before) };
      }
    });
    expect(r.message).toMatch(/batch size B = 100 is larger than the m = 48 training points/);
    expect(r.same).toBe(true);
  });

  it('the width-and-generalization experiment fills its table from a script', async () => {
    const r = await app.page.evaluate(() =>
      window.experiments!.widthGeneralization({ widths: [2, 16], networks: 16, steps: 300, trainPoints: 32, testPoints: 64, batchSize: 32 }),
    );
    expect(r.cancelled).toBe(false);
    expect(r.rows.map((row) => row.width)).toEqual([2, 16]);
    for (const row of r.rows) {
      expect(row.networks).toBe(16);
      expect(Number.isFinite(row.trainLoss.median)).toBe(true);
      expect(Number.isFinite(row.testAccuracy.median)).toBe(true);
      expect(row.trainLoss.q1).toBeLessThanOrEqual(row.trainLoss.q3);
    }
    // 16 hidden units fit 32 points better than 2 do.
    expect(r.rows[1].trainLoss.median).toBeLessThan(r.rows[0].trainLoss.median);
    const cells = await app.page.evaluate(() => [...document.querySelectorAll('#experiment tbody tr')].map((tr) => tr.children.length));
    expect(cells).toEqual([6, 6]);
  });

  it('deep linear networks start balanced near zero, each in its own direction', async () => {
    const r = await app.page.evaluate(async () => {
      await window.explorer!.set({ landscape: 'deep-linear', params: { depth: 3, width: 4, inputs: 8 }, init: 'balanced', balancedNorm: 1e-3, count: 32 });
      window.explorer!.reset();
      const p = await window.explorer!.particles();
      return { dim: p.dim, positions: Array.from(p.positions) };
    });
    const rows = Array.from({ length: 32 }, (_, i) => r.positions.slice(i * r.dim, (i + 1) * r.dim));
    // Each layer has norm (1e-3)^(1/3) = 0.1, so no coordinate exceeds it.
    expect(Math.max(...r.positions.map(Math.abs))).toBeLessThanOrEqual(0.1 + 1e-6);
    expect(Math.max(...r.positions.map(Math.abs))).toBeGreaterThan(0.01);
    expect(new Set(rows.map((x) => x.join(','))).size).toBe(32);
  });

  it('the depth-acceleration experiment sweeps step sizes per depth and fills its table', async () => {
    const r = await app.page.evaluate(() =>
      window.experiments!.depthAcceleration({
        depths: [1, 2], exponents: [2], inputs: 4, width: 2, samples: 32, lrFrom: 0.01, lrTo: 0.5, lrCount: 4, seeds: 2, steps: 1500,
      }),
    );
    expect(r.rows.map((row) => [row.p, row.depth])).toEqual([[2, 1], [2, 2]]);
    for (const row of r.rows) {
      expect(row.sweep).toHaveLength(4);
      expect(row.sweep[0].lr).toBeCloseTo(0.01, 10);
      expect(row.sweep[3].lr).toBeCloseTo(0.5, 10);
      expect(row.target).toBeLessThan(row.startLoss);
    }
    // Depth 1 is convex least squares: some step size gets every start to the target.
    expect(r.rows[0].bestLr).not.toBeNull();
    const rows = await app.page.evaluate(() => document.querySelectorAll('#experiment tbody tr').length);
    expect(rows).toBe(2);
  });

  it('a teacher–student network is shown as student–teacher unit angles', async () => {
    await app.page.evaluate(() =>
      window.explorer!.set({ landscape: 'teacher-student', params: { studentWidth: 3, teacherWidth: 3 }, init: 'xavier-normal', count: 64 }),
    );
    const c = await viewColours('cos ∠(student unit, teacher unit)');
    expect(c.orange + c.blue).toBeGreaterThan(1000);
  });

  it('a step-size sweep: each step size’s particles read back, large steps diverge, the chart shows', async () => {
    const r = await app.page.evaluate(async () => {
      await window.explorer!.set({
        landscape: 'quadratic', dim: 4, count: 256, init: 'uniform', optimizer: 'gd', lr: 0.01, lrSweepCount: 8, lrSweepTo: 3, targetLoss: 1e-3,
      });
      window.explorer!.reset();
      await window.explorer!.step(300);
      return window.explorer!.sweep();
    });
    expect(r).toHaveLength(8);
    expect(r!.map((row) => row.particles)).toEqual(new Array(8).fill(32));
    expect(r![0].lr).toBeCloseTo(0.01, 10);
    expect(r![7].lr).toBeCloseTo(3, 10);
    // f = Σ x²·(1..κ)/2: steps past 2/λmax diverge, small ones have not got there yet.
    expect(r![7].diverged).toBe(32);
    expect(r![0].diverged).toBe(0);
    expect(r!.some((row) => row.reached === 32)).toBe(true);
    await app.page.evaluate(() => window.explorer!.play());
    await app.page.waitForFunction(() => {
      const el = document.querySelector('#analysis [data-k="sweep"]') as HTMLElement | null;
      return el && !el.hidden && document.querySelector('#analysis [data-k="sweep-best"]')!.textContent !== '—';
    }, null, { timeout: 60_000 });
    const heading = await app.page.evaluate(() => document.querySelector('#analysis [data-k="escape-heading"]')!.textContent);
    expect(heading).toBe('Steps to reach loss < 0.001');
    await app.page.locator('#analysis').screenshot({ path: `${SHOTS}/sweep.png` });
    await app.page.evaluate(() => window.explorer!.set({ lrSweepCount: 1, targetLoss: null }));
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
