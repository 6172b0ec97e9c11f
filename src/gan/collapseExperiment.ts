/**
 * Mode collapse, counted: `gans` GANs with plain settings and as many in each unrolled (or
 * otherwise varied) group, trained side by side in one GanTrainer (./collapseOptions.ts), then
 * each GAN's mode coverage from its read-back samples (./modeCoverage.ts) and a summary per
 * group. Run by tests/experiments/gan-collapse.js, in the explorer's page or in Node on Dawn.
 */
import { acquireDevice } from '../gpu/device';
import {
  COLLAPSE_DEFAULTS, COVERAGE_SEED, collapseRuns, collapseSpec, groupRows, type CollapseOptions, type CollapseRow,
} from './collapseOptions';
import { GanTrainer } from './GanTrainer';
import { coverageSummary, modeCoverage } from './modeCoverage';

export { COLLAPSE_DEFAULTS, collapseGroups, type CollapseOptions, type CollapseRow } from './collapseOptions';

export async function runCollapseExperiment(
  options: Partial<CollapseOptions> = {},
  onRow?: (row: CollapseRow) => void,
): Promise<{ options: CollapseOptions; device: string; generatorStepsPerSecond: number; rows: CollapseRow[] }> {
  const o = { ...COLLAPSE_DEFAULTS, ...options };
  const { device, adapterInfo } = await acquireDevice('gan-collapse');
  const spec = collapseSpec(o);
  const mixture = spec.mixture;
  const runs = collapseRuns(o);
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
      const samples = await trainer.readSamples(o.samples, COVERAGE_SEED);
      const coverage = runs.map((_, g) => modeCoverage(samples.subarray(2 * o.samples * g, 2 * o.samples * (g + 1)), mixture));
      const row = { step, seconds: trainSeconds, groups: groupRows(o, coverage, (c) => coverageSummary(c, mixture.modes)) };
      rows.push(row);
      onRow?.(row);
    }
  } finally {
    trainer.destroy();
    device.destroy();
  }
  return {
    options: o, device: `${adapterInfo.vendor} ${adapterInfo.architecture} ${adapterInfo.description}`.trim(),
    generatorStepsPerSecond: (o.steps * runs.length) / trainSeconds, rows,
  };
}
