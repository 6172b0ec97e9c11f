#!/usr/bin/env node
// npm run experiment -- <name> [key=value ...]: runs tests/experiments/<name>.js in the explorer, in
// Chromium with WebGPU, through the scripting API (window.explorer is `e`, the key=value pairs are
// `args`, numbers as numbers, comma lists as arrays), and prints the JSON it returns.
// These reproduce the figures quoted for the high-dimension tools; they are not tests.
// gan-collapse also takes engine=twin (the float64 twin in Node) or engine=dawn (the GPU code in
// Node on Dawn, tests/dawn.mjs): neither needs a browser or a display.
import { readFileSync } from 'node:fs';
import { createServer } from 'vite';
import { chromium } from 'playwright';

const [name, ...rest] = process.argv.slice(2);
if (!name) throw new Error('Usage: npm run experiment -- <escape | rastrigin | random | overparam | depth | width | gan-collapse> [key=value ...]');
const value = (v) => (v.includes(',') ? v.split(',').map(value) : /^-?[\d.]+(e-?\d+)?$/i.test(v) ? Number(v) : v);
const args = Object.fromEntries(rest.map((a) => a.split('=')).map(([k, v]) => [k, value(v ?? 'true')]));
const read = (file) => readFileSync(new URL(file, import.meta.url), 'utf8');
const body = read('./common.js') + read(`./${name}.js`);
if (args.engine !== undefined && !(['twin', 'dawn'].includes(args.engine) && name === 'gan-collapse')) {
  console.error(`engine=${args.engine} was refused: only gan-collapse takes an engine (twin or dawn); the others run in the explorer's page.`);
  process.exit(2);
}
const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
await server.listen();
if (args.engine === 'twin' || args.engine === 'dawn') {
  // The float64 twin needs no browser, nor does the GPU code on Dawn (WebGPU in Node: a headless
  // GPU server): the experiment's own file runs here, its imports through Vite.
  if (args.engine === 'dawn') await (await import('../dawn.mjs')).installDawn();
  const AsyncFunction = (async () => {}).constructor;
  let code = 0;
  try {
    const out = await new AsyncFunction('args', 'load', read(`./${name}.js`))(args, (path) => server.ssrLoadModule(path));
    console.log(JSON.stringify(out, null, 1));
  } catch (e) {
    // A refused setting is the user's to fix: its message alone; anything else with its stack.
    console.error(/was refused/.test(e?.message) ? e.message : e?.stack ?? e);
    code = 1;
  } finally {
    await server.close();
  }
  // Dawn's event loop hook can keep the process alive after the device is gone.
  process.exit(code);
}
const { CHROMIUM_FLAGS, chromiumPath } = await server.ssrLoadModule('/tests/chromium.ts');
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: false, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => m.type() === 'log' && console.log(m.text()));
  page.setDefaultTimeout(0);
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForFunction(() => window.explorer && window.explorer.frameCount > 2, null, { timeout: 180_000 });
  const out = await page.evaluate(`(async () => { const e = window.explorer; const args = ${JSON.stringify(args)}; const load = (path) => import(path); e.pause(); ${body} })()`);
  console.log(JSON.stringify(out, null, 1));
} finally {
  await browser.close();
  await server.close();
}
