import { describe, expect, it } from 'vitest';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { landscapeById } from '../../src/landscapes';
import {
  DEFAULT_RUN, hyperparameterDefs, LR, OPTIMIZER_DEFS, OPTIMIZER_NAMES, OPTIMIZERS, optimizerCode,
  optimizerDef, uniformHyperparameters, validateRun, type Hyperparameter, type Moments, type RunSettings,
} from '../../src/optimizers';
import { HYPERPARAMETERS_WGSL, OPTIMIZERS_WGSL, optimizerConstant, wgslField } from '../../src/optimizers/wgsl';
import { mulberry32 } from '../random';

describe('the optimizer registry', () => {
  it('keeps the existing ids, in the order of their WGSL codes, with labels', () => {
    expect(OPTIMIZERS.slice(0, 6)).toEqual(['gd', 'momentum', 'nesterov', 'adam', 'rmsprop', 'adagrad']);
    expect(OPTIMIZERS).toContain('adamw');
    expect(OPTIMIZERS).toContain('lion');
    expect(new Set(OPTIMIZERS).size).toBe(OPTIMIZERS.length);
    OPTIMIZERS.forEach((id, i) => {
      expect(optimizerCode(id)).toBe(i);
      expect(OPTIMIZER_NAMES[id]).toBe(optimizerDef(id).label);
    });
  });

  it('a key read by several optimizers has one definition, imported by each', () => {
    const seen = new Map<string, { def: Hyperparameter; by: string }>();
    for (const o of OPTIMIZER_DEFS) {
      for (const h of o.hyperparameters) {
        expect(h.key, `${o.id} redefines the step size`).not.toBe(LR.key);
        const first = seen.get(h.key);
        if (first) {
          expect(h, `${h.key}: ${o.id} and ${first.by} define it differently`).toEqual(first.def);
          expect(h, `${h.key}: ${o.id} and ${first.by} each define it (import one definition)`).toBe(first.def);
        } else {
          seen.set(h.key, { def: h, by: o.id });
        }
      }
    }
    expect([...hyperparameterDefs().keys()]).toEqual([...seen.keys()]);
  });

  it('every default is in range and is the run default; log scales start above 0', () => {
    for (const h of uniformHyperparameters()) {
      expect(DEFAULT_RUN[h.key], h.key).toBe(h.default);
      expect(h.default >= h.min && (h.maxExclusive ? h.default < h.max : h.default <= h.max), h.key).toBe(true);
      if (h.log) expect(h.min, h.key).toBeGreaterThan(0);
      expect(h.label.length, h.key).toBeGreaterThan(0);
    }
    expect(() => validateRun({ ...DEFAULT_RUN })).not.toThrow();
  });

  it('validateRun checks every hyperparameter from its definition, naming the key and the range', () => {
    for (const h of uniformHyperparameters()) {
      const below = h.min === 0 ? -1e-9 : h.min / 2;
      const bad = [NaN, Infinity, -Infinity, below, h.maxExclusive ? h.max : h.max * 1.5, undefined as unknown as number];
      if (h.integer) bad.push(h.min + 0.5);
      for (const value of bad) {
        const run = { ...DEFAULT_RUN, [h.key]: value } as RunSettings;
        expect(() => validateRun(run), `${h.key} = ${value}`).toThrow(RangeError);
        expect(() => validateRun(run)).toThrow(`${h.key} = ${value} was refused: it must be`);
        expect(() => validateRun(run)).toThrow(h.maxExclusive ? `below ${h.max}` : `to ${h.max.toLocaleString('en-US')}`);
      }
      for (const value of [h.min, h.default]) expect(() => validateRun({ ...DEFAULT_RUN, [h.key]: value })).not.toThrow();
    }
    expect(() => validateRun({ ...DEFAULT_RUN, beta1: 1 })).toThrow('beta1 = 1 was refused: it must be a number from 0, below 1.');
    expect(() => validateRun({ ...DEFAULT_RUN, optimizer: 'sgd' as never })).toThrow(/optimizer = "sgd" was refused: it must be one of gd, /);
  });

  it("each optimizer's WGSL declares its rule and reads only its own hyperparameters and lr", () => {
    const fields = new Set(uniformHyperparameters().map((h) => wgslField(h.key)));
    expect(fields.size).toBe(uniformHyperparameters().length);
    for (const o of OPTIMIZER_DEFS) {
      expect(o.wgsl).toMatch(new RegExp(`fn ${o.id}_update\\(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext\\) -> f32`));
      const own = new Set([LR.key, ...o.hyperparameters.map((h) => h.key)].map(wgslField));
      for (const [, field] of o.wgsl.matchAll(/R\.hp\.(\w+)/g)) expect(own.has(field), `${o.id} reads ${field}`).toBe(true);
      expect(OPTIMIZERS_WGSL).toContain(`case ${optimizerConstant(o.id)}`);
    }
    expect(wgslField('lionBeta1')).toBe('lion_beta1');
    for (const h of uniformHyperparameters()) expect(HYPERPARAMETERS_WGSL).toContain(`  ${wgslField(h.key)}: f32,`);
  });
});

/** PyTorch's algorithms as its documentation writes them, step count t and all, for the twins to match. */
function pytorchAdamW(h: RunSettings, x: number, gs: number[], wd: number): number {
  let m = 0;
  let v = 0;
  gs.forEach((g, i) => {
    const t = i + 1;
    x -= h.lr * wd * x;
    m = h.beta1 * m + (1 - h.beta1) * g;
    v = h.beta2 * v + (1 - h.beta2) * g * g;
    x -= (h.lr * (m / (1 - h.beta1 ** t))) / (Math.sqrt(v / (1 - h.beta2 ** t)) + h.eps);
  });
  return x;
}

function lionReference(h: RunSettings, x: number, gs: number[]): number {
  let m = 0;
  for (const g of gs) {
    x *= 1 - h.lr * h.lionWeightDecay;
    x -= h.lr * Math.sign(h.lionBeta1 * m + (1 - h.lionBeta1) * g);
    m = h.lionBeta2 * m + (1 - h.lionBeta2) * g;
  }
  return x;
}

describe('the TypeScript twins follow PyTorch', () => {
  const rand = mulberry32(17);
  const gradients = () => Array.from({ length: 7 }, () => (rand() - 0.5) * 4);
  const twin = (id: 'adam' | 'adamw' | 'lion', h: RunSettings, x: number, gs: number[]) => {
    const mo: Moments = { m: 0, v: 0 };
    let p1 = 1;
    let p2 = 1;
    for (const g of gs) {
      p1 *= h.beta1;
      p2 *= h.beta2;
      x = optimizerDef(id).update(h, x, g, mo, { lr: h.lr, bias1: 1 - p1, bias2: 1 - p2 });
    }
    return x;
  };

  it('Adam and AdamW (decoupled weight decay before the Adam step), on random gradients', () => {
    for (let trial = 0; trial < 50; trial++) {
      const h: RunSettings = { ...DEFAULT_RUN, lr: 0.1 * rand(), beta1: 0.95 * rand(), beta2: 0.999 * rand(), eps: 1e-3 * rand(), weightDecay: rand() };
      const x0 = (rand() - 0.5) * 6;
      const gs = gradients();
      expect(twin('adam', h, x0, gs)).toBeCloseTo(pytorchAdamW(h, x0, gs, 0), 12);
      expect(twin('adamw', h, x0, gs)).toBeCloseTo(pytorchAdamW(h, x0, gs, h.weightDecay), 12);
    }
  });

  it('Lion, on random gradients; its defaults are the paper’s', () => {
    expect([DEFAULT_RUN.lionBeta1, DEFAULT_RUN.lionBeta2, DEFAULT_RUN.lionWeightDecay]).toEqual([0.9, 0.99, 0]);
    expect(DEFAULT_RUN.weightDecay).toBe(0.01);
    for (let trial = 0; trial < 50; trial++) {
      const h: RunSettings = { ...DEFAULT_RUN, lr: 0.1 * rand(), lionBeta1: rand(), lionBeta2: rand(), lionWeightDecay: rand() };
      const x0 = (rand() - 0.5) * 6;
      const gs = gradients();
      expect(twin('lion', h, x0, gs)).toBeCloseTo(lionReference(h, x0, gs), 12);
    }
  });

  it("the engine's first Adam step is lr |g| / (|g| + eps) long per coordinate", async () => {
    const landscape = landscapeById('quadratic');
    const points = [[0.25, -0.5, 0.75, -1], [0.125, 0.375, -0.625, 0.875]];
    for (const optimizer of ['adam', 'adamw'] as const) {
      for (const eps of [1e-8, 0.5]) {
        const sim = new CpuSimulation({
          landscape, dim: 4, params: [10], count: 2, run: { optimizer, lr: 1, eps, weightDecay: 0 }, init: { kind: 'points', points },
        });
        await sim.step(1);
        const after = (await sim.particles()).positions;
        const g = new Float64Array(4);
        points.forEach((x, p) => {
          landscape.evaluate(x, g, [10], 4);
          x.forEach((x0, d) => {
            const expected = Math.abs(g[d]) / (Math.abs(g[d]) + eps);
            expect(Math.abs(Math.abs(after[p * 4 + d] - x0) - expected) / expected).toBeLessThan(1e-6);
          });
        });
      }
    }
  });
});
