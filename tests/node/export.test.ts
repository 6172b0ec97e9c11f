/**
 * The exports' pure parts: number formatting (exact, NaN and Infinity as stated), the summary
 * history's bounded thinning, the series and particle files read back, the surface's positions
 * and colours against the view mapping's own TypeScript, and the setup file's round trip with
 * its refusals.
 */
import { describe, expect, it } from 'vitest';
import * as THREE from 'three/webgpu';
import { csvFloat32, csvNumber, float32Text, jsonNumber } from '../../src/export/format';
import { SummaryHistory, RECORD_FIELDS } from '../../src/export/SummaryHistory';
import { seriesCsv, seriesFile, seriesJson } from '../../src/export/seriesExport';
import { checkParticleExportSize, MAX_EXPORTED_NUMBERS, particlesFile } from '../../src/export/particleExport';
import { drawnHeightRange, gridTriangles, surfaceArrays } from '../../src/export/surfaceGeometry';
import { importPatch, parseSetup, setupFile, setupOf, setupUrlOf, withTargetParams } from '../../src/export/setup';
import { FLAG_CONVERGED, FLAG_DIVERGED, NOT_ESCAPED, type ParticleSnapshot, type Summary } from '../../src/engine/types';
import { applyPatch, settingsFrom, toQuery } from '../../src/settings';
import { ViewMapping } from '../../src/view/ViewMapping';
import { COLORMAPS } from '../../src/view/colormaps';
import { mulberry32 } from '../random';

const rand = mulberry32(20240613);
/** A random non-zero value spread over many magnitudes, either sign. */
const randomValue = () => (rand() < 0.5 ? -1 : 1) * 10 ** (12 * rand() - 6) * (0.5 + rand());
const run = { landscape: 'rosenbrock', dim: 3, query: 'landscape=rosenbrock&dim=3' };

function summaryAt(step: number, loss = randomValue()): Summary {
  return {
    step, count: 64, live: 60, converged: 3, diverged: 4, best: 7, meanLoss: Math.abs(loss), minLoss: Math.abs(loss) / 3, maxLoss: Math.abs(loss) * 5,
    meanGradNorm: Math.abs(randomValue()), histogram: { lo: 0, hi: 1, counts: new Uint32Array(4), log: false },
    escape: { tracked: false, escaped: 0, meanSteps: 0, maxSteps: 0, binWidth: 1, counts: new Uint32Array(0) },
  };
}

describe('number formatting', () => {
  it('float32 values read back exactly, never longer than their exact double', () => {
    for (let k = 0; k < 20_000; k++) {
      const x = Math.fround(randomValue());
      const text = float32Text(x);
      expect(Math.fround(Number(text))).toBe(x);
      expect(text.length).toBeLessThanOrEqual(String(x).length);
    }
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(-2.5e-7))).toBe('-2.5e-7');
  });

  it('doubles keep full precision; NaN is an empty CSV cell and null in JSON, Infinity is written out in CSV', () => {
    for (let k = 0; k < 1000; k++) {
      const x = randomValue();
      expect(Number(csvNumber(x))).toBe(x);
      expect(JSON.parse(jsonNumber(x))).toBe(x);
    }
    expect([csvNumber(NaN), csvNumber(Infinity), csvNumber(-Infinity), csvFloat32(NaN)]).toEqual(['', 'Infinity', '-Infinity', '']);
    expect([jsonNumber(NaN), jsonNumber(Infinity), jsonNumber(-Infinity)]).toEqual(['null', 'null', 'null']);
  });
});

describe('summary history', () => {
  it('stays within its capacity, evenly spread, keeping the first and the newest record', () => {
    const h = new SummaryHistory(16);
    for (let step = 0; step < 1000; step += 5) {
      h.record(summaryAt(step));
      expect(h.length).toBeLessThanOrEqual(17);
      const steps = h.all().map((r) => r.step);
      expect(steps[0]).toBe(0);
      expect(steps[steps.length - 1]).toBe(step);
      // Every gap but the newest record's is the same stride.
      const gaps = steps.slice(1, -1).map((s, i) => s - steps[i]);
      expect(new Set(gaps).size).toBeLessThanOrEqual(1);
    }
    const steps = h.all().map((r) => r.step);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps[1] - steps[0]).toBe(5 * 16);
  });

  it('replaces a record of the same step, and starts afresh when the step goes back or the run changes', () => {
    const h = new SummaryHistory(8);
    const runA = {};
    const first = summaryAt(0);
    h.record(first, runA);
    h.record(summaryAt(10), runA);
    h.record(summaryAt(10, 123.5), runA);
    expect(h.all().map((r) => [r.step, r.meanLoss])).toEqual([[0, first.meanLoss], [10, 123.5]]);
    h.record(summaryAt(3), runA);
    expect(h.all().map((r) => r.step)).toEqual([3]);
    h.record(summaryAt(20), {});
    expect(h.all().map((r) => r.step)).toEqual([20]);
    expect(() => new SummaryHistory(1)).toThrow(RangeError);
  });

  it('records escapes only when tracked (NaN otherwise)', () => {
    const h = new SummaryHistory();
    const s = summaryAt(1);
    h.record(s);
    expect(h.all()[0].escaped).toBeNaN();
    h.record({ ...summaryAt(2), escape: { tracked: true, escaped: 5, meanSteps: 12.5, maxSteps: 40, binWidth: 1, counts: new Uint32Array(0) } });
    expect(h.all()[1]).toMatchObject({ escaped: 5, escapeMeanSteps: 12.5, escapeMaxSteps: 40 });
  });
});

describe('series files', () => {
  const h = new SummaryHistory();
  for (let step = 0; step < 40; step++) h.record(summaryAt(step * 3));
  h.record({ ...summaryAt(200), live: 0, best: -1, meanLoss: NaN, minLoss: NaN, maxLoss: NaN, meanGradNorm: NaN });
  const records = h.all();

  it('CSV: a header and one row per record, every number as it was, NaN empty', () => {
    const lines = seriesCsv(records).trimEnd().split('\n');
    expect(lines[0]).toBe(RECORD_FIELDS.join(','));
    expect(lines.length).toBe(records.length + 1);
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      expect(cells.length).toBe(RECORD_FIELDS.length);
      RECORD_FIELDS.forEach((k, c) => {
        const v = records[i][k];
        if (Number.isNaN(v)) expect(cells[c]).toBe('');
        else expect(Number(cells[c])).toBe(v);
      });
    });
  });

  it('JSON: the records with NaN as null, and the run they come from', async () => {
    const file = seriesFile(records, 'json', run);
    expect(file.name).toBe('loss-series-rosenbrock-step200.json');
    const json = JSON.parse(await file.text());
    expect(json).toMatchObject({ version: 1, landscape: 'rosenbrock', dim: 3, query: run.query });
    expect(json.records.length).toBe(records.length);
    json.records.forEach((r: Record<string, number | null>, i: number) =>
      RECORD_FIELDS.forEach((k) => expect(r[k]).toBe(Number.isNaN(records[i][k]) ? null : records[i][k])),
    );
    expect(JSON.parse(seriesJson([], run)).records).toEqual([]);
    expect(() => seriesFile(records, 'xml' as 'csv', run)).toThrow(/format must be 'csv' or 'json'; got "xml"/);
  });
});

function randomSnapshot(count: number, dim: number): ParticleSnapshot {
  const p: ParticleSnapshot = {
    step: 42, count, dim,
    positions: Float32Array.from({ length: count * dim }, randomValue),
    loss: Float32Array.from({ length: count }, () => Math.abs(randomValue())),
    gradNorm: Float32Array.from({ length: count }, () => Math.abs(randomValue())),
    flags: Uint32Array.from({ length: count }, () => (rand() < 0.3 ? FLAG_DIVERGED : rand() < 0.5 ? FLAG_CONVERGED : 0)),
    age: Uint32Array.from({ length: count }, () => Math.floor(rand() * 1000)),
    escapeAge: Uint32Array.from({ length: count }, () => (rand() < 0.5 ? NOT_ESCAPED : Math.floor(rand() * 100))),
  };
  p.loss[1] = NaN;
  p.loss[2] = Infinity;
  return p;
}

describe('particle files', () => {
  // More rows than one chunk holds, so chunk joins are read too.
  const p = randomSnapshot(2500, 3);

  it('CSV: one row per particle with every coordinate, loss, gradient norm and flags', async () => {
    const file = particlesFile(p, 'csv', run);
    expect(file.name).toBe('particles-rosenbrock-D3-step42.csv');
    const lines = (await file.text()).trimEnd().split('\n');
    expect(lines[0]).toBe('index,x1,x2,x3,loss,gradNorm,diverged,converged,age,escapeAge');
    expect(lines.length).toBe(p.count + 1);
    lines.slice(1).forEach((line, i) => {
      const c = line.split(',');
      expect(c.length).toBe(10);
      expect(Number(c[0])).toBe(i);
      for (let d = 0; d < 3; d++) expect(Math.fround(Number(c[1 + d]))).toBe(p.positions[i * 3 + d]);
      if (Number.isNaN(p.loss[i])) expect(c[4]).toBe('');
      else expect(Math.fround(Number(c[4]))).toBe(p.loss[i]);
      expect(Math.fround(Number(c[5]))).toBe(p.gradNorm[i]);
      expect([Number(c[6]), Number(c[7])]).toEqual([p.flags[i] & FLAG_DIVERGED ? 1 : 0, p.flags[i] & FLAG_CONVERGED ? 1 : 0]);
      expect(Number(c[8])).toBe(p.age[i]);
      expect(c[9]).toBe(p.escapeAge[i] === NOT_ESCAPED ? '' : String(p.escapeAge[i]));
    });
    expect(lines[3].split(',')[4]).toBe('Infinity');
  });

  it('JSON: one object per particle, non-finite losses as null', async () => {
    const json = JSON.parse(await particlesFile(p, 'json', run).text());
    expect(json).toMatchObject({ version: 1, step: 42, count: 2500, dim: 3, landscape: 'rosenbrock' });
    expect(json.particles.length).toBe(p.count);
    json.particles.forEach((q: { index: number; x: number[]; loss: number | null; diverged: boolean; escapeAge: number | null }, i: number) => {
      expect(q.index).toBe(i);
      q.x.forEach((x, d) => expect(Math.fround(x)).toBe(p.positions[i * 3 + d]));
      if (Number.isFinite(p.loss[i])) expect(Math.fround(q.loss!)).toBe(p.loss[i]);
      else expect(q.loss).toBeNull();
      expect(q.diverged).toBe((p.flags[i] & FLAG_DIVERGED) !== 0);
      expect(q.escapeAge).toBe(p.escapeAge[i] === NOT_ESCAPED ? null : p.escapeAge[i]);
    });
  });

  it('refuses more numbers than an export holds, saying how many', () => {
    expect(() => checkParticleExportSize(100_000, 100)).toThrow(RangeError);
    expect(() => checkParticleExportSize(100_000, 100)).toThrow(/100000 particles × \(100 coordinates \+ 7 columns\) is 10,700,000 numbers/);
    expect(() => checkParticleExportSize(MAX_EXPORTED_NUMBERS / 10, 3)).not.toThrow();
  });
});

describe('surface geometry', () => {
  const G = 7;
  const heights = Float32Array.from({ length: G * G }, () => Math.abs(randomValue()) + 0.1);

  for (const logScale of [false, true]) {
    it(`positions are the view mapping's world coordinates (log height ${logScale ? 'on' : 'off'})`, () => {
      const a = surfaceArrays(heights, G, logScale, 'viridis');
      const range = drawnHeightRange(heights);
      expect(range).toEqual([Math.min(...heights), Math.max(...heights)]);
      const mapping = new ViewMapping();
      mapping.set([-3, 2], [-1, 4], range, logScale);
      for (let j = 0; j < G; j++) {
        for (let i = 0; i < G; i++) {
          const k = i + G * j;
          const w = mapping.worldOf(-3 + (5 * i) / (G - 1), -1 + (5 * j) / (G - 1), heights[k]);
          expect(a.positions[3 * k]).toBeCloseTo(w.x, 5);
          expect(a.positions[3 * k + 1]).toBeCloseTo(w.y, 5);
          expect(a.positions[3 * k + 2]).toBeCloseTo(w.z, 5);
        }
      }
    });
  }

  it("colours are the colour map's at the level, in linear RGB; the lowest and highest vertices get its ends", () => {
    const a = surfaceArrays(heights, G, false, 'magma');
    const ends = [0, 1].map((t) => new THREE.Color().setStyle(COLORMAPS.magma(t), THREE.SRGBColorSpace));
    const lo = heights.indexOf(Math.min(...heights));
    const hi = heights.indexOf(Math.max(...heights));
    // The texture's half-texel clamp: the ends are exact.
    expect(Array.from(a.colors.slice(3 * lo, 3 * lo + 3)).map((c, i) => c - [ends[0].r, ends[0].g, ends[0].b][i]).every((d) => Math.abs(d) < 1e-6)).toBe(true);
    expect(Array.from(a.colors.slice(3 * hi, 3 * hi + 3)).map((c, i) => c - [ends[1].r, ends[1].g, ends[1].b][i]).every((d) => Math.abs(d) < 1e-6)).toBe(true);
  });

  it('every triangle faces up; non-finite heights sit at the clamp and leave the range alone', () => {
    const idx = gridTriangles(G);
    expect(idx.length).toBe((G - 1) ** 2 * 6);
    const flat = surfaceArrays(new Float32Array(G * G).fill(1), G, false, 'viridis');
    for (let t = 0; t < idx.length; t += 3) {
      const [p, q, r] = [idx[t], idx[t + 1], idx[t + 2]].map((k) => new THREE.Vector3().fromArray(flat.positions, 3 * k));
      expect(q.sub(p).cross(r.sub(p)).y).toBeGreaterThan(0);
    }
    const bad = Float32Array.from(heights);
    bad[3] = NaN;
    bad[4] = Infinity;
    bad[5] = -Infinity;
    const a = surfaceArrays(bad, G, true, 'viridis');
    expect(a.positions.every(Number.isFinite)).toBe(true);
    expect([a.positions[3 * 3 + 1], a.positions[3 * 4 + 1], a.positions[3 * 5 + 1]]).toEqual([6, 6, 0]);
    // The log level stops at 0 below the range; the linear one goes on to the clamp.
    expect(surfaceArrays(bad, G, false, 'viridis').positions[3 * 5 + 1]).toBe(-1);
    const finite = Array.from(bad).filter(Number.isFinite);
    expect(a.heightRange).toEqual([Math.min(...finite), Math.max(...finite)]);
    expect(drawnHeightRange(new Float32Array(4).fill(2))).toEqual([2, 3]);
    expect(() => surfaceArrays(heights, G + 1, false, 'viridis')).toThrow(RangeError);
  });
});

describe('setup files', () => {
  const settings = settingsFrom({ landscape: 'spectrum-quadratic', dim: 6, lr: 0.02 + 0.01 * rand(), params: { kappa: 37, negative: 2 }, seed: 99, box: [-2.5, 3], logScale: false, playing: false });

  it('round trip: the file reads back to the same settings, and its query opens the same setup', async () => {
    const text = await setupFile(settings).text();
    const json = JSON.parse(text);
    expect(json).toMatchObject({ format: 'loss-landscape-explorer-setup', version: 1, query: toQuery(settings) });
    expect(parseSetup(text)).toEqual(settings);
    expect(parseSetup(json)).toEqual(settings);
    expect(parseSetup({ query: json.query })).toEqual(settings);
    expect(parseSetup({ settings: { lr: 0.5 } })).toEqual(settingsFrom({ lr: 0.5 }));
    expect(setupUrlOf({ origin: 'https://example.org', pathname: '/explorer/' }, 'lr=0.5')).toBe('https://example.org/explorer/?lr=0.5');
    expect(setupUrlOf({ origin: 'https://example.org', pathname: '/' }, '')).toBe('https://example.org/');
  });

  it('refuses a bad or unknown field by name', () => {
    const good = setupOf(settings);
    const cases: [unknown, RegExp][] = [
      ['{"settings": ', /not JSON/],
      [[1], /got an array/],
      [{ ...good, colour: 'red' }, /unknown field "colour"/],
      [{ ...good, settings: { ...good.settings, learningRate: 0.1 } }, /Unknown setting "learningRate"/],
      [{ ...good, settings: { ...good.settings, lr: -1 } }, /lr/],
      [{ ...good, settings: { ...good.settings, params: { kappa: 37, wobble: 1 } } }, /params\.wobble/],
      [{ ...good, version: 2 }, /version 2 was written by a newer explorer/],
      [{ ...good, version: 'one' }, /version must be a whole number/],
      [{ ...good, format: 'something-else' }, /not an explorer setup/],
      [{ ...good, query: 'lr=0.5' }, /settings and query describe different setups \(they differ in .*lr/],
      [{ query: 'lr=oops' }, /in query, .*lr/],
      [{ format: good.format }, /neither settings nor query/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseSetup(input), String(message)).toThrow(RangeError);
      expect(() => parseSetup(input), String(message)).toThrow(message);
    }
  });

  it("a setup of the same landscape returns parameters it leaves out to their defaults; the target's record is kept", () => {
    const current = applyPatch(settings, { params: { kappa: 500, seed: 7 } });
    const target = settingsFrom({ landscape: 'spectrum-quadratic', dim: 6, params: { negative: 1 } });
    const patch = importPatch(current, target);
    expect(patch.params).toEqual({ negative: 1, kappa: 10, seed: 1 });
    const applied = applyPatch(current, patch);
    expect(withTargetParams(applied, target)).toEqual(target);
    // Another landscape's parameters never reach the patch.
    expect(importPatch(current, settingsFrom({ landscape: 'quadratic' })).params).toEqual({});
  });
});
