/**
 * A hostile tester, seeded so that a failure replays: hundreds of random set() patches and bad
 * API calls against the running explorer, then links with bad values opened for real. Every bad
 * value is refused with an error naming it and the settings stay as they were; nothing reaches
 * the console as an error (WebGPU validation errors included), the page keeps drawing, and
 * nothing from a link becomes HTML.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { frames, openApp, type AppPage } from './browser';

let app: AppPage;
// Small enough that software WebGPU rebuilds in a fraction of a second.
const LIGHT = 'count=1024&surfaceGrid=64&trailCount=32&trailLength=16';

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?${LIGHT}`);
});

afterAll(async () => {
  await app?.browser.close();
});

describe('fuzz', () => {
  it('600 random patches through explorer.set(): refused by name with nothing changed, or applied exactly', async () => {
    const result = await app.page.evaluate(async (seed) => {
      const e = window.explorer!;
      let state = seed >>> 0;
      const rand = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
      const schema = e.schema;
      const keys = Object.keys(schema);
      const bad: unknown[] = [null, undefined, NaN, Infinity, -Infinity, -1, 0.5, 1e308, '', ' x', 'abc', () => 1, {}, [], [1, 2, 3], true];
      // Values that keep every rebuild cheap in software WebGPU.
      const cheap: Record<string, unknown[]> = {
        count: [64, 256, 1024], dim: [2, 3, 5, 8], surfaceGrid: [32, 64], trailLength: [2, 8, 16], trailCount: [0, 16, 32],
        landscape: ['himmelblau', 'rastrigin', 'quadratic', 'strict-saddle', 'beale', 'monkey-saddle', 'random-fourier'],
        curvatureSamples: [16, 64], stepsPerFrame: [1, 2],
      };
      const good = (key: string): unknown => {
        if (cheap[key]) return pick(cheap[key]);
        if (!Object.hasOwn(schema, key)) return 1;
        const row = schema[key] as { type: string; min?: number; max?: number; integer?: boolean; maxOpen?: boolean; minOpen?: boolean; choices?: Record<string, string>; default: unknown };
        if (row.type === 'choice') return pick(Object.keys(row.choices!));
        if (row.type === 'boolean') return rand() < 0.5;
        if (row.type === 'number') {
          const lo = row.minOpen ? row.min! + 1e-9 : row.min!;
          const hi = row.maxOpen ? row.max! - 1e-6 : row.max!;
          const v = pick([lo, hi, lo + (hi - lo) * rand() ** 4]);
          return row.integer ? Math.round(v) : v;
        }
        return row.default;
      };
      const patches: Record<string, unknown>[] = [];
      for (let i = 0; i < 600; i++) {
        const patch: Record<string, unknown> = {};
        const n = 1 + Math.floor(rand() * 2);
        for (let j = 0; j < n; j++) {
          const key = rand() < 0.03 ? pick(['bogus', 'constructor', '__proto__']) : pick(keys);
          patch[key] = rand() < 0.5 ? good(key) : pick(bad);
        }
        patches.push(patch);
      }
      let applied = 0;
      const failures: string[] = [];
      for (const patch of patches) {
        const before = JSON.stringify(e.get());
        const text = JSON.stringify(patch, (_k, v) => (typeof v === 'function' ? 'fn' : v === undefined ? 'undefined' : Number.isNaN(v) ? 'NaN' : v));
        try {
          await e.set(patch);
          applied++;
          const after = e.get() as unknown as Record<string, unknown>;
          for (const [k, v] of Object.entries(patch)) {
            if (k !== 'params' && JSON.stringify(after[k]) !== JSON.stringify(v)) failures.push(`${text}: ${k} is ${JSON.stringify(after[k])}`);
          }
        } catch (err) {
          const message = (err as Error).message;
          if (!(err instanceof RangeError)) failures.push(`${text}: ${(err as Error).name} ${message}`);
          else if (!Object.keys(patch).some((k) => message.includes(k))) failures.push(`${text}: message names no key: ${message}`);
          if (JSON.stringify(e.get()) !== before) failures.push(`${text}: settings changed although refused`);
        }
        // Let frames run between patches, as a user's clicks would.
        if (rand() < 0.1) await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      // Bad arguments to the API's methods.
      const calls: [string, () => unknown][] = [
        ['drop', () => e.drop(0, 0, NaN)], ['drop', () => e.drop(NaN, 0)], ['drop', () => e.drop(0, 0, 0)], ['drop', () => e.drop('a' as never, 0)],
        ['step', () => e.step(-1)], ['step', () => e.step(1.5)], ['step', () => e.step(NaN)], ['step', () => e.step('5' as never)],
        ['hessian', () => e.hessian([1])], ['hessian', () => e.hessian([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN].slice(0, e.get().dim))],
        ['hessian', () => e.hessian(undefined, { steps: 0 })], ['hessian', () => e.hessian(undefined, { bogus: 1 } as never)],
        ['screenOf', () => e.screenOf(NaN, 0)], ['dropAt', () => e.dropAt(Infinity, 0)], ['timeFrame', () => e.timeFrame(-3)],
        ['setSafeArea', () => e.setSafeArea(-1, NaN)],
      ];
      for (const [method, call] of calls) {
        const before = JSON.stringify(e.get());
        try {
          await call();
          failures.push(`${method}: a bad call was accepted`);
        } catch (err) {
          if (!(err instanceof RangeError) || !(err as Error).message.startsWith(`${method}()`)) failures.push(`${method}: ${(err as Error).message}`);
        }
        if (JSON.stringify(e.get()) !== before) failures.push(`${method}: settings changed`);
      }
      e.play();
      return { applied, refused: patches.length - applied, failures };
    }, 20261126);
    expect(result.failures).toEqual([]);
    expect(result.applied).toBeGreaterThan(100);
    expect(result.refused).toBeGreaterThan(200);
    // Still drawing, and its frames still read summaries back (the first after a rebuild takes a few frames).
    await frames(app.page, 3);
    await app.page.waitForFunction(() => (window.explorer!.lastSummary?.count ?? 0) > 0, null, { timeout: 120_000 });
  });

  it('links with bad values open with the rest of their setup and name what they dropped; nothing becomes HTML', async () => {
    const links = [
      'colormap=%20x&lr=0.01',
      'colormap=&colorBy=abc&camera=abc&lr=0.004',
      'dropCount=NaN&initSigma=Infinity&eps=Infinity&lr=0.003',
      'landscape=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&lr=0.005',
      'lr=%3Cscript%3Ealert(1)%3C%2Fscript%3E&count=abc&box=1,2,3&dim=0x10&lr=0.006',
      'params=k:1e999&landscape=strict-saddle&dim=4&init=saddle&lr=0.007',
      '%E0%A4%A=1&lr=0.008&lr=0.009&__proto__=1&constructor=x',
    ];
    const wanted = [0.01, 0.004, 0.003, 0.005, 0.006, 0.007, 0.009];
    for (const [i, link] of links.entries()) {
      await app.page.goto(`${inject('appUrl')}?${LIGHT}&${link}`);
      await app.page.waitForFunction(() => window.explorer && window.explorer.frameCount > 1, null, { timeout: 90_000 });
      const seen = await app.page.evaluate(() => ({
        lr: window.explorer!.get().lr,
        notice: document.getElementById('notice')!.textContent ?? '',
        html: document.getElementById('notice')!.innerHTML,
        injected: document.querySelectorAll('img[src="x"], #notice script, #overlay script').length,
        query: window.explorer!.query(),
      }));
      expect(seen.lr, link).toBe(wanted[i]);
      expect(seen.injected, link).toBe(0);
      expect(seen.html, link).not.toMatch(/<img|<script/);
      expect(seen.notice.length, link).toBeGreaterThan(10);
      // The page's own address keeps only the good values.
      expect(seen.query, link).not.toMatch(/abc|Infinity|NaN|script|img/);
    }
    const last = await app.page.evaluate(() => document.getElementById('notice')!.textContent!);
    expect(last).toMatch(/more than once/);
    expect(last).toMatch(/not a setting/);
  });

  it('30 seeded random hostile links: each opens, keeps drawing, and shows its notices as text', async () => {
    // The link codec itself takes 1,000 such links in tests/node/settings.test.ts; these go through the whole page.
    let state = 7;
    const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const names = ['lr', 'count', 'dim', 'landscape', 'colormap', 'colorBy', 'camera', 'box', 'params', 'init', 'seed', 'bound', 'optimizer', 'x', '%3Cb%3E'];
    const values = ['abc', '', 'NaN', '-1', '1e308', '0x10', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', '%E0%A4%A', 'null', 'k:1e999',
      '1,2,3', '%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'rastrigin', '0.004', '3', 'top', 'magma', 'auto'];
    for (let i = 0; i < 30; i++) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => `${pick(names)}=${pick(values)}`);
      await app.page.goto(`${inject('appUrl')}?${LIGHT}&${parts.join('&')}`);
      await app.page.waitForFunction(() => window.explorer && window.explorer.frameCount > 1, null, { timeout: 90_000 });
      const seen = await app.page.evaluate(() => ({
        injected: document.querySelectorAll('img[src="x"], #notice *:not(.message):not(button), script:not([type="module"])').length,
        count: window.explorer!.get().count,
      }));
      expect(seen.injected, parts.join('&')).toBe(0);
      expect(seen.count).toBeGreaterThan(0);
    }
  });

  it('logged no console errors and no WebGPU validation errors', () => {
    expect(app.errors).toEqual([]);
  });
});
