/** TypeScript twin of the counter-based generator in shaders/common.wgsl (pcg4d). */

export const STREAM_INIT = 0;
export const STREAM_NOISE = 1;
export const STREAM_KICK = 2;
/** Start vectors of the per-particle curvature runs (shaders/curvature.wgsl). */
export const STREAM_CURVATURE = 3;
/** Minibatch samples (shaders/landscape_api.wgsl batch_sample, src/landscapes/batch.ts). */
export const STREAM_BATCH = 4;
/** Where along a Bézier curve each SGD sample of its control point falls (shaders/bezier_fit.wgsl). */
export const STREAM_CURVE_FIT = 5;
/** Noise injected into a network's hidden layers (shaders/noise_stability.wgsl, src/analysis/noiseStabilityReference.ts). */
export const STREAM_NOISE_STABILITY = 6;
export const KICK_RADIUS_SLOT = 0xffffff;

export function pcg4d(x: number, y: number, z: number, w: number): [number, number, number, number] {
  const mul = 1664525;
  const add = 1013904223;
  x = (Math.imul(x, mul) + add) >>> 0;
  y = (Math.imul(y, mul) + add) >>> 0;
  z = (Math.imul(z, mul) + add) >>> 0;
  w = (Math.imul(w, mul) + add) >>> 0;
  x = (x + Math.imul(y, w)) >>> 0;
  y = (y + Math.imul(z, x)) >>> 0;
  z = (z + Math.imul(x, y)) >>> 0;
  w = (w + Math.imul(y, z)) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  y = (y ^ (y >>> 16)) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  w = (w ^ (w >>> 16)) >>> 0;
  x = (x + Math.imul(y, w)) >>> 0;
  y = (y + Math.imul(z, x)) >>> 0;
  z = (z + Math.imul(x, y)) >>> 0;
  w = (w + Math.imul(y, z)) >>> 0;
  return [x, y, z, w];
}

export function rngBits(seed: number, stream: number, particle: number, step: number, coord: number) {
  return pcg4d(particle >>> 0, step >>> 0, (coord ^ (stream << 24)) >>> 0, seed >>> 0);
}

export function randUniform(seed: number, stream: number, particle: number, step: number, coord: number): number {
  return (rngBits(seed, stream, particle, step, coord)[0] >>> 8) / 16777216;
}

export function randNormal(seed: number, stream: number, particle: number, step: number, coord: number): number {
  const b = rngBits(seed, stream, particle, step, coord);
  const u1 = ((b[0] >>> 8) + 1) / 16777216;
  const u2 = (b[1] >>> 8) / 16777216;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
