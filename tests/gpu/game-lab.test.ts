/**
 * The game lab's plane (shaders/lab_games_field.wgsl through src/lab/games/PlaneField.ts) against
 * its float64 twin (src/lab/games/planeFieldReference.ts): f and its gradient along x1, y1 at
 * random samples of every game, slices of larger games included; then the panel's render
 * pipelines drawn into a texture: the heat map's sign, the equilibrium's ring, a particle.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GameSimulation, resolveGame, type GameSpec } from '../../src/games';
import { PlaneField } from '../../src/lab/games/PlaneField';
import { PanelRenderer } from '../../src/lab/games/PanelRenderer';
import { fieldSample } from '../../src/lab/games/planeFieldReference';
import { mulberry32 } from '../random';
import { withGpu } from './device';

/** Relative to max(1, |twin|): f32 arithmetic at plane points rounded to f32. */
const FIELD_TOLERANCE = 1e-5;
const measured: string[] = [];
afterAll(() => console.log(`game lab plane, GPU (f32) vs float64 twin, worst relative error:\n${measured.join('\n')}`));

const CASES: [string, GameSpec, number][] = [
  ['bilinear 1×1 identity', { game: 'bilinear', matrix: 'identity' }, 3],
  ['bilinear 3×4 Gaussian slice', { game: 'bilinear', m: 3, n: 4, matrixSeed: 5, scale: 1.5 }, 2.2],
  ['quadratic 4×3 slice', { game: 'quadratic', m: 4, n: 3, a: 0.6, b: 1.4, scale: 1.2 }, 1.7],
  ['forsaken', { game: 'forsaken' }, 2.5],
  ['almost-bilinear', { game: 'almost-bilinear' }, 2.5],
];

describe('game lab plane: GPU against the float64 twin', () => {
  it.each(CASES)('%s: f, ∂f/∂x1, ∂f/∂y1 at 200 random samples', async (name, spec, extent) => {
    await withGpu(async (gpu) => {
      const game = resolveGame(spec);
      const field = gpu.own(await PlaneField.create(gpu.device, game, extent));
      const encoder = gpu.device.createCommandEncoder();
      field.encode(encoder);
      gpu.device.queue.submit([encoder.finish()]);
      const values = new Float32Array(await gpu.read(field.field));
      const { grid } = field.frame;
      const rand = mulberry32(7);
      let worst = 0;
      for (let k = 0; k < 200; k++) {
        const [i, j] = [Math.floor(rand() * grid), Math.floor(rand() * grid)];
        const twin = fieldSample(game, field.frame, i, j);
        twin.forEach((t, c) => {
          worst = Math.max(worst, Math.abs(values[4 * (j * grid + i) + c] - t) / Math.max(1, Math.abs(t)));
        });
      }
      // The samples are not all zero: a kernel writing nothing would pass a tolerance alone.
      expect(values.some((v) => Math.abs(v) > 1e-3)).toBe(true);
      measured.push(`${name}: ${worst.toExponential(1)}`);
      expect(worst).toBeLessThan(FIELD_TOLERANCE);
    });
  });

  it('draws the heat map by the sign of f − f*, the equilibrium ring and a particle in its colour', async () => {
    await withGpu(async (gpu) => {
      const { device } = gpu;
      const side = 200;
      const extent = 3;
      const game = resolveGame({ game: 'bilinear', matrix: 'identity' });
      const field = gpu.own(await PlaneField.create(device, game, extent));
      field.writeView(side, 4);
      // One particle at the equilibrium (spread 0): drawn over the ring's middle.
      const sim = gpu.own(await GameSimulation.create(device, { game: { game: 'bilinear', matrix: 'identity' }, count: 1, start: { sigma: 0 } }));
      const renderer = gpu.own(await PanelRenderer.create(device, 'rgba8unorm'));
      renderer.setPanels(field, [{ simulation: sim, color: [0, 1, 0] }]);
      const target = device.createTexture({ size: [side, side], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
      gpu.own(target);
      // Rows of a texture copy are padded to 256 bytes.
      const rowBytes = Math.ceil((side * 4) / 256) * 256;
      const out = gpu.buffer({ size: rowBytes * side, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
      const encoder = device.createCommandEncoder();
      sim.encode(encoder, 0);
      field.encode(encoder);
      renderer.encode(encoder, target.createView(), { side, gap: 0 });
      encoder.copyTextureToBuffer({ texture: target }, { buffer: out, bytesPerRow: rowBytes }, [side, side]);
      device.queue.submit([encoder.finish()]);
      const px = new Uint8Array(await gpu.read(out));
      const at = (x: number, y: number) => Array.from(px.subarray(y * rowBytes + 4 * x, y * rowBytes + 4 * x + 3));
      const mid = side / 2;
      // Row 0 is the top (y1 = +extent). Top right: x1 y1 > 0, orange (red over blue); top left: blue.
      const [topRight, topLeft] = [at(side - 25, 25), at(25, 25)];
      expect(topRight[0]).toBeGreaterThan(topRight[2] + 40);
      expect(topLeft[2]).toBeGreaterThan(topLeft[0] + 40);
      // The ring, 8.5 pixels from the equilibrium: white.
      expect(Math.min(...at(Math.round(mid + 8.5), mid))).toBeGreaterThan(200);
      // The particle at the equilibrium, in its colour.
      const [r, g, b] = at(mid, mid);
      expect(g).toBeGreaterThan(200);
      expect(Math.max(r, b)).toBeLessThan(60);
    });
  });
});
