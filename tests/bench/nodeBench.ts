/**
 * The benchmark without a browser: the same engine code on Dawn's Node bindings (the `webgpu`
 * package), GPU engine against the TypeScript engine, for machines with a GPU and no browser.
 * Loaded by tests/bench/node.mjs (npm run bench:node) through Vite, which installs the WebGPU
 * globals and navigator.gpu first; this module only measures and returns the figures.
 *
 * Timing: wall clock around queue submission and onSubmittedWorkDone; each figure is the median
 * of several runs of the same size, found first by doubling until one run takes minMs.
 */
import { CpuSimulation, GpuSimulation, type SystemSpec } from '../../src/engine';
import { LandscapeBinding } from '../../src/engine/LandscapeBinding';
import { acquireDevice, DeviceLimitError } from '../../src/gpu/device';
import { landscapeById } from '../../src/landscapes';
import { DEFAULT_SHARPNESS_EVERY, SharpnessTracker, trackingWorkShare } from '../../src/analysis/SharpnessTracker';
import { NoiseStability } from '../../src/analysis/NoiseStability';
import { noiseStabilityReference } from '../../src/analysis/noiseStabilityReference';
import { measureCeilings } from './ceilings';
import { bytesPerStep, flopsPerStep, maxAbsDiff, median, medianRate, type ModelLandscape, type ModelOptimizer } from './measure';
import { benchBirthday } from './birthdayBench';
import { benchGan } from './ganBench';

export type Section = 'particles' | 'networks' | 'sharpness' | 'noise' | 'birthday' | 'gan';
export const SECTIONS: Section[] = ['particles', 'networks', 'sharpness', 'noise', 'birthday', 'gan'];

export interface NodeBenchOptions {
  /** Small sizes: a few minutes on a software adapter (SwiftShader). */
  quick: boolean;
  /** Timed runs per figure (the median is kept). */
  reps: number;
  /** One timed run lasts at least this long. */
  minMs: number;
  sections: Section[];
  /** What node.mjs knows of the process: Node's version, the webgpu package's, the cores. */
  host: Record<string, unknown>;
}

type Log = (line: string) => void;

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Makes a simulation, or says why it could not: a size past the device's limits (DeviceLimitError)
 * or memory the device would not give (an out-of-memory or validation error in its scope).
 */
async function tryCreate(device: GPUDevice, spec: SystemSpec): Promise<{ sim: GpuSimulation } | { skipped: string }> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let sim: GpuSimulation | null = null;
  let thrown: unknown = null;
  try {
    sim = await GpuSimulation.create(device, spec);
    await device.queue.onSubmittedWorkDone();
  } catch (e) {
    thrown = e;
  }
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  const gpuError = memory ?? validation;
  if (thrown || gpuError) {
    sim?.destroy();
    if (thrown instanceof DeviceLimitError) return { skipped: thrown.message };
    if (gpuError) return { skipped: `${memory ? 'out of memory' : 'refused'}: ${gpuError.message.split('\n')[0]}` };
    throw thrown;
  }
  return { sim: sim! };
}

export async function runNodeBench(options: NodeBenchOptions, log: Log) {
  const started = performance.now();
  const { quick, reps, minMs } = options;
  const sections = new Set(options.sections);
  const { device, adapterInfo, isFallbackAdapter } = await acquireDevice('bench-node');
  let lost: string | null = null;
  void device.lost.then((info) => {
    lost = `${info.reason}: ${info.message}`;
  });
  const software = isFallbackAdapter || adapterInfo.architecture === 'swiftshader';
  const machine = {
    ...options.host,
    adapter: { vendor: adapterInfo.vendor, architecture: adapterInfo.architecture, device: adapterInfo.device, description: adapterInfo.description },
    software,
    limits: { maxBufferSize: device.limits.maxBufferSize, maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize },
    timestampQuery: device.features.has('timestamp-query'),
  };
  log(`adapter: ${JSON.stringify(machine.adapter)} software=${software}`);
  const scaledDown: string[] = [];
  if (quick) scaledDown.push('--quick: smaller particle and network counts, fewer noise draws');

  const ceilings = await measureCeilings(device, software);
  log(`ceilings: ${(ceilings.flops / 1e9).toFixed(2)} GFLOP/s (FMA kernel), ${(ceilings.bandwidth / 1e9).toFixed(2)} GB/s (buffer copy)`);

  // Particles: the GPU at large counts against the TypeScript engine at a small count, both as
  // particle-steps per second (the TypeScript engine's rate is linear in the count).
  const throughput = [];
  const skipped: { what: string; why: string }[] = [];
  if (sections.has('particles')) {
    const problems: { landscape: ModelLandscape; params: number[]; lr: Record<ModelOptimizer, number> }[] = [
      { landscape: 'rastrigin', params: [], lr: { gd: 1e-3, adam: 1e-2 } },
      { landscape: 'quadratic', params: [10], lr: { gd: 1e-2, adam: 1e-2 } },
    ];
    const counts = (dim: number) => (quick ? [dim <= 2 ? 65_536 : dim <= 64 ? 16_384 : 4096] : [65_536, 1_048_576]);
    if (quick) scaledDown.push('particles: 65,536 at D = 2, 16,384 at D = 64, 4,096 at D = 1,024 (GPU)');
    for (const prob of problems) {
      for (const dim of [2, 64, 1024]) {
        for (const opt of ['gd', 'adam'] as const) {
          const spec = (count: number): SystemSpec => ({
            landscape: landscapeById(prob.landscape),
            dim,
            params: prob.params,
            count,
            seed: 3,
            run: { optimizer: opt, lr: prob.lr[opt] },
            init: { kind: 'uniform', lo: -1, hi: 1 },
          });
          // The TypeScript engine: one core, a count that keeps a step short.
          const cpuCount = Math.min(4096, Math.max(64, Math.floor((quick ? 65_536 : 262_144) / dim)));
          const cpu = new CpuSimulation(spec(cpuCount));
          const cpuRate = (await medianRate(async (k) => cpu.stepSync(k), { minMs, reps, maxSteps: 256 })).perSecond * cpuCount;
          // Agreement at the TypeScript engine's count: 5 steps from the same start.
          const check = await GpuSimulation.create(device, spec(cpuCount));
          await check.step(5);
          const ref = new CpuSimulation(spec(cpuCount));
          ref.stepSync(5);
          const agree = maxAbsDiff((await check.particles()).positions, (await ref.particles()).positions);
          check.destroy();

          for (const count of counts(dim)) {
            const what = `${prob.landscape} D=${dim} N=${fmt(count)} ${opt}`;
            const made = await tryCreate(device, spec(count));
            if ('skipped' in made) {
              skipped.push({ what, why: made.skipped });
              log(`${what}: skipped (${made.skipped})`);
              continue;
            }
            const gpu = made.sim;
            const timed = await medianRate((k) => gpu.step(k), { minMs, reps, maxSteps: 1 << 14 });
            gpu.destroy();
            const gpuRate = timed.perSecond * count;
            const bytes = bytesPerStep(dim, opt);
            const flops = flopsPerStep(prob.landscape, dim, opt);
            const row = {
              landscape: prob.landscape,
              dim,
              count,
              optimizer: opt,
              gpu: gpuRate,
              cpu: cpuRate,
              cpuCount,
              gpuOverCpu: gpuRate / cpuRate,
              stepsTimed: timed.steps,
              agreeCpu: agree,
              agrees: agree < 1e-4,
              bytesPerStep: bytes,
              flopsPerStep: flops,
              bandwidthFraction: (gpuRate * bytes) / ceilings.bandwidth,
              flopFraction: (gpuRate * flops) / ceilings.flops,
            };
            throughput.push(row);
            log(
              `${what}: gpu ${gpuRate.toExponential(2)} ts ${cpuRate.toExponential(2)} (N=${cpuCount}) particle-steps/s, x${row.gpuOverCpu.toFixed(1)}, ` +
                `|dx| ${agree.toExponential(1)}, ${(100 * row.bandwidthFraction).toFixed(1)}% of copy bandwidth`,
            );
          }
        }
      }
    }
  }

  // Networks as particles: one network per particle, cost from each landscape's own evalCost.
  const networks = [];
  if (sections.has('networks')) {
    const cases: { id: string; label: string; params: Record<string, number>; counts: number[]; lr: number }[] = [
      { id: 'teacher-student', label: 'k = n = 10', params: { studentWidth: 10, teacherWidth: 10 }, counts: quick ? [1024] : [1024, 16_384], lr: 0.05 },
      { id: 'mlp', label: '2 x 16 tanh, B = 64', params: { hiddenLayers: 2, width: 16, trainPoints: 256, batchSize: 64 }, counts: quick ? [256] : [1024, 16_384], lr: 0.01 },
    ];
    if (quick) scaledDown.push('networks: 1,024 teacher-student networks, 256 MLPs');
    for (const c of cases) {
      const landscape = landscapeById(c.id);
      const params = landscape.params.map((q) => c.params[q.key] ?? q.default);
      const dim = landscape.dimensionOf!(params);
      const spec = (count: number): SystemSpec => ({ landscape, dim, params, count, seed: 3, run: { optimizer: 'gd', lr: c.lr }, init: { kind: 'uniform', lo: -0.5, hi: 0.5 } });
      const cpuCount = 64;
      const cpu = new CpuSimulation(spec(cpuCount));
      const cpuRate = (await medianRate(async (k) => cpu.stepSync(k), { minMs, reps, maxSteps: 64 })).perSecond * cpuCount;
      for (const n of c.counts) {
        const gpu = await GpuSimulation.create(device, spec(n));
        const gpuRate = (await medianRate((k) => gpu.step(k), { minMs, reps, maxSteps: 1 << 14 })).perSecond * n;
        gpu.destroy();
        // Loss and gradient, plus the update's few operations per coordinate.
        const flops = (landscape.evalCost?.(dim, params) ?? 16 * dim) + 4 * dim;
        const row = { landscape: c.id, label: c.label, dim, count: n, gpu: gpuRate, cpu: cpuRate, cpuCount, gpuOverCpu: gpuRate / cpuRate, flopsPerStep: flops, flopFraction: (gpuRate * flops) / ceilings.flops };
        networks.push(row);
        log(`${c.id} (${c.label}) D=${dim} N=${fmt(n)}: gpu ${gpuRate.toExponential(2)} ts ${cpuRate.toExponential(2)} network-steps/s, ${(100 * row.flopFraction).toFixed(1)}% of the FMA ceiling`);
      }
    }
  }

  // Sharpness tracking: the same steps on two identical clouds, one with a SharpnessTracker
  // registered as the app registers it (GpuSimulation.addProbe, its defaults), at the default
  // interval and at every 10 steps.
  const sharpness = [];
  if (sections.has('sharpness')) {
    const cases: { id: string; label: string; dim?: number; params: Record<string, number>; lr: number; counts: number[] }[] = [
      { id: 'rastrigin', label: 'D = 64', dim: 64, params: {}, lr: 1e-3, counts: quick ? [4096] : [65_536, 4096] },
      { id: 'mlp', label: '1 x 8 tanh, m = B = 64', params: { hiddenLayers: 1, width: 8, trainPoints: 64, batchSize: 64 }, lr: 0.05, counts: quick ? [4096] : [65_536, 4096] },
    ];
    if (quick) scaledDown.push('sharpness tracking: 4,096 particles only');
    for (const c of cases) {
      const landscape = landscapeById(c.id);
      const params = landscape.params.map((q) => c.params[q.key] ?? q.default);
      const dim = c.dim ?? landscape.dimensionOf!(params);
      for (const [count, interval] of c.counts.flatMap((n) => [DEFAULT_SHARPNESS_EVERY, 10].map((k) => [n, k] as const))) {
        const spec: SystemSpec = { landscape, dim, params, count, seed: 3, run: { optimizer: 'gd', lr: c.lr }, init: { kind: 'uniform', lo: -0.5, hi: 0.5 } };
        const plain = await GpuSimulation.create(device, spec);
        const tracked = await GpuSimulation.create(device, spec);
        const tracker = await SharpnessTracker.create(device, tracked.engine, tracked.binding);
        const remove = tracked.addProbe({ every: interval, encode: (e, step) => void tracker.encode(e, step), clear: () => tracker.clear() });
        // Both sizes from the plain cloud; then the two interleaved, run by run.
        const size = await medianRate((k) => plain.step(k), { minMs, reps: 1, maxSteps: 1 << 12, multiple: interval });
        const plainRuns: number[] = [];
        const trackedRuns: number[] = [];
        await tracked.step(size.steps);
        for (let i = 0; i < reps; i++) {
          for (const [sim, runs] of [[plain, plainRuns], [tracked, trackedRuns]] as const) {
            const t0 = performance.now();
            await sim.step(size.steps);
            runs.push((performance.now() - t0) / size.steps);
          }
        }
        const series = await tracker.read();
        const stepMs = median(plainRuns);
        const trackedStepMs = median(trackedRuns);
        const work = trackingWorkShare({
          count, interval, samples: tracker.samples, lanczosSteps: Math.min(tracker.lanczosSteps, dim),
          evaluationCost: tracked.binding.evaluationCost, fullEvaluationCost: tracked.binding.fullEvaluationCost,
        });
        const row = {
          landscape: c.id, label: c.label, dim, count, interval, samples: tracker.samples, lanczosSteps: tracker.lanczosSteps,
          steps: size.steps, stepMs, trackedStepMs, overhead: trackedStepMs / stepMs - 1, workShare: work,
          records: series.steps.length, every: series.every, finite: series.sharpness.every((s) => s.some(Number.isFinite)),
        };
        sharpness.push(row);
        log(
          `sharpness tracking ${c.id} (${c.label}) D=${dim} N=${fmt(count)}, every ${interval} steps, ${row.samples} particles x ${row.lanczosSteps} Lanczos steps: ` +
            `step ${stepMs.toFixed(3)} ms, tracked ${trackedStepMs.toFixed(3)} ms, overhead ${(100 * row.overhead).toFixed(1)}% (work model ${(100 * work).toFixed(2)}%), ${row.records} records`,
        );
        remove();
        tracker.destroy();
        tracked.destroy();
        plain.destroy();
      }
    }
  }

  // Noise propagation: noise carried up an MLP's layers per (input, draw), the GPU kernel against
  // its float64 twin; both include the stable ranks and cushions (computed on the CPU in both).
  const noise = [];
  if (sections.has('noise')) {
    const label = '3 x 32 tanh, m = 1,000';
    const landscape = landscapeById('mlp');
    const over: Record<string, number> = { hiddenLayers: 3, width: 32, trainPoints: 1000 };
    const params = landscape.params.map((q) => over[q.key] ?? q.default);
    const dim = landscape.dimensionOf!(params);
    const inputs = over.trainPoints;
    const binding = new LandscapeBinding(device, landscape, dim, params, 1);
    const draws = quick ? 16 : 256;
    const twinDraws = quick ? 1 : 2;
    if (quick) scaledDown.push(`noise propagation: ${draws} draws per input on the GPU`);
    const probe = await NoiseStability.create(device, binding, { draws });
    const network = Float32Array.from({ length: dim }, (_, i) => Math.sin(i) / 3);
    await probe.measure(network, { epsilon: 0.01, seed: 1 });
    const gpuMs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await probe.measure(network, { epsilon: 0.01, seed: 1 });
      gpuMs.push(performance.now() - t0);
      if (i < Math.min(reps, 3)) {
        const t1 = performance.now();
        noiseStabilityReference(network, params, twinDraws, { epsilon: 0.01, seed: 1 });
        cpuMs.push(performance.now() - t1);
      }
    }
    const row = {
      what: `noise propagation, ${label}`, dim, inputs, draws, twinDraws,
      gpuMs: median(gpuMs), cpuMs: median(cpuMs),
      gpu: (1000 * inputs * draws) / median(gpuMs), cpu: (1000 * inputs * twinDraws) / median(cpuMs),
    };
    noise.push(row);
    log(`noise stability ${label} D=${dim}: gpu ${row.gpu.toExponential(2)} (${fmt(inputs)} x ${draws}), ts ${row.cpu.toExponential(2)} (${fmt(inputs)} x ${twinDraws}) inputs x draws/s`);
    probe.destroy();
    binding.destroy();
  }

  // The birthday test's pairwise duplicate search, GPU against its float64 twin.
  const birthday = sections.has('birthday') ? await benchBirthday(device, { small: quick || software, reps }, log) : [];
  if (sections.has('birthday') && (quick || software)) scaledDown.push('birthday test: s up to 1,024 (D = 2), 512 (D = 64), 256 (D = 1,024)');

  // GAN training, one GAN and many side by side, plain and unrolled, GPU against the float64 twin.
  const gan = sections.has('gan') ? await benchGan(device, { small: quick || software, reps }, log) : [];
  if (sections.has('gan') && (quick || software)) scaledDown.push('GAN training: 1 and 16 GANs (not 1, 64, 512), width 128 left out');

  const lostDuring: string | null = lost;
  device.destroy();
  if (lostDuring) throw new Error(`The device was lost during the run (${lostDuring}); the figures are not reliable.`);
  return {
    date: new Date().toISOString(),
    runtime: 'node + webgpu (Dawn)',
    machine,
    options: { quick, reps, minMs, sections: [...sections] },
    seconds: (performance.now() - started) / 1000,
    scaledDown,
    skipped,
    timing: `wall clock around queue submission and onSubmittedWorkDone, median of ${reps} runs of at least ${minMs} ms (timestamp queries are not used)`,
    ceilings,
    throughput,
    networks,
    sharpness,
    noise,
    birthday,
    gan,
  };
}
