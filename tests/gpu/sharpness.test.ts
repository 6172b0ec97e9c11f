/**
 * Sharpness along the path (src/analysis/SharpnessTracker.ts): measurements recorded into the
 * caller's encoders between steps, kept and thinned on the GPU, read back as a time series;
 * against known Hessians and the float64 twin of the curvature kernel at the particles' positions
 * read back at each record's step.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { curvatureAt } from '../../src/analysis/curvatureReference';
import { SharpnessTracker, summarizeSharpness, type SharpnessSeries, type SharpnessTrackerOptions } from '../../src/analysis/SharpnessTracker';
import type { GpuSimulation } from '../../src/engine';
import { FLAG_DIVERGED, type SystemSpec } from '../../src/engine/types';
import { defaultParams, landscapeById } from '../../src/landscapes';
import { gradientFlowLimit } from '../../src/landscapes/factorization';
import { spectrumEigenvalue } from '../../src/landscapes/random';
import { withGpu, type Gpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`sharpness tracking, measured:\n${measured.join('\n')}`));

/** `records` rounds of `interval` steps, each followed by a measurement, one submit per round; calls `after` once each round is done. */
async function runTracked(
  sim: GpuSimulation,
  tracker: SharpnessTracker,
  rounds: number,
  interval: number,
  after: (round: number) => Promise<void> = async () => {},
): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    const encoder = sim.device.createCommandEncoder({ label: 'test.tracked' });
    sim.encode(encoder, r === 0 ? 0 : interval);
    tracker.encode(encoder, sim.stepIndex);
    sim.device.queue.submit([encoder.finish()]);
    await after(r);
  }
}

async function tracked(gpu: Gpu, spec: SystemSpec, options: SharpnessTrackerOptions = {}) {
  const sim = await gpu.simulation(spec);
  const tracker = gpu.own(await SharpnessTracker.create(sim.device, sim.engine, sim.binding, options));
  return { sim, tracker };
}

describe('sharpness of a constant Hessian is its known top eigenvalue', () => {
  it.each([
    ['quadratic', 16, [50]],
    ['spectrum-quadratic', 24, [30, 3, 7]],
  ] as const)('%s at D = %i, along a gradient-descent run', async (id, dim, params) => {
    const landscape = landscapeById(id);
    const exact = Math.max(...Array.from({ length: dim }, (_, i) => (id === 'quadratic' ? 50 ** (i / (dim - 1)) : spectrumEigenvalue(i, dim, params[0], params[1]))));
    const series = await withGpu(async (gpu) => {
      const { sim, tracker } = await tracked(gpu, {
        landscape, dim, params: [...params], count: 512, seed: 4, run: { lr: 0.01, convergeTol: 0 }, init: { kind: 'gaussian', center: [], sigma: 1 },
      });
      expect(tracker.samples).toBe(16);
      await runTracked(sim, tracker, 5, 7);
      return tracker.read();
    });
    expect(series.steps).toEqual([0, 7, 14, 21, 28]);
    let worst = 0;
    for (const record of series.sharpness) for (const s of record) worst = Math.max(worst, Math.abs(s - exact) / exact);
    measured.push(`  ${id} D=${dim}: top eigenvalue ${exact.toFixed(3)}, worst relative error of 5 x 16 records ${worst.toExponential(2)}`);
    // Ten Lanczos steps reach the top of a spectrum with this gap to f32 differencing accuracy.
    expect(worst).toBeLessThan(2e-3);
  });
});

describe('sharpness along a run matches the float64 twin at the positions read back at each record', () => {
  const mlpParams = (() => {
    const l = landscapeById('mlp');
    const want: Record<string, number> = { trainPoints: 32, testPoints: 8, hiddenLayers: 1, width: 4, batchSize: 8 };
    return l.params.map((q) => want[q.key] ?? q.default);
  })();
  it.each([
    ['rosenbrock', 8, defaultParams(landscapeById('rosenbrock')), 1e-4, 0.5],
    ['mlp', landscapeById('mlp').dimensionOf!(mlpParams), mlpParams, 0.05, 0.8],
  ] as const)('%s at D = %i', async (id, dim, params, lr, sigma) => {
    const landscape = landscapeById(id);
    const lanczosSteps = 10;
    const seed = 5;
    const worst = await withGpu(async (gpu) => {
      const { sim, tracker } = await tracked(gpu, {
        landscape, dim, params: [...params], count: 64, seed: 2, run: { lr, convergeTol: 0 }, init: { kind: 'gaussian', center: [], sigma },
      }, { samples: 8, lanczosSteps, seed });
      const positions: Float32Array[] = [];
      await runTracked(sim, tracker, 4, 25, async () => {
        positions.push((await sim.particles()).positions);
      });
      const series = await tracker.read();
      expect(series.steps).toEqual([0, 25, 50, 75]);
      expect(Array.from(series.particles)).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);
      let err = 0;
      series.sharpness.forEach((record, r) => {
        series.particles.forEach((p, t) => {
          const x = positions[r].subarray(p * dim, (p + 1) * dim);
          const ref = curvatureAt(landscape, [...params], dim, x, p, seed, lanczosSteps);
          const size = Math.max(Math.abs(ref.lambdaMin), Math.abs(ref.lambdaMax));
          const e = Math.abs(record[t] - ref.lambdaMax) / size;
          err = Math.max(err, e);
          // f32 Lanczos without reorthogonalisation against f64: the extremes converge first.
          expect(e, `record ${r}, particle ${p}`).toBeLessThan(1e-2);
        });
      });
      // The particles moved: the series is a path, not one point measured again.
      expect(series.sharpness[3]).not.toEqual(series.sharpness[0]);
      return err;
    });
    measured.push(`  ${id} D=${dim}: worst |GPU - twin| / max|lambda| over 4 records x 8 particles ${worst.toExponential(2)}`);
  });
});

describe('the history', () => {
  it('thins on the GPU when full, keeping step 0, bounded, and measurements sharing one submit agree with one per submit', () =>
    withGpu(async (gpu) => {
      const spec: SystemSpec = {
        landscape: landscapeById('quadratic'), dim: 4, params: [8], count: 32, seed: 1, run: { lr: 0.05, convergeTol: 0 }, init: { kind: 'gaussian', center: [], sigma: 2 },
      };
      const options = { samples: 4, lanczosSteps: 4, capacity: 4 };
      // One step and one encode per submit, the tracked particles' losses read back after each.
      const { sim, tracker } = await tracked(gpu, spec, options);
      const lossAt: Float32Array[] = [];
      const recorded: boolean[] = [];
      for (let step = 0; step <= 40; step++) {
        const encoder = sim.device.createCommandEncoder();
        sim.encode(encoder, step === 0 ? 0 : 1);
        recorded.push(tracker.encode(encoder, step));
        sim.device.queue.submit([encoder.finish()]);
        const states = await sim.states();
        lossAt.push(Float32Array.from(tracker.particles, (p) => states.loss[p]));
        expect(tracker.records).toBeLessThanOrEqual(4);
      }
      const one = await tracker.read();
      // 41 calls into 4 slots: thinned at calls 4, 8, 16 and 32; kept once every 16 calls.
      expect(one.every).toBe(16);
      expect(one.steps).toEqual([0, 16, 32]);
      // Calls 0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32.
      expect(recorded.filter(Boolean).length).toBe(11);
      one.steps.forEach((s, r) => expect(Array.from(one.loss[r]), `record at step ${s}`).toEqual(Array.from(lossAt[s])));

      // The same run, all 41 steps and encodes in one submit.
      const other = await tracked(gpu, spec, options);
      const encoder = other.sim.device.createCommandEncoder();
      for (let step = 0; step <= 40; step++) {
        other.sim.encode(encoder, step === 0 ? 0 : 1);
        other.tracker.encode(encoder, step);
      }
      other.sim.device.queue.submit([encoder.finish()]);
      const together = await other.tracker.read();
      expect(together.steps).toEqual(one.steps);
      expect(together.loss.map((l) => Array.from(l))).toEqual(one.loss.map((l) => Array.from(l)));
      expect(together.sharpness.map((l) => Array.from(l))).toEqual(one.sharpness.map((l) => Array.from(l)));

      // clear() starts over at record 0.
      tracker.clear();
      const encoder2 = sim.device.createCommandEncoder();
      tracker.encode(encoder2, 41);
      sim.device.queue.submit([encoder2.finish()]);
      const fresh = await tracker.read();
      expect(fresh.steps).toEqual([41]);
      expect(fresh.every).toBe(1);
    }),
  );

  it('a diverged particle reads NaN and is left out of the summary', () =>
    withGpu(async (gpu) => {
      const landscape = landscapeById('quadratic');
      const dim = 6;
      const points = Array.from({ length: 8 }, (_, p) => Array.from({ length: dim }, (_, d) => Math.sin(p + 3 * d)));
      points[3] = points[3].map(() => 10 * landscape.bound);
      const { sim, tracker } = await tracked(gpu, {
        landscape, dim, params: [20], count: 8, seed: 1, run: { lr: 0.01, convergeTol: 0 }, init: { kind: 'points', points },
      }, { samples: 8 });
      await runTracked(sim, tracker, 2, 1);
      const series = await tracker.read();
      expect((await sim.states()).flags[3] & FLAG_DIVERGED).toBe(FLAG_DIVERGED);
      const last = series.sharpness[1];
      expect(Number.isNaN(last[3])).toBe(true);
      expect(Number.isNaN(series.loss[1][3])).toBe(true);
      const summary = summarizeSharpness(series);
      expect(summary.live[1]).toBe(7);
      expect(Math.abs(summary.sharpness[1] - 20) / 20).toBeLessThan(2e-3);
      expect(Number.isFinite(summary.loss[1])).toBe(true);
    }),
  );

  it('clamps tracked particles to one submit’s work and refuses bad options', () =>
    withGpu(async (gpu) => {
      const landscape = landscapeById('mlp');
      // About 1e6 operations per full-batch evaluation: a few particles' runs fill one submit.
      const want: Record<string, number> = { trainPoints: 1000, testPoints: 4, hiddenLayers: 2, width: 8, batchSize: 8 };
      const params = landscape.params.map((q) => want[q.key] ?? q.default);
      const dim = landscape.dimensionOf!(params);
      const { sim, tracker } = await tracked(gpu, { landscape, dim, params, count: 64, seed: 1 }, { samples: 64 });
      const fits = SharpnessTracker.samplesPerSubmit(sim.binding, 10);
      expect(fits).toBeLessThan(64);
      expect(fits).toBeGreaterThan(1);
      expect(tracker.samples).toBe(fits);
      expect(tracker.evaluationsPerMeasurement * sim.binding.fullEvaluationCost).toBeLessThanOrEqual(2 ** 26);
      const make = (o: object) => SharpnessTracker.create(sim.device, sim.engine, sim.binding, o);
      await expect(make({ lanczosSteps: 33 })).rejects.toThrow(/LANCZOS_MAX/);
      await expect(make({ capacity: 5 })).rejects.toThrow(/MAX_TRACKING_CAPACITY/);
      await expect(make({ samples: 0 })).rejects.toThrow(RangeError);
    }),
  );
});

/** The median sharpness of the last record. */
const finalSharpness = (s: SharpnessSeries) => summarizeSharpness(s).sharpness.at(-1)!;

describe('edge of stability on the scalar factorization ½(1 − xy)²', () => {
  it('gradient descent settles where the sharpness is at most 2/η; gradient flow keeps the sharp valley it starts in', async () => {
    const landscape = landscapeById('scalar-factorization');
    // Unbalanced starts: the minimum straight below them has sharpness x² + y² ≈ 36.
    const points = Array.from({ length: 16 }, (_, p) => [6 + 0.05 * (p % 4), 0.2 + 0.01 * Math.floor(p / 4)]);
    const run = async (lr: number, steps: number) =>
      withGpu(async (gpu) => {
        const { sim, tracker } = await tracked(
          gpu,
          { landscape, dim: 2, params: [], count: 16, seed: 1, run: { lr, convergeTol: 0 }, init: { kind: 'points', points } },
          { samples: 16, lanczosSteps: 2 },
        );
        await runTracked(sim, tracker, 21, steps / 20);
        return tracker.read();
      });
    const lr = 0.1;
    const [gd, flow] = [await run(lr, 2000), await run(0.002, 2000)];
    const [gdStart, gdEnd, flowEnd] = [summarizeSharpness(gd).sharpness[0], finalSharpness(gd), finalSharpness(flow)];
    measured.push(
      `  scalar-factorization: median sharpness at the start ${gdStart.toFixed(2)}; after 2,000 steps, GD with η = ${lr}: ` +
        `${gdEnd.toFixed(3)} (2/η = ${2 / lr}), η = 0.002 (gradient flow): ${flowEnd.toFixed(3)}`,
    );
    expect(gdStart).toBeGreaterThan(2 / lr);
    // At rest on the valley xy = 1 the sharpness is x² + y²: GD can only rest where it is at most 2/η.
    expect(gdEnd).toBeLessThanOrEqual((2 / lr) * 1.02);
    gd.sharpness.at(-1)!.forEach((s, t) => expect(s, `particle ${t} under GD`).toBeLessThanOrEqual((2 / lr) * 1.02));
    expect(summarizeSharpness(gd).loss.at(-1)!).toBeLessThan(1e-4);
    // Gradient flow conserves x² − y², so it ends where the valley meets that hyperbola, far above 2/η.
    expect(flowEnd).toBeGreaterThan(1.5 * (2 / lr));
    flow.sharpness.at(-1)!.forEach((s, t) => {
      const limit = gradientFlowLimit(points[t][0], points[t][1]).sharpness;
      expect(Math.abs(s - limit) / limit, `particle ${t} under the flow`).toBeLessThan(1e-2);
    });
  });
});
