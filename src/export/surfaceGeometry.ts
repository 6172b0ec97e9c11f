/**
 * The surface as drawn, in plain arrays for a file: the TypeScript twin of SurfaceMesh's vertex
 * positions (ViewMapping.world over the G x G heights, log height included) and of its base
 * colour (the colour-map texture sampled at the clamped level), without the shading and contour
 * lines the shader adds. Heights that are not finite, which the shader leaves undefined, sit at
 * the clamp's top (NaN, +Infinity) or as low as the mapping goes (-Infinity).
 */
import { logLevel } from '../engine/logScale';
import { COLORMAPS, rgbOf, type ColormapName } from '../view/colormaps';
import { WORLD_HEIGHT, WORLD_SIZE } from '../view/ViewMapping';

/** The level range the shader clamps heights to (ViewMapping.world). */
const LEVEL_MIN = -0.25;
const LEVEL_MAX = 1.5;
const TEXELS = 256;

export interface SurfaceArrays {
  /** x, y, z per vertex, vertex i + G j at grid point (i, j). */
  positions: Float32Array;
  /** Linear RGB per vertex (what glTF's COLOR_0 holds). */
  colors: Float32Array;
  /** Two triangles per grid cell, facing up. */
  indices: Uint32Array;
  /** The loss range the levels are taken over, as the view mapping holds it (an empty range widened by 1). */
  heightRange: [number, number];
}

/**
 * The finite heights' [min, max] (the range kernel's result, in shaders/surface.wgsl) widened as
 * ViewMapping.setHeights widens it: what the view mapping holds once the range is read back.
 */
export function drawnHeightRange(heights: ArrayLike<number>): [number, number] {
  let lo = Math.fround(3.4e38);
  let hi = Math.fround(-3.4e38);
  for (let k = 0; k < heights.length; k++) {
    const h = heights[k];
    if (Number.isFinite(h)) {
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
    }
  }
  return [lo, hi - lo > 0 ? hi : lo + 1];
}

/** ViewMapping.levelOf for the given range: loss to [0, 1] over it, log-compressed when asked. */
export function levelOf(loss: number, range: [number, number], logScale: boolean): number {
  const t = (loss - range[0]) / Math.max(range[1] - range[0], 1e-30);
  return logScale ? logLevel(t) : t;
}

const clampLevel = (level: number) => (Number.isNaN(level) ? LEVEL_MAX : Math.min(Math.max(level, LEVEL_MIN), LEVEL_MAX));

/** sRGB (0..1) to linear: the texture is sRGB, and the GPU filters after decoding. */
const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** The colour map's 256 texels in linear RGB, as makeColormapTexture fills them. */
export function colormapTexels(name: ColormapName): Float32Array {
  const texels = new Float32Array(TEXELS * 3);
  for (let i = 0; i < TEXELS; i++) {
    const [r, g, b] = rgbOf(COLORMAPS[name](i / (TEXELS - 1)));
    texels.set([linear(r / 255), linear(g / 255), linear(b / 255)], i * 3);
  }
  return texels;
}

/** The texture's linear filtering with clamp to edge at coordinate t in [0, 1]. */
function sampleTexels(texels: Float32Array, t: number, out: Float32Array, at: number): void {
  const x = Math.min(Math.max(t * TEXELS - 0.5, 0), TEXELS - 1);
  const i = Math.min(Math.floor(x), TEXELS - 2);
  const f = x - i;
  for (let c = 0; c < 3; c++) out[at + c] = texels[i * 3 + c] * (1 - f) + texels[(i + 1) * 3 + c] * f;
}

/** Positions, colours and triangles of the G x G surface of `heights` (row j, column i at i + G j). */
export function surfaceArrays(heights: ArrayLike<number>, grid: number, logScale: boolean, colormap: ColormapName): SurfaceArrays {
  const G = grid;
  if (!Number.isInteger(G) || G < 2 || heights.length !== G * G) {
    throw new RangeError(`A surface of grid ${G} has ${G}² heights, at least 2 x 2; got ${heights.length}.`);
  }
  const range = drawnHeightRange(heights);
  const texels = colormapTexels(colormap);
  const positions = new Float32Array(G * G * 3);
  const colors = new Float32Array(G * G * 3);
  for (let j = 0; j < G; j++) {
    for (let i = 0; i < G; i++) {
      const k = i + G * j;
      const level = clampLevel(levelOf(heights[k], range, logScale));
      positions[3 * k] = (i / (G - 1) - 0.5) * WORLD_SIZE;
      positions[3 * k + 1] = level * WORLD_HEIGHT;
      positions[3 * k + 2] = -(j / (G - 1) - 0.5) * WORLD_SIZE;
      sampleTexels(texels, Math.min(Math.max(level, 0), 1), colors, 3 * k);
    }
  }
  return { positions, colors, indices: gridTriangles(G), heightRange: range };
}

/**
 * Two triangles per cell, wound counter-clockwise seen from above (+y): x grows with i and z
 * falls as j grows, so (i, j) → (i + 1, j) → (i, j + 1) turns left seen from above.
 */
export function gridTriangles(G: number): Uint32Array {
  const indices = new Uint32Array((G - 1) * (G - 1) * 6);
  let n = 0;
  for (let j = 0; j < G - 1; j++) {
    for (let i = 0; i < G - 1; i++) {
      const a = i + G * j;
      const b = a + 1;
      const c = a + G;
      const d = c + 1;
      indices.set([a, b, c, b, d, c], n);
      n += 6;
    }
  }
  return indices;
}
