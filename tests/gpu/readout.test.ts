/**
 * The network readout (shaders/readout.wgsl, src/analysis/NetworkReadout.ts): every landscape
 * with metrics, evaluated by the readout kernel at sampled particles where the engine holds
 * them, against the landscape's float64 twin; a diverged network reads NaN and is kept out of
 * the summary.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NetworkReadout, summarizeReadings } from '../../src/analysis/NetworkReadout';
import { FLAG_DIVERGED } from '../../src/engine/types';
import { itemsPerSubmit } from '../../src/gpu/workBudget';
import { LANDSCAPES, type Landscape } from '../../src/landscapes';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';
import { withGpu } from './device';

/** Small networks with their data, per landscape with metrics. */
const PARAMS: Record<string, Record<string, number>> = {
  mlp: { trainPoints: 48, testPoints: 96, hiddenLayers: 2, width: 6, batchSize: 8, labelNoise: 0.1 },
  // About 2e7 operations per network: the readout comes in several submits.
  'mlp (large)': { trainPoints: 1000, testPoints: 1000, hiddenLayers: 2, width: 60, batchSize: 8 },
  'teacher-student-sample': { studentWidth: 4, teacherWidth: 3, extraInputs: 1, samples: 40, testSamples: 80, batchSize: 8, labelNoise: 0.2 },
};

const measured: string[] = [];
afterAll(() => console.log(`network readout, WGSL vs twin (relative to 1 + |value|):\n${measured.join('\n')}`));

const withMetrics = LANDSCAPES.filter((l) => l.metrics);

describe('the readout kernel agrees with each landscape’s metrics twin', () => {
  it('covers every landscape with metrics', () => {
    expect(withMetrics.map((l) => l.id).sort()).toEqual(Object.keys(PARAMS).filter((k) => !k.includes(' ')).sort());
  });

  const cases = Object.keys(PARAMS).map((name) => [name, withMetrics.find((l) => name.startsWith(l.id))!] as [string, Landscape]);
  it.each(cases)('%s', async (name, landscape) => {
    const params = landscape.params.map((q) => PARAMS[name][q.key] ?? q.default);
    const dim = landscape.dimensionOf!(params);
    const count = 40;
    const rand = mulberry32(dim);
    const points = Array.from({ length: count }, () => Array.from({ length: dim }, () => 0.6 * gaussian(rand)));
    // One network far outside the landscape's bound: the first step marks it diverged.
    points[6] = points[6].map(() => 10 * landscape.bound);
    await withGpu(async (gpu) => {
      const sim = await gpu.simulation({ landscape, dim, params, count, seed: 5, init: { kind: 'points', points }, run: { lr: 1e-3 } });
      await sim.step(1);
      const snap = await sim.particles();
      const readout = (await NetworkReadout.create(sim.device, sim.engine, 16))!;
      try {
        expect(readout.names).toEqual(landscape.metrics!.names);
        // 16 of 40 networks, spread evenly: particles 0, 2, 4, ... (stride 2).
        const sampled = await readout.measure(16);
        expect(Array.from(sampled.particles)).toEqual(Array.from({ length: 16 }, (_, i) => 2 * i));
        let worst = 0;
        for (const r of [sampled]) {
          r.particles.forEach((p, i) => {
            const row = r.values[i];
            if (snap.flags[p] & FLAG_DIVERGED) {
              expect(row.every(Number.isNaN), `diverged network ${p}`).toBe(true);
              return;
            }
            const x = snap.positions.subarray(p * dim, (p + 1) * dim);
            const twin = landscape.metrics!.evaluate(x, params, dim);
            twin.forEach((v, j) => {
              const metric = landscape.metrics!.names[j];
              // Accuracies count outputs: an output within rounding of 0 may count either way, one point in the test set.
              const tol = metric.includes('accuracy') ? 2 / 96 : 1e-5;
              const err = Math.abs(row[j] - v) / (1 + Math.abs(v));
              worst = Math.max(worst, metric.includes('accuracy') ? 0 : err);
              expect(err, `${metric} of network ${p}`).toBeLessThan(tol);
            });
          });
        }
        const perSubmit = itemsPerSubmit(landscape.metrics!.cost(dim, params));
        measured.push(`  ${name.padEnd(24)} D=${dim}, ${Math.ceil(16 / perSubmit)} submit(s): worst loss error ${worst.toExponential(2)}`);
        expect(snap.flags[6] & FLAG_DIVERGED).toBe(FLAG_DIVERGED);
        // The summary counts the diverged network out; the rest average to a finite value.
        const summary = summarizeReadings(sampled);
        expect(summary[0].finite).toBe(15);
        expect(Number.isFinite(summary[0].mean)).toBe(true);
        // Asking for more than the capacity reads the capacity, spread over the whole cloud.
        expect((await readout.measure(40)).values.length).toBe(16);
      } finally {
        readout.destroy();
      }
    });
  });
});
