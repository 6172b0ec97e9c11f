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

/**
 * Opens the app at `url` and waits until `ready` holds in the page: by default the explorer has
 * drawn a few frames (a page opened on a lab waits for the lab: the explorer draws nothing under it).
 */
export async function openApp(url: string, ready: () => unknown = () => window.explorer && window.explorer.frameCount > 2): Promise<AppPage> {
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
  await page.waitForFunction(ready, null, { timeout: 90_000 });
  return { browser, page, errors };
}

/** Waits until the explorer has drawn `n` more frames. */
export async function frames(page: Page, n: number): Promise<void> {
  const start = await page.evaluate(() => window.explorer!.frameCount);
  await page.waitForFunction((target) => window.explorer!.frameCount >= target, start + n, { timeout: 540_000 });
}

/** The lil-gui controller whose label starts with `label`. */
export function control(page: Page, label: string) {
  const start = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  return page.locator('.lil-gui .lil-controller').filter({ has: page.locator('.lil-name', { hasText: start }) }).first();
}

/** Colour statistics of an image (a data URL): a blank or one-colour picture shows few colours and no contrast. */
export async function imageStats(page: Page, dataUrl: string) {
  return page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < data.length; i += 16) {
      colours.add((data[i] >> 3) * 1024 + (data[i + 1] >> 3) * 32 + (data[i + 2] >> 3));
      const l = 0.3 * data[i] + 0.59 * data[i + 1] + 0.11 * data[i + 2];
      sum += l;
      sum2 += l * l;
    }
    const n = data.length / 16;
    // The top-left pixel: the background the canvas clears to.
    const corner = Array.from(data.slice(0, 3));
    return { width: c.width, height: c.height, colours: colours.size, lumaStd: Math.sqrt(sum2 / n - (sum / n) ** 2), corner };
  }, dataUrl);
}

/** Colour statistics of the explorer's canvas, drawn now (imageStats). */
export async function canvasStats(page: Page) {
  return imageStats(page, await page.evaluate(() => window.explorer!.screenshot()));
}
