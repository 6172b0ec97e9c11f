/**
 * The settings table, checked row by row (driven by the table itself) and by a seeded fuzz of
 * patches and links: every bad value is refused with a message naming it and changes nothing;
 * every accepted result is a valid setup.
 */
import { describe, expect, it } from 'vitest';
import {
  applyPatch, checkValue, DEFAULT_SETTINGS, fromQuery, SCHEMA, settingsFrom, toQuery, type ExplorerSettings, type Row,
} from '../../src/settings';
import { landscapeById, LANDSCAPES } from '../../src/landscapes';
import { mulberry32 } from '../random';

const keys = Object.keys(SCHEMA);
const base = () => settingsFrom();

/** Values no row of this type may take. */
function badValues(row: Row): unknown[] {
  const common = [undefined, null, NaN, Infinity, -Infinity, 'x', '', ' x', () => 1, {}, [], [1, 2, 3], Symbol.iterator.toString()];
  switch (row.type) {
    case 'number': {
      const out: unknown[] = [...common, '1', true, row.max + Math.max(1, Math.abs(row.max)), row.min - Math.max(1, Math.abs(row.min)), 1e308, -1e308];
      if (row.integer) out.push(row.min + 0.5);
      if (row.minOpen) out.push(row.min);
      if (row.maxOpen) out.push(row.max);
      return out;
    }
    case 'choice':
      return [...common.filter((v) => v !== 'x'), 'not-a-choice', 'constructor', '__proto__', 1, true];
    case 'boolean':
      return [...common, 'true', 1, 0];
    case 'optional-number':
      return common.filter((v) => v !== null).concat([row.min - 1, '5']);
    case 'interval':
      return [...common.filter((v) => v !== null), [2, 1], [1, 1], [0, NaN], [0, Infinity], ['0', '1'], [1]];
    case 'record':
      return [null, NaN, 'x', [], [1], () => 1, { a: NaN }, { a: 'x' }, { a: Infinity }];
    case 'text':
      return [undefined, null, NaN, 1, true, {}, [], () => 1, 'x'.repeat(row.maxLength + 1)];
  }
}

/** Values every row of this type must take, boundaries included. */
function goodValues(row: Row): unknown[] {
  switch (row.type) {
    case 'number': {
      const out = [row.default];
      if (!row.minOpen) out.push(row.min);
      if (!row.maxOpen) out.push(row.max);
      return out;
    }
    case 'choice':
      return Object.keys(row.choices);
    case 'boolean':
      return [true, false];
    case 'optional-number':
      return [null, row.min + 1];
    case 'interval':
      return [null, [-1, 1], [0, 1e-3]];
    case 'record':
      return [{}];
    case 'text':
      return [row.default];
  }
}

/** The invariants of any setup the explorer can hold. */
function expectValid(s: ExplorerSettings): void {
  for (const key of keys) expect(checkValue(key, SCHEMA[key], s[key as keyof ExplorerSettings]), key).toBeNull();
  expect(Object.keys(s).sort()).toEqual([...keys].sort());
  const l = landscapeById(s.landscape);
  // A network's dimension is its parameter count.
  if (l.dimensionOf) expect(s.dim).toBe(l.dimensionOf(l.params.map((p) => s.params[p.key] ?? p.default)));
  expect(s.dim).toBeGreaterThanOrEqual(l.dims.min);
  expect(s.dim).toBeLessThanOrEqual(l.dims.max);
  for (const [k, v] of Object.entries(s.params)) {
    const p = l.params.find((q) => q.key === k);
    expect(p, `params.${k}`).toBeDefined();
    expect(v).toBeGreaterThanOrEqual(p!.min);
    expect(v).toBeLessThanOrEqual(p!.perCoordinate ? Math.min(p!.max, s.dim) : p!.max);
  }
  const saddle = l.saddle?.(s.dim, l.params.map((p) => s.params[p.key] ?? p.default)) ?? null;
  if (s.init === 'saddle' || s.sliceCenter === 'saddle') expect(saddle).not.toBeNull();
  if (s.initSigma === 0) expect(s.init).toBe('saddle');
  // Xavier and He starts only for networks.
  if (s.init.includes('-')) expect(l.layers).toBeDefined();
  if (s.init === 'balanced') expect(l.balancedStart).toBeDefined();
}

describe('the settings table', () => {
  it('has a complete, valid row for every setting, and the defaults are a valid setup', () => {
    for (const [key, row] of Object.entries(SCHEMA)) {
      expect(row.label, key).toBeTruthy();
      expect(row.help.length, key).toBeGreaterThan(5);
      expect(checkValue(key, row, row.default), key).toBeNull();
      if (row.type === 'number') expect(row.min, key).toBeLessThan(row.max);
      // A log slider needs a positive range.
      if (row.type === 'number' && row.log) expect(row.min, key).toBeGreaterThan(0);
    }
    expectValid(base());
    expect(toQuery(base())).toBe('');
  });

  it.each(keys)('%s: takes its boundaries and refuses bad values by name, changing nothing', (key) => {
    const row = SCHEMA[key];
    const current = key === 'dim' ? applyPatch(base(), { landscape: 'rastrigin' }) : base();
    const snapshot = structuredClone(current);
    for (const v of goodValues(row)) {
      // A landscape's own rules may narrow a row (2-D landscapes, saddles): checked in the fuzz below.
      if (key === 'init' && (v === 'saddle' || v === 'balanced' || String(v).includes('-'))) continue;
      if (key === 'sliceCenter' && v === 'saddle') continue;
      // Filter-normalised directions need a network; a path's plane needs recorded paths: tested below.
      if (key === 'sliceDirections' && (v === 'filter' || v === 'trajectory')) continue;
      if (key === 'initSigma' && v === 0) continue;
      const next = applyPatch(current, { [key]: v });
      expect(next[key as keyof ExplorerSettings], key).toEqual(v);
      expectValid(next);
    }
    for (const v of badValues(row)) {
      let error: unknown = null;
      try {
        applyPatch(current, { [key]: v });
      } catch (e) {
        error = e;
      }
      expect(error, `${key} = ${String(v)}`).toBeInstanceOf(RangeError);
      expect((error as Error).message, `${key} = ${String(v)}`).toContain(key);
    }
    expect(current).toEqual(snapshot);
  });

  it('filter-normalised directions are for networks and a path plane needs recorded paths: refused by name otherwise, dropped when a change rules them out', () => {
    expect(() => applyPatch(base(), { sliceDirections: 'filter' })).toThrow(/sliceDirections = "filter" was refused: Himmelblau is not a network/);
    const net = applyPatch(base(), { landscape: 'mlp', sliceDirections: 'filter' });
    expect(net.sliceDirections).toBe('filter');
    // Leaving the network for a plain landscape keeps a plane it can draw.
    expect(applyPatch(net, { landscape: 'rastrigin' }).sliceDirections).not.toBe('filter');
    expect(() => applyPatch(base(), { sliceDirections: 'trajectory' })).toThrow(/recordPaths/);
    const traced = applyPatch(base(), { recordPaths: true, sliceDirections: 'trajectory' });
    expect(traced.sliceDirections).toBe('trajectory');
    expect(applyPatch(traced, { recordPaths: false }).sliceDirections).toBe('axes');
  });

  it("a new landscape takes only the patch's parameters, never the old landscape's", () => {
    const mlp = applyPatch(base(), { landscape: 'mlp', params: { width: 4, trainPoints: 40, batchSize: 8 } });
    const ts = applyPatch(mlp, { landscape: 'teacher-student', params: { studentWidth: 3 } });
    expect(ts.params).toEqual({ studentWidth: 3 });
    expect(applyPatch(mlp, { landscape: 'deep-linear' }).params).toEqual({});
    // The same landscape merges, as before.
    expect(applyPatch(mlp, { params: { width: 5 } }).params).toEqual({ width: 5, trainPoints: 40, batchSize: 8 });
  });

  it('networks open with the cloud view (best particle, principal components, particles on the slice) and a network start; leaving restores the plain view', () => {
    const net = applyPatch(base(), { landscape: 'mlp' });
    expect([net.sliceCenter, net.sliceDirections, net.particleHeight, net.init, net.surfaceGrid]).toEqual(['best', 'pca', 'slice', 'xavier-normal', 64]);
    // What the patch names wins.
    expect(applyPatch(base(), { landscape: 'teacher-student', sliceDirections: 'random' }).sliceDirections).toBe('random');
    const back = applyPatch(net, { landscape: 'rastrigin' });
    expect([back.sliceCenter, back.sliceDirections, back.particleHeight, back.init, back.surfaceGrid]).toEqual(['minimum', 'axes', 'loss', 'uniform', 256]);
    // A link to a network omits what the network view sets, and reads back the same.
    expect(toQuery(net)).toBe('landscape=mlp');
    expect(fromQuery(toQuery(net)).settings).toEqual(net);
  });

  it('refuses unknown settings, prototype keys and non-objects', () => {
    for (const patch of [{ bogus: 1 }, { constructor: 1 }, JSON.parse('{"__proto__": {"lr": 5}}'), { toString: 1 }, { hasOwnProperty: 1 }]) {
      expect(() => applyPatch(base(), patch)).toThrow(RangeError);
    }
    for (const patch of [null, undefined, 5, 'lr', [], [['lr', 1]], () => 1]) expect(() => applyPatch(base(), patch)).toThrow(RangeError);
    expect(({} as Record<string, unknown>).lr).toBeUndefined();
  });

  it("a landscape's dimension, parameters and saddle rules hold", () => {
    expect(() => applyPatch(base(), { dim: 3 })).toThrow(/Himmelblau is a 2-D landscape/);
    expect(() => applyPatch(base(), { params: { kappa: 2 } })).toThrow(/no parameter "kappa"/);
    const q = applyPatch(base(), { landscape: 'quadratic', params: { kappa: 10 } });
    expect(() => applyPatch(q, { params: { kappa: 1e9 } })).toThrow(/params\.kappa/);
    // A lower dimension pulls a per-coordinate count down with it; a patch asking for more than D is refused.
    const saddle = applyPatch(base(), { landscape: 'strict-saddle', dim: 10, params: { k: 8 } });
    expect(applyPatch(saddle, { dim: 4 }).params.k).toBe(4);
    expect(() => applyPatch(saddle, { dim: 4, params: { k: 6 } })).toThrow(/at most D = 4/);
    // The patch's objects are copied: changing them later changes nothing.
    const box: [number, number] = [-1, 1];
    const s = applyPatch(base(), { box });
    box[0] = 5;
    expect(s.box).toEqual([-1, 1]);
  });
});

/** A random patch of one to three settings: valid, boundary or bad values, the kind a hostile tester tries. */
function randomPatch(rand: () => number): Record<string, unknown> {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const patch: Record<string, unknown> = {};
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const key = rand() < 0.03 ? pick(['bogus', 'constructor', '__proto__', '']) : pick(keys);
    const row = Object.hasOwn(SCHEMA, key) ? SCHEMA[key] : undefined;
    if (!row) {
      patch[key] = 1;
      continue;
    }
    const r = rand();
    if (r < 0.45) patch[key] = pick(goodValues(row));
    else if (r < 0.7) patch[key] = pick(badValues(row));
    else if (row.type === 'number') patch[key] = row.min + (row.max - row.min) * rand() ** 3;
    else if (key === 'params') patch[key] = { [pick(['k', 'kappa', 'negative', 'sigma', 'x', 'studentWidth', 'teacherWidth', 'extraInputs', 'trainOutput', 'teacher'])]: Math.round((rand() - 0.3) * 20) };
    else if (key === 'landscape') patch[key] = pick(LANDSCAPES).id;
    else patch[key] = pick(goodValues(row));
  }
  return patch;
}

describe('networks: the dimension is the parameter count', () => {
  it('D follows the widths, other dimensions are refused, and Xavier or He starts are for networks only', () => {
    const ts = applyPatch(base(), { landscape: 'teacher-student' });
    expect(ts.dim).toBe(36);
    expect(applyPatch(ts, { params: { studentWidth: 8 } }).dim).toBe(48);
    expect(applyPatch(ts, { params: { extraInputs: 2, trainOutput: 1 } }).dim).toBe(6 * 8 + 6);
    expect(() => applyPatch(ts, { dim: 40 })).toThrow(/dim = 40 was refused: .* D = 36 parameters/);
    expect(applyPatch(ts, { dim: 36 }).dim).toBe(36);
    expect(() => applyPatch(ts, { params: { studentWidth: 1, teacherWidth: 1 } })).toThrow(/D = 1/);
    expect(() => applyPatch(ts, { params: { studentWidth: 64, teacherWidth: 64, extraInputs: 1 } })).toThrow(/past the largest D = 4,?096/);
    expect(() => applyPatch(ts, { params: { teacher: 1.5 } })).toThrow(/params\.teacher/);
    const xavier = applyPatch(ts, { init: 'xavier-normal', initGain: 0.5 });
    expect(xavier.init).toBe('xavier-normal');
    expect(() => applyPatch(base(), { init: 'he-normal' })).toThrow(/not a network/);
    // Leaving the network for a landscape that is not one takes the start back to uniform.
    expect(applyPatch(xavier, { landscape: 'rastrigin' }).init).toBe('uniform');
    expectValid(xavier);
  });
});

describe('fuzz', () => {
  it('3,000 random patches: each is applied whole and valid, or refused by name with nothing changed', () => {
    const rand = mulberry32(20261126);
    let current = base();
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const patch = randomPatch(rand);
      const snapshot = structuredClone(current);
      try {
        const next = applyPatch(current, patch);
        expectValid(next);
        current = next;
      } catch (e) {
        refused++;
        expect(e, JSON.stringify(patch)).toBeInstanceOf(RangeError);
        const named = Object.keys(patch).some((k) => (e as Error).message.includes(k || '""'));
        expect(named, `${(e as Error).message} for ${String(Object.keys(patch))}`).toBe(true);
        expect(current).toEqual(snapshot);
      }
    }
    // Both paths were exercised.
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(2800);
  });

  it('links round-trip: any valid setup reads back from its own query exactly', () => {
    const rand = mulberry32(7);
    let current = base();
    for (let i = 0; i < 400; i++) {
      try {
        current = applyPatch(current, randomPatch(rand));
      } catch {
        continue;
      }
      const { settings, errors } = fromQuery(toQuery(current));
      expect(errors).toEqual([]);
      expect(settings).toEqual(current);
    }
  });

  it('1,000 hostile links: never throw, keep only valid values, and name every value they drop', () => {
    const rand = mulberry32(99);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const hostile = ['abc', '', 'NaN', 'Infinity', '-Infinity', '1e308', '-1', '0x10', '1,2,3', '<script>alert(1)</script>', '%00', '%E0%A4%A',
      '"><img src=x onerror=alert(1)>', 'null', 'true', 'constructor', '__proto__', '[1,2]', '{"a":1}', 'k:1,k:2', ' 5', '5 ', '١'];
    const urlNames = keys.map((k) => SCHEMA[k].url ?? k);
    for (let i = 0; i < 1000; i++) {
      const parts: string[] = [];
      const n = 1 + Math.floor(rand() * 5);
      for (let j = 0; j < n; j++) {
        const name = rand() < 0.1 ? pick(['x', '__proto__', 'constructor', '', '%3Cb%3E']) : pick(urlNames);
        const row = Object.hasOwn(SCHEMA, name) ? SCHEMA[name] : undefined;
        let value = pick(hostile);
        if (row && rand() < 0.4) value = toQuery({ ...DEFAULT_SETTINGS, [name]: pick(goodValues(row)) } as ExplorerSettings).split('=')[1] ?? '';
        parts.push(`${name}=${rand() < 0.3 ? encodeURIComponent(value) : value}`);
      }
      let query = parts.join('&');
      if (rand() < 0.1) query = query.slice(0, Math.floor(rand() * query.length));
      const { settings, errors } = fromQuery(query);
      expectValid(settings);
      for (const m of errors) expect(typeof m).toBe('string');
    }
    // Specific cases from a tester's report: each dropped with its name, the rest kept.
    const { settings, errors } = fromQuery('colorBy=abc&camera=abc&dropCount=NaN&initSigma=Infinity&eps=Infinity&colormap=%20x&lr=0.01&count=1024');
    expect(settings.lr).toBe(0.01);
    expect(settings.count).toBe(1024);
    expect(settings.colorBy).toBe(DEFAULT_SETTINGS.colorBy);
    for (const name of ['colorBy', 'camera', 'dropCount', 'initSigma', 'eps', 'colormap']) {
      expect(errors.some((m) => m.includes(name)), name).toBe(true);
    }
    expect(fromQuery('lr=0.01&lr=0.02').settings.lr).toBe(0.02);
    expect(fromQuery('lr=0.01&lr=0.02').errors[0]).toMatch(/lr is set more than once/);
  });
});
