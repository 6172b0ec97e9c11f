/**
 * The finite-sample sibling of 'teacher-student': the same two-layer ReLU student
 * x ↦ Σᵢ aᵢ relu(wᵢ·x) and teacher x ↦ Σⱼ relu(vⱼ·x) (the same coordinates, parameters and
 * teacher weights), but fitted to m seeded training samples xₛ ~ N(0, I_d) with labels
 * yₛ = teacher(xₛ) + σ εₛ, εₛ ~ N(0, 1), and trained by minibatch SGD: each evaluation the step
 * kernel makes takes ½ mean over a minibatch of B samples drawn with replacement
 * (batchIndices, shaders/landscape_api.wgsl batch_sample) of (student(xₛ) − yₛ)²; B ≥ m, and
 * every kernel that does not step particles, take the whole training set.
 *
 * Readings beyond the loss (metrics): the training loss on all m samples, the loss on a held-out
 * test set with noiseless labels, and the population loss ½ E[(student − teacher)²] of
 * 'teacher-student' in closed form: the generalization error.
 *
 * Data (one f32 storage buffer, the twin reads the same f32 values): m training records, then
 * the test records, each xₛ (d values) followed by yₛ. Training inputs, their noise and the test
 * inputs come from three seeded streams, so sample s is the same whatever m, the test set does
 * not change with m, and σ only scales the same noise.
 *
 * relu'(0) = 0 on both sides.
 */
import type { Landscape } from './types';
import { batchIndices } from './batch';
import { gaussian, mulberry32 } from './seeded';
import { networkDimension, networkShape, studentTeacherAngles, teacher, teacherStudent, type NetworkShape } from './teacherStudent';
import teacherStudentSampleWgsl from '../../shaders/landscapes/teacher_student_sample.wgsl?raw';
import arcCosineWgsl from '../../shaders/landscapes/arc_cosine.wgsl?raw';

/** Most training samples, and most test samples (the data buffer holds (m + test)(d + 1) floats). */
export const MAX_SAMPLES = 2048;

/** Indices of the parameters this landscape adds after those of 'teacher-student' (0 .. 5). */
const P_SAMPLES = 6;
const P_TEST = 7;
const P_DATA_SEED = 8;
const P_NOISE = 9;
const P_BATCH = 10;

export interface SampleShape extends NetworkShape {
  /** Training samples. */
  m: number;
  /** Held-out samples. */
  test: number;
  /** Samples per minibatch (B ≥ m: the whole training set). */
  batch: number;
  noise: number;
}

export function sampleShape(params: readonly number[]): SampleShape {
  return {
    ...networkShape(params),
    m: Math.max(1, Math.floor(params[P_SAMPLES])),
    test: Math.max(0, Math.floor(params[P_TEST])),
    batch: Math.max(1, Math.floor(params[P_BATCH])),
    noise: params[P_NOISE],
  };
}

interface Samples {
  /** Inputs in records of d + 1 (the label slot left 0): training, then test. */
  inputs: Float32Array;
  /** Teacher outputs in float64 from the f32 inputs and weights. */
  clean: Float64Array;
  /** εₛ for the training samples. */
  noise: Float64Array;
}

const sampleCache = new Map<string, Samples>();
const dataCache = new Map<string, Float32Array<ArrayBuffer>>();

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (!v) {
    if (cache.size > 16) cache.clear();
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** Seeds of the three streams: training inputs, training noise, test inputs. */
const streamSeed = (seed: number, stream: number) => (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(stream, 0x85ebca6b)) >>> 0;

function samples(params: readonly number[]): Samples {
  const { k, d, m, test } = sampleShape(params);
  const kind = Math.floor(params[3]);
  const teacherSeed = Math.floor(params[4]);
  const seed = Math.floor(params[P_DATA_SEED]);
  return remember(sampleCache, `${k}:${d}:${kind}:${kind === 0 ? 0 : teacherSeed}:${m}:${test}:${seed}`, () => {
    const v = teacher(k, d, kind, teacherSeed).data;
    const stride = d + 1;
    const inputs = new Float32Array((m + test) * stride);
    const trainRand = mulberry32(streamSeed(seed, 1));
    const testRand = mulberry32(streamSeed(seed, 3));
    for (let s = 0; s < m + test; s++) {
      const rand = s < m ? trainRand : testRand;
      for (let c = 0; c < d; c++) inputs[s * stride + c] = gaussian(rand);
    }
    const clean = new Float64Array(m + test);
    for (let s = 0; s < m + test; s++) {
      let y = 0;
      for (let j = 0; j < k; j++) {
        let u = 0;
        for (let c = 0; c < d; c++) u += v[j * d + c] * inputs[s * stride + c];
        y += Math.max(u, 0);
      }
      clean[s] = y;
    }
    const noiseRand = mulberry32(streamSeed(seed, 2));
    const noise = Float64Array.from({ length: m }, () => gaussian(noiseRand));
    return { inputs, clean, noise };
  });
}

/**
 * The data set as the WGSL reads it: m training records, then the test records, each xₛ (d
 * values) then yₛ; training labels carry σ εₛ, test labels none. Rounded to f32 for both sides.
 */
export function sampleData(params: readonly number[]): Float32Array<ArrayBuffer> {
  const { k, d, m, test, noise } = sampleShape(params);
  const kind = Math.floor(params[3]);
  const key = [k, d, kind, kind === 0 ? 0 : Math.floor(params[4]), m, test, Math.floor(params[P_DATA_SEED]), noise].join(':');
  return remember(dataCache, key, () => {
    const set = samples(params);
    const data = new Float32Array(set.inputs);
    for (let s = 0; s < m + test; s++) data[s * (d + 1) + d] = set.clean[s] + (s < m ? noise * set.noise[s] : 0);
    return data;
  });
}

/** ½ mean over `indices` of (student − label)², the gradient (also averaged) into grad when given. */
function sampleLoss(x: ArrayLike<number>, grad: Float64Array | null, shape: SampleShape, data: Float32Array, indices: readonly number[]): number {
  const { n, d, trainable } = shape;
  const stride = d + 1;
  const u = new Float64Array(n);
  const a = (i: number) => (trainable ? x[n * d + i] : 1);
  const inv = indices.length ? 1 / indices.length : 0;
  let sum = 0;
  for (const s of indices) {
    const base = s * stride;
    let y = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let c = 0; c < d; c++) z += x[i * d + c] * data[base + c];
      u[i] = z;
      y += a(i) * Math.max(z, 0);
    }
    const r = y - data[base + d];
    sum += r * r;
    if (!grad) continue;
    const g = r * inv;
    for (let i = 0; i < n; i++) {
      // relu'(0) = 0, as the WGSL.
      if (!(u[i] > 0)) continue;
      const gi = a(i) * g;
      for (let c = 0; c < d; c++) grad[i * d + c] += gi * data[base + c];
      if (trainable) grad[n * d + i] += g * u[i];
    }
  }
  return 0.5 * sum * inv;
}

/** The shape these parameters make, refusing any other dimension (the dimension is not free). */
function checkedShape(dim: number, params: readonly number[]): SampleShape {
  const shape = sampleShape(params);
  const expected = networkDimension(params);
  if (dim !== expected) {
    throw new RangeError(
      `Teacher–student network with n = ${shape.n}, d = ${shape.d}${shape.trainable ? ', trainable a' : ''} has D = ${expected}; got D = ${dim}.`,
    );
  }
  return shape;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

export const teacherStudentSample: Landscape = {
  id: 'teacher-student-sample',
  name: 'Two-layer ReLU network on a finite sample (SGD)',
  formula:
    'f(W, a) = ½ (1/|S|) Σ_{s∈S} (Σᵢ aᵢ relu(wᵢ·xₛ) − yₛ)², yₛ = Σⱼ relu(vⱼ·xₛ) + σ εₛ, xₛ ~ N(0, I_d), εₛ ~ N(0, 1), ' +
    's = 1 .. m; S: B ≤ m samples drawn with replacement at each SGD step (all m when B = m, and for the surface)',
  dims: teacherStudent.dims,
  dimensionOf: networkDimension,
  layers: teacherStudent.layers,
  neurons: teacherStudent.neurons,
  // The arc-cosine kernel's functions are shared with the other teacher-student landscape: concatenated, not copied.
  wgsl: `${arcCosineWgsl}\n${teacherStudentSampleWgsl}`,
  params: [
    ...teacherStudent.params,
    { key: 'samples', label: 'training samples m', default: 100, min: 1, max: MAX_SAMPLES, integer: true, structural: true },
    { key: 'testSamples', label: 'test samples', default: 1000, min: 1, max: MAX_SAMPLES, integer: true, structural: true },
    { key: 'dataSeed', label: 'data seed', default: 1, min: 0, max: 9999, integer: true },
    { key: 'labelNoise', label: 'label noise σ (training labels)', default: 0, min: 0, max: 2 },
    { key: 'batchSize', label: 'batch size B (B = m: full batch)', default: 10, min: 1, max: MAX_SAMPLES, integer: true },
  ],
  checkParams: (params) =>
    params[P_BATCH] > params[P_SAMPLES]
      ? `the batch size B = ${params[P_BATCH]} is larger than the m = ${params[P_SAMPLES]} training samples: B may be at most m (B = m is full batch).`
      : null,
  unitAngles: (x, params, dim) => studentTeacherAngles(x, params, dim),
  box: teacherStudent.box,
  bound: teacherStudent.bound,
  // Without label noise the teacher (n ≥ k: its units, the rest zero) fits every sample: training loss 0.
  minima(dim, params) {
    checkedShape(dim, params);
    if (params[P_NOISE] !== 0) return [];
    return teacherStudent.minima(dim, params.slice(0, P_SAMPLES));
  },
  noKnownMinimum:
    'with label noise (σ > 0) the teacher no longer fits the training labels and the best fit to them is not known in closed form; ' +
    'with fewer student than teacher units (n < k) neither is the best fit without noise',
  data: (_dim, params) => {
    const { k, d } = networkShape(params);
    return [
      { name: 'tss_teacher', data: teacher(k, d, Math.floor(params[3]), Math.floor(params[4])).data },
      { name: 'tss_data', data: sampleData(params) },
    ];
  },
  // Per sample: n d-term dot products, the output and, for active units, a d-term gradient share;
  // per minibatch sample a draw of the counter-based generator.
  evalCost: (_dim, params, fullBatch) => {
    const { n, d, m, batch } = sampleShape(params);
    const b = fullBatch ? m : Math.min(batch, m);
    return b * (n * (4 * d + 6) + (batch < m ? 40 : 4)) + n * d + n;
  },
  evaluate(x, grad, params, dim, batch) {
    const shape = checkedShape(dim, params);
    if (grad) grad.fill(0, 0, dim);
    return sampleLoss(x, grad, shape, sampleData(params), batchIndices(batch, shape.batch, shape.m));
  },
  metrics: {
    names: ['training loss (all m)', 'test loss', 'population loss'],
    // A forward pass per sample of both sets, then the population loss's unit pairs.
    cost: (_dim, params) => {
      const { n, k, d, m, test } = sampleShape(params);
      return (m + test) * n * (2 * d + 4) + n * (n + k) * (2 * d + 40);
    },
    evaluate(x, params, dim) {
      const shape = checkedShape(dim, params);
      const data = sampleData(params);
      return [
        sampleLoss(x, null, shape, data, range(0, shape.m)),
        sampleLoss(x, null, shape, data, range(shape.m, shape.m + shape.test)),
        teacherStudent.evaluate(x, null, params.slice(0, P_SAMPLES), dim),
      ];
    },
  },
};
