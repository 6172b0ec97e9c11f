#!/usr/bin/env node
// npm run bench:node [-- --quick] [--out FILE] [--reps N] [--min-ms MS] [--only a,b] [--dawn KEY=VALUE]
// The benchmark without a browser: the engine's TypeScript and WGSL run in Node on Dawn's Node
// bindings (the `webgpu` package), loaded through Vite like the browser bench (the `?raw` WGSL
// imports included). Prints a table, GPU engine against the TypeScript engine, and writes the
// same figures as JSON (bench-results/bench-node.json, or --out FILE).
//
// On Linux Dawn drives the GPU through Vulkan: it needs the Vulkan loader (libvulkan.so.1,
// Debian/Ubuntu package libvulkan1) and a Vulkan driver (the GPU vendor's, or Mesa, or
// SwiftShader for a software run) whose ICD file the loader finds, or VK_ICD_FILENAMES names.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installDawn } from '../dawn.mjs';
import { birthdayTable } from './birthdayTable.mjs';
import { ganTable } from './ganTable.mjs';

const usage = `Usage: npm run bench:node -- [--quick] [--out FILE] [--reps N] [--min-ms MS] [--only particles,networks,sharpness,noise,birthday,gan] [--dawn KEY=VALUE] [--json]
  --quick        small sizes: a few minutes on a software adapter (SwiftShader)
  --out FILE     where the JSON goes (default bench-results/bench-node.json)
  --reps N       timed runs per figure, the median is printed (default 5, 3 with --quick)
  --min-ms MS    shortest timed run (default 300, 150 with --quick)
  --only LIST    only these sections (the adapter and its ceilings are always measured)
  --dawn K=V     a Dawn option for create(), repeatable (e.g. --dawn backend=vulkan, --dawn adapter=NVIDIA)
  --module FILE  load nodeBench.ts prebuilt into one file (vite build --ssr tests/bench/nodeBench.ts with
                 ssr.noExternal) instead of through Vite: for a machine with Node and the webgpu package only
  --json         also print the JSON on stdout`;

const args = process.argv.slice(2);
const opts = { quick: false, out: 'bench-results/bench-node.json', reps: null, minMs: null, only: null, dawn: [], json: false, module: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => {
    if (i + 1 >= args.length) fail(`${a} needs a value.\n${usage}`);
    return args[++i];
  };
  if (a === '--quick') opts.quick = true;
  else if (a === '--json') opts.json = true;
  else if (a === '--out') opts.out = value();
  else if (a === '--reps') opts.reps = positive(a, value());
  else if (a === '--min-ms') opts.minMs = positive(a, value());
  else if (a === '--only') opts.only = value().split(',').filter(Boolean);
  else if (a === '--dawn') opts.dawn.push(value());
  else if (a === '--module') opts.module = value();
  else if (a === '--help' || a === '-h') {
    console.log(usage);
    process.exit(0);
  } else fail(`Unknown argument ${a}.\n${usage}`);
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
function positive(name, v) {
  const n = Number(v);
  if (!(Number.isInteger(n) && n > 0)) fail(`${name} must be a whole number above 0; got ${v}.`);
  return n;
}

await installDawn(opts.dawn);

const webgpuVersion = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('webgpu/package.json')), 'utf8')).version;
const host = { node: process.version, webgpu: webgpuVersion, cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', dawnOptions: opts.dawn };

// Vite loads the TypeScript (and the WGSL it imports as ?raw strings), as for the browser bench.
let server = null;
let code = 0;
try {
  let bench;
  if (opts.module) bench = await import(pathToFileURL(opts.module).href);
  else {
    const { createServer } = await import('vite');
    server = await createServer({ server: { middlewareMode: true, hmr: false }, appType: 'custom', logLevel: 'warn' });
    bench = await server.ssrLoadModule('/tests/bench/nodeBench.ts');
  }
  const { runNodeBench, SECTIONS } = bench;
  const sections = opts.only ?? SECTIONS;
  for (const s of sections) if (!SECTIONS.includes(s)) fail(`--only: unknown section ${s} (${SECTIONS.join(', ')}).`);
  const result = await runNodeBench(
    { quick: opts.quick, reps: opts.reps ?? (opts.quick ? 3 : 5), minMs: opts.minMs ?? (opts.quick ? 150 : 300), sections, host },
    (line) => console.log(`  ${line}`),
  );
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify(result, null, 2));
  print(result);
  if (opts.json) console.log(JSON.stringify(result, null, 2));
  console.log(`\nJSON: ${opts.out}`);
} catch (e) {
  console.error(e?.stack ?? e);
  code = 1;
} finally {
  await server?.close();
}
// Dawn's event loop hook can keep the process alive after the device is gone.
process.exit(code);

function print(r) {
  const e = (x) => x.toExponential(2);
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  const n = (x) => x.toLocaleString('en-US');
  const m = r.machine;
  console.log(`\nAdapter: ${JSON.stringify(m.adapter)}${m.software ? ' (software)' : ''}`);
  console.log(`Host: Node ${m.node}, webgpu ${m.webgpu}, ${m.cores} cores (${m.cpu}); ${r.seconds.toFixed(0)} s`);
  console.log(`Timing: ${r.timing}`);
  if (r.scaledDown.length) console.log(`Scaled down: ${r.scaledDown.join('; ')}`);
  console.log(`Ceilings: ${(r.ceilings.flops / 1e9).toFixed(2)} GFLOP/s (FMA kernel), ${(r.ceilings.bandwidth / 1e9).toFixed(2)} GB/s (buffer copy)`);
  if (r.throughput.length) {
    console.log('\nparticle-steps per second (TS: the TypeScript engine on one core at N(TS) particles, per particle-step)');
    console.log('landscape   D     N          opt   GPU        TS (CPU)   N(TS)  GPU/TS   agree |dx|  B/step   of BW   of FLOP');
    for (const t of r.throughput) {
      console.log(
        `${t.landscape.padEnd(11)} ${String(t.dim).padEnd(5)} ${n(t.count).padEnd(10)} ${t.optimizer.padEnd(5)} ${e(t.gpu)}   ${e(t.cpu)}   ${String(t.cpuCount).padStart(5)}  ${t.gpuOverCpu.toFixed(1).padStart(6)}   ${t.agrees ? 'yes' : 'NO '} ${t.agreeCpu.toExponential(0).padEnd(6)} ${String(t.bytesPerStep).padStart(7)}  ${pct(t.bandwidthFraction).padStart(6)}  ${pct(t.flopFraction).padStart(6)}`,
      );
    }
  }
  for (const s of r.skipped) console.log(`  skipped: ${s.what}: ${s.why}`);
  if (r.throughput.some((t) => t.bandwidthFraction > 1)) {
    console.log('  of BW above 100%: the bytes are a model (at D <= 4 a dispatch keeps particles in registers over its steps, so it moves');
    console.log('  fewer), and the copy "ceiling" is what one buffer copy reaches, which kernels can pass.');
  }
  if (r.networks.length) {
    console.log('\nnetworks as particles (network-steps per second, gradient descent; TS at 64 networks)');
    console.log('landscape        shape                  D      N        GPU        TS (CPU)   GPU/TS  FLOP/step  of FLOP');
    for (const t of r.networks) {
      console.log(
        `${t.landscape.padEnd(16)} ${t.label.padEnd(22)} ${String(t.dim).padEnd(6)} ${n(t.count).padEnd(8)} ${e(t.gpu)}   ${e(t.cpu)}   ${t.gpuOverCpu.toFixed(1).padStart(6)}  ${e(t.flopsPerStep)}   ${pct(t.flopFraction).padStart(6)}`,
      );
    }
  }
  if (r.sharpness.length) {
    console.log('\nsharpness tracking (SharpnessTracker through GpuSimulation.addProbe; target: overhead under 20% at the default interval)');
    console.log('landscape  shape                    D     N        every  tracked        steps  ms/step  tracked  overhead  work model  records');
    for (const t of r.sharpness) {
      console.log(
        `${t.landscape.padEnd(10)} ${t.label.padEnd(24)} ${String(t.dim).padEnd(5)} ${n(t.count).padEnd(8)} ${String(t.interval).padStart(5)}  ${`${t.samples} x ${t.lanczosSteps} Lz`.padEnd(14)} ${String(t.steps).padStart(5)}  ${t.stepMs.toFixed(3).padStart(7)}  ${t.trackedStepMs.toFixed(3).padStart(7)}  ${pct(t.overhead).padStart(8)}  ${pct(t.workShare).padStart(10)}  ${String(t.records).padStart(7)}${t.overhead < 0.2 ? '' : '  (over 20%)'}`,
      );
    }
  }
  if (r.birthday?.length) console.log(`\n${birthdayTable(r.birthday)}`);
  if (r.gan?.length) console.log(`\n${ganTable(r.gan)}`);
  if (r.noise.length) {
    console.log('\nnoise propagation (inputs x draws per second)');
    for (const t of r.noise) {
      console.log(`  ${t.what}, D = ${t.dim}: GPU ${e(t.gpu)} (${n(t.inputs)} x ${t.draws}, ${t.gpuMs.toFixed(0)} ms), TS ${e(t.cpu)} (${n(t.inputs)} x ${t.twinDraws}, ${t.cpuMs.toFixed(0)} ms), GPU/TS ${(t.gpu / t.cpu).toFixed(1)}`);
    }
  }
}
