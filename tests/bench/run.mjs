#!/usr/bin/env node
// npm run bench: serves the benchmark page, runs it in Chromium with WebGPU, prints a table and
// writes the same figures to bench-results/bench.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { birthdayTable } from './birthdayTable.mjs';
import { ganTable } from './ganTable.mjs';

// --only birthday | gan: the birthday test's pairwise search, or GAN training, alone (many minutes less in software).
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (only !== null && only !== 'birthday' && only !== 'gan') throw new Error(`--only: the browser benchmark runs everything, --only birthday or --only gan; got ${only}.`);
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
// The flags live in TypeScript, shared with the tests: let Vite load them.
const { CHROMIUM_FLAGS, chromiumPath } = await server.ssrLoadModule('/tests/chromium.ts');
const url = `${server.resolvedUrls.local[0]}tests/bench/index.html${only ? `?only=${only}` : ''}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: false, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => process.stdout.write(`  ${m.text()}\n`));
  await page.goto(url);
  await page.waitForFunction(() => window.benchResult || window.benchError, null, { timeout: 600_000 });
  const error = await page.evaluate(() => window.benchError);
  if (error) throw new Error(error);
  const result = await page.evaluate(() => window.benchResult);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/bench.json', JSON.stringify(result, null, 2));
  print(result);
  console.log('\nJSON: bench-results/bench.json');
} finally {
  await browser.close();
  await server.close();
}

function print(r) {
  const e = (x) => x.toExponential(2);
  console.log(`\nAdapter: ${JSON.stringify(r.machine.adapter)}${r.machine.software ? ' (software)' : ''}, ${r.machine.cores} cores, ${r.seconds.toFixed(0)} s`);
  console.log(`Timing: ${r.timing}`);
  if (r.scaledDown.length) console.log(`Scaled down: ${r.scaledDown.join('; ')}`);
  console.log(`Ceilings: ${(r.ceilings.flops / 1e9).toFixed(2)} GFLOP/s (FMA kernel), ${(r.ceilings.bandwidth / 1e9).toFixed(2)} GB/s (buffer copy)\n`);
  if (r.birthday?.length) console.log(`${birthdayTable(r.birthday)}\n`);
  if (r.gan?.length) console.log(`${ganTable(r.gan)}\n`);
  if (!r.throughput) return;
  console.log('particle-steps per second');
  console.log('landscape    D     N        opt   GPU        TS (CPU)   TF.js      GPU/TS  GPU/TF  agree (|dx| TS, TF)   B/step  of BW   of FLOP');
  for (const t of r.throughput) {
    console.log(
      `${t.landscape.padEnd(12)} ${String(t.dim).padEnd(5)} ${String(t.count).padEnd(8)} ${t.optimizer.padEnd(5)} ${e(t.gpu)}   ${e(t.cpu)}   ${e(t.tfjs)}   ${t.gpuOverCpu.toFixed(1).padStart(6)}  ${t.gpuOverTfjs.toFixed(1).padStart(6)}  ${t.agrees ? 'yes' : 'NO '} (${t.agreeCpu.toExponential(0)}, ${t.agreeTfjs.toExponential(0)})   ${String(t.bytesPerStep).padStart(6)}  ${(100 * t.bandwidthFraction).toFixed(1).padStart(5)}%  ${(100 * t.flopFraction).toFixed(1).padStart(5)}%`,
    );
  }
  console.log('\nnetworks as particles (network-steps per second, gradient descent)');
  console.log('landscape                 shape                           D      N       GPU        TS (CPU)   GPU/TS  FLOP/step  of FLOP');
  for (const t of r.networks) {
    console.log(
      `${t.landscape.padEnd(25)} ${t.label.padEnd(31)} ${String(t.dim).padEnd(6)} ${String(t.count).padEnd(7)} ${e(t.gpu)}   ${e(t.cpu)}   ${t.gpuOverCpu.toFixed(1).padStart(6)}  ${e(t.flopsPerStep)}  ${(100 * t.flopFraction).toFixed(1).padStart(5)}%`,
    );
  }
  console.log('\nsurface evaluation (Rastrigin, 2-D)');
  for (const s of r.surface) console.log(`  ${s.grid}^2: ${s.ms.toFixed(2)} ms`);
  console.log('\ncurvature (GPU kernels against their TypeScript twins, same work)');
  for (const c of r.curvature) console.log(`  ${c.landscape} D=${c.dim}, ${c.what}: GPU ${c.gpuMs.toFixed(0)} ms, TS ${c.cpuMs.toFixed(0)} ms (x${(c.cpuMs / c.gpuMs).toFixed(1)}), agree to ${c.agree.toExponential(1)}`);
  console.log('\nwhole frame (explorer defaults, one step per frame)');
  for (const f of r.frames) console.log(`  N=${f.count}: compute ${f.computeMs.toFixed(1)} ms + draw ${f.drawMs.toFixed(1)} ms = ${f.frameMs.toFixed(1)} ms; live loop ${f.fps.toFixed(1)} fps`);
}
