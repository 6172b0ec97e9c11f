/**
 * Min-max game particles on the GPU (shaders/game_*.wgsl, src/games/GameSimulation.ts) against
 * the float64 twin (src/games/gameReference.ts): every game × method from random starts, the
 * placement's draws, the largest size, divergence flags, the method comparison, no GPU object per
 * step, refused input.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareMethods, compareMethodsReference, GAME_METHODS, GameSimulation, MAX_GAME_DIM, particleReadout, runParticle, startParticle,
  summarizeDistances, type GameMethod, type GamePositions, type GameSpec, type ReferenceParticle,
} from '../../src/games';
import { referenceStart } from '../../src/games/start';
import { DeviceLimitError } from '../../src/gpu/device';
import { countGpuObjects } from '../../src/gpu/instrument';
import { FLAG_DIVERGED } from '../../src/engine/types';
import { withGpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`game particles, GPU (f32) vs float64 twin:\n${measured.join('\n')}`));

/** Tolerances, relative to max(1, the twin's largest coordinate): f32 rounding over the steps taken. */
const POSITION_TOLERANCE = 2e-5;
const START_TOLERANCE = 1e-6;

/** Particle p's (x, y) as the GPU holds it. */
const gpuPoint = (pos: GamePositions, p: number) => [
  ...pos.x.subarray(p * pos.m, (p + 1) * pos.m),
  ...pos.y.subarray(p * pos.n, (p + 1) * pos.n),
];

/** Worst coordinate difference, GPU against twin, over live particles (flags must agree first). */
function worstDifference(pos: GamePositions, twin: ReferenceParticle[], flags: Uint32Array): number {
  let worst = 0;
  twin.forEach((t, p) => {
    expect(flags[p], `particle ${p} flags`).toBe(t.flags);
    if (t.flags & FLAG_DIVERGED) return;
    const z = gpuPoint(pos, p);
    const scale = Math.max(1, ...Array.from(t.z, Math.abs));
    z.forEach((v, d) => (worst = Math.max(worst, Math.abs(v - t.z[d]) / scale)));
  });
  return worst;
}

const GAMES_UNDER_TEST: [string, GameSpec][] = [
  ['bilinear 3×4 Gaussian', { game: 'bilinear', m: 3, n: 4, matrixSeed: 5, scale: 1.5 }],
  ['bilinear 5×2 identity', { game: 'bilinear', m: 5, n: 2, matrix: 'identity', scale: 0.8 }],
  ['quadratic 4×3', { game: 'quadratic', m: 4, n: 3, a: 0.6, b: 1.4, scale: 1.2 }],
  ['forsaken', { game: 'forsaken' }],
  ['almost-bilinear', { game: 'almost-bilinear' }],
];

describe('game particles: GPU against the float64 twin', () => {
  it.each(GAMES_UNDER_TEST)('%s, every method, 40 steps from random starts', async (name, spec) => {
    await withGpu(async (gpu) => {
      const hyper = { etaX: 0.12, etaY: 0.08, momentum: -0.3 };
      const sim = gpu.own(await GameSimulation.create(gpu.device, { game: spec, count: 96, hyper, seed: 3 }));
      const { game } = sim;
      const row: string[] = [];
      for (const method of GAME_METHODS) {
        sim.setMethod(method);
        sim.reset();
        const start = await sim.positions();
        const twin = Array.from({ length: sim.count }, (_, p) => startParticle(game, gpuPoint(start, p), sim.hyper.bound));
        await sim.step(40);
        twin.forEach((p) => runParticle(game, method, sim.hyper, p, 40));
        const [pos, out] = await Promise.all([sim.positions(), sim.readouts()]);
        const worst = worstDifference(pos, twin, out.flags);
        let readoutWorst = 0;
        twin.forEach((t, p) => {
          const { value, distance } = particleReadout(game, t);
          const scale = Math.max(1, Math.abs(value), distance);
          readoutWorst = Math.max(readoutWorst, Math.abs(out.value[p] - value) / scale, Math.abs(out.distance[p] - distance) / scale);
          expect(out.age[p]).toBe(t.age);
        });
        row.push(`${method} ${worst.toExponential(1)}/${readoutWorst.toExponential(1)}`);
        expect(worst, method).toBeLessThan(POSITION_TOLERANCE);
        expect(readoutWorst, method).toBeLessThan(POSITION_TOLERANCE);
      }
      measured.push(`  ${name.padEnd(22)} worst position/readout error: ${row.join(', ')}`);
    });
  });

  it('places the cloud as the twin draws it, the same for the same seed, another for another', async () => {
    await withGpu(async (gpu) => {
      const spec = { game: { game: 'quadratic', m: 3, n: 2 } as GameSpec, count: 200, start: { center: [1, -2, 0.5, 3, -1], sigma: 0.7 }, seed: 9 };
      const sim = gpu.own(await GameSimulation.create(gpu.device, spec));
      const first = await sim.positions();
      let worst = 0;
      for (let p = 0; p < sim.count; p++) {
        const twin = referenceStart(sim.game, sim.start, 9, p);
        gpuPoint(first, p).forEach((v, d) => (worst = Math.max(worst, Math.abs(v - twin[d]) / Math.max(1, Math.abs(twin[d])))));
      }
      measured.push(`  placement of 200 particles: worst error ${worst.toExponential(1)}`);
      expect(worst).toBeLessThan(START_TOLERANCE);
      await sim.step(5);
      sim.reset();
      expect(Array.from((await sim.positions()).x)).toEqual(Array.from(first.x));
      sim.reset(10);
      expect(Array.from((await sim.positions()).x)).not.toEqual(Array.from(first.x));
    });
  });

  it(`steps the largest game, m = n = MAX_GAME_DIM = ${MAX_GAME_DIM}`, async () => {
    await withGpu(async (gpu) => {
      const spec: GameSpec = { game: 'bilinear', m: MAX_GAME_DIM, n: MAX_GAME_DIM, matrixSeed: 2 };
      const sim = gpu.own(await GameSimulation.create(gpu.device, { game: spec, count: 3, method: 'extragradient', hyper: { etaX: 0.3, etaY: 0.3 } }));
      const start = await sim.positions();
      const twin = Array.from({ length: 3 }, (_, p) => startParticle(sim.game, gpuPoint(start, p), sim.hyper.bound));
      await sim.step(2);
      twin.forEach((p) => runParticle(sim.game, 'extragradient', sim.hyper, p, 2));
      const worst = worstDifference(await sim.positions(), twin, (await sim.readouts()).flags);
      measured.push(`  bilinear ${MAX_GAME_DIM}×${MAX_GAME_DIM}, extragradient, 2 steps: worst error ${worst.toExponential(1)}`);
      expect(worst).toBeLessThan(POSITION_TOLERANCE);
    });
  });
});

describe('game particles: throughput (measured and logged, not asserted)', () => {
  const cases: [string, GameSpec, GameMethod, number, number][] = [
    ['forsaken, GDA', { game: 'forsaken' }, 'gda', 65536, 256],
    ['forsaken, extragradient', { game: 'forsaken' }, 'extragradient', 65536, 256],
    ['bilinear 32×32, extragradient', { game: 'bilinear', m: 32, n: 32 }, 'extragradient', 4096, 32],
  ];
  it.each(cases)('%s', async (name, spec, method, count, steps) => {
    await withGpu(async (gpu) => {
      const sim = gpu.own(await GameSimulation.create(gpu.device, { game: spec, count, method, hyper: { etaX: 0.05, etaY: 0.05 } }));
      await sim.step(1);
      let t0 = performance.now();
      await sim.step(steps);
      const gpuRate = (count * steps) / ((performance.now() - t0) / 1000);
      const start = await sim.positions();
      const twinCount = Math.min(count, 1024);
      const twin = Array.from({ length: twinCount }, (_, p) => startParticle(sim.game, gpuPoint(start, p), sim.hyper.bound));
      t0 = performance.now();
      twin.forEach((p) => runParticle(sim.game, method, sim.hyper, p, steps));
      const twinRate = (twinCount * steps) / ((performance.now() - t0) / 1000);
      measured.push(`  ${name.padEnd(30)} ${count} particles × ${steps} steps: GPU ${gpuRate.toExponential(2)} particle-steps/s, twin ${twinRate.toExponential(2)}`);
    });
  });
});

describe('game particles: divergence, comparison, resources, refusals', () => {
  it('flags particles past the bound at the twin\'s step, freezes them, and keeps them out of the quantiles', async () => {
    await withGpu(async (gpu) => {
      const hyper = { etaX: 1, etaY: 1, bound: 100 };
      const game: GameSpec = { game: 'bilinear', m: 2, n: 2, matrix: 'identity' };
      const sim = gpu.own(await GameSimulation.create(gpu.device, { game, count: 256, method: 'gda', hyper, seed: 4 }));
      const start = await sim.positions();
      const twin = Array.from({ length: 256 }, (_, p) => startParticle(sim.game, gpuPoint(start, p), 100));
      await sim.step(12);
      twin.forEach((p) => runParticle(sim.game, 'gda', sim.hyper, p, 12));
      const out = await sim.readouts();
      worstDifference(await sim.positions(), twin, out.flags);
      expect(Array.from(out.divergedAt)).toEqual(twin.map((t) => t.divergedAt));
      const summary = summarizeDistances(out.distance, out.flags);
      expect(summary.diverged).toBe(twin.filter((t) => t.flags).length);
      expect(summary.diverged).toBeGreaterThan(10);
      expect(summary.live).toBeGreaterThan(10);
      expect(Number.isFinite(summary.median)).toBe(true);
      // A start out of bounds is flagged at placement and never moves.
      sim.setStart({ center: [1e3, 0, 0, 0], sigma: 0.1 });
      sim.reset();
      await sim.step(3);
      const frozen = await sim.readouts();
      expect(Array.from(frozen.flags).every((f) => f === FLAG_DIVERGED)).toBe(true);
      expect(Array.from(frozen.age).every((a) => a === 0)).toBe(true);
    });
  });

  it('the method comparison on the GPU matches its twin', async () => {
    await withGpu(async (gpu) => {
      const spec = { game: { game: 'forsaken' } as GameSpec, count: 128, hyper: { etaX: 0.05, etaY: 0.05 }, seed: 6, start: { sigma: 0.4 } };
      const methods: GameMethod[] = ['gda', 'extragradient', 'optimistic', 'alternating-momentum'];
      const sim = gpu.own(await GameSimulation.create(gpu.device, spec));
      const gpuResult = await compareMethods(sim, { methods, steps: 300, every: 30 });
      const twin = compareMethodsReference(spec, { methods, steps: 300, every: 30 });
      expect(gpuResult.steps).toEqual(twin.steps);
      let worst = 0;
      gpuResult.series.forEach((s, k) => {
        expect(s.diverged).toEqual(twin.series[k].diverged);
        s.quantiles.forEach((q, level) => q.forEach((v, r) => (worst = Math.max(worst, Math.abs(v - twin.series[k].quantiles[level][r]) / Math.max(1, v)))));
      });
      measured.push(`  comparison, forsaken, 4 methods × 300 steps: worst quantile error ${worst.toExponential(1)}`);
      expect(worst).toBeLessThan(1e-4);
    });
  });

  it('steady stepping creates no GPU object, and every buffer is labelled by its owner', async () => {
    await withGpu(async (gpu) => {
      const sim = gpu.own(await GameSimulation.create(gpu.device, { game: { game: 'bilinear', m: 4, n: 4 }, count: 64, method: 'optimistic' }));
      await sim.step(10);
      await sim.readouts();
      const before = { ...countGpuObjects(gpu.device) };
      for (let frame = 0; frame < 10; frame++) {
        const encoder = gpu.device.createCommandEncoder();
        sim.encode(encoder, 3);
        gpu.device.queue.submit([encoder.finish()]);
      }
      await sim.readouts();
      expect(countGpuObjects(gpu.device)).toEqual(before);
      expect(sim.pos.label).toBe('GameSimulation.pos');
      expect(sim.state.label).toBe('GameSimulation.state');
    });
  });

  it('refuses bad input with the limit named, and makes nothing', async () => {
    await withGpu(async (gpu) => {
      const { device } = gpu;
      await expect(GameSimulation.create(device, { game: { game: 'bilinear' }, count: 0 })).rejects.toThrow(/MAX_GAME_PARTICLES/);
      await expect(GameSimulation.create(device, { game: { game: 'bilinear', m: 4096 }, count: 8 })).rejects.toThrow(/MAX_GAME_DIM = 2048/);
      await expect(GameSimulation.create(device, { game: { game: 'bilinear' }, count: 8, hyper: { momentum: -1 } })).rejects.toThrow(RangeError);
      await expect(GameSimulation.create(device, { game: { game: 'bilinear', m: 2048, n: 2048 }, count: 1 << 20 })).rejects.toThrow(DeviceLimitError);
      const sim = gpu.own(await GameSimulation.create(device, { game: { game: 'forsaken' }, count: 8 }));
      expect(() => sim.encode(device.createCommandEncoder(), 5000)).toThrow(/64 one encoder may hold/);
      expect(() => sim.setMethod('newton' as GameMethod)).toThrow(/gda, alternating/);
      expect(() => sim.setHyperparameters({ etaY: -1 })).toThrow(/etaY = -1/);
      expect(sim.method).toBe('gda');
      expect(sim.hyper.etaY).toBe(0.1);
    });
  });
});
