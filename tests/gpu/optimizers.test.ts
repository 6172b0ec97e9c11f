import { afterAll, describe, expect, it } from 'vitest';
import { CpuSimulation, FLAG_DIVERGED, GpuSimulation, type SystemSpec } from '../../src/engine';
import { landscapeById } from '../../src/landscapes';
import { OPTIMIZERS, sweptValues, type NoiseKind, type OptimizerKind, type RunSettings } from '../../src/optimizers';
import { testDevice } from './device';

const STEPS = 100;
const COUNT = 512;
/** Max |x_gpu - x_cpu| after 100 steps; f32 rounding differs only in the last bits per step. */
const TOL = 1e-4;

/**
 * Step sizes inside each landscape's stability region, and starts away from the minima: where
 * adaptive methods dither at a minimum, trajectories that differ in the last bit part ways
 * legitimately and would prove nothing about the kernels.
 */
const CASES: {
  id: string;
  dim: number;
  params: number[];
  box: [number, number];
  lr: Record<OptimizerKind, number>;
  eps?: number;
  /** Start boxes for some optimizers only. */
  boxes?: Partial<Record<OptimizerKind, [number, number]>>;
}[] = [
  {
    id: 'quadratic',
    dim: 8,
    params: [10],
    box: [-3, 3],
    lr: { gd: 0.02, momentum: 0.01, nesterov: 0.01, adam: 0.02, rmsprop: 0.01, adagrad: 0.1, adamw: 0.02, lion: 0.002 },
    // Lion dithers by lr about a coordinate's minimum, where f32 and float64 may take opposite
    // signs: its coordinates start further from 0 than its 100 steps can go.
    boxes: { lion: [0.5, 3] },
  },
  {
    id: 'himmelblau',
    dim: 2,
    params: [],
    box: [-1, 1],
    lr: { gd: 0.002, momentum: 0.0005, nesterov: 0.0005, adam: 0.002, rmsprop: 0.001, adagrad: 0.02, adamw: 0.002, lion: 0.001 },
  },
  {
    id: 'rosenbrock',
    dim: 4,
    params: [],
    box: [-1, 1],
    lr: { gd: 5e-4, momentum: 1e-4, nesterov: 1e-4, adam: 1e-3, rmsprop: 5e-4, adagrad: 5e-3, adamw: 1e-3, lion: 1e-3 },
    // RMSProp's first steps are lr * sign(g) * 3.2: where the chained terms cancel, f32 rounding flips
    // that sign. A larger eps makes tiny gradients take tiny steps, so the test sees the arithmetic.
    eps: 0.1,
  },
];

const measured: string[] = [];
afterAll(() => console.log(`GPU vs CPU trajectories, ${COUNT} particles x ${STEPS} steps, max |dx|:\n${measured.join('\n')}`));

async function compare(name: string, spec: SystemSpec): Promise<number> {
  const device = await testDevice();
  const gpu = await GpuSimulation.create(device, spec);
  const cpu = new CpuSimulation(spec);
  try {
    await gpu.step(STEPS);
    await cpu.step(STEPS);
    const [a, b] = await Promise.all([gpu.particles(), cpu.particles()]);
    const diverged = (f: Uint32Array) => Array.from(f, (x) => x & FLAG_DIVERGED);
    expect(diverged(a.flags)).toEqual(diverged(b.flags));
    let worst = 0;
    for (let i = 0; i < a.positions.length; i++) worst = Math.max(worst, Math.abs(a.positions[i] - b.positions[i]));
    // The particles must have moved, or the comparison proves nothing.
    const start = new CpuSimulation({ ...spec });
    const s0 = await start.particles();
    let moved = 0;
    for (let i = 0; i < b.positions.length; i++) moved = Math.max(moved, Math.abs(b.positions[i] - s0.positions[i]));
    expect(moved).toBeGreaterThan(0.05);
    measured.push(`  ${name.padEnd(34)} ${worst.toExponential(2)}`);
    return worst;
  } finally {
    gpu.destroy();
  }
}

describe('every optimizer: GPU and CPU trajectories agree over 100 steps', () => {
  for (const l of CASES) {
    it.each([...OPTIMIZERS])(`${l.id} D=${l.dim}: %s`, async (optimizer) => {
      const run: Partial<RunSettings> = { optimizer, lr: l.lr[optimizer], eps: l.eps ?? 1e-8 };
      const err = await compare(`${l.id} D=${l.dim} ${optimizer}`, {
        landscape: landscapeById(l.id),
        dim: l.dim,
        params: l.params,
        count: COUNT,
        seed: 11,
        run,
        init: { kind: 'uniform', lo: (l.boxes?.[optimizer] ?? l.box)[0], hi: (l.boxes?.[optimizer] ?? l.box)[1] },
      });
      expect(err).toBeLessThan(TOL);
    });
  }
});

describe('every kind of noise: GPU and CPU agree, same counter-based draws', () => {
  const noises: [NoiseKind, Partial<RunSettings>][] = [
    ['gradient', { noiseScale: 0.5 }],
    ['langevin', { noiseScale: 0.05 }],
    ['perturbed', { kickThreshold: 0.5, kickRadius: 0.3, kickInterval: 10 }],
  ];
  it.each(noises)('%s', async (noise, extra) => {
    for (const optimizer of ['gd', 'adam'] as const) {
      const err = await compare(`quadratic D=16 ${optimizer} + ${noise}`, {
        landscape: landscapeById('quadratic'),
        dim: 16,
        params: [4],
        count: COUNT,
        seed: 5,
        run: { optimizer, lr: 0.05, noise, ...extra },
      });
      expect(err).toBeLessThan(TOL);
    }
  });
});

describe('decoupled weight decay: GPU and CPU agree', () => {
  const cases: [OptimizerKind, Partial<RunSettings>][] = [
    ['adamw', { lr: 0.02, weightDecay: 0.5 }],
    ['lion', { lr: 0.002, lionWeightDecay: 0.5, lionBeta1: 0.8, lionBeta2: 0.95 }],
  ];
  it.each(cases)('%s', async (optimizer, extra) => {
    const err = await compare(`quadratic D=16 ${optimizer} + weight decay`, {
      landscape: landscapeById('quadratic'),
      dim: 16,
      params: [4],
      count: COUNT,
      seed: 9,
      run: { optimizer, ...extra },
      init: { kind: 'uniform', lo: 1, hi: 3 },
    });
    expect(err).toBeLessThan(TOL);
  });
});

describe("Adam's bias correction is exact: the first step is lr |g| / (|g| + eps) long per coordinate", () => {
  // Starts no larger than the step, so the new coordinate's rounding is small next to the step.
  const points = [
    [0.25, -0.5, 0.75, -1],
    [0.125, 0.375, -0.625, 0.875],
    [-0.0625, 0.5, 1, -0.25],
  ];
  const landscape = landscapeById('quadratic');
  it.each(['adam', 'adamw'] as const)('%s, GPU and TypeScript', async (optimizer) => {
    const device = await testDevice();
    for (const eps of [1e-8, 0.5]) {
      const spec: SystemSpec = {
        landscape,
        dim: 4,
        params: [10],
        count: points.length,
        run: { optimizer, lr: 1, eps, weightDecay: 0 },
        init: { kind: 'points', points },
      };
      for (const system of [await GpuSimulation.create(device, spec), new CpuSimulation(spec)]) {
        await system.step(1);
        const after = (await system.particles()).positions;
        system.destroy();
        const g = new Float64Array(4);
        points.forEach((x, p) => {
          landscape.evaluate(x, g, [10], 4);
          x.forEach((x0, d) => {
            const expected = Math.abs(g[d]) / (Math.abs(g[d]) + eps);
            const relative = Math.abs(Math.abs(after[p * 4 + d] - x0) - expected) / expected;
            expect(relative, `${system.kind} eps ${eps} particle ${p} coordinate ${d}`).toBeLessThan(1e-6);
          });
        });
      }
    }
  });
});

describe('a step-size sweep gives each particle its own step size', () => {
  it.each(['gd', 'adam', 'langevin'] as const)('%s: GPU and CPU agree, and each first step is its own lr long', async (kind) => {
    const optimizer = kind === 'langevin' ? 'gd' : kind;
    const run: Partial<RunSettings> = {
      optimizer, lr: 1e-3, lrSweepCount: 16, lrSweepTo: 0.1, noise: kind === 'langevin' ? 'langevin' : 'none', noiseScale: 0.01,
    };
    const spec: SystemSpec = {
      landscape: landscapeById('quadratic'), dim: 4, params: [4], count: 64, seed: 3, run, init: { kind: 'uniform', lo: 0.5, hi: 2 },
    };
    const err = await compare(`quadratic D=4 ${kind}, 16 swept step sizes`, spec);
    expect(err).toBeLessThan(TOL);
    if (kind === 'langevin') return;
    // One GD step: x1 = x0 − lr_p ∇f(x0), so the step over the gradient is particle p's own step size.
    const one = new CpuSimulation(spec);
    const before = await one.particles();
    const device = await testDevice();
    const gpu = await GpuSimulation.create(device, spec);
    try {
      await gpu.step(1);
      const after = await gpu.particles();
      const lrs = sweptValues(spec.run as RunSettings);
      expect(lrs[0]).toBeCloseTo(1e-3, 12);
      expect(lrs[15]).toBeCloseTo(0.1, 12);
      for (let p = 0; p < spec.count; p++) {
        const step = Math.hypot(...[0, 1, 2, 3].map((d) => after.positions[p * 4 + d] - before.positions[p * 4 + d]));
        const g = before.gradNorm[p];
        const expected = optimizer === 'gd' ? lrs[p % 16] * g : lrs[p % 16] * 2; // Adam's first step: lr per coordinate, 4 coordinates.
        expect(step / expected).toBeCloseTo(1, optimizer === 'gd' ? 3 : 2);
      }
    } finally {
      gpu.destroy();
    }
  });
});
