/**
 * Perceptual colour maps from d3-scale-chromatic, as a 256-texel texture for the shaders and
 * as CSS gradients for the colour bar, so both always show the same colours.
 */
import * as THREE from 'three/webgpu';
import { interpolateCividis, interpolateViridis, interpolateMagma } from 'd3-scale-chromatic';

export const COLORMAPS = {
  viridis: interpolateViridis,
  /** Designed to read the same with red-green colour blindness. */
  cividis: interpolateCividis,
  magma: interpolateMagma,
} as const;
export type ColormapName = keyof typeof COLORMAPS;

/** Okabe and Ito's palette: distinguishable with every common colour-vision deficiency. */
export const BASIN_COLORS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#FFFFFF'];

/** [r, g, b] in 0..255 from a CSS colour as d3 writes them (hex or rgb()). */
export function rgbOf(css: string): [number, number, number] {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(css);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const hex = /#([0-9a-f]{6})/i.exec(css);
  if (hex) {
    const v = parseInt(hex[1], 16);
    return [v >> 16, (v >> 8) & 255, v & 255];
  }
  throw new Error(`Unparsed colour ${css}`);
}

/** Writes the named map into a 256 x 1 sRGB texture (made once, updated in place). */
export function fillColormapTexture(texture: THREE.DataTexture, name: ColormapName): void {
  const data = texture.image.data as Uint8Array;
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = rgbOf(COLORMAPS[name](i / 255));
    data.set([r, g, b, 255], i * 4);
  }
  texture.needsUpdate = true;
}

export function makeColormapTexture(name: ColormapName): THREE.DataTexture {
  const texture = new THREE.DataTexture(new Uint8Array(256 * 4), 256, 1, THREE.RGBAFormat);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.magFilter = THREE.LinearFilter;
  texture.minFilter = THREE.LinearFilter;
  texture.wrapS = THREE.ClampToEdgeWrapping;
  fillColormapTexture(texture, name);
  return texture;
}

export function cssGradient(name: ColormapName, direction = 'to top'): string {
  const stops = Array.from({ length: 11 }, (_, i) => COLORMAPS[name](i / 10));
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}
