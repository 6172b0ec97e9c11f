/**
 * The min-max games lab in the app: opened by link, stepped deterministically through window.lab,
 * the bilinear game's textbook behaviour (GDA spirals out, extragradient closes in, alternating
 * cycles) with measured per-step factors against the closed form, a drawn canvas laid out to fit
 * a projector's 1280 × 800, settings set by script shown in the controls and the link, no GPU
 * objects made per frame, a refused value, the way back to the explorer, and a link that opens the lab.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { imageStats, openApp, SHOTS, type AppPage } from './browser';

/**
 * |measured − closed form| allowed: on the 1 × 1 bilinear game with ηx = ηy, GDA and
 * extragradient scale every distance by exactly ρ per step, so only f32 rounding of the median's
 * ratio over 200 steps remains; optimistic GDA's second root (|λ| ≈ 0.1) has died out long before.
 */
const FACTOR_TOLERANCE = 1e-3;
const STEPS = 400;

interface Readout { method: string; step: number; median: number; diverged: number; measuredFactor: number; closedFormFactor: number }
interface LabApi {
  set(patch: object): Promise<Record<string, unknown>>;
  get(): Record<string, unknown>;
  step(n: number): Promise<Readout[]>;
  reset(): Promise<Readout[]>;
  readouts(): Promise<Readout[]>;
  history(): { steps: number[]; medians: Record<string, number[]> };
  pause(): void;
  play(): void;
  screenshot(): string;
}

let app: AppPage;

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?lab=games`, () => window.lab !== undefined);
});

afterAll(async () => {
  await app?.browser.close();
});

describe('the min-max games lab', () => {
  let first: Readout[];

  it(`steps deterministically: the same seed gives the same ${STEPS} steps`, async () => {
    const run = () => app.page.evaluate(async (n) => {
      const api = window.lab as unknown as LabApi;
      api.pause();
      await api.reset();
      return api.step(n);
    }, STEPS);
    first = await run();
    const again = await run();
    expect(again).toEqual(first);
    expect(first.map((r) => r.method)).toEqual(['gda', 'alternating', 'extragradient', 'optimistic']);
    expect(first.every((r) => r.step === STEPS)).toBe(true);
  });

  it('on the bilinear game GDA spirals out, extragradient closes in, alternating stays bounded', async () => {
    const history = await app.page.evaluate(() => (window.lab as unknown as LabApi).history());
    const m = history.medians;
    const start = m.gda[0];
    expect(m.extragradient[0]).toBeCloseTo(start, 6);
    expect(m.gda.at(-1)!).toBeGreaterThan(3 * start);
    expect(m.extragradient.at(-1)!).toBeLessThan(0.5 * start);
    expect(Math.max(...m.alternating)).toBeLessThan(1.5 * start);
    expect(Math.min(...m.alternating)).toBeGreaterThan(start / 1.5);
    expect(first.every((r) => r.diverged === 0)).toBe(true);
  });

  it(`measured per-step factors match the closed form within ${FACTOR_TOLERANCE}`, () => {
    const rows = first.map((r) => `${r.method}: measured ${r.measuredFactor.toFixed(6)}, closed form ${r.closedFormFactor.toFixed(6)}`);
    console.log(`game lab, bilinear 1×1, η = 0.1, ${STEPS} steps:\n${rows.join('\n')}`);
    for (const r of first) {
      expect(Number.isFinite(r.closedFormFactor), r.method).toBe(true);
      expect(Math.abs(r.measuredFactor - r.closedFormFactor), r.method).toBeLessThan(FACTOR_TOLERANCE);
    }
  });

  it('draws the panels: the canvas is not blank', async () => {
    const stats = await imageStats(app.page, await app.page.evaluate(() => (window.lab as unknown as LabApi).screenshot()));
    expect(stats.width).toBeGreaterThan(300);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.lumaStd).toBeGreaterThan(10);
    await app.page.screenshot({ path: `${SHOTS}/game-lab.png` });
  });

  it('playing creates no GPU objects per frame', async () => {
    const counts = () => app.page.evaluate(() => window.explorer!.gpuObjectsCreated());
    await app.page.evaluate(() => (window.lab as unknown as LabApi).play());
    // Warm: the first frames and read-backs make what they keep.
    await app.page.waitForTimeout(3000);
    const before = await counts();
    await app.page.waitForTimeout(8000);
    const after = await counts();
    const stepped = await app.page.evaluate(async () => (await (window.lab as unknown as LabApi).readouts())[0].step);
    expect(stepped).toBeGreaterThan(STEPS + 20);
    expect(after).toEqual(before);
  });

  it('at 1280 × 800 the panels, readouts and chart fit without scrolling; a change through window.lab shows in the controls', async () => {
    const state = await app.page.evaluate(async () => {
      const api = window.lab as unknown as LabApi;
      await api.set({ m: 2 });
      const controller = [...document.querySelectorAll('.game-lab .lil-controller')].find((c) => c.querySelector('.lil-name')?.textContent === 'm (size of x)');
      const main = document.querySelector('.game-lab-main') as HTMLElement;
      const shown = { m: (controller?.querySelector('input') as HTMLInputElement | null)?.value, scroll: main.scrollHeight - main.clientHeight };
      const side = (document.querySelector('.game-lab-canvas') as HTMLCanvasElement).height;
      const link = location.search;
      await api.set({ m: 1 });
      return { ...shown, side, link, linkAfter: location.search };
    });
    expect(state.m).toBe('2');
    // The page's link follows: the lab and what differs from its defaults.
    expect(state.link).toBe('?lab=games&m=2');
    expect(state.linkAfter).toBe('?lab=games');
    expect(state.scroll).toBeLessThanOrEqual(0);
    // Four panels share the width (1280 less the controls): about 214 px each, limited by the width.
    expect(state.side).toBeGreaterThanOrEqual(200);
  });

  it('refuses a bad value by name and keeps its settings', async () => {
    const result = await app.page.evaluate(async () => {
      const api = window.lab as unknown as LabApi;
      const before = api.get();
      const message = await api.set({ etaX: -1 }).then(() => 'accepted', (e: Error) => `${e.name}: ${e.message}`);
      const tooBig = await api.set({ m: 1000 }).then(() => 'accepted', (e: Error) => `${e.name}: ${e.message}`);
      return { message, tooBig, same: JSON.stringify(api.get()) === JSON.stringify(before) };
    });
    expect(result.message).toMatch(/^RangeError: etaX = -1 was refused/);
    expect(result.tooBig).toMatch(/m = 1000 was refused.*LAB_MAX_DIM = 64/);
    expect(result.same).toBe(true);
  });

  it('× back to the explorer closes the lab and frees what it made', async () => {
    await app.page.getByRole('button', { name: '× back to the explorer' }).click();
    const state = await app.page.evaluate(() => ({ lab: window.lab, hidden: document.getElementById('lab-root')!.hidden, labChildren: document.querySelectorAll('.game-lab').length }));
    expect(state.lab).toBeUndefined();
    expect(state.hidden).toBe(true);
    expect(state.labChildren).toBe(0);
    // The explorer answers again.
    expect(await app.page.evaluate(() => typeof window.explorer!.get().landscape)).toBe('string');
    expect(app.errors).toEqual([]);
  });

  it('a link opens the lab with its settings; a refused one is named and the rest apply', async () => {
    await app.page.goto(`${inject('appUrl')}?lab=games&methods=gda,extragradient&etaX=0.2&m=99`);
    await app.page.waitForFunction(() => typeof (window.lab as LabApi | undefined)?.set === 'function', null, { timeout: 90_000 });
    const settings = await app.page.evaluate(() => (window.lab as unknown as LabApi).get());
    expect(settings).toMatchObject({ methods: ['gda', 'extragradient'], etaX: 0.2, m: 1 });
    expect(await app.page.locator('#notice').textContent()).toMatch(/m = 99 was refused/);
    expect(await app.page.evaluate(() => location.search)).toBe('?lab=games&methods=gda%2Cextragradient&etaX=0.2');
    expect(app.errors).toEqual([]);
  }, 120_000);
});
