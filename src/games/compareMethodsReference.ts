/**
 * The float64 twin of compareMethodsOnGpu (./compareMethods.ts): the same starting cloud, each
 * method stepped in TypeScript. For small clouds: tests, and scripts without WebGPU.
 */
import { resolveGame } from './catalog';
import { comparisonPlan, methodSeries, summarizeDistances, type ComparisonOptions, type MethodComparison } from './distanceSummary';
import type { GameSimulationSpec } from './GameSimulation';
import { particleReadout, referenceParticles, runParticle } from './gameReference';
import { resolveHyperparameters } from './methods';
import { validateCount, validateSeed } from './start';

export function compareMethodsReference(spec: GameSimulationSpec, options: ComparisonOptions): MethodComparison {
  const { methods, records, levels } = comparisonPlan(options);
  const game = resolveGame(spec.game);
  const hyper = resolveHyperparameters(spec.hyper);
  const seed = spec.seed ?? 1;
  validateSeed(seed);
  validateCount(spec.count);
  const series = methods.map((method) => {
    const particles = referenceParticles(game, spec.start ?? {}, spec.count, seed, hyper.bound);
    const summaries = records.map((step, r) => {
      if (r > 0) for (const p of particles) runParticle(game, method, hyper, p, step - records[r - 1]);
      const distance = particles.map((p) => particleReadout(game, p).distance);
      return summarizeDistances(distance, particles.map((p) => p.flags), levels);
    });
    return methodSeries(method, summaries, levels);
  });
  return { steps: records, levels, count: spec.count, series };
}
