/**
 * TypeScript twin of shaders/path_profile.wgsl and shaders/bezier_fit.wgsl, in double precision:
 * the loss along a segment or a quadratic Bézier curve between two points (Goodfellow et al.
 * 2015; Garipov et al. 2018), the barrier on it, and the SGD that bends the Bézier's control
 * point to lower the loss averaged along the curve, with the same draws of t as the GPU. The
 * argument checks live here too, so the GPU classes and the twin refuse the same inputs.
 */
import type { Landscape } from '../landscapes/types';
import { randUniform, STREAM_CURVE_FIT } from '../engine/rng';

export type CurveKind = 'segment' | 'bezier';

/** Points along a profile when none are asked for, and the segment's default range (past both ends). */
export const DEFAULT_PROFILE_POINTS = 101;
export const DEFAULT_SEGMENT_RANGE: readonly [number, number] = [-0.25, 1.25];
/** Mean sampled losses a fit keeps (one every `recordEvery` steps). */
export const MAX_FIT_RECORDS = 1024;
/** Samples of t per SGD step, at most. */
export const MAX_FIT_SAMPLES = 4096;
/** Steps of one fit, at most. */
export const MAX_FIT_STEPS = 1_000_000;

export interface ProfileOptions {
  /** Points along the curve (default 101). */
  points?: number;
  /** The range of t (the segment only; the Bézier is drawn over [0, 1]). */
  from?: number;
  to?: number;
}

export interface CurveProfile {
  /** Where each point sits on the curve. */
  t: Float64Array;
  loss: ArrayLike<number>;
  /** |∇L| at each point (the full gradient in R^D). */
  gradNorm: ArrayLike<number>;
  /** dL/dt = ∇L · φ'(t): the loss's slope along the curve. */
  slope: ArrayLike<number>;
  /** The loss at the ends themselves (t = 0 and t = 1), which the grid of t may miss. */
  lossA: number;
  lossB: number;
}

export interface BezierFitOptions {
  steps: number;
  lr: number;
  seed: number;
  /** Where the control point starts (default: the midpoint of a and b, where the curve is the segment). */
  control?: ArrayLike<number>;
  /** Keep the mean sampled loss every this many steps (default: about 100 records over the run). */
  recordEvery?: number;
}

export interface BezierFitResult<A extends ArrayLike<number> = ArrayLike<number>> {
  control: A;
  /** Mean loss over each kept step's samples, before that step's update: a noisy estimate of the loss averaged along the curve. */
  curveLoss: number[];
  recordEvery: number;
}

/** A point of R^dim: the right length, every coordinate finite. */
export function checkPoint(name: string, x: ArrayLike<number>, dim: number): void {
  if (x.length !== dim) throw new RangeError(`${name} needs ${dim} coordinates (the landscape's dimension); got ${x.length}.`);
  for (let d = 0; d < dim; d++) {
    if (!Number.isFinite(x[d])) throw new RangeError(`${name}[${d}] = ${x[d]} is not a finite number.`);
  }
}

/** The points and range of t a profile uses, checked against the buffers' capacity. */
export function profileGrid(kind: CurveKind, options: ProfileOptions, capacity = Infinity): { points: number; from: number; to: number } {
  const points = options.points ?? DEFAULT_PROFILE_POINTS;
  if (!Number.isInteger(points) || points < 2 || points > capacity) {
    throw new RangeError(`points = ${points} was refused: it must be a whole number from 2 to the capacity (${capacity}).`);
  }
  if (kind === 'bezier' && (options.from !== undefined || options.to !== undefined)) {
    throw new RangeError('A Bézier profile runs over t in [0, 1]: from and to apply to the segment only.');
  }
  const [from, to] = kind === 'segment' ? [options.from ?? DEFAULT_SEGMENT_RANGE[0], options.to ?? DEFAULT_SEGMENT_RANGE[1]] : [0, 1];
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from)) {
    throw new RangeError(`The range of t [${from}, ${to}] was refused: it must be finite with from < to.`);
  }
  return { points, from, to };
}

/** Evenly spaced t from `from` to `to`, both included. */
export function profileTimes(points: number, from: number, to: number): Float64Array {
  const spacing = (to - from) / (points - 1);
  return Float64Array.from({ length: points }, (_, k) => from + k * spacing);
}

/** Weights of a, c, b at t, and their derivatives in t. */
export function curveWeights(kind: CurveKind, t: number): { w: [number, number, number]; dw: [number, number, number] } {
  if (kind === 'segment') return { w: [1 - t, 0, t], dw: [-1, 0, 1] };
  const s = 1 - t;
  return { w: [s * s, 2 * t * s, t * t], dw: [-2 * s, 2 - 4 * t, 2 * t] };
}

export function curvePoint(kind: CurveKind, a: ArrayLike<number>, c: ArrayLike<number>, b: ArrayLike<number>, t: number): Float64Array {
  const { w } = curveWeights(kind, t);
  return Float64Array.from({ length: a.length }, (_, d) => w[0] * a[d] + w[1] * c[d] + w[2] * b[d]);
}

/** Loss, gradient norm and slope along the curve at t. */
function evaluateOnCurve(
  landscape: Landscape,
  params: number[],
  kind: CurveKind,
  a: ArrayLike<number>,
  c: ArrayLike<number>,
  b: ArrayLike<number>,
  t: number,
  grad: Float64Array,
): { loss: number; gradNorm: number; slope: number } {
  const dim = a.length;
  const loss = landscape.evaluate(curvePoint(kind, a, c, b, t), grad, params, dim);
  const { dw } = curveWeights(kind, t);
  let gg = 0;
  let slope = 0;
  for (let d = 0; d < dim; d++) {
    gg += grad[d] * grad[d];
    slope += grad[d] * (dw[0] * a[d] + dw[1] * c[d] + dw[2] * b[d]);
  }
  return { loss, gradNorm: Math.sqrt(gg), slope };
}

/** The profile at the given t (the twin of path_profile.wgsl), full batch. */
export function curveProfileAt(
  landscape: Landscape,
  params: number[],
  kind: CurveKind,
  a: ArrayLike<number>,
  c: ArrayLike<number>,
  b: ArrayLike<number>,
  t: Float64Array,
): CurveProfile {
  const grad = new Float64Array(a.length);
  const at = (x: number) => evaluateOnCurve(landscape, params, kind, a, c, b, x, grad);
  const rows = Array.from(t, at);
  return {
    t,
    loss: Float64Array.from(rows, (r) => r.loss),
    gradNorm: Float64Array.from(rows, (r) => r.gradNorm),
    slope: Float64Array.from(rows, (r) => r.slope),
    lossA: at(0).loss,
    lossB: at(1).loss,
  };
}

export function segmentProfileReference(
  landscape: Landscape,
  params: number[],
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: ProfileOptions = {},
): CurveProfile {
  checkPoint('a', a, a.length);
  checkPoint('b', b, a.length);
  const { points, from, to } = profileGrid('segment', options);
  return curveProfileAt(landscape, params, 'segment', a, new Float64Array(a.length), b, profileTimes(points, from, to));
}

export function bezierProfileReference(
  landscape: Landscape,
  params: number[],
  a: ArrayLike<number>,
  control: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { points?: number } = {},
): CurveProfile {
  checkPoint('a', a, a.length);
  checkPoint('b', b, a.length);
  checkPoint('control', control, a.length);
  const { points } = profileGrid('bezier', options);
  return curveProfileAt(landscape, params, 'bezier', a, control, b, profileTimes(points, 0, 1));
}

/**
 * The barrier on the curve between its ends: the highest loss at t in [0, 1] minus the higher
 * of the two ends' losses (0 when the loss never rises above the ends; NaN when a loss is not finite).
 */
export function curveBarrier(profile: Pick<CurveProfile, 't' | 'loss' | 'lossA' | 'lossB'>): number {
  const ends = Math.max(profile.lossA, profile.lossB);
  let highest = ends;
  for (let k = 0; k < profile.t.length; k++) {
    if (profile.t[k] >= 0 && profile.t[k] <= 1) highest = Math.max(highest, profile.loss[k]);
  }
  return highest - ends;
}

/** The t of sample s at SGD step `step`: uniform in [0, 1) with 24 bits, the same number the GPU draws. */
export function fitSampleT(seed: number, step: number, sample: number): number {
  return randUniform(seed, STREAM_CURVE_FIT, sample, step, 0);
}

/** Records kept every this many steps when none is asked for: about 100 over the run. */
export function defaultRecordEvery(steps: number): number {
  return Math.max(1, Math.ceil(steps / 100));
}

/** The fit's options, checked: steps, step size, seed, record spacing. */
export function checkFitOptions(options: BezierFitOptions): { steps: number; lr: number; seed: number; recordEvery: number } {
  const { steps, lr, seed } = options;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_FIT_STEPS) {
    throw new RangeError(`steps = ${steps} was refused: it must be a whole number from 1 to ${MAX_FIT_STEPS}.`);
  }
  if (!Number.isFinite(lr) || lr <= 0) throw new RangeError(`lr = ${lr} was refused: it must be a finite number above 0.`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed = ${seed} was refused: it must be a u32.`);
  const recordEvery = options.recordEvery ?? defaultRecordEvery(steps);
  if (!Number.isInteger(recordEvery) || recordEvery < 1 || Math.ceil(steps / recordEvery) > MAX_FIT_RECORDS) {
    throw new RangeError(
      `recordEvery = ${recordEvery} was refused: it must be a whole number of at least ${Math.ceil(steps / MAX_FIT_RECORDS)}, ` +
        `so that at most MAX_FIT_RECORDS (${MAX_FIT_RECORDS}) records are kept.`,
    );
  }
  return { steps, lr, seed, recordEvery };
}

export function checkSamplesPerStep(samples: number): void {
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_FIT_SAMPLES) {
    throw new RangeError(`samplesPerStep = ${samples} was refused: it must be a whole number from 1 to MAX_FIT_SAMPLES (${MAX_FIT_SAMPLES}).`);
  }
}

/**
 * SGD on the control point c of the Bézier curve from a to b, on E_{t~U(0,1)} L(φ_c(t)): per step,
 * S draws of t, g = Σ 2t(1 − t) ∇L(φ_c(t)) / S, c ← c − lr g. The twin of shaders/bezier_fit.wgsl.
 */
export function bezierFitReference(
  landscape: Landscape,
  params: number[],
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  samplesPerStep: number,
  options: BezierFitOptions,
): BezierFitResult<Float64Array> {
  const dim = a.length;
  checkPoint('a', a, dim);
  checkPoint('b', b, dim);
  checkSamplesPerStep(samplesPerStep);
  const { steps, lr, seed, recordEvery } = checkFitOptions(options);
  const control = options.control ? Float64Array.from(options.control) : Float64Array.from(a, (x, d) => (x + b[d]) / 2);
  checkPoint('control', control, dim);
  const grad = new Float64Array(dim);
  const sum = new Float64Array(dim);
  const curveLoss: number[] = [];
  for (let step = 0; step < steps; step++) {
    sum.fill(0);
    let loss = 0;
    for (let s = 0; s < samplesPerStep; s++) {
      const t = fitSampleT(seed, step, s);
      loss += landscape.evaluate(curvePoint('bezier', a, control, b, t), grad, params, dim);
      const weight = 2 * t * (1 - t);
      for (let d = 0; d < dim; d++) sum[d] += weight * grad[d];
    }
    if (step % recordEvery === 0) curveLoss.push(loss / samplesPerStep);
    for (let d = 0; d < dim; d++) control[d] -= lr * (sum[d] / samplesPerStep);
  }
  return { control, curveLoss, recordEvery };
}
