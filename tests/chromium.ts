/**
 * How tests start Chromium with WebGPU on machines with or without a GPU: Debian's Chromium
 * (or CHROMIUM_PATH), with SwiftShader as the software Vulkan when no GPU driver is there.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--enable-gpu',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--disable-vulkan-surface',
];

export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p!));
}

export function chromiumPath(): string {
  const found = findChromium();
  if (!found) {
    throw new Error(
      'No Chromium found for the WebGPU tests. Install it (Debian: apt-get install -y chromium xvfb) ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}
