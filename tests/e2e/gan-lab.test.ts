/**
 * The GAN lab in the app (src/lab/gan): opened from ?lab=gan, a small configuration trained
 * deterministically through window.lab, views that are drawn, sane coverage and birthday
 * numbers, no GPU object created per frame while playing, a bad value refused by name, settings
 * carried by the page's link, and the explorer back as it was when the lab closes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, SHOTS, type AppPage } from './browser';

let app: AppPage;
const lab = <T>(fn: string) => app.page.evaluate(`(async (lab) => (${fn})(lab))(window.lab)`) as Promise<T>;

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?lab=gan`, () => window.lab !== undefined);
  // Small: software WebGPU trains about 20 GAN steps per second at these sizes.
  await lab(`(lab) => lab.set({ gans: 4, gWidth: 12, dWidth: 12, batch: 16, latent: 2, stepsPerFrame: 1 })`);
}, 300_000);

afterAll(async () => {
  await app?.browser.close();
});

describe('GAN lab', () => {
  it('trains the same way twice from the same seeds', async () => {
    const run = `async (lab) => { await lab.reset(); const t = await lab.train(12); const c = await lab.coverage(); return { t, counts: c.perGan.map((g) => g.counts), steps: c.generatorSteps }; }`;
    const first = await lab<{ t: { generatorSteps: number }; counts: number[][]; steps: number }>(run);
    const second = await lab<typeof first>(run);
    expect(first.t.generatorSteps).toBe(12);
    expect(first.steps).toBe(12);
    expect(second).toEqual(first);
    // lab.train(n) charts the run as it goes (one point per step for n this small), not only its end.
    const losses = await lab<{ steps: number[]; lossD: number[]; lossG: number[] }>(`(lab) => lab.losses()`);
    expect(losses.steps).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect([...losses.lossD, ...losses.lossG].every(Number.isFinite)).toBe(true);
  }, 240_000);

  it('coverage and the birthday test give sane numbers', async () => {
    type Report = { perGan: { covered: number; reached: number; highQuality: number }[]; summary: { gans: number; collapsed: number; meanReached: number } };
    const c = await lab<Report>(`(lab) => lab.coverage()`);
    expect(c.perGan).toHaveLength(4);
    for (const g of c.perGan) {
      expect(g.covered).toBeGreaterThanOrEqual(0);
      expect(g.covered).toBeLessThanOrEqual(8);
      // A mode's reach is at least its 3σ, so every covered mode is reached.
      expect(g.reached).toBeGreaterThanOrEqual(g.covered);
      expect(g.reached).toBeLessThanOrEqual(8);
      expect(g.highQuality).toBeGreaterThanOrEqual(0);
      expect(g.highQuality).toBeLessThanOrEqual(1);
    }
    expect(c.summary.gans).toBe(4);
    expect(c.summary.meanReached).toBeCloseTo(c.perGan.reduce((a, g) => a + g.reached, 0) / 4, 12);
    // The true mixture with a mode-sized threshold: each mode one point.
    const real = await lab<{ supports: number[] }>(`(lab) => lab.birthday({ target: 'real', threshold: 0.5 })`);
    expect(real.supports[0]).toBeGreaterThan(5.5);
    expect(real.supports[0]).toBeLessThan(11.5);
    const focus = await lab<{ supports: number[]; reports: { estimate: { kind: string } }[] }>(`(lab) => lab.birthday({ target: 'focus' })`);
    expect(focus.supports[0]).toBeGreaterThan(1);
    expect(['estimate', 'at-least', 'at-most']).toContain(focus.reports[0].estimate.kind);
  }, 240_000);

  it('draws both views (not blank)', async () => {
    for (const view of ['focus', 'grid']) {
      const stats = await lab<{ colours: number; spread: number }>(`async (lab) => {
        const img = new Image(); img.src = await lab.snapshot('${view}'); await img.decode();
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data; const colours = new Set(); let lo = 255, hi = 0;
        for (let i = 0; i < d.length; i += 4) { colours.add((d[i] >> 3) * 1024 + (d[i + 1] >> 3) * 32 + (d[i + 2] >> 3)); const l = (d[i] + d[i + 1] + d[i + 2]) / 3; lo = Math.min(lo, l); hi = Math.max(hi, l); }
        return { colours: colours.size, spread: hi - lo };
      }`);
      expect(stats.colours).toBeGreaterThan(20);
      expect(stats.spread).toBeGreaterThan(80);
    }
    await app.page.screenshot({ path: `${SHOTS}/gan-lab.png` });
  }, 120_000);

  it('creates no GPU object per frame while playing', async () => {
    await lab(`(lab) => lab.play()`);
    const start = await lab<number>(`(lab) => lab.frameCount`);
    await app.page.waitForFunction((n) => (window.lab as { frameCount: number }).frameCount >= n, start + 5, { timeout: 120_000 });
    const before = await app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    const mid = await lab<number>(`(lab) => lab.frameCount`);
    await app.page.waitForFunction((n) => (window.lab as { frameCount: number }).frameCount >= n, mid + 30, { timeout: 180_000 });
    const after = await app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    await lab(`(lab) => lab.pause()`);
    expect(after).toEqual(before);
  }, 300_000);

  it('refuses a bad value by name and keeps the settings', async () => {
    const before = await lab<Record<string, unknown>>(`(lab) => lab.get()`);
    const message = await lab<string>(`(lab) => lab.set({ gWidth: 500 }).then(() => 'accepted', (e) => e.message)`);
    expect(message).toMatch(/gWidth = 500 .*GAN_MAX_WIDTH = 128/);
    const many = await lab<string>(`(lab) => lab.set({ gans: 65 }).then(() => 'accepted', (e) => e.message)`);
    expect(many).toMatch(/gans = 65 .*LAB_MAX_GANS = 64/);
    expect(await lab(`(lab) => lab.get()`)).toEqual(before);
  });

  it('a new mixture brings its own spread, and quick changes in a row leave one working trainer', async () => {
    const grid = await lab<{ mixture: string; sigma: number }>(`async (lab) => { await lab.set({ mixture: 'grid' }); return lab.get(); }`);
    expect([grid.mixture, grid.sigma]).toEqual(['grid', 0.05]);
    // Two rebuilding changes without waiting in between: they run in order, and training works after.
    const after = await lab<{ settings: { mixture: string; sigma: number; gans: number }; steps: number }>(`async (lab) => {
      const a = lab.set({ mixture: 'ring' }); const b = lab.set({ gans: 2 }); await Promise.all([a, b]);
      const t = await lab.train(2); return { settings: lab.get(), steps: t.generatorSteps };
    }`);
    expect([after.settings.mixture, after.settings.sigma, after.settings.gans, after.steps]).toEqual(['ring', 0.02, 2, 2]);
  }, 120_000);

  it('classroom mode (c) letters the controls and the charts up; c again puts them back', async () => {
    const measure = () => app.page.evaluate(() => ({
      chart: document.querySelector('.gan-lab .uplot canvas')!.getBoundingClientRect().height,
      // A control inside a folder: lil-gui sizes each folder itself.
      control: parseFloat(getComputedStyle(document.querySelector('.gan-lab .lil-gui .lil-gui .lil-controller .lil-name')!).fontSize),
    }));
    const before = await measure();
    expect(before.control).toBe(15);
    await app.page.locator('body').press('c');
    await expect.poll(async () => (await measure()).chart).toBeGreaterThanOrEqual(before.chart * 1.3);
    expect((await measure()).control).toBe(18);
    await app.page.locator('body').press('c');
    await expect.poll(measure).toEqual(before);
  }, 60_000);

  it('the link carries the lab\'s settings: it follows a change, and opening it gives the same lab, a bad value named', async () => {
    const before = await lab<Record<string, unknown>>(`async (lab) => { await lab.set({ unroll: 3, split: true }); return lab.get(); }`);
    const search = await app.page.evaluate(() => location.search);
    const q = new URLSearchParams(search);
    expect([q.get('lab'), q.get('split'), q.get('unroll'), q.get('gWidth')]).toEqual(['gan', 'true', '3', '12']);
    // Only what differs from the defaults.
    expect(q.has('lrG')).toBe(false);
    await app.page.goto(`${inject('appUrl')}${search}&lrD=abc`);
    await app.page.waitForFunction(() => typeof (window.lab as { set?: unknown } | undefined)?.set === 'function', null, { timeout: 90_000 });
    expect(await lab(`(lab) => lab.get()`)).toEqual(before);
    expect(await app.page.locator('#notice').textContent()).toContain("lrD=abc was refused: 'abc' is not a number.");
    // The refused value left the link.
    expect(new URLSearchParams(await app.page.evaluate(() => location.search)).has('lrD')).toBe(false);
  }, 200_000);

  it('keys do not drive the hidden explorer, and Esc gives the explorer back', async () => {
    // Space would play the explorer under the lab; while covered it is left alone.
    await app.page.locator('body').press(' ');
    expect(await app.page.evaluate(() => window.explorer!.get().playing)).toBe(false);
    await app.page.locator('body').press('Escape');
    expect(await app.page.evaluate(() => window.lab === undefined && document.getElementById('lab-root')!.hidden)).toBe(true);
    const frames = await app.page.evaluate(() => window.explorer!.frameCount);
    await app.page.evaluate(() => window.explorer!.play());
    await app.page.waitForFunction((n) => window.explorer!.frameCount > n, frames, { timeout: 150_000 });
    expect(app.errors).toEqual([]);
  }, 200_000);
});
