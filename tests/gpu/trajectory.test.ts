/**
 * Trajectory recording and the plane of a path (src/analysis/TrajectoryRecorder.ts, shaders/
 * trajectory_*.wgsl) against the float64 twin (src/analysis/trajectoryPca.ts): gradient descent
 * runs on the GPU, every record is compared with the engine's own positions read back at that
 * step (exactly: records are copies), the Gram matrix within f32 rounding, and the plane
 * (directions, explained shares, path coordinates) with the twin on the same records.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TrajectoryRecorder, type TrajectoryRecords } from '../../src/analysis/TrajectoryRecorder';
import { trajectoryPlane, type TrajectoryPlane } from '../../src/analysis/trajectoryPca';
import type { GpuSimulation } from '../../src/engine';
import type { InitSpec } from '../../src/engine/types';
import { landscapeById } from '../../src/landscapes';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';
import { itemsPerSubmit } from '../../src/gpu/workBudget';
import { withGpu } from './device';

/** Gram entries: relative to the largest diagonal entry (f32 sums of D products). */
const GRAM_TOL = 2e-5;
/** Directions (max-norm of the difference of unit vectors) and path coordinates (relative to the largest |a|). */
const PLANE_TOL = 1e-5;
/** Explained shares, absolute. */
const EXPLAINED_TOL = 1e-6;

const measured: string[] = [];
afterAll(() => console.log(`trajectory plane, GPU vs float64 twin:\n${measured.join('\n')}`));

type Expected = Map<number, { x: Float32Array; loss: number }[]>;

function gaussianStarts(count: number, dim: number, sigma: number, seed: number): InitSpec {
  const rand = mulberry32(seed);
  return { kind: 'points', points: Array.from({ length: count }, () => Array.from({ length: dim }, () => sigma * gaussian(rand))) };
}

/** One record of the chosen particles at the engine's current step, and what the engine holds there. */
async function recordNow(sim: GpuSimulation, recorder: TrajectoryRecorder, expected: Expected): Promise<void> {
  const encoder = sim.device.createCommandEncoder({ label: 'test.record' });
  // Pending placements first: the record must see the particles where they start.
  sim.engine.encode(encoder, 0);
  recorder.encode(encoder, sim.stepIndex);
  sim.device.queue.submit([encoder.finish()]);
  const snap = await sim.particles();
  expected.set(
    sim.stepIndex,
    recorder.particles.map((p) => ({ x: snap.positions.slice(p * sim.dim, (p + 1) * sim.dim), loss: snap.loss[p] })),
  );
}

async function runAndRecord(sim: GpuSimulation, recorder: TrajectoryRecorder, rounds: number, every: number, expected: Expected) {
  for (let r = 0; r < rounds; r++) {
    if (r > 0 || sim.stepIndex > 0) await sim.step(every);
    await recordNow(sim, recorder, expected);
  }
}

/** The records read back equal, bit for bit, the engine's positions and losses at their steps. */
function expectExactRecords(read: TrajectoryRecords, expected: Expected, which: number, dim: number): void {
  read.steps.forEach((step, i) => {
    const want = expected.get(step)![which];
    expect(Array.from(read.positions.subarray(i * dim, (i + 1) * dim)), `record ${i} (step ${step})`).toEqual(Array.from(want.x));
    expect(read.loss[i]).toBe(want.loss);
  });
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

/** Gram matrix and plane of chosen particle `which` against the twin on the same records; returns the errors. */
async function compareWithTwin(recorder: TrajectoryRecorder, expected: Expected, which: number, label: string) {
  const steps = recorder.steps;
  const records = steps.map((s) => Float64Array.from(expected.get(s)![which].x));
  const losses = steps.map((s) => expected.get(s)![which].loss);
  const twin = trajectoryPlane(records, losses, steps);
  const T = records.length;
  const { count, gram } = await recorder.gram(which);
  expect(count).toBe(T);
  const end = records[T - 1];
  let diag = 0;
  let gramErr = 0;
  for (let i = 0; i < T; i++) {
    for (let k = 0; k < T; k++) {
      let g = 0;
      for (let d = 0; d < end.length; d++) g += (records[i][d] - end[d]) * (records[k][d] - end[d]);
      if (i === k) diag = Math.max(diag, g);
      gramErr = Math.max(gramErr, Math.abs(gram[i * T + k] - g));
    }
  }
  gramErr /= Math.max(diag, 1e-30);
  const plane: TrajectoryPlane = await recorder.plane(which);
  const scale = Math.max(maxAbs(twin.path.a), 1e-30);
  const errors = {
    gram: gramErr,
    u: maxDiff(plane.u, twin.u),
    v: maxDiff(plane.v, twin.v),
    explained: Math.max(Math.abs(plane.explained[0] - twin.explained[0]), Math.abs(plane.explained[1] - twin.explained[1])),
    path: Math.max(maxDiff(plane.path.a, twin.path.a), maxDiff(plane.path.b, twin.path.b)) / scale,
  };
  measured.push(
    `  ${label.padEnd(34)} T=${T} explained=[${plane.explained.map((e) => e.toFixed(4)).join(', ')}]: Gram ${errors.gram.toExponential(1)}, ` +
      `u ${errors.u.toExponential(1)}, v ${errors.v.toExponential(1)}, explained ${errors.explained.toExponential(1)}, (a, b) ${errors.path.toExponential(1)}`,
  );
  expect(errors.gram, 'Gram').toBeLessThan(GRAM_TOL);
  expect(errors.u, 'u').toBeLessThan(PLANE_TOL);
  expect(errors.v, 'v').toBeLessThan(PLANE_TOL);
  expect(errors.explained, 'explained').toBeLessThan(EXPLAINED_TOL);
  expect(errors.path, 'path coordinates').toBeLessThan(PLANE_TOL);
  expect(Array.from(plane.end)).toEqual(Array.from(expected.get(steps[T - 1])![which].x));
  expect(plane.path.steps).toEqual(steps);
  expect(Array.from(plane.path.loss)).toEqual(losses);
  const unit = (w: Float32Array) => Math.hypot(...w);
  expect(Math.abs(unit(plane.u) - 1)).toBeLessThan(1e-6);
  expect(Math.abs(unit(plane.v) - 1)).toBeLessThan(1e-6);
  expect(Math.abs(plane.u.reduce((s, x, d) => s + x * plane.v[d], 0))).toBeLessThan(1e-6);
  return { plane, twin };
}

describe('TrajectoryRecorder', () => {
  it('rosenbrock D = 8, GD: records are exact copies, thinning keeps step 0 and the latest, plane as the twin', async () => {
    await withGpu(async (gpu) => {
      const dim = 8;
      const init = gaussianStarts(64, dim, 0.7, 8);
      const sim = await gpu.simulation({ landscape: landscapeById('rosenbrock'), dim, count: 64, seed: 3, init, run: { optimizer: 'gd', lr: 5e-4 } });
      const recorder = gpu.own(await TrajectoryRecorder.create(sim.device, sim.engine, { particles: [0, 9, 33], capacity: 16, every: 25 }));
      const expected: Expected = new Map();
      await runAndRecord(sim, recorder, 12, 25, expected);
      expect(recorder.records).toBe(12);
      expect(recorder.steps).toEqual(Array.from({ length: 12 }, (_, i) => 25 * i));
      for (const which of [0, 1, 2]) expectExactRecords(await recorder.readRecords(which), expected, which, dim);
      for (const which of [0, 2]) await compareWithTwin(recorder, expected, which, `rosenbrock D=8 particle ${recorder.particles[which]}`);

      // 40 records every 25 steps in 16 slots: thinned twice (interval 50, then 100), from step 0 to now.
      await runAndRecord(sim, recorder, 28, 25, expected);
      expect(recorder.interval).toBe(100);
      expect(recorder.steps).toEqual([...Array.from({ length: 10 }, (_, i) => 100 * i), 975]);
      expect(sim.stepIndex).toBe(975);
      for (const which of [0, 1, 2]) expectExactRecords(await recorder.readRecords(which), expected, which, dim);
      const { plane } = await compareWithTwin(recorder, expected, 1, 'rosenbrock D=8, thinned');
      expect(plane.explained[0] + plane.explained[1]).toBeLessThanOrEqual(1 + 1e-6);
      expect(plane.explained[1]).toBeGreaterThan(1e-4);

      // Refusals name their limits.
      expect(() => recorder.encode(sim.device.createCommandEncoder(), 3)).toThrow(/clear\(\)/);
      await expect(recorder.plane(3)).rejects.toThrow(/follows 3 \(0 to 2\)/);
      await expect(TrajectoryRecorder.create(sim.device, sim.engine, { particles: [64] })).rejects.toThrow(/particle count 64/);
      await expect(TrajectoryRecorder.create(sim.device, sim.engine, { particles: [...Array(17).keys()] })).rejects.toThrow(/TRAJECTORY_MAX_PARTICLES = 16/);
      recorder.clear();
      expect(recorder.records).toBe(0);
      await expect(recorder.plane(0)).rejects.toThrow(/no records/);
    });
  });

  it('rastrigin D = 1,000 from random starts: records exact, Gram and plane as the twin', async () => {
    await withGpu(async (gpu) => {
      const dim = 1000;
      const init = gaussianStarts(32, dim, 1.5, 17);
      const sim = await gpu.simulation({ landscape: landscapeById('rastrigin'), dim, count: 32, seed: 2, init, run: { optimizer: 'gd', lr: 1e-3 } });
      const recorder = gpu.own(await TrajectoryRecorder.create(sim.device, sim.engine, { particles: [1, 30], capacity: 16, every: 3 }));
      const expected: Expected = new Map();
      await runAndRecord(sim, recorder, 20, 3, expected);
      // Thinned once: every 6 steps from 0, and the latest.
      expect(recorder.steps).toEqual([...Array.from({ length: 10 }, (_, i) => 6 * i), 57]);
      for (const which of [0, 1]) {
        expectExactRecords(await recorder.readRecords(which), expected, which, dim);
        await compareWithTwin(recorder, expected, which, `rastrigin D=1000 particle ${recorder.particles[which]}`);
      }
    });
  });

  it('a long path in D = 4,096: the Gram matrix comes in several submits and still agrees', async () => {
    await withGpu(async (gpu) => {
      const dim = 4096;
      const sim = await gpu.simulation({
        landscape: landscapeById('quadratic'), dim, count: 2, seed: 8, params: [100], init: gaussianStarts(2, dim, 1, 21), run: { optimizer: 'gd', lr: 5e-3 },
      });
      const recorder = gpu.own(await TrajectoryRecorder.create(sim.device, sim.engine, { particles: [1], capacity: 128 }));
      const expected: Expected = new Map();
      await runAndRecord(sim, recorder, 110, 1, expected);
      const pairs = (110 * 111) / 2;
      expect(pairs).toBeGreaterThan(itemsPerSubmit(3 * dim));
      await compareWithTwin(recorder, expected, 0, `quadratic D=4096, ${Math.ceil(pairs / itemsPerSubmit(3 * dim))} Gram submits`);
    });
  });

  it('two records encoded into one submit land in two slots', async () => {
    await withGpu(async (gpu) => {
      const dim = 8;
      const init = gaussianStarts(16, dim, 0.7, 9);
      const spec = { landscape: landscapeById('rosenbrock'), dim, count: 16, seed: 4, init, run: { optimizer: 'gd' as const, lr: 5e-4 } };
      const sim = await gpu.simulation(spec);
      const recorder = gpu.own(await TrajectoryRecorder.create(sim.device, sim.engine, { particles: [2, 7], capacity: 4 }));
      const encoder = sim.device.createCommandEncoder({ label: 'test.twoRecords' });
      sim.engine.encode(encoder, 0);
      recorder.encode(encoder, 0);
      sim.engine.encode(encoder, 5);
      recorder.encode(encoder, 5);
      sim.device.queue.submit([encoder.finish()]);
      expect(recorder.steps).toEqual([0, 5]);
      // The same run again, read back at each step (gradient descent is deterministic).
      sim.reset(init);
      const expected: Expected = new Map();
      const again = gpu.own(await TrajectoryRecorder.create(sim.device, sim.engine, { particles: [2, 7], capacity: 4 }));
      await runAndRecord(sim, again, 2, 5, expected);
      for (const which of [0, 1]) expectExactRecords(await recorder.readRecords(which), expected, which, dim);
      expect(Array.from((await recorder.readRecords(0)).positions.subarray(0, dim))).not.toEqual(
        Array.from((await recorder.readRecords(0)).positions.subarray(dim)),
      );
    });
  });

  it('degenerate paths: one record, two records, a straight line: no NaN, v ⟂ u, as the twin', async () => {
    await withGpu(async (gpu) => {
      const dim = 16;
      // An isotropic bowl: gradient descent goes straight to the minimum.
      const init = gaussianStarts(8, dim, 2, 5);
      const sim = await gpu.simulation({ landscape: landscapeById('quadratic'), dim, count: 8, seed: 6, params: [1], init, run: { optimizer: 'gd', lr: 0.05 } });
      const recorder = gpu.own(await TrajectoryRecorder.create(sim.device, sim.engine, { particles: [3], capacity: 32 }));
      const expected: Expected = new Map();
      const finite = (p: TrajectoryPlane) => [...p.u, ...p.v, ...p.path.a, ...p.path.b, ...p.explained].every(Number.isFinite);

      await runAndRecord(sim, recorder, 1, 1, expected);
      const one = await recorder.plane(0);
      expect(finite(one)).toBe(true);
      expect(one.explained).toEqual([0, 0]);
      await compareWithTwin(recorder, expected, 0, 'one record');

      await sim.step(4);
      await recordNow(sim, recorder, expected);
      const { plane: two } = await compareWithTwin(recorder, expected, 0, 'two records');
      expect(finite(two)).toBe(true);
      expect(two.explained[0]).toBeCloseTo(1, 6);

      await runAndRecord(sim, recorder, 10, 4, expected);
      const { plane: line } = await compareWithTwin(recorder, expected, 0, 'straight line (isotropic bowl)');
      expect(finite(line)).toBe(true);
      expect(line.explained[0]).toBeGreaterThan(1 - 1e-5);
      expect(Array.from(line.path.b).every((b) => b === 0)).toBe(true);
      // u points along the line, from the end back towards the start: the first record sits at negative a.
      expect(line.path.a[0]).toBeLessThan(0);
    });
  });
});

