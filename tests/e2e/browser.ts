/** A headful Chromium with WebGPU on the app, collecting every console error. */
import { chromium, type Browser, type Page } from 'playwright';
import { mkdirSync } from 'node:fs';
import { CHROMIUM_FLAGS, chromiumPath } from '../chromium';

export const SHOTS = 'test-results/e2e';

export interface AppPage {
  browser: Browser;
  page: Page;
  errors: string[];
}

export async function openApp(url: string): Promise<AppPage> {
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    throw new Error('The end-to-end tests need a display (WebGPU canvases are blank in headless screenshots). Run them with `npm test`, which starts Xvfb.');
  }
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: false, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.explorer && window.explorer.frameCount > 2, null, { timeout: 90_000 });
  return { browser, page, errors };
}

/** Waits until the explorer has drawn `n` more frames. */
export async function frames(page: Page, n: number): Promise<void> {
  const start = await page.evaluate(() => window.explorer!.frameCount);
  await page.waitForFunction((target) => window.explorer!.frameCount >= target, start + n, { timeout: 540_000 });
}

/** The lil-gui controller whose label starts with `label`. */
export function control(page: Page, label: string) {
  return page.locator('.lil-gui .lil-controller').filter({ has: page.locator('.lil-name', { hasText: label }) }).first();
}
