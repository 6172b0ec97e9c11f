/**
 * The exports end to end, through window.explorer: a short run's summary series as CSV and
 * JSON (one row per record), the particles (coordinates as explorer.particles() reads them), the
 * surface as a glTF that three's GLTFLoader reads back, its heights against the landscape's
 * TypeScript twin on a random plane, and the setup: exported, changed, imported back, refused
 * when a field is bad (nothing changes), and opened as a URL.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { landscapeById } from '../../src/landscapes';
import { levelOf } from '../../src/export/surfaceGeometry';
import { frames, openApp, type AppPage } from './browser';

const GRID = 16;
let app: AppPage;

beforeAll(async () => {
  app = await openApp(`${inject('appUrl')}?landscape=rosenbrock&dim=3&count=48&surfaceGrid=${GRID}&trailCount=0&sliceDirections=random&sliceSeed=7`);
});

afterAll(async () => {
  await app?.browser.close();
});

const csvRows = (text: string) => text.trimEnd().split('\n').map((line) => line.split(','));

describe('exports', () => {
  it('the summary series: one CSV row and one JSON record per summary since the reset', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      e.pause();
      e.reset();
      for (let k = 0; k < 4; k++) await e.step(5);
      const records = e.summaryHistory();
      const csv = e.exportSeries('csv');
      const json = e.exportSeries('json');
      let refused = '';
      try {
        e.exportSeries('xml' as 'csv');
      } catch (err) {
        refused = `${(err as Error).name}: ${(err as Error).message}`;
      }
      return { records, csv: await csv.text(), csvName: csv.name, json: await json.text(), query: e.query(), refused };
    });
    const steps = r.records.map((x) => x.step);
    expect(steps[steps.length - 1]).toBe(20);
    expect(steps.slice(-4)).toEqual([5, 10, 15, 20]);
    expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
    expect(r.csvName).toBe('loss-series-rosenbrock-step20.csv');
    const rows = csvRows(r.csv);
    expect(rows.length).toBe(r.records.length + 1);
    const column = (name: string) => rows[0].indexOf(name);
    rows.slice(1).forEach((row, i) => {
      expect(Number(row[column('step')])).toBe(r.records[i].step);
      expect(Number(row[column('meanLoss')])).toBe(r.records[i].meanLoss);
      expect(Number(row[column('live')])).toBe(r.records[i].live);
    });
    const json = JSON.parse(r.json);
    expect(json).toMatchObject({ landscape: 'rosenbrock', dim: 3, query: r.query });
    expect(json.records.map((x: { step: number }) => x.step)).toEqual(steps);
    expect(json.records.map((x: { minLoss: number }) => x.minLoss)).toEqual(r.records.map((x) => x.minLoss));
    expect(r.refused).toMatch(/^RangeError: exportSeries\(format\): format must be 'csv' or 'json'/);
  });

  it('particles: every coordinate, loss and flag as explorer.particles() reads them', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      const p = await e.particles();
      const [csv, json] = [await e.exportParticles('csv'), await e.exportParticles('json')];
      return {
        positions: Array.from(p.positions), loss: Array.from(p.loss), flags: Array.from(p.flags), count: p.count, dim: p.dim,
        csv: await csv.text(), name: csv.name, json: await json.text(),
      };
    });
    expect(r.name).toBe('particles-rosenbrock-D3-step20.csv');
    const rows = csvRows(r.csv);
    expect(rows[0]).toEqual(['index', 'x1', 'x2', 'x3', 'loss', 'gradNorm', 'diverged', 'converged', 'age', 'escapeAge']);
    expect(rows.length).toBe(r.count + 1);
    rows.slice(1).forEach((row, i) => {
      for (let d = 0; d < 3; d++) expect(Math.fround(Number(row[1 + d]))).toBe(r.positions[i * 3 + d]);
      expect(Math.fround(Number(row[4]))).toBe(r.loss[i]);
      expect(Number(row[6])).toBe(r.flags[i] & 1);
    });
    const json = JSON.parse(r.json);
    expect(json).toMatchObject({ step: 20, count: 48, dim: 3 });
    expect(json.particles.length).toBe(48);
    json.particles.forEach((q: { x: number[] }, i: number) => q.x.forEach((x, d) => expect(Math.fround(x)).toBe(r.positions[i * 3 + d])));
  });

  it("the surface as glTF: GLTFLoader reads it, with the grid's vertices at the twin's heights, and the staging buffer is freed", async () => {
    await frames(app.page, 3);
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      const before = e.gpuMemory().liveBuffers;
      const file = await e.exportSurface();
      const bytes = Array.from(new Uint8Array(await file.arrayBuffer()));
      const plane = e.slice();
      const toArray = (v: ArrayLike<number>) => Array.from(v);
      return {
        bytes, name: file.name, type: file.type, settings: e.get(), drawnRange: e.surfaceRange, buffers: [before, e.gpuMemory().liveBuffers],
        plane: { center: toArray(plane.center), u: toArray(plane.u), v: toArray(plane.v), aRange: plane.aRange, bRange: plane.bRange },
      };
    });
    expect(r.name).toBe('surface-rosenbrock-D3.glb');
    expect(r.type).toBe('model/gltf-binary');
    expect(r.buffers[1]).toBe(r.buffers[0]);
    const glb = new Uint8Array(r.bytes).buffer;
    expect(new TextDecoder().decode(new Uint8Array(glb, 0, 4))).toBe('glTF');
    const gltf = await new GLTFLoader().parseAsync(glb, '');
    const meshes: THREE.Mesh[] = [];
    gltf.scene.traverse((o) => (o as THREE.Mesh).isMesh && meshes.push(o as THREE.Mesh));
    expect(meshes.length).toBe(1);
    const geometry = meshes[0].geometry;
    const position = geometry.getAttribute('position');
    expect(position.count).toBe(GRID * GRID);
    expect(geometry.getAttribute('color').count).toBe(GRID * GRID);
    expect(geometry.index!.count).toBe((GRID - 1) ** 2 * 6);
    const extras = meshes[0].userData as { heightRange: [number, number]; logScale: boolean; grid: number };
    expect(extras.grid).toBe(GRID);
    // The range the file was made over is the one the view mapping holds.
    expect(extras.heightRange).toEqual(r.drawnRange);

    // The twin: the loss on the same plane in double precision, mapped as the view maps it.
    const landscape = landscapeById('rosenbrock');
    const { center, u, v, aRange, bRange } = r.plane;
    const losses: number[] = [];
    for (let j = 0; j < GRID; j++) {
      for (let i = 0; i < GRID; i++) {
        const a = aRange[0] + ((aRange[1] - aRange[0]) * i) / (GRID - 1);
        const b = bRange[0] + ((bRange[1] - bRange[0]) * j) / (GRID - 1);
        losses.push(landscape.evaluate(center.map((c, d) => c + a * u[d] + b * v[d]), null, [], 3));
      }
    }
    const range: [number, number] = [Math.min(...losses), Math.max(...losses)];
    range.forEach((x, k) => expect(Math.abs(x - extras.heightRange[k])).toBeLessThan(1e-5 * Math.abs(x) + 1e-6));
    expect(extras.logScale).toBe(r.settings.logScale);
    let worst = 0;
    losses.forEach((f, k) => {
      const y = Math.min(Math.max(levelOf(f, range, r.settings.logScale), -0.25), 1.5) * 4;
      worst = Math.max(worst, Math.abs(position.getY(k) - y));
    });
    expect(worst).toBeLessThan(1e-3);
    expect(new Set(losses.map((_, k) => position.getY(k).toFixed(3))).size).toBeGreaterThan(GRID);
  });

  it('the setup: exported, changed, imported back; a bad one is refused by name and changes nothing', async () => {
    const r = await app.page.evaluate(async () => {
      const e = window.explorer!;
      await e.set({ lr: 0.00123, colormap: 'cividis', seed: 11 });
      const saved = e.get();
      const text = await e.exportSetup().text();
      await e.set({ lr: 0.01, colormap: 'magma', seed: 3, logScale: !saved.logScale, surfaceGrid: 24 });
      await e.importSetup(text);
      const restored = e.get();
      const bad = JSON.parse(text);
      bad.settings.lr = -3;
      const attempts: string[] = [];
      for (const setup of [bad, { ...JSON.parse(text), settings: { ...JSON.parse(text).settings, momentumBeta: 2, bogusSetting: 1 } }, `${text}}`]) {
        await e.set({ lr: 0.02 });
        const before = e.get();
        try {
          await e.importSetup(setup);
          attempts.push('accepted');
        } catch (err) {
          attempts.push(`${(err as Error).name}: ${(err as Error).message}`);
        }
        if (JSON.stringify(e.get()) !== JSON.stringify(before)) attempts.push('changed');
      }
      await e.importSetup(text);
      return { saved, restored, text, attempts, url: e.setupUrl(), query: e.query(), origin: location.origin + location.pathname };
    });
    expect(r.restored).toEqual(r.saved);
    expect(JSON.parse(r.text)).toMatchObject({ format: 'loss-landscape-explorer-setup', version: 1, settings: r.saved });
    expect(r.attempts.length).toBe(3);
    expect(r.attempts[0]).toMatch(/^RangeError: The setup was refused: in settings, lr = -3/);
    expect(r.attempts[1]).toMatch(/^RangeError: The setup was refused: in settings, .*(momentumBeta|bogusSetting)/);
    expect(r.attempts[2]).toMatch(/^RangeError: The setup was refused: it is not JSON/);
    expect(r.url).toBe(`${r.origin}?${r.query}`);

    // Opening the link gives the same setup.
    await app.page.goto(r.url);
    await app.page.waitForFunction(() => window.explorer && window.explorer.frameCount > 2, null, { timeout: 90_000 });
    const opened = await app.page.evaluate(() => window.explorer!.get());
    expect(opened).toEqual(r.saved);
    expect(app.errors).toEqual([]);
  });
});
