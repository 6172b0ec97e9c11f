/**
 * A lost GPU device: the explorer comes back on a new device with the same settings and keeps
 * drawing, the page says what happened, and a script's call that was running rejects with a
 * DeviceLostError instead of hanging. When the browser then gives no GPU at all (Chrome after a
 * second GPU-process crash), the page says the GPU was lost and how to get it back.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExplorerSettings } from '../../src/settings';
import { canvasStats, openApp, SHOTS, type AppPage } from './browser';

declare global {
  interface Window {
    /** Every notice shown since the test began (they fade, so they are recorded as they come). */
    notices: string[];
    /** The explorer before the loss, to tell the new one from it. */
    lostExplorer?: unknown;
  }
}

let app: AppPage;

beforeAll(async () => {
  app = await openApp(inject('appUrl'));
  await app.page.evaluate(async () => {
    // Small and not the defaults, so "the same settings" means something and recovery is quick.
    await window.explorer!.set({ landscape: 'rastrigin', dim: 3, count: 512, surfaceGrid: 32, trailCount: 16, lr: 0.002, colorBy: 'loss' });
    window.notices = [];
    new MutationObserver((changes) =>
      changes.forEach((c) => c.addedNodes.forEach((n) => n instanceof HTMLElement && n.dataset.text && window.notices.push(n.dataset.text))),
    ).observe(document.getElementById('notice')!, { childList: true });
  });
});

afterAll(async () => {
  await app?.browser.close();
});

/** Waits for a new explorer that has drawn a few frames; returns the settings it runs with. */
async function recovered(): Promise<ExplorerSettings> {
  await app.page.waitForFunction(() => window.explorer && window.explorer !== window.lostExplorer && window.explorer.frameCount > 3, null, {
    timeout: 120_000,
  });
  return app.page.evaluate(() => window.explorer!.get());
}

/** It draws: frames go on and the canvas is a landscape, not a blank. */
async function expectDrawing(shot: string): Promise<void> {
  const frames = await app.page.evaluate(() => window.explorer!.frameCount);
  await app.page.waitForFunction((n) => window.explorer!.frameCount > n + 3, frames, { timeout: 60_000 });
  await app.page.screenshot({ path: `${SHOTS}/${shot}.png` });
  const stats = await canvasStats(app.page);
  expect(stats.colours).toBeGreaterThan(100);
  expect(stats.lumaStd).toBeGreaterThan(10);
}

/** Forgets the notices so far and remembers the explorer now; returns its settings. */
async function before(): Promise<ExplorerSettings> {
  return app.page.evaluate(() => {
    window.notices = [];
    window.lostExplorer = window.explorer;
    return window.explorer!.get();
  });
}

describe('a lost GPU device', () => {
  it('destroyed: a new explorer with the same settings draws, a notice says so, pending calls reject clearly', async () => {
    const { kept, calls } = await app.page.evaluate(async () => {
      const e = window.explorer!;
      window.notices = [];
      window.lostExplorer = e;
      // step() pauses: pause first, so the settings to keep are those the calls run with.
      e.pause();
      const kept = e.get();
      // A call running and one queued behind it when the device goes. (A far longer step, a
      // million, keeps the GPU busy so long that Chrome's watchdog kills the GPU process.)
      const running = [e.step(64), e.summary()].map((p) =>
        p.then(
          () => 'resolved',
          (err: Error) => `${err.name}: ${err.message}`,
        ),
      );
      e.device.destroy();
      return { kept, calls: await Promise.all(running) };
    });
    for (const c of calls) expect(c).toMatch(/^DeviceLostError: The GPU device was lost \(destroyed/);
    expect(await recovered()).toEqual(kept);
    await app.page.evaluate(() => window.explorer!.play());
    await expectDrawing('device-destroyed');
    const notices = await app.page.evaluate(() => window.notices);
    expect(notices.some((n) => /GPU device was lost \(destroyed/.test(n))).toBe(true);
    expect(notices.some((n) => /^Restarted with your settings/.test(n))).toBe(true);
    // The old explorer refuses new work clearly too.
    const late = await app.page.evaluate(() =>
      (window.lostExplorer as typeof window.explorer)!.summary().then(
        () => 'resolved',
        (err: Error) => err.name,
      ),
    );
    expect(late).toBe('DeviceLostError');
  });

  it('a GPU-process crash: the same recovery', async () => {
    const kept = await before();
    const cdp = await app.browser.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess');
    expect(await recovered()).toEqual(kept);
    await expectDrawing('gpu-process-crashed');
    const notices = await app.page.evaluate(() => window.notices);
    expect(notices.some((n) => /GPU device was lost \(lost by the browser or driver/.test(n))).toBe(true);
  });

  it('a second crash: recovered, or (no GPU offered any more) a message that says how to get it back', async () => {
    await before();
    const cdp = await app.browser.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess');
    // Chrome 156 here refuses WebGPU to the page after its second GPU-process crash; other
    // versions may recover. Either way the page must say what happened, never blame the driver.
    await app.page.waitForFunction(
      () =>
        (window.explorer && window.explorer !== window.lostExplorer && window.explorer.frameCount > 3) ||
        window.notices.some((n) => n.startsWith('The GPU was lost')),
      null,
      { timeout: 120_000 },
    );
    const notices = await app.page.evaluate(() => window.notices);
    expect(notices.join('\n')).not.toMatch(/blocklisted/);
    const refused = notices.find((n) => n.startsWith('The GPU was lost'));
    if (refused) {
      expect(refused).toMatch(/Reload the page/);
      expect(refused).toMatch(/restart the browser/);
      expect(refused).toMatch(/chrome:\/\/gpu/);
      // The CPU engine runs meanwhile, and no dead explorer is left for scripts.
      expect(await app.page.evaluate(() => window.explorer === undefined)).toBe(true);
      await expect.poll(() => app.page.locator('#overlay').textContent()).toMatch(/CPU engine/);
      await app.page.screenshot({ path: `${SHOTS}/gpu-refused.png` });
    } else {
      await expectDrawing('gpu-process-crashed-twice');
    }
  });

  it('logged no console errors', () => {
    expect(app.errors).toEqual([]);
  });
});
