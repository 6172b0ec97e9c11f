/**
 * Landscapes that draw seeded data and bring it to the GPU as storage buffers: a quadratic with
 * a chosen spectrum in a rotated basis, and a smooth random landscape.
 */
import type { Landscape } from './types';
import { MAX_DIM } from './separable';
import { gaussian, mulberry32 } from './seeded';
import spectrumWgsl from '../../shaders/landscapes/spectrum_quadratic.wgsl?raw';
import fourierWgsl from '../../shaders/landscapes/random_fourier.wgsl?raw';

/** Householder reflections making the rotation (SQ_M in the WGSL prelude). */
export const REFLECTIONS = 4;
/** Most random features (RF_MAX in the WGSL prelude). */
export const MAX_FEATURES = 64;

const dataCache = new Map<string, Float32Array<ArrayBuffer>>();
function cached(key: string, make: () => Float32Array<ArrayBuffer>): Float32Array<ArrayBuffer> {
  let v = dataCache.get(key);
  if (!v) {
    if (dataCache.size > 16) dataCache.clear();
    v = make();
    dataCache.set(key, v);
  }
  return v;
}

/** r_1 .. r_m (unit, f32), then their Gram matrix, as the WGSL reads them. */
function reflectionData(dim: number, seed: number): Float32Array<ArrayBuffer> {
  return cached(`sq:${dim}:${seed}`, () => {
    const rand = mulberry32(seed * 7919 + 17);
    const out = new Float32Array(REFLECTIONS * dim + REFLECTIONS * REFLECTIONS);
    for (let j = 0; j < REFLECTIONS; j++) {
      const v = Array.from({ length: dim }, () => gaussian(rand));
      const norm = Math.hypot(...v);
      v.forEach((x, i) => (out[j * dim + i] = x / norm));
    }
    for (let j = 0; j < REFLECTIONS; j++) {
      for (let l = 0; l < REFLECTIONS; l++) {
        let g = 0;
        for (let i = 0; i < dim; i++) g += out[j * dim + i] * out[l * dim + i];
        out[REFLECTIONS * dim + j * REFLECTIONS + l] = g;
      }
    }
    return out;
  });
}

function coefficients(data: Float32Array, dim: number, t: number[], forward: boolean): number[] {
  const m = REFLECTIONS;
  const s = new Array<number>(m).fill(0);
  for (let a = 0; a < m; a++) {
    const j = forward ? a : m - 1 - a;
    let v = t[j];
    for (let b = 0; b < a; b++) {
      const l = forward ? b : m - 1 - b;
      v -= 2 * data[m * dim + j * m + l] * s[l];
    }
    s[j] = v;
  }
  return s;
}

/** Eigenvalue i: the first k negative, magnitudes from 1 to kappa. */
export function spectrumEigenvalue(i: number, dim: number, kappa: number, k: number): number {
  const magnitude = Math.exp((Math.log(kappa) * i) / Math.max(dim - 1, 1));
  return i < Math.min(Math.floor(k), dim) ? -magnitude : magnitude;
}

export const spectrumQuadratic: Landscape = {
  id: 'spectrum-quadratic',
  name: 'Quadratic, chosen spectrum',
  formula: 'f(x) = ½ (Qx)ᵀ Λ (Qx), Q a seeded rotation, k eigenvalues < 0',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: spectrumWgsl,
  params: [
    { key: 'kappa', label: 'condition number κ', default: 10, min: 1, max: 1e4, log: true },
    { key: 'negative', label: 'negative eigenvalues k', default: 1, min: 0, max: MAX_DIM, integer: true, perCoordinate: true },
    { key: 'seed', label: 'basis seed', default: 1, min: 0, max: 9999, integer: true },
  ],
  box: [-3, 3],
  bound: 1e6,
  minima: (dim, params) => (Math.floor(params[1]) === 0 ? [{ x: new Array<number>(dim).fill(0), f: 0 }] : []),
  noKnownMinimum: 'unbounded below when k > 0: the origin is a saddle of index k',
  saddle: (dim, params) => {
    const k = Math.min(Math.floor(params[1]), dim);
    return k > 0 ? { x: new Array<number>(dim).fill(0), f: 0, index: k } : null;
  },
  data: (dim, params) => [{ name: 'sq_reflections', data: reflectionData(dim, Math.floor(params[2])) }],
  evalCost: (dim) => 40 * dim,
  evaluate(x, grad, params, dim) {
    const data = reflectionData(dim, Math.floor(params[2]));
    const m = REFLECTIONS;
    const r = (j: number, i: number) => data[j * dim + i];
    const t = new Array<number>(m).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < m; j++) t[j] += r(j, i) * x[i];
    const s = coefficients(data, dim, t, true);
    const y = new Float64Array(dim);
    let f = 0;
    const tw = new Array<number>(m).fill(0);
    for (let i = 0; i < dim; i++) {
      let yi = x[i];
      for (let j = 0; j < m; j++) yi -= 2 * s[j] * r(j, i);
      y[i] = yi;
      const w = spectrumEigenvalue(i, dim, params[0], params[1]) * yi;
      f += 0.5 * w * yi;
      for (let j = 0; j < m; j++) tw[j] += r(j, i) * w;
    }
    if (grad) {
      const sw = coefficients(data, dim, tw, false);
      for (let i = 0; i < dim; i++) {
        let g = spectrumEigenvalue(i, dim, params[0], params[1]) * y[i];
        for (let j = 0; j < m; j++) g -= 2 * sw[j] * r(j, i);
        grad[i] = g;
      }
    }
    return f;
  },
};

/** w_1 .. w_64 (in cycles per unit) then b_1 .. b_64, as the WGSL reads them. */
function featureData(dim: number, lengthScale: number, seed: number): Float32Array<ArrayBuffer> {
  return cached(`rf:${dim}:${lengthScale}:${seed}`, () => {
    const rand = mulberry32(seed * 104729 + 3);
    const out = new Float32Array(MAX_FEATURES * dim + MAX_FEATURES);
    for (let i = 0; i < MAX_FEATURES * dim; i++) out[i] = gaussian(rand) / (2 * Math.PI * lengthScale);
    for (let m = 0; m < MAX_FEATURES; m++) out[MAX_FEATURES * dim + m] = rand();
    return out;
  });
}

export const randomFourier: Landscape = {
  id: 'random-fourier',
  name: 'Random landscape',
  formula: 'f(x) = A/√M Σₘ cos(2π(wₘ·x + bₘ)) + μ/2 |x|², wₘ ~ N(0, I/(2πℓ)²)',
  dims: { min: 2, max: MAX_DIM, default: 2 },
  wgsl: fourierWgsl,
  params: [
    { key: 'length', label: 'length scale ℓ', default: 1, min: 0.1, max: 10, log: true },
    { key: 'features', label: 'random features M', default: 64, min: 1, max: MAX_FEATURES, integer: true },
    { key: 'amplitude', label: 'amplitude A', default: 2, min: 0, max: 20 },
    { key: 'confinement', label: 'confinement μ', default: 0.1, min: 0, max: 10 },
    { key: 'seed', label: 'landscape seed', default: 1, min: 0, max: 9999, integer: true },
  ],
  box: [-4, 4],
  bound: 1e6,
  minima: () => [],
  noKnownMinimum: 'random: its minima are not known in closed form',
  data: (dim, params) => [{ name: 'rf_features', data: featureData(dim, params[0], Math.floor(params[4])) }],
  // Two passes over M features x D weights, a multiply-add each.
  evalCost: (dim, params) => 4 * Math.min(Math.floor(params[1]), MAX_FEATURES) * dim,
  evaluate(x, grad, params, dim) {
    const [lengthScale, features, amp, mu, seed] = params;
    const data = featureData(dim, lengthScale, Math.floor(seed));
    const count = Math.min(Math.floor(features), MAX_FEATURES);
    const a = amp / Math.sqrt(count);
    let f = 0;
    const c = new Float64Array(count);
    for (let m = 0; m < count; m++) {
      let u = data[MAX_FEATURES * dim + m];
      for (let i = 0; i < dim; i++) u += data[m * dim + i] * x[i];
      f += a * Math.cos(2 * Math.PI * u);
      c[m] = -2 * Math.PI * a * Math.sin(2 * Math.PI * u);
    }
    for (let i = 0; i < dim; i++) {
      f += 0.5 * mu * x[i] * x[i];
      if (grad) {
        let g = mu * x[i];
        for (let m = 0; m < count; m++) g += c[m] * data[m * dim + i];
        grad[i] = g;
      }
    }
    return f;
  },
};
