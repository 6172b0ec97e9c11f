/**
 * Mode collapse, counted: `gans` GANs with plain settings and as many with unrolled
 * discriminator steps, trained side by side in one GanTrainer (seeds differ, all else shared),
 * then each GAN's mode coverage from its read-back samples (./modeCoverage.ts) and a summary per
 * group. Run in the explorer's page by tests/experiments/gan-collapse.js.
 */
import { acquireDevice } from '../gpu/device';
import { DEFAULT_RUN, type GanActivation, type GanLoss, type GanRun, type GanSpec } from './ganConfig';
import { GanTrainer } from './GanTrainer';
import { GRID_25, RING_8 } from './mixtures';
import { coverageSummary, modeCoverage, type CoverageSummary } from './modeCoverage';

export interface CollapseOptions {
  mixture: 'ring' | 'grid';
  /** GANs per group (plain, unrolled). */
  gans: number;
  steps: number;
  /** Unroll K of the second group. */
  unroll: number;
  unrollLr: number;
  width: number;
  hidden: number;
  latent: number;
  batch: number;
  activation: GanActivation;
  loss: GanLoss;
  lrG: number;
  lrD: number;
  dSteps: number;
  samples: number;
  seed: number;
  /** Read coverage every this many steps (0: only at the end). */
  every: number;
}

export const COLLAPSE_DEFAULTS: CollapseOptions = {
  mixture: 'ring', gans: 64, steps: 2000, unroll: 5, unrollLr: 1e-2, width: 32, hidden: 2, latent: 4, batch: 64,
  activation: 'relu', loss: 'nonSaturating', lrG: 1e-3, lrD: 1e-3, dSteps: 1, samples: 1000, seed: 1, every: 0,
};

export interface CollapseRow {
  step: number;
  seconds: number;
  plain: CoverageSummary;
  unrolled: CoverageSummary;
}

export async function runCollapseExperiment(
  options: Partial<CollapseOptions> = {},
  onRow?: (row: CollapseRow) => void,
): Promise<{ options: CollapseOptions; device: string; generatorStepsPerSecond: number; rows: CollapseRow[] }> {
  const o = { ...COLLAPSE_DEFAULTS, ...options };
  const { device, adapterInfo } = await acquireDevice('gan-collapse');
  const mixture = o.mixture === 'grid' ? GRID_25 : RING_8;
  const net = { hidden: o.hidden, width: o.width };
  const spec: GanSpec = {
    mixture, latent: o.latent, generator: net, discriminator: net, activation: o.activation, batch: o.batch,
    beta1: 0.5, beta2: 0.999, epsilon: 1e-8,
  };
  const base: Omit<GanRun, 'seed' | 'unroll'> = { ...DEFAULT_RUN, lrG: o.lrG, lrD: o.lrD, dSteps: o.dSteps, unrollLr: o.unrollLr, loss: o.loss };
  const runs: GanRun[] = Array.from({ length: 2 * o.gans }, (_, g) => ({ ...base, seed: o.seed + g, unroll: g < o.gans ? 0 : o.unroll }));
  const trainer = await GanTrainer.create(device, { spec, runs, sampleCapacity: o.samples });
  const rows: CollapseRow[] = [];
  let trainSeconds = 0;
  try {
    const every = o.every > 0 ? o.every : o.steps;
    for (let step = 0; step < o.steps; ) {
      const n = Math.min(every, o.steps - step);
      const t0 = performance.now();
      await trainer.train(n);
      trainSeconds += (performance.now() - t0) / 1000;
      step += n;
      const samples = await trainer.readSamples(o.samples, 12345);
      const coverage = runs.map((_, g) => modeCoverage(samples.subarray(2 * o.samples * g, 2 * o.samples * (g + 1)), mixture));
      const row = {
        step, seconds: trainSeconds,
        plain: coverageSummary(coverage.slice(0, o.gans), mixture.modes),
        unrolled: coverageSummary(coverage.slice(o.gans), mixture.modes),
      };
      rows.push(row);
      onRow?.(row);
    }
  } finally {
    trainer.destroy();
    device.destroy();
  }
  return {
    options: o, device: `${adapterInfo.vendor} ${adapterInfo.architecture} ${adapterInfo.description}`.trim(),
    generatorStepsPerSecond: (o.steps * 2 * o.gans) / trainSeconds, rows,
  };
}
