/**
 * A network as a particle: the two-layer ReLU student x ↦ Σᵢ aᵢ relu(wᵢ·x) (n units, wᵢ ∈ ℝᵈ)
 * fitted to the teacher x ↦ Σⱼ relu(vⱼ·x) (k units) under x ~ N(0, I_d), with the population
 * loss ½ E[(student − teacher)²] in closed form through the arc-cosine kernel
 * κ(w, v) = E[relu(w·x) relu(v·x)] = |w||v| (sin θ + (π − θ) cos θ) / 2π (Safran & Shamir 2018,
 * "Spurious local minima are common in two-layer ReLU neural networks").
 *
 * Coordinates (D = n·d, plus n when the second layer is trainable): unit i's input weights wᵢ
 * at i·d .. i·d + d − 1, then the output weights aᵢ at n·d + i (all 1 when not trainable).
 * d = k + extra input dimensions, so d ≥ k holds for every parameter combination.
 *
 * Zero-norm units (κ is not differentiable at w = 0): a unit with |w| = 0 contributes 0, and its
 * gradient is taken with θ = π/2 and no w/|w| term, i.e. ∇_w κ(0, v) = v/4: the gradient of the
 * odd, linear part (κ(e, v) − κ(−e, v))/2 = e·v/4 of the one-sided derivative. The WGSL does the same.
 */
import type { Landscape } from './types';
import { MAX_DIM } from './separable';
import { gaussian, mulberry32 } from './seeded';
import teacherStudentWgsl from '../../shaders/landscapes/teacher_student.wgsl?raw';
import arcCosineWgsl from '../../shaders/landscapes/arc_cosine.wgsl?raw';

/** Most units in either layer (TS_MAX_WIDTH in the WGSL prelude: the size of its per-unit arrays). */
export const MAX_WIDTH = 64;
export const TEACHER_KINDS = ['identity', 'random orthonormal', 'Gaussian N(0, I/d)'] as const;

export interface NetworkShape {
  /** Student units. */
  n: number;
  /** Teacher units. */
  k: number;
  /** Input dimension, k + extra. */
  d: number;
  trainable: boolean;
}

export function networkShape(params: readonly number[]): NetworkShape {
  const k = Math.floor(params[1]);
  return { n: Math.floor(params[0]), k, d: k + Math.floor(params[2]), trainable: Math.floor(params[5]) === 1 };
}

export function networkDimension(params: readonly number[]): number {
  const { n, d, trainable } = networkShape(params);
  return n * d + (trainable ? n : 0);
}

export interface Teacher {
  /** v_1 .. v_k (d each), their norms, then C = ½ Σᵢⱼ κ(vᵢ, vⱼ): what the WGSL reads. */
  data: Float32Array<ArrayBuffer>;
  /** Norms and C in float64, from the same f32 weights (the twin's loss is then 0 at the teacher to rounding). */
  norms: Float64Array;
  constant: number;
}

const teacherCache = new Map<string, Teacher>();

/** The teacher's weights, drawn once per (k, d, kind, seed) and rounded to f32 for both sides. */
export function teacher(k: number, d: number, kind: number, seed: number): Teacher {
  const key = `${k}:${d}:${kind}:${kind === 0 ? 0 : seed}`;
  let t = teacherCache.get(key);
  if (t) return t;
  const rand = mulberry32(seed * 15485863 + 11);
  const rows: number[][] = [];
  for (let j = 0; j < k; j++) {
    let v: number[];
    if (kind === 0) {
      v = Array.from({ length: d }, (_, c) => (c === j ? 1 : 0));
    } else if (kind === 1) {
      // Gram–Schmidt, twice for accuracy; k ≤ d so a fresh Gaussian is never in the span.
      v = Array.from({ length: d }, () => gaussian(rand));
      for (let pass = 0; pass < 2; pass++) {
        for (const u of rows) {
          const dot = u.reduce((s, uc, c) => s + uc * v[c], 0);
          v = v.map((vc, c) => vc - dot * u[c]);
        }
      }
      const norm = Math.hypot(...v);
      v = v.map((vc) => vc / norm);
    } else {
      v = Array.from({ length: d }, () => gaussian(rand) / Math.sqrt(d));
    }
    rows.push(v);
  }
  const data = new Float32Array(k * d + k + 1);
  rows.forEach((v, j) => data.set(v, j * d));
  const norms = Float64Array.from({ length: k }, (_, j) => Math.sqrt(dotAt(data, j * d, data, j * d, d)));
  data.set(norms, k * d);
  let constant = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const dot = i === j ? norms[i] ** 2 : dotAt(data, i * d, data, j * d, d);
      constant += 0.5 * pair(dot, norms[i], norms[j]).kappa;
    }
  }
  data[k * d + k] = constant;
  t = { data, norms, constant };
  if (teacherCache.size > 16) teacherCache.clear();
  teacherCache.set(key, t);
  return t;
}

function dotAt(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[ao + c] * b[bo + c];
  return s;
}

const INV_2PI = 1 / (2 * Math.PI);

/**
 * κ(w, u) from w·u and the norms; sinθ/2π, the coefficient of |u| w/|w| in ∇_w κ; and (π − θ)/2π,
 * the coefficient of u. cos θ is clamped (rounding) and 0 when a norm is 0.
 */
function pair(dot: number, nw: number, nu: number): { kappa: number; s: number; q: number } {
  const p = nw * nu;
  const c = p > 0 ? Math.min(1, Math.max(-1, dot / p)) : 0;
  const s = Math.sqrt(Math.max(0, (1 - c) * (1 + c))) * INV_2PI;
  const q = (Math.PI - Math.acos(c)) * INV_2PI;
  return { kappa: p * (s + q * c), s, q };
}

export const teacherStudent: Landscape = {
  id: 'teacher-student',
  name: 'Two-layer ReLU network (teacher–student)',
  formula:
    'f(W, a) = ½ E_x~N(0,I)[(Σᵢ aᵢ relu(wᵢ·x) − Σⱼ relu(vⱼ·x))²] = ½ Σᵢⱼ aᵢaⱼ κ(wᵢ,wⱼ) − Σᵢⱼ aᵢ κ(wᵢ,vⱼ) + ½ Σᵢⱼ κ(vᵢ,vⱼ), ' +
    'κ(w,v) = |w||v|(sin θ + (π − θ) cos θ)/2π',
  dims: { min: 1, max: MAX_DIM, default: 36 },
  dimensionOf: networkDimension,
  layers(params) {
    const { n, d, trainable } = networkShape(params);
    const first = { name: 'input weights w', size: n * d, fanIn: d, fanOut: n };
    return trainable ? [first, { name: 'output weights a', size: n, fanIn: n, fanOut: 1 }] : [first];
  },
  // Student unit i's input weights wᵢ; the output weights a as one more neuron when trained. No biases.
  neurons(_dim, params) {
    const { n, d, trainable } = networkShape(params);
    const units = Array.from({ length: n }, (_, i) => ({ weights: Array.from({ length: d }, (_, c) => i * d + c) }));
    return trainable ? [...units, { weights: Array.from({ length: n }, (_, i) => n * d + i) }] : units;
  },
  // The arc-cosine kernel's functions are shared with the other teacher-student landscape: concatenated, not copied.
  wgsl: `${arcCosineWgsl}\n${teacherStudentWgsl}`,
  params: [
    { key: 'studentWidth', label: 'student units n', default: 6, min: 1, max: MAX_WIDTH, integer: true, structural: true },
    { key: 'teacherWidth', label: 'teacher units k', default: 6, min: 1, max: MAX_WIDTH, integer: true, structural: true },
    { key: 'extraInputs', label: 'extra input dimensions (d = k + this)', default: 0, min: 0, max: MAX_DIM - 1, integer: true, structural: true },
    { key: 'teacher', label: 'teacher', default: 0, min: 0, max: TEACHER_KINDS.length - 1, integer: true, choices: TEACHER_KINDS },
    { key: 'teacherSeed', label: 'teacher seed', default: 1, min: 0, max: 9999, integer: true },
    { key: 'trainOutput', label: 'trainable second layer', default: 0, min: 0, max: 1, integer: true, choices: ['no', 'yes'], structural: true },
  ],
  box: [-1.5, 1.5],
  bound: 1e3,
  minima(dim, params) {
    const { n, k, d, trainable } = checkedShape(dim, params);
    if (n < k) return [];
    // The student is the teacher: its first k units, the rest zero (and silenced when a is trained).
    const t = teacher(k, d, Math.floor(params[3]), Math.floor(params[4]));
    const x = new Array<number>(dim).fill(0);
    for (let i = 0; i < k * d; i++) x[i] = t.data[i];
    if (trainable) for (let i = 0; i < k; i++) x[n * d + i] = 1;
    return [{ x, f: 0 }];
  },
  noKnownMinimum: 'with fewer student than teacher units (n < k) the best fit is not known in closed form',
  unitAngles: (x, params, dim) => studentTeacherAngles(x, params, dim),
  data: (_dim, params) => {
    const { k, d } = networkShape(params);
    return [{ name: 'ts_teacher', data: teacher(k, d, Math.floor(params[3]), Math.floor(params[4])).data }];
  },
  // Per ordered pair of units: a d-term dot product, a d-term share of the gradient and an arc cosine.
  evalCost: (_dim, params) => {
    const { n, k, d } = networkShape(params);
    return n * (n + k) * (4 * d + 40) + 3 * n * d;
  },
  evaluate(x, grad, params, dim) {
    const { n, k, d, trainable } = checkedShape(dim, params);
    const t = teacher(k, d, Math.floor(params[3]), Math.floor(params[4]));
    const v = t.data;
    const vNorm = (j: number) => t.norms[j];
    const a = (i: number) => (trainable ? x[n * d + i] : 1);
    const norm = new Float64Array(n);
    for (let i = 0; i < n; i++) norm[i] = Math.sqrt(dotAt(x, i * d, x, i * d, d));
    const coefW = new Float64Array(n);
    const coefV = new Float64Array(k);
    let f = t.constant;
    for (let i = 0; i < n; i++) {
      const ai = a(i);
      // κ(w, w) = |w|²/2: the diagonal needs no angle.
      const self = 0.5 * norm[i] * norm[i];
      f += 0.5 * ai * ai * self;
      let dA = ai * self;
      let alpha = 0;
      coefW[i] = 0.5 * ai * ai;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const aj = a(j);
        const pr = pair(dotAt(x, i * d, x, j * d, d), norm[i], norm[j]);
        f += 0.5 * ai * aj * pr.kappa;
        dA += aj * pr.kappa;
        alpha += aj * norm[j] * pr.s;
        coefW[j] = ai * aj * pr.q;
      }
      for (let j = 0; j < k; j++) {
        const pr = pair(dotAt(x, i * d, v, j * d, d), norm[i], vNorm(j));
        f -= ai * pr.kappa;
        dA -= pr.kappa;
        alpha -= vNorm(j) * pr.s;
        coefV[j] = ai * pr.q;
      }
      if (!grad) continue;
      // ∇_wᵢ = aᵢ α ŵᵢ + Σⱼ coefWⱼ wⱼ − Σⱼ coefVⱼ vⱼ (ŵ = 0 at |w| = 0).
      const along = norm[i] > 0 ? (ai * alpha) / norm[i] : 0;
      for (let c = 0; c < d; c++) {
        let g = along * x[i * d + c];
        for (let j = 0; j < n; j++) g += coefW[j] * x[j * d + c];
        for (let j = 0; j < k; j++) g -= coefV[j] * v[j * d + c];
        grad[i * d + c] = g;
      }
      if (trainable) grad[n * d + i] = dA;
    }
    // As in the WGSL: an expected square is >= 0 (rounding aside).
    return Math.max(f, 0);
  },
};

/** The shape these parameters make, refusing any other dimension (the dimension is not free). */
function checkedShape(dim: number, params: readonly number[]): NetworkShape {
  const shape = networkShape(params);
  const expected = networkDimension(params);
  if (dim !== expected) {
    throw new RangeError(
      `Teacher–student network with n = ${shape.n}, d = ${shape.d}${shape.trainable ? ', trainable a' : ''} has D = ${expected}; got D = ${dim}.`,
    );
  }
  return shape;
}

/**
 * cos ∠(wᵢ, vⱼ) for every student unit i and teacher unit j (0 for a zero unit): the function
 * view's heat map. Shared by the finite-sample landscape, whose coordinates are laid out alike.
 */
export function studentTeacherAngles(x: ArrayLike<number>, params: readonly number[], dim: number): number[][] {
  const { n, k, d } = checkedShape(dim, params);
  const t = teacher(k, d, Math.floor(params[3]), Math.floor(params[4]));
  return Array.from({ length: n }, (_, i) => {
    const norm = Math.sqrt(dotAt(x, i * d, x, i * d, d));
    return Array.from({ length: k }, (_, j) => (norm > 0 ? dotAt(x, i * d, t.data, j * d, d) / (norm * t.norms[j]) : 0));
  });
}
