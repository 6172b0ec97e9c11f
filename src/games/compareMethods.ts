/**
 * Distance to the equilibrium over steps for several methods side by side on the GPU, every
 * method from the same starting cloud (the same seed). Twin: ./compareMethodsReference.ts.
 */
import { DistanceHistory } from './DistanceHistory';
import { comparisonPlan, methodSeries, summarizeDistances, type ComparisonOptions, type MethodComparison } from './distanceSummary';
import { GameSimulation, type GameSimulationSpec } from './GameSimulation';

/**
 * Runs each method on `simulation` from its seed's cloud and summarises the distances at every
 * record. The simulation is left with the last method's run.
 */
export async function compareMethods(simulation: GameSimulation, options: ComparisonOptions): Promise<MethodComparison> {
  const { methods, records, levels } = comparisonPlan(options);
  const { device } = simulation;
  const history = new DistanceHistory(device, simulation, records.length);
  try {
    const series = [];
    for (const method of methods) {
      simulation.setMethod(method);
      simulation.reset();
      const first = device.createCommandEncoder({ label: 'compareMethods.start' });
      simulation.encode(first, 0);
      history.encode(first, 0);
      device.queue.submit([first.finish()]);
      for (let r = 1; r < records.length; r++) {
        let left = records[r] - records[r - 1];
        while (left > 0) {
          const k = Math.min(left, simulation.stepsPerSubmit);
          const encoder = device.createCommandEncoder({ label: 'compareMethods.steps' });
          simulation.encode(encoder, k);
          left -= k;
          if (left === 0) history.encode(encoder, r);
          device.queue.submit([encoder.finish()]);
          // Heavy steps: one submit at a time, so no GPU task runs long.
          if (k === simulation.stepsPerSubmit) await device.queue.onSubmittedWorkDone();
        }
      }
      const readouts = await history.read(records.length);
      series.push(methodSeries(method, readouts.map((r) => summarizeDistances(r.distance, r.flags, levels)), levels));
    }
    return { steps: records, levels, count: simulation.count, series };
  } finally {
    history.destroy();
  }
}

/** The same on a simulation made for it and destroyed after. */
export async function compareMethodsOnGpu(device: GPUDevice, spec: GameSimulationSpec, options: ComparisonOptions): Promise<MethodComparison> {
  comparisonPlan(options);
  const simulation = await GameSimulation.create(device, spec);
  try {
    return await compareMethods(simulation, options);
  } finally {
    simulation.destroy();
  }
}
