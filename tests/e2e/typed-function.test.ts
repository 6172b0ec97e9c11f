/**
 * Typed functions end to end: a function typed into the setup (or a link) becomes a landscape
 * whose particles move exactly as on the built-in one it spells, in 2-D and over D coordinates;
 * a bad or hostile text is refused with its position and changes nothing; the formula line shows
 * the symbolic gradient's agreement with finite differences.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openApp, SHOTS, type AppPage } from './browser';

let app: AppPage;
const ROSENBROCK = 'sum(100 (xn - x^2)^2 + (1 - x)^2)';

beforeAll(async () => {
  // Opened from a link: the text travels in the URL.
  app = await openApp(`${inject('appUrl')}?landscape=typed&expression=${encodeURIComponent('(x^2 + y - 11)^2 + (x + y^2 - 7)^2')}&count=256&trailCount=0`);
});

afterAll(async () => {
  await app?.browser.close();
});

describe('typed functions', () => {
  it("Himmelblau typed into a link moves particles exactly as the built-in one, and the formula line shows the gradient check", async () => {
    const run = async (patch: Record<string, unknown>) =>
      app.page.evaluate(async (p) => {
        const e = window.explorer!;
        await e.set({ ...p, count: 256, lr: 0.005, init: 'uniform', seed: 3 });
        e.reset();
        await e.step(50);
        return Array.from((await e.particles()).positions);
      }, patch);
    const typed = await run({});
    const builtIn = await run({ landscape: 'himmelblau' });
    const worst = typed.reduce((m, x, i) => Math.max(m, Math.abs(x - builtIn[i]) / (1 + Math.abs(builtIn[i]))), 0);
    expect(worst).toBeLessThan(1e-4);
    await app.page.evaluate(() => window.explorer!.set({ landscape: 'typed' }));
    const formula = await app.page.locator('#overlay').textContent();
    expect(formula).toMatch(/symbolic ∇f against finite differences: \d\.\de-\d+/);
    expect(await app.page.evaluate(() => window.explorer!.query())).toContain('expression=');
  });

  it('a sum over coordinates takes any D: Rosenbrock typed in equals the built-in at D = 12', async () => {
    const r = await app.page.evaluate(async (text) => {
      const e = window.explorer!;
      const run = async (patch: Record<string, unknown>) => {
        await e.set({ ...patch, dim: 12, count: 128, lr: 2e-4, init: 'gaussian', initSigma: 1, seed: 5 });
        e.reset();
        await e.step(40);
        return Array.from((await e.particles()).positions);
      };
      return { typed: await run({ landscape: 'typed', expression: text }), builtIn: await run({ landscape: 'rosenbrock' }), dim: e.get().dim };
    }, ROSENBROCK);
    expect(r.dim).toBe(12);
    const worst = r.typed.reduce((m, x, i) => Math.max(m, Math.abs(x - r.builtIn[i]) / (1 + Math.abs(r.builtIn[i]))), 0);
    expect(worst).toBeLessThan(1e-4);
  });

  it('bad or hostile text is refused with its position, and nothing changes', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ landscape: 'typed', expression: 'sin(x) * y', dim: 2 });
      const before = e.get();
      const out: string[] = [];
      for (const text of ['x^2 + z', 'constructor', 'x = 3', 'import("fs")', 'sin(x', 'x.y', 'evaluate("1")', '[1, 2]']) {
        out.push(await e.set({ expression: text }).then(() => 'accepted', (err: Error) => err.message));
      }
      return { out, same: JSON.stringify(before) === JSON.stringify(e.get()) };
    });
    expect(r.out[0]).toMatch(/Unknown name "z" at 6/);
    for (const m of r.out) expect(m).toMatch(/^expression = .* was refused/);
    expect(r.same).toBe(true);
    await app.page.screenshot({ path: `${SHOTS}/typed-function.png` });
  });
});
