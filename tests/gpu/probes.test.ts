/**
 * Path probes: a probe added to a simulation is recorded at every multiple of its interval, from
 * step 0, whether the steps come from frames of any size or from step(n), and it sees the
 * particles exactly as they are at that step (checked against the TypeScript engine).
 */
import { describe, expect, it } from 'vitest';
import { CpuSimulation, type PathProbe, type SystemSpec } from '../../src/engine';
import { F32_BYTES } from '../../src/gpu/layouts';
import { landscapeById } from '../../src/landscapes';
import { withGpu } from './device';

/** Copies particle 3's coordinates into the next slot of a buffer, at each record. */
class CopyProbe implements PathProbe {
  readonly steps: number[] = [];
  constructor(
    readonly every: number,
    private readonly sim: { engine: { pos: GPUBuffer }; count: number; dim: number },
    private readonly out: GPUBuffer,
  ) {}
  encode(encoder: GPUCommandEncoder, step: number): void {
    const { count, dim } = this.sim;
    const slot = this.steps.length;
    for (let d = 0; d < dim; d++) {
      encoder.copyBufferToBuffer(this.sim.engine.pos, (d * count + 3) * F32_BYTES, this.out, (slot * dim + d) * F32_BYTES, F32_BYTES);
    }
    this.steps.push(step);
  }
  clear(): void {
    this.steps.length = 0;
  }
}

describe('path probes', () => {
  it('record at every multiple of their interval, through frames and step(n), with the particles as they are then', () =>
    withGpu(async (gpu) => {
      const spec: SystemSpec = {
        landscape: landscapeById('rosenbrock'), dim: 5, count: 16, seed: 8, run: { lr: 2e-4 },
        init: { kind: 'gaussian', center: [], sigma: 1.5 },
      };
      const sim = await gpu.simulation(spec);
      const out = gpu.buffer({ label: 'test.probeOut', size: 64 * spec.dim * F32_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      const every7 = new CopyProbe(7, sim, out);
      const every5: number[] = [];
      const remove = sim.addProbe(every7);
      sim.addProbe({ every: 5, encode: (_e, step) => every5.push(step), clear: () => (every5.length = 0) });
      // Frames of uneven sizes, a paused frame (0 steps) and a scripted step(n).
      for (const steps of [3, 0, 11, 1, 20]) {
        const encoder = sim.device.createCommandEncoder();
        sim.encode(encoder, steps);
        sim.device.queue.submit([encoder.finish()]);
      }
      await sim.step(30);
      expect(sim.stepIndex).toBe(65);
      expect(every7.steps).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 63]);
      expect(every5).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65]);

      const recorded = new Float32Array(await gpu.read(out));
      const cpu = new CpuSimulation(spec);
      let worst = 0;
      for (const [slot, step] of every7.steps.entries()) {
        await cpu.step(step - cpu.stepIndex);
        const x = (await cpu.particles()).positions.subarray(3 * spec.dim, 4 * spec.dim);
        for (let d = 0; d < spec.dim; d++) worst = Math.max(worst, Math.abs(recorded[slot * spec.dim + d] - x[d]) / (1 + Math.abs(x[d])));
      }
      console.log(`probe records vs the TypeScript engine: worst relative difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-5);

      // A reset starts the records over at step 0; a removed probe records no more.
      sim.reset(spec.init);
      remove();
      await sim.step(10);
      expect(every7.steps).toEqual([]);
      expect(every5).toEqual([0, 5, 10]);
    }));
});
