/**
 * The benchmark, in the browser: the GPU engine, the TypeScript engine and TF.js on the same
 * problems in one run, the adapter's ceilings, surface evaluation and whole frames.
 * Launched by tests/bench/run.mjs (npm run bench), which prints what lands in window.benchResult.
 */
import { CpuSimulation, GpuSimulation, LandscapeBinding, SurfaceEvaluator, type SystemSpec } from '../../src/engine';
import { acquireDevice } from '../../src/gpu/device';
import { landscapeById } from '../../src/landscapes';
import { Explorer } from '../../src/explorer/Explorer';
import { measureCeilings } from './ceilings';
import { CurvatureSampler } from '../../src/analysis/CurvatureSampler';
import { DEFAULT_SHARPNESS_EVERY, SharpnessTracker, trackingWorkShare } from '../../src/analysis/SharpnessTracker';
import { curvatureAt } from '../../src/analysis/curvatureReference';
import { differenceStep } from '../../src/analysis/differenceStep';
import { HessianProbe } from '../../src/analysis/HessianProbe';
import { lanczos } from '../../src/analysis/lanczos';
import { NoiseStability } from '../../src/analysis/NoiseStability';
import { noiseStabilityReference } from '../../src/analysis/noiseStabilityReference';
import { defaultParams } from '../../src/landscapes';
import { initTf, TfParticles, type TfLandscape } from './tfjs';
import { bytesPerStep, flopsPerStep, maxAbsDiff, rate } from './measure';
import { benchBirthday } from './birthdayBench';
import { benchGan } from './ganBench';

declare global {
  interface Window {
    benchResult?: unknown;
    benchError?: string;
  }
}

const logEl = document.getElementById('log')!;
const log = (line: string) => {
  logEl.textContent += `${line}\n`;
  console.log(line);
};

async function main() {
  const started = performance.now();
  const { device, adapterInfo, isFallbackAdapter } = await acquireDevice('bench');
  const software = isFallbackAdapter || adapterInfo.architecture === 'swiftshader';
  const machine = {
    userAgent: navigator.userAgent,
    cores: navigator.hardwareConcurrency,
    adapter: { vendor: adapterInfo.vendor, architecture: adapterInfo.architecture, device: adapterInfo.device, description: adapterInfo.description },
    software,
    timestampQuery: device.features.has('timestamp-query'),
  };
  log(`adapter: ${JSON.stringify(machine.adapter)} software=${software}`);
  const scaledDown: string[] = [];

  const ceilings = await measureCeilings(device, software);
  log(`ceilings: ${(ceilings.flops / 1e9).toFixed(2)} GFLOP/s, ${(ceilings.bandwidth / 1e9).toFixed(2)} GB/s copy`);

  // ?only=birthday or ?only=gan (run.mjs --only …): that section alone.
  const only = new URLSearchParams(location.search).get('only');
  const birthday = only === null || only === 'birthday' ? await benchBirthday(device, { small: software, reps: 3 }, log) : [];
  if (software && birthday.length) scaledDown.push('birthday test: s up to 1,024 (D = 2), 512 (D = 64), 256 (D = 1,024)');
  const gan = only === null || only === 'gan' ? await benchGan(device, { small: software, reps: 3 }, log) : [];
  if (software && gan.length) scaledDown.push('GAN training: 1 and 16 GANs (not 1, 64, 512), width 128 left out');
  if (only !== null) {
    window.benchResult = { date: new Date().toISOString(), machine, seconds: (performance.now() - started) / 1000, scaledDown, timing: 'wall clock around the submits and the read-back, median of 3 runs', ceilings, birthday, gan };
    return;
  }

  const tfBackend = await initTf();
  log(`tf.js backend: ${tfBackend}`);

  const problems: { landscape: TfLandscape; dim: number; counts: number[]; params: number[]; lr: Record<'gd' | 'adam', number> }[] = [
    { landscape: 'rastrigin', dim: 2, counts: software ? [4096, 65_536, 262_144] : [4096, 65_536, 262_144, 1_048_576], params: [], lr: { gd: 1e-3, adam: 1e-2 } },
    { landscape: 'rosenbrock', dim: 64, counts: software ? [4096] : [4096, 65_536, 262_144], params: [], lr: { gd: 1e-4, adam: 1e-3 } },
    { landscape: 'quadratic', dim: 1024, counts: software ? [4096] : [4096, 65_536], params: [10], lr: { gd: 1e-2, adam: 1e-2 } },
  ];
  if (software) scaledDown.push('particle counts (software WebGPU): Rastrigin up to 262,144, Rosenbrock and the quadratic 4,096');

  const throughput = [];
  for (const prob of problems) {
    for (const n of prob.counts) {
      for (const opt of ['gd', 'adam'] as const) {
        const spec: SystemSpec = {
          landscape: landscapeById(prob.landscape),
          dim: prob.dim,
          params: prob.params,
          count: n,
          seed: 3,
          run: { optimizer: opt, lr: prob.lr[opt] },
          init: { kind: 'uniform', lo: -1, hi: 1 },
        };
        const minMs = software ? 200 : 300;
        const gpu = await GpuSimulation.create(device, spec);
        const start = await gpu.particles();
        const gpuRate = (await rate((k) => gpu.step(k), minMs)) * n;

        const cpu = new CpuSimulation(spec);
        const cpuRate = (await rate(async (k) => cpu.stepSync(k), minMs, 64)) * n;

        const tfp = new TfParticles(prob.landscape, opt, prob.lr[opt], start.positions, n, prob.dim, prob.params[0]);
        const tfRate = (await rate(async (k) => { tfp.step(k); await tfp.sync(); }, minMs, 4096)) * n;
        tfp.dispose();

        // Agreement: the three engines from the same start, 5 steps each.
        const checkSteps = 5;
        const g2 = await GpuSimulation.create(device, spec);
        await g2.step(checkSteps);
        const c2 = new CpuSimulation(spec);
        await c2.step(checkSteps);
        const t2 = new TfParticles(prob.landscape, opt, prob.lr[opt], start.positions, n, prob.dim, prob.params[0]);
        t2.step(checkSteps);
        const [pg, pc, pt] = [(await g2.particles()).positions, (await c2.particles()).positions, await t2.positions()];
        const diffCpu = maxAbsDiff(pg, pc);
        const diffTf = maxAbsDiff(pg, pt);
        t2.dispose();
        g2.destroy();
        gpu.destroy();

        const bytes = bytesPerStep(prob.dim, opt);
        const flops = flopsPerStep(prob.landscape, prob.dim, opt);
        const row = {
          landscape: prob.landscape,
          dim: prob.dim,
          count: n,
          optimizer: opt,
          gpu: gpuRate,
          cpu: cpuRate,
          tfjs: tfRate,
          gpuOverCpu: gpuRate / cpuRate,
          gpuOverTfjs: gpuRate / tfRate,
          agreeCpu: diffCpu,
          agreeTfjs: diffTf,
          // TF.js uses WGSL's sin (promised to 2^-11 only): where a gradient is near zero, Adam's
          // first steps (about lr * sign(g)) can go the other way, so its bound is 2 lr per step.
          agrees: diffCpu < 1e-4 && diffTf < (opt === 'adam' ? 2 * prob.lr[opt] * checkSteps : 1e-3),
          bytesPerStep: bytes,
          flopsPerStep: flops,
          bandwidthFraction: (gpuRate * bytes) / ceilings.bandwidth,
          flopFraction: (gpuRate * flops) / ceilings.flops,
        };
        throughput.push(row);
        log(
          `${prob.landscape} D=${prob.dim} N=${n} ${opt}: gpu ${gpuRate.toExponential(2)} cpu ${cpuRate.toExponential(2)} tf ${tfRate.toExponential(2)} ` +
            `(x${row.gpuOverCpu.toFixed(1)} cpu, x${row.gpuOverTfjs.toFixed(1)} tf) |dx| cpu ${diffCpu.toExponential(1)} tf ${diffTf.toExponential(1)}`,
        );
      }
    }
  }

  // Networks as particles: one network per particle, cost from each landscape's own evalCost.
  const networkCases: { id: string; label: string; params: Record<string, number>; counts: number[]; lr: number }[] = [
    { id: 'teacher-student', label: 'k = n = 10', params: { studentWidth: 10, teacherWidth: 10 }, counts: software ? [1024] : [1024, 16_384], lr: 0.05 },
    { id: 'teacher-student-sample', label: 'k = n = 10, m = 256, B = 64', params: { studentWidth: 10, teacherWidth: 10, samples: 256, batchSize: 64 }, counts: software ? [256] : [1024, 16_384], lr: 0.05 },
    { id: 'mlp', label: '2 x 16 tanh, B = 64', params: { hiddenLayers: 2, width: 16, trainPoints: 256, batchSize: 64 }, counts: software ? [256] : [1024, 16_384], lr: 0.01 },
    { id: 'deep-linear', label: 'N = 4, h = 8, d = 8, m = 256', params: { depth: 4, width: 8, inputs: 8, samples: 256 }, counts: software ? [256] : [1024, 16_384], lr: 1e-3 },
  ];
  if (software) scaledDown.push('networks: 256 to 1,024 networks');
  const networks = [];
  for (const c of networkCases) {
    const landscape = landscapeById(c.id);
    const params = landscape.params.map((q) => c.params[q.key] ?? q.default);
    const dim = landscape.dimensionOf!(params);
    for (const n of c.counts) {
      const spec: SystemSpec = { landscape, dim, params, count: n, seed: 3, run: { optimizer: 'gd', lr: c.lr }, init: { kind: 'uniform', lo: -0.5, hi: 0.5 } };
      const minMs = software ? 300 : 500;
      const gpu = await GpuSimulation.create(device, spec);
      const gpuRate = (await rate((k) => gpu.step(k), minMs)) * n;
      gpu.destroy();
      const cpu = new CpuSimulation({ ...spec, count: Math.min(n, 64) });
      const cpuRate = (await rate(async (k) => cpu.stepSync(k), minMs, 16)) * Math.min(n, 64);
      // Loss and gradient, plus the update's few operations per coordinate.
      const flops = (landscape.evalCost?.(dim, params) ?? 16 * dim) + 4 * dim;
      const row = { landscape: c.id, label: c.label, dim, count: n, gpu: gpuRate, cpu: cpuRate, gpuOverCpu: gpuRate / cpuRate, flopsPerStep: flops, flopFraction: (gpuRate * flops) / ceilings.flops };
      networks.push(row);
      log(`${c.id} (${c.label}) D=${dim} N=${n}: gpu ${gpuRate.toExponential(2)} cpu ${cpuRate.toExponential(2)} networks-steps/s, ${(100 * row.flopFraction).toFixed(1)}% of the FMA ceiling`);
    }
  }

  const surface = [];
  for (const grid of [256, 512, 1024]) {
    const l = landscapeById('rastrigin');
    const binding = new LandscapeBinding(device, l, 2, [], 1);
    const evaluator = await SurfaceEvaluator.create(device, binding, grid);
    const perEval = 1000 / (await rate(async (k) => {
      const encoder = device.createCommandEncoder();
      for (let i = 0; i < k; i++) evaluator.encode(encoder, true);
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    }, 300, 256));
    surface.push({ grid, ms: perEval });
    log(`surface ${grid}^2: ${perEval.toFixed(2)} ms`);
    evaluator.destroy();
    binding.destroy();
  }

  // Curvature: per-particle Lanczos runs (GPU kernel vs its TypeScript twin, same samples), and
  // the full Hessian spectrum at a point (Lanczos on GPU products vs on the twin's products).
  const curvature = [];
  for (const [id, dim, samples] of [['rastrigin', 100, 512], ['random-fourier', 100, 512], ['random-fourier', 1000, software ? 64 : 512]] as const) {
    const landscape = landscapeById(id);
    const params = defaultParams(landscape);
    const sim = await GpuSimulation.create(device, { landscape, dim, count: samples, seed: 2, init: { kind: 'gaussian', center: [], sigma: 1.5 } });
    const sampler = await CurvatureSampler.create(device, sim.engine, sim.binding, samples);
    await sampler.measure(20, 1);
    const t0 = performance.now();
    const gpuSamples = await sampler.measure(20, 1);
    const gpuMs = performance.now() - t0;
    const snap = await sim.particles();
    const t1 = performance.now();
    let worst = 0;
    for (const g of gpuSamples) {
      const ref = curvatureAt(landscape, params, dim, snap.positions.subarray(g.particle * dim, (g.particle + 1) * dim), g.particle, 1, 20);
      worst = Math.max(worst, Math.abs(g.lambdaMin - ref.lambdaMin) / Math.max(Math.abs(ref.lambdaMin), Math.abs(ref.lambdaMax)));
    }
    const cpuMs = performance.now() - t1;
    curvature.push({ what: `${samples} particles x 20 Lanczos steps`, landscape: id, dim, gpuMs, cpuMs, agree: worst });
    log(`curvature ${id} D=${dim} ${samples} samples: gpu ${gpuMs.toFixed(0)} ms, ts ${cpuMs.toFixed(0)} ms, worst |dλmin| ${worst.toExponential(1)}`);
    sampler.destroy();
    sim.destroy();
  }
  for (const [id, dim] of [['random-fourier', 256], ['rastrigin', 256]] as const) {
    const landscape = landscapeById(id);
    const params = defaultParams(landscape);
    const sim = await GpuSimulation.create(device, { landscape, dim, count: 1, seed: 2 });
    const probe = await HessianProbe.create(device, sim.binding);
    const x = Float64Array.from({ length: dim }, (_, i) => Math.fround(Math.sin(i)));
    probe.setPoint(x);
    const h = Math.fround(differenceStep(x));
    const cpuOp = {
      dim,
      async apply(v: Float64Array) {
        const gp = new Float64Array(dim);
        const gm = new Float64Array(dim);
        landscape.evaluate(x.map((c, d) => c + h * v[d]), gp, params, dim);
        landscape.evaluate(x.map((c, d) => c - h * v[d]), gm, params, dim);
        return gp.map((g, d) => (g - gm[d]) / (2 * h));
      },
    };
    const t0 = performance.now();
    const a = await lanczos(probe, { steps: dim, restart: true });
    const gpuMs = performance.now() - t0;
    const t1 = performance.now();
    const b = await lanczos(cpuOp, { steps: dim, restart: true });
    const cpuMs = performance.now() - t1;
    const spread = b.values[dim - 1] - b.values[0];
    const worst = Math.max(...Array.from(a.values, (v, i) => Math.abs(v - b.values[i]) / spread));
    curvature.push({ what: `full Hessian spectrum (${dim} products)`, landscape: id, dim, gpuMs, cpuMs, agree: worst });
    log(`hessian ${id} D=${dim}: gpu ${gpuMs.toFixed(0)} ms, ts ${cpuMs.toFixed(0)} ms, worst |dλ|/spread ${worst.toExponential(1)}`);
    probe.destroy();
    sim.destroy();
  }

  // Sharpness tracking: the same rounds of k = 10 steps of 4,096 particles, without and with a
  // measurement of the default tracked particles (16, 10 Lanczos steps) after each round.
  const sharpness = [];
  const trackingCases: { id: string; label: string; dim?: number; params: Record<string, number>; lr: number }[] = [
    { id: 'rastrigin', label: 'D = 64', dim: 64, params: {}, lr: 1e-3 },
    { id: 'quadratic', label: 'D = 64, κ = 10', dim: 64, params: { kappa: 10 }, lr: 0.05 },
    { id: 'mlp', label: '1 x 8 tanh, m = B = 64', params: { hiddenLayers: 1, width: 8, trainPoints: 64, batchSize: 64 }, lr: 0.05 },
  ];
  for (const c of trackingCases) {
    const landscape = landscapeById(c.id);
    const params = landscape.params.map((q) => c.params[q.key] ?? q.default);
    const dim = c.dim ?? landscape.dimensionOf!(params);
    const count = 4096;
    // The app's default interval (a software adapter, where a measurement costs its work, shows no difference at 10).
    const interval = DEFAULT_SHARPNESS_EVERY;
    const sim = await GpuSimulation.create(device, { landscape, dim, params, count, seed: 3, run: { optimizer: 'gd', lr: c.lr }, init: { kind: 'uniform', lo: -0.5, hi: 0.5 } });
    const tracker = await SharpnessTracker.create(device, sim.engine, sim.binding);
    const rounds = async (n: number, track: boolean) => {
      for (let r = 0; r < n; r++) {
        // Steps in submits of bounded work; the measurement rides in the last one.
        for (let left = interval; left > 0;) {
          const k = Math.min(left, sim.stepsPerSubmit);
          const encoder = device.createCommandEncoder({ label: 'bench.tracked' });
          sim.encode(encoder, k);
          left -= k;
          if (track && left === 0) tracker.encode(encoder, sim.stepIndex);
          device.queue.submit([encoder.finish()]);
          if (sim.stepsPerSubmit < interval) await device.queue.onSubmittedWorkDone();
        }
      }
      await device.queue.onSubmittedWorkDone();
    };
    const minMs = software ? 400 : 500;
    // Interleaved, best of two each: the two figures see the same machine state.
    let [plain, tracked] = [0, 0];
    for (let i = 0; i < 2; i++) {
      plain = Math.max(plain, await rate((n) => rounds(n, false), minMs, 4096));
      tracked = Math.max(tracked, await rate((n) => rounds(n, true), minMs, 4096));
    }
    const series = await tracker.read();
    const work = trackingWorkShare({
      count, interval, samples: tracker.samples, lanczosSteps: Math.min(tracker.lanczosSteps, dim),
      evaluationCost: sim.binding.evaluationCost, fullEvaluationCost: sim.binding.fullEvaluationCost,
    });
    const row = {
      landscape: c.id, label: c.label, dim, count, interval, samples: tracker.samples, lanczosSteps: tracker.lanczosSteps,
      stepMs: 1000 / (plain * interval), trackedStepMs: 1000 / (tracked * interval), overhead: plain / tracked - 1, workShare: work,
      records: series.steps.length, every: series.every,
    };
    sharpness.push(row);
    log(
      `sharpness tracking ${c.id} (${c.label}) N=${count}, every ${interval} steps, ${row.samples} particles x ${row.lanczosSteps} Lanczos steps: ` +
        `step ${row.stepMs.toFixed(3)} ms, with tracking ${row.trackedStepMs.toFixed(3)} ms, overhead ${(100 * row.overhead).toFixed(1)}% ` +
        `(work model ${(100 * work).toFixed(2)}%), ${row.records} records kept (every ${row.every})`,
    );
    tracker.destroy();
    sim.destroy();
  }

  // Noise stability: noise carried up an MLP's layers per (input, draw), the GPU kernel against its
  // float64 twin. Both times include the stable ranks and cushions (the CPU's, the same in both).
  const noise = [];
  for (const [label, over] of [['3 x 32 tanh, m = 1,000', { hiddenLayers: 3, width: 32, trainPoints: 1000 }]] as const) {
    const landscape = landscapeById('mlp');
    const params = landscape.params.map((q) => (over as Record<string, number>)[q.key] ?? q.default);
    const dim = landscape.dimensionOf!(params);
    const binding = new LandscapeBinding(device, landscape, dim, params, 1);
    const draws = software ? 16 : 256;
    const probe = await NoiseStability.create(device, binding, { draws });
    const network = Float32Array.from({ length: dim }, (_, i) => Math.sin(i) / 3);
    await probe.measure(network, { epsilon: 0.01, seed: 1 });
    const t0 = performance.now();
    await probe.measure(network, { epsilon: 0.01, seed: 1 });
    const gpuMs = performance.now() - t0;
    const twinDraws = 2;
    const t1 = performance.now();
    noiseStabilityReference(network, params, twinDraws, { epsilon: 0.01, seed: 1 });
    const cpuMs = performance.now() - t1;
    const row = { what: `noise propagation, ${label}`, dim, draws, gpu: (1000 * draws * 1000) / gpuMs, cpu: (1000 * twinDraws * 1000) / cpuMs };
    noise.push(row);
    log(`noise stability ${label} D=${dim}: gpu ${row.gpu.toExponential(2)} (1,000 x ${draws}), ts ${row.cpu.toExponential(2)} (1,000 x ${twinDraws}) inputs x draws/s`);
    probe.destroy();
    binding.destroy();
  }

  const frames = [];
  const container = document.getElementById('scene')!;
  const explorer = await Explorer.create(container, device, {}, { software });
  for (const count of [8192, software ? 65_536 : 1_048_576]) {
    if (count !== 8192) {
      await explorer.set({ count });
      if (software) scaledDown.push(`whole frame at ${count.toLocaleString('en-US')} particles instead of 1,048,576`);
    }
    explorer.pause();
    const samples = [];
    for (let i = 0; i < (software ? 4 : 11); i++) samples.push(await explorer.timeFrame(1));
    samples.shift();
    const compute = samples.reduce((s, x) => s + x.compute, 0) / samples.length;
    const draw = samples.reduce((s, x) => s + x.draw, 0) / samples.length;
    explorer.play();
    const f0 = explorer.frameCount;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 3000));
    const fps = ((explorer.frameCount - f0) * 1000) / (performance.now() - t0);
    frames.push({ count, computeMs: compute, drawMs: draw, frameMs: compute + draw, fps });
    log(`frame N=${count}: compute ${compute.toFixed(1)} ms, draw ${draw.toFixed(1)} ms, ${fps.toFixed(1)} fps in the live loop`);
  }
  explorer.destroy();

  window.benchResult = {
    date: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
    scaledDown,
    timing: 'wall clock around queue submission and onSubmittedWorkDone (timestamp queries are not used)',
    ceilings,
    throughput,
    networks,
    surface,
    curvature,
    sharpness,
    noise,
    birthday,
    gan,
    frames,
  };
}

main().catch((e) => {
  window.benchError = `${(e as Error).message}\n${(e as Error).stack}`;
  log(`ERROR ${window.benchError}`);
});
