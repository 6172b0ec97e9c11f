#!/usr/bin/env node
// npm run record -- <url-or-scene> out.mp4 [--width 1280 --height 720 --fps 30 --seconds 5 --steps 4
//   --camera still|orbit --orbit-speed 12 --title "…" --caption "…" --frames N --codec avc1.640034]
// Records a video of the explorer headless: serves the built app (dist/; built first if missing),
// opens it in Chromium with WebGPU, calls window.explorer.record() in the page and writes the file.
// The extension picks the format: .mp4 (H.264) or .webm (VP9). The first argument is a URL, a
// query string ("?landscape=rastrigin&dim=10") or a scene name (opened as /?scene=<name>).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createServer, preview } from 'vite';
import { chromium } from 'playwright';

const USAGE = 'Usage: npm run record -- <url | ?query | scene> <out.mp4 | out.webm> [--width 1280 --height 720 --fps 30 --seconds 5 --steps 4 --camera still|orbit --orbit-speed 12 --title T --caption C --frames N --codec S]';
const NUMBERS = { width: 'width', height: 'height', fps: 'fps', seconds: 'seconds', frames: 'frames', steps: 'stepsPerFrame', 'orbit-speed': 'orbitSpeed' };
const TEXTS = { camera: 'camera', title: 'title', caption: 'caption', codec: 'codec' };

function parse(argv) {
  const positional = [];
  // No --seconds or --frames: 5 seconds, or a scene's whole length (every step's seconds).
  const options = { width: 1280, height: 720, fps: 30 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value.\n${USAGE}`);
    if (key in NUMBERS) {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`--${key} ${value}: not a number.\n${USAGE}`);
      options[NUMBERS[key]] = n;
    } else if (key in TEXTS) options[TEXTS[key]] = value;
    else throw new Error(`Unknown option --${key}.\n${USAGE}`);
  }
  if (positional.length !== 2) throw new Error(USAGE);
  const [target, out] = positional;
  const ext = extname(out).toLowerCase();
  if (ext !== '.mp4' && ext !== '.webm') throw new Error(`${out}: the file name must end in .mp4 (H.264) or .webm (VP9).`);
  if (options.frames !== undefined) delete options.seconds;
  else if (options.seconds === undefined) options.wholeScene = true;
  return { target, out, options: { ...options, format: ext.slice(1) } };
}

function pageUrl(base, target) {
  if (/^https?:\/\//i.test(target)) return target;
  if (target.startsWith('?')) return `${base}${target}`;
  return `${base}?scene=${encodeURIComponent(target)}`;
}

/** The Chromium flags the tests use (tests/chromium.ts), loaded through Vite since the file is TypeScript. */
async function chromiumSetup() {
  const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'warn' });
  try {
    return await server.ssrLoadModule('/tests/chromium.ts');
  } finally {
    await server.close();
  }
}

const { target, out, options } = parse(process.argv.slice(2));
if (!existsSync('dist/index.html')) {
  console.log('dist/ is missing: building the app first (npx vite build)…');
  const built = spawnSync('npx', ['vite', 'build', '--outDir', 'dist'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { CHROMIUM_FLAGS, chromiumPath } = await chromiumSetup();
const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: false, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(0);
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  page.on('pageerror', (e) => console.error(`page: ${e.message}`));
  const url = pageUrl(server.resolvedUrls.local[0], target);
  console.log(`Opening ${url}`);
  await page.goto(url);
  await page.waitForFunction(() => window.explorer && window.explorer.frameCount > 2, null, { timeout: 180_000 });
  let last = 0;
  await page.exposeFunction('reportRecordProgress', ({ frame, frames, secondsLeft }) => {
    const now = Date.now();
    if (frame === frames || now - last > 2000) {
      last = now;
      console.log(`frame ${frame} / ${frames}, about ${Math.ceil(secondsLeft)} s left`);
    }
  });
  const started = Date.now();
  const result = await page.evaluate(async (o) => {
    const { wholeScene, ...rest } = o;
    // A scene records from its first step to the end of its last (window.sceneTimeline steps it).
    if (wholeScene) rest.seconds = window.scenes?.current ? window.scenes.recordingSeconds : 5;
    if (window.scenes?.current) await new Promise((r) => { const wait = () => (window.scenes.current.busy ? setTimeout(wait, 100) : r()); wait(); });
    const file = await window.explorer.record({ ...rest, onProgress: (p) => window.reportRecordProgress(p) });
    const files = Array.isArray(file) ? file : [file];
    window.recordedFiles = files;
    return files.map((f) => f.size);
  }, options);
  // The bytes come back base64-encoded, a few megabytes at a time.
  const CHUNK = 4 << 20;
  const names = result.length === 1 ? [out] : result.map((_, i) => out.replace(/\.\w+$/, `-${String(i + 1).padStart(5, '0')}.png`));
  for (const [i, size] of result.entries()) {
    const parts = [];
    for (let offset = 0; offset < size; offset += CHUNK) {
      const base64 = await page.evaluate(async ([index, from, to]) => {
        const url = await new Promise((resolve) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result);
          reader.readAsDataURL(window.recordedFiles[index].slice(from, to));
        });
        return url.slice(url.indexOf(',') + 1);
      }, [i, offset, offset + CHUNK]);
      parts.push(Buffer.from(base64, 'base64'));
    }
    writeFileSync(names[i], Buffer.concat(parts));
  }
  if (result.length > 1) console.log('This browser has no WebCodecs: wrote PNG frames instead of a video.');
  console.log(`Wrote ${names.length === 1 ? names[0] : `${names.length} files`} (${(result.reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} MB) in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} finally {
  await browser.close();
  await server.close();
}
