#!/usr/bin/env node
// Runs a command with an X display: screenshots of a WebGPU canvas need headful Chromium.
// On Linux without DISPLAY it wraps the command in xvfb-run; elsewhere it runs it as is.
import { spawnSync } from 'node:child_process';

const [cmd, ...args] = process.argv.slice(2);
const needsXvfb = process.platform === 'linux' && !process.env.DISPLAY;
const result = needsXvfb
  ? spawnSync('xvfb-run', ['-a', '-s', '-screen 0 1280x800x24', cmd, ...args], { stdio: 'inherit' })
  : spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) {
  console.error(
    needsXvfb
      ? `Could not start xvfb-run (${result.error.message}). Install it: apt-get install -y xvfb`
      : `Could not run ${cmd}: ${result.error.message}`,
  );
  process.exit(1);
}
process.exit(result.status ?? 1);
