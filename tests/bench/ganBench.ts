/**
 * GAN training in generator steps per second, summed over GANs: GanTrainer on the GPU (one
 * workgroup per GAN) against the float64 twin (src/gan/ganReference.ts, one core), one GAN and many
 * side by side, plain and unrolled (K = 5). The GPU figure is the median of several timed runs;
 * the twin is timed on one GAN (every GAN costs the same) and its parameters after the first
 * steps are compared with the GPU's. Shared by the browser benchmark (bench.ts) and the Node one
 * (nodeBench.ts).
 */
import { DEFAULT_RUN, type GanRun, type GanSpec } from '../../src/gan/ganConfig';
import { initialState, trainStep } from '../../src/gan/ganReference';
import { GanTrainer } from '../../src/gan/GanTrainer';
import { RING_8 } from '../../src/gan/mixtures';
import { median } from './measure';

export interface GanRow {
  gans: number;
  width: number;
  batch: number;
  unroll: number;
  /** Generator steps per second, all GANs together. */
  gpu: number;
  cpu: number;
  gpuOverCpu: number;
  /** GPU milliseconds per timed run of `steps` generator steps. */
  gpuMs: number;
  steps: number;
  /** Largest |Δθ| between the GPU and the twin after `checkSteps` steps of GAN 0. */
  agree: number;
  checkSteps: number;
}

export interface GanBenchOptions {
  /** Smaller sizes (a software adapter). */
  small: boolean;
  reps: number;
}

const CHECK_STEPS = 3;
/** The twin runs at least this long (milliseconds), so its rate is not a cold start's. */
const TWIN_MS = 1000;

function specOf(width: number, batch: number): GanSpec {
  const net = { hidden: 2, width };
  return { mixture: RING_8, latent: 4, generator: net, discriminator: net, activation: 'relu', batch, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 };
}

export async function benchGan(device: GPUDevice, options: GanBenchOptions, log: (line: string) => void): Promise<GanRow[]> {
  const shapes = options.small ? [{ width: 16, batch: 32 }, { width: 32, batch: 64 }] : [{ width: 32, batch: 64 }, { width: 128, batch: 64 }];
  const counts = options.small ? [1, 16] : [1, 64, 512];
  const rows: GanRow[] = [];
  for (const { width, batch } of shapes) {
    for (const unroll of [0, 5]) {
      for (const gans of counts) {
        const spec = specOf(width, batch);
        const runs: GanRun[] = Array.from({ length: gans }, (_, g) => ({ ...DEFAULT_RUN, seed: 1 + g, unroll }));
        const trainer = await GanTrainer.create(device, { spec, runs });
        try {
          await trainer.train(CHECK_STEPS);
          const gpuTheta = (await trainer.readParameters(0)).theta;
          const twin = initialState(spec, runs[0]);
          // The twin's speed, timed on the steps that check it and more, for at least TWIN_MS (a warm loop).
          const t0 = performance.now();
          let agree = 0;
          let twinSteps = 0;
          while (twinSteps < CHECK_STEPS || performance.now() - t0 < TWIN_MS) {
            trainStep(spec, runs[0], twin);
            if (++twinSteps === CHECK_STEPS) agree = twin.theta.reduce((m, x, k) => Math.max(m, Math.abs(x - gpuTheta[k])), 0);
          }
          const cpu = (twinSteps * 1000) / (performance.now() - t0);
          const steps = options.small ? (unroll ? 4 : 16) : unroll ? 32 : 128;
          const times: number[] = [];
          for (let r = 0; r < options.reps; r++) {
            const t1 = performance.now();
            await trainer.train(steps);
            times.push(performance.now() - t1);
          }
          const gpuMs = median(times);
          const gpu = (gans * steps * 1000) / gpuMs;
          const row: GanRow = { gans, width, batch, unroll, gpu, cpu, gpuOverCpu: gpu / cpu, gpuMs, steps, agree, checkSteps: CHECK_STEPS };
          rows.push(row);
          log(
            `gan training ${gans} GAN(s), width ${width}, batch ${batch}, K = ${unroll}: gpu ${gpu.toExponential(2)} ts ${cpu.toExponential(2)} ` +
              `generator steps/s (x${row.gpuOverCpu.toFixed(1)}), |Δθ| after ${CHECK_STEPS} steps ${agree.toExponential(1)}`,
          );
        } finally {
          trainer.destroy();
        }
      }
    }
  }
  return rows;
}
