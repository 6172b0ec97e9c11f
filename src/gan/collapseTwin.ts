/**
 * The mode-collapse experiment (./collapseExperiment.ts) on the float64 twin (./ganReference.ts)
 * instead of the GPU: the same GANs (seeds, settings, draws), the same coverage rules, on the CPU,
 * one GAN after another. For a machine without a GPU worth the name; the twin agrees with the GPU
 * step for step (tests/gpu/gan.test.ts), though over thousands of steps the two drift apart as any
 * two float formats do in a chaotic game.
 */
import {
  COLLAPSE_DEFAULTS, COVERAGE_SEED, collapseRuns, collapseSpec, groupRows, type CollapseOptions, type CollapseRow,
} from './collapseOptions';
import { generatorSamples, initialState, trainStep } from './ganReference';
import { coverageSummary, modeCoverage } from './modeCoverage';

export async function runCollapseTwin(
  options: Partial<CollapseOptions> = {},
  onRow?: (row: CollapseRow) => void,
): Promise<{ options: CollapseOptions; device: string; generatorStepsPerSecond: number; rows: CollapseRow[] }> {
  const o = { ...COLLAPSE_DEFAULTS, ...options };
  const spec = collapseSpec(o);
  const runs = collapseRuns(o);
  const states = runs.map((run) => initialState(spec, run));
  const rows: CollapseRow[] = [];
  let trainSeconds = 0;
  const every = o.every > 0 ? o.every : o.steps;
  for (let step = 0; step < o.steps; ) {
    const n = Math.min(every, o.steps - step);
    const t0 = performance.now();
    states.forEach((s, g) => {
      for (let i = 0; i < n; i++) trainStep(spec, runs[g], s);
    });
    trainSeconds += (performance.now() - t0) / 1000;
    step += n;
    const coverage = states.map((s, g) => modeCoverage(generatorSamples(spec, s.theta, g, o.samples, COVERAGE_SEED), spec.mixture));
    const row = { step, seconds: trainSeconds, groups: groupRows(o, coverage, (c) => coverageSummary(c, spec.mixture.modes)) };
    rows.push(row);
    onRow?.(row);
    // Lets a page (or a caller's timer) breathe between chunks.
    await new Promise((r) => setTimeout(r, 0));
  }
  return { options: o, device: 'float64 TypeScript twin (CPU, one thread)', generatorStepsPerSecond: (o.steps * runs.length) / trainSeconds, rows };
}
