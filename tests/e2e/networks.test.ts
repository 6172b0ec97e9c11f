/**
 * Networks as particles, end to end: the teacher-student network picked from a link, its
 * dimension set by its widths, Xavier starts, colour by outcome, and the overparameterization
 * experiment run from the panel's button and from a script, its table filling in.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { control, openApp, type AppPage } from './browser';

let app: AppPage;
const SETUP = [
  'landscape=teacher-student', 'params=studentWidth:2,teacherWidth:2', 'count=64', 'surfaceGrid=64', 'trailCount=0', 'lr=0.2',
  'init=xavier-normal', 'convergeTol=0.0001', 'experimentSteps=300', 'experimentWidths=2', 'colorBy=outcome',
].join('&');

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?${SETUP}`);
});

afterAll(async () => {
  await app?.browser.close();
});

describe('networks as particles', () => {
  it('the dimension is the parameter count, set by the widths; the panel says so', async () => {
    const s = await app.page.evaluate(() => window.explorer!.get());
    expect(s.landscape).toBe('teacher-student');
    expect(s.dim).toBe(4);
    const dim = control(app.page, 'dimension D');
    await expect(dim.locator('input').first().isDisabled()).resolves.toBe(true);
    expect(await dim.locator('.lil-name').textContent()).toMatch(/parameter count/);
    const wider = await app.page.evaluate(async () => {
      await window.explorer!.set({ params: { studentWidth: 3 } });
      const after = window.explorer!.get().dim;
      await window.explorer!.set({ params: { studentWidth: 2 } });
      return after;
    });
    expect(wider).toBe(6);
  });

  it('the panel runs the overparameterization experiment and its table fills in, width by width', async () => {
    await app.page.locator('.lil-gui .lil-title', { hasText: 'Experiments' }).click();
    await app.page.locator('.lil-gui button', { hasText: 'run the overparameterization experiment' }).click();
    await app.page.waitForFunction(() => document.querySelectorAll('#experiment tbody tr').length === 2, null, { timeout: 300_000 });
    await app.page.waitForFunction(() => document.querySelectorAll('#experiment a[download]').length === 2, null, { timeout: 60_000 });
    const rows = await app.page.evaluate(() =>
      [...document.querySelectorAll('#experiment tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(rows.map((r) => r[0])).toEqual(['2', '3']);
    for (const r of rows) {
      const shares = r.slice(1, 5).map((t) => Number.parseFloat(t));
      expect(shares.every((x) => x >= 0 && x <= 100)).toBe(true);
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.5);
    }
    const csv = await app.page.evaluate(async () => (await fetch(document.querySelector<HTMLAnchorElement>('#experiment a[download$=".csv"]')!.href)).text());
    expect(csv.split('\n')).toHaveLength(3);
    expect(csv.split('\n')[0]).toMatch(/^k,n,inits,steps,lr,success,stuck,diverged,moving/);
  });

  it('scripts run it through window.experiments: every start is counted once, and an easy case succeeds', async () => {
    const r = await app.page.evaluate(() =>
      window.experiments!.overparameterization({ teacherWidth: 2, widths: [3], inits: 64, steps: 1500, lr: 0.3 }),
    );
    expect(r.cancelled).toBe(false);
    const row = r.rows[0];
    expect(row.n).toBe(3);
    expect(row.success + row.stuck + row.diverged + row.moving).toBe(64);
    // A student wider than a 2-unit teacher from Xavier starts: most starts fit it within 1,500 steps.
    expect(row.success).toBeGreaterThan(32);
    const settings = await app.page.evaluate(() => window.explorer!.get());
    expect(settings.init).toBe('xavier-normal');
    expect(settings.colorBy).toBe('outcome');
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
