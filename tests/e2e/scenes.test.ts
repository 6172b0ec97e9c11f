/**
 * Lecture scenes and classroom mode end to end: every scene opens, steps through, and its readout
 * appears and measures its claim; links open a scene at a step; the arrow keys step; classroom
 * mode hides the panel, enlarges the type and lists the keys.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canvasStats, openApp, SHOTS, type AppPage } from './browser';

let app: AppPage;

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?scene=high-dimension&sceneStep=2`);
});

afterAll(async () => {
  await app?.browser.close();
});

/** Opens a scene, visits every step in order (running `extra` steps in each where asked), and returns each step's readout. */
async function playThrough(id: string, extra: Record<number, number> = {}) {
  return app.page.evaluate(
    async ({ id, extra }) => {
      const scenes = window.scenes!;
      const e = window.explorer!;
      await scenes.open(id);
      const out: { step: number; headline: string; value: number; error: string | null; caption: string }[] = [];
      const n = scenes.current!.scene.steps.length;
      for (let i = 0; i < n; i++) {
        await scenes.goTo(i);
        e.pause();
        if (extra[i]) await e.step(extra[i]);
        const r = await scenes.measure();
        const s = scenes.current!;
        out.push({ step: s.step, headline: r?.headline ?? '', value: r?.value ?? NaN, error: s.error, caption: document.querySelector('#scene-caption .scene-step')?.textContent ?? '' });
      }
      return out;
    },
    { id, extra },
  );
}

describe('lecture scenes', () => {
  it('a link opens a scene at its step, with its caption and readout on screen', async () => {
    await app.page.waitForFunction(() => window.scenes?.current?.step === 1 && !window.scenes.current.busy, null, { timeout: 120_000 });
    const s = await app.page.evaluate(() => ({ id: window.scenes!.current!.scene.id, dim: window.explorer!.get().dim, url: location.search }));
    expect(s).toEqual({ id: 'high-dimension', dim: 100, url: '?scene=high-dimension&sceneStep=2' });
    await expect.poll(() => app.page.locator('#scene-caption .scene-readout-value').textContent(), { timeout: 30_000 }).toMatch(/%/);
    expect(await app.page.locator('#scene-caption .scene-title').textContent()).toBe('In high dimension, random starts all look alike');
  });

  it('every scene is listed in the panel and opens from it', async () => {
    const { ids, titles } = await app.page.evaluate(() => ({ ids: window.scenes!.list().map((s) => s.id), titles: window.scenes!.list().map((s) => s.title) }));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    const options = await app.page.locator('.lil-gui .lil-controller', { hasText: 'lecture scene' }).locator('option').allTextContents();
    for (const t of titles) expect(options).toContain(t);
  });

  it('high dimension: the loss of random starts concentrates as D grows', async () => {
    const r = await playThrough('high-dimension');
    expect(r.map((x) => x.error)).toEqual([null, null, null]);
    // Rastrigin's loss at Gaussian starts: relative spread ∝ 1/√D, so D = 2 → 2,500 shrinks it by far more than 5×.
    expect(r[2].value).toBeLessThan(r[0].value / 5);
    expect(r[2].value).toBeGreaterThan(0);
  });

  it('depth acceleration: the depth-3 network reaches a lower loss in the same 2,000 steps', async () => {
    const r = await playThrough('depth-acceleration');
    expect(r.map((x) => x.error)).toEqual([null, null, null, null]);
    // Measured: 3.7e-7 at depth 1 against 1.5e-7 at depth 3 (2.6 times lower).
    expect(r[3].value).toBeLessThan(r[1].value / 1.5);
    expect(r[1].value).toBeLessThan(r[0].value);
  });

  it('saddle escape: none escape without noise, most with it', async () => {
    const r = await playThrough('saddle-escape', { 0: 300, 1: 300, 2: 300 });
    expect(r[0].value).toBe(0);
    expect(r[1].value).toBeGreaterThan(0.9);
    expect(r[2].value).toBeGreaterThan(0.9);
  });

  it("critical points: Himmelblau's 4 minima, 4 saddles, 1 maximum and the camel's 6, 7, 2", async () => {
    const r = await playThrough('critical-points');
    expect(r[1].headline).toBe('4 · 4 · 1');
    expect(r[2].headline).toBe('6 · 7 · 2');
  });

  it('birthday paradox: a bound at the start, about four points after descent on Himmelblau', async () => {
    const r = await playThrough('birthday-paradox');
    expect(r.map((x) => x.error)).toEqual([null, null, null]);
    expect(r[0].headline).toMatch(/^> /);
    // Measured: 4.4 (the four minima, unequal basins).
    expect(r[1].value).toBeGreaterThan(3);
    expect(r[1].value).toBeLessThan(6.5);
    // The last step turns the camera.
    const pose = await app.page.evaluate(() => window.explorer!.view.cameraPose('3d').position);
    [0, 20, 9].forEach((x, i) => expect(pose[i]).toBeCloseTo(x, 6));
  });

  it('noise stability: the trained network attenuates noise more than at its start', async () => {
    const r = await playThrough('noise-stability');
    expect(r.map((x) => x.error)).toEqual([null, null]);
    expect(r[1].value).toBeGreaterThan(0);
    expect(r[1].value).toBeLessThan(1);
  });

  it('edge of stability and over-parameterization: the readouts appear and measure', async () => {
    const eos = await playThrough('edge-of-stability', { 0: 64, 1: 64, 2: 64, 3: 16 });
    expect(eos.map((x) => x.error)).toEqual([null, null, null, null]);
    // Measured: 73 % of 2/η at step 64, 98 % at 128, 102 % at 192.
    expect(eos[2].value).toBeGreaterThan(0.9);
    expect(eos[2].value).toBeLessThan(1.2);
    expect(eos[3].headline).toMatch(/\/ 8\.00$/);
    const over = await playThrough('overparameterization', { 0: 50, 2: 50 });
    for (const x of over) expect(x.value).toBeGreaterThanOrEqual(0);
    expect(over[3].caption).toMatch(/Every network reaches zero loss/);
  });

  it('the arrow keys step through a scene, the link follows, Escape leaves it', async () => {
    await app.page.evaluate(() => window.scenes!.open('saddle-escape'));
    await app.page.keyboard.press('ArrowRight');
    await app.page.waitForFunction(() => window.scenes!.current?.step === 1 && !window.scenes!.current.busy);
    expect(await app.page.evaluate(() => [location.search, window.explorer!.get().noise])).toEqual(['?scene=saddle-escape&sceneStep=2', 'gradient']);
    await app.page.keyboard.press('ArrowLeft');
    await app.page.waitForFunction(() => window.scenes!.current?.step === 0 && !window.scenes!.current.busy);
    // Going back undoes the step: the noise it turned on is off again.
    expect(await app.page.evaluate(() => window.explorer!.get().noise)).toBe('none');
    await app.page.keyboard.press('Escape');
    expect(await app.page.evaluate(() => [window.scenes!.current, document.getElementById('scene-caption')!.hidden])).toEqual([null, true]);
    expect(await app.page.evaluate(() => location.search)).not.toContain('scene=');
  });

  it('a scene records from its first step to its last, its title and narration in the frames', async () => {
    const r = await app.page.evaluate(async () => {
      const scenes = window.scenes!;
      await scenes.open('saddle-escape', 2);
      const seconds = scenes.recordingSeconds;
      const texts: string[] = [];
      const blob = (await window.explorer!.record({
        format: 'webm', width: 160, height: 96, fps: 1, seconds, stepsPerFrame: 4,
        // The page's scene timeline, watched: what each frame's title and caption say.
        beforeFrame: async (frame, fps) => {
          const t = await window.sceneTimeline!(frame, fps);
          texts.push(`${t?.title} | ${t?.caption}`);
          return t;
        },
      })) as Blob;
      return { seconds, size: blob.size, texts, noise: window.explorer!.get().noise, step: scenes.current!.step };
    });
    expect(r.seconds).toBe(22);
    expect(r.texts.length).toBe(22);
    expect(r.size).toBeGreaterThan(1000);
    // Step 1 for its 6 seconds, step 2 for 8, step 3 for 8: the narration follows, and the scene ends on its last step.
    expect(r.texts[0]).toMatch(/^Noise lets gradient descent escape saddle points.* \| 1,024 particles start exactly on a strict saddle/);
    expect(r.texts[6]).toMatch(/\| Add small Gaussian gradient noise/);
    expect(r.texts[21]).toMatch(/saddle points — \d+ % \| Perturbed gradient descent/);
    expect(r).toMatchObject({ noise: 'perturbed', step: 2 });
  });

  it('an unknown scene is refused naming the scenes', async () => {
    const message = await app.page.evaluate(() => window.scenes!.open('nope').then(() => 'opened', (e: Error) => e.message));
    expect(message).toMatch(/No scene "nope"\. The scenes are: .*saddle-escape/);
  });
});

describe('classroom mode', () => {
  it('hides the panel, enlarges the type, turns the background black and lists the keys; c toggles it', async () => {
    await app.page.evaluate(() => window.scenes!.open('saddle-escape'));
    const before = await app.page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#scene-caption .scene-step')!).fontSize));
    const chartHeight = () => app.page.evaluate(() => document.querySelector<HTMLCanvasElement>('#overlay [data-k="loss-chart"] canvas')!.getBoundingClientRect().height);
    const chartBefore = await chartHeight();
    // The analysis and trajectory readouts' charts too, shown or not (their canvas's backing height).
    const hiddenCharts = () => app.page.evaluate(() =>
      ['#analysis [data-k="escape-chart"]', '#trajectory [data-k="sharp-chart"]'].map((s) => document.querySelector<HTMLCanvasElement>(`${s} canvas`)!.height));
    const hiddenBefore = await hiddenCharts();
    await app.page.keyboard.press('c');
    await app.page.waitForFunction(() => document.body.classList.contains('classroom'));
    const r = await app.page.evaluate(() => ({
      setting: window.explorer!.get().classroom,
      panel: getComputedStyle(document.querySelector('.lil-gui.lil-root')!).display,
      legend: getComputedStyle(document.getElementById('key-legend')!).display,
      keys: document.getElementById('key-legend')!.textContent,
      font: parseFloat(getComputedStyle(document.querySelector('#scene-caption .scene-step')!).fontSize),
      url: location.search,
    }));
    expect(r.setting).toBe(true);
    expect(r.panel).toBe('none');
    expect(r.legend).toBe('flex');
    expect(r.keys).toMatch(/previous \/ next step.*play \/ pause/);
    expect(r.font).toBeGreaterThanOrEqual(before * 1.4);
    expect(r.url).toContain('classroom=');
    // The overlay's charts are drawn again, larger, lettered for the back row (one loss chart, not two).
    await expect.poll(chartHeight).toBeGreaterThanOrEqual(chartBefore * 1.3);
    const hiddenAfter = await hiddenCharts();
    hiddenAfter.forEach((h, i) => expect(h).toBeGreaterThanOrEqual(hiddenBefore[i] * 1.3));
    expect(await app.page.evaluate(() => document.querySelectorAll('#overlay [data-k="loss-chart"] canvas').length)).toBe(1);
    await app.page.screenshot({ path: `${SHOTS}/classroom.png` });
    // The canvas clears to black for the projector.
    const { corner } = await canvasStats(app.page);
    expect(Math.max(...corner)).toBeLessThan(8);
    await app.page.keyboard.press('c');
    await app.page.waitForFunction(() => !document.body.classList.contains('classroom'));
    expect(await app.page.evaluate(() => getComputedStyle(document.querySelector('.lil-gui.lil-root')!).display)).not.toBe('none');
    await expect.poll(chartHeight).toBe(chartBefore);
    expect(await hiddenCharts()).toEqual(hiddenBefore);
  });
});
