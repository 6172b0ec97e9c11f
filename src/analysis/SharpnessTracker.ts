/**
 * Sharpness along the path: the top Hessian eigenvalue of a fixed set of tracked particles,
 * measured every few steps inside the caller's own command encoders and kept on the GPU as a
 * time series (the edge of stability: under gradient descent with step size η it rises to 2/η
 * and hovers there). Each measurement is a short Lanczos run per tracked particle
 * (CurvatureSampler, shaders/curvature.wgsl); its results are copied into the next slot of a
 * history buffer, so nothing is read back until read(). A full history is thinned on the GPU
 * (every other record kept), so memory stays bounded and the path from the first record on is kept.
 *
 * Cost: one measurement is 2 x lanczosSteps x samples full-batch evaluations; a step of the cloud
 * is `count` (minibatch) evaluations. At the defaults (16 particles, 10 Lanczos steps) every 10
 * steps of 4,096 particles that is 320 / 40,960 evaluations, under 1 % of the work (measured on
 * software WebGPU: 1-2 % of step time, tests/bench/bench.ts "sharpness tracking"). On a discrete
 * GPU the 16 runs are few threads each doing 20 evaluations in sequence: what they add there is
 * latency, not work, and the benchmark measures it.
 */
import type { LandscapeBinding } from '../engine/LandscapeBinding';
import type { ParticleEngine } from '../engine/ParticleEngine';
import { FLAG_DIVERGED } from '../engine/types';
import { curvatureResultsLayout } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import { CurvatureSampler } from './CurvatureSampler';
import { LANCZOS_MAX } from './curvatureReference';
import type { SharpnessSeries } from './sharpnessSummary';

export { DEFAULT_SHARPNESS_EVERY, medianOfFinite, summarizeSharpness, trackingWorkShare, type SharpnessSeries, type SharpnessSummary } from './sharpnessSummary';

export const DEFAULT_TRACKED_SAMPLES = 16;
/** Enough for the top eigenvalue: the extreme Ritz values converge first. */
export const DEFAULT_TRACKING_LANCZOS_STEPS = 10;
export const DEFAULT_TRACKING_CAPACITY = 512;
/** Most records a history may hold. */
export const MAX_TRACKING_CAPACITY = 1 << 16;

export interface SharpnessTrackerOptions {
  /** Particles tracked, spread evenly over the population (clamped: see SharpnessTracker.samples). */
  samples?: number;
  /** Lanczos steps per measurement, 1 .. LANCZOS_MAX. */
  lanczosSteps?: number;
  /** Records kept on the GPU; even, so thinning halves it exactly. */
  capacity?: number;
  /** Keys the Lanczos start vectors: the same for every measurement, so records differ only by the particles' moves. */
  seed?: number;
}

export class SharpnessTracker {
  /** Particles tracked: as asked, within the particle count, one submit's work and the sampler's memory. */
  readonly samples: number;
  readonly lanczosSteps: number;
  readonly capacity: number;
  private readonly recordBytes: number;
  /** Two histories: thinning copies every other record of one into the other (a buffer cannot copy into itself). */
  private readonly histories: [GPUBuffer, GPUBuffer];
  private readonly staging: GPUBuffer;
  private current = 0;
  private recordCount = 0;
  private stepsKept: number[] = [];
  private calls = 0;
  private keepEvery = 1;
  private reading: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly device: GPUDevice,
    private readonly sampler: CurvatureSampler,
    private readonly dim: number,
    lanczosSteps: number,
    capacity: number,
    seed: number,
  ) {
    this.samples = sampler.samples;
    this.lanczosSteps = lanczosSteps;
    this.capacity = capacity;
    this.recordBytes = curvatureResultsLayout.bytes(this.samples);
    const bytes = capacity * this.recordBytes;
    if (bytes > device.limits.maxBufferSize) {
      sampler.destroy();
      throw new RangeError(
        `A sharpness history of ${capacity} records x ${this.samples} particles needs ${bytes} bytes, past maxBufferSize (${device.limits.maxBufferSize}).`,
      );
    }
    const history = (i: number) =>
      device.createBuffer({ label: `SharpnessTracker.history${i}`, size: bytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.histories = [history(0), history(1)];
    this.staging = device.createBuffer({ label: 'SharpnessTracker.staging', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    // The one measurement every encode records: written once, so any number may share a submit.
    sampler.writeRange(lanczosSteps, seed);
  }

  static async create(
    device: GPUDevice,
    engine: ParticleEngine,
    binding: LandscapeBinding,
    options: SharpnessTrackerOptions = {},
  ): Promise<SharpnessTracker> {
    const asked = options.samples ?? DEFAULT_TRACKED_SAMPLES;
    const lanczosSteps = options.lanczosSteps ?? DEFAULT_TRACKING_LANCZOS_STEPS;
    const capacity = options.capacity ?? DEFAULT_TRACKING_CAPACITY;
    if (!Number.isInteger(asked) || asked < 1) throw new RangeError(`Tracked particles must be a whole number >= 1; got ${asked}.`);
    if (!Number.isInteger(lanczosSteps) || lanczosSteps < 1 || lanczosSteps > LANCZOS_MAX) {
      throw new RangeError(`Lanczos steps must be a whole number from 1 to LANCZOS_MAX (${LANCZOS_MAX}); got ${lanczosSteps}.`);
    }
    if (!Number.isInteger(capacity) || capacity < 2 || capacity % 2 || capacity > MAX_TRACKING_CAPACITY) {
      throw new RangeError(`The sharpness history's capacity must be even, from 2 to MAX_TRACKING_CAPACITY (${MAX_TRACKING_CAPACITY}); got ${capacity}.`);
    }
    const samples = Math.min(asked, engine.count, SharpnessTracker.samplesPerSubmit(binding, lanczosSteps));
    const sampler = await CurvatureSampler.create(device, engine, binding, samples);
    return new SharpnessTracker(device, sampler, binding.dim, lanczosSteps, capacity, options.seed ?? 1);
  }

  /**
   * Most particles one measurement may track: a measurement is one dispatch, inside the caller's
   * submit, so it must fit the work budget (2 evaluations per Lanczos step per particle). At
   * least one: on a landscape where one particle's run alone is past the budget, it goes past.
   */
  static samplesPerSubmit(binding: LandscapeBinding, lanczosSteps: number): number {
    const steps = Math.min(lanczosSteps, binding.dim, LANCZOS_MAX);
    return itemsPerSubmit(2 * steps * binding.fullEvaluationCost);
  }

  /** Landscape evaluations (full batch) in one measurement. */
  get evaluationsPerMeasurement(): number {
    return 2 * Math.min(this.lanczosSteps, this.dim, LANCZOS_MAX) * this.samples;
  }

  /** Tracked particle t is particle t * stride. */
  get particles(): Uint32Array {
    const stride = this.sampler.stride;
    return Uint32Array.from({ length: this.samples }, (_, t) => t * stride);
  }

  /** Records held now. */
  get records(): number {
    return this.recordCount;
  }

  /** Records are kept once every `every` calls of encode (doubles at each thinning); calls in between cost nothing. */
  get every(): number {
    return this.keepEvery;
  }

  /**
   * Records a measurement of the tracked particles as they are at this point of the encoder
   * (after the steps encoded before it), labelled `step`, when this call is one of every
   * `every`; true when it did. A full history is thinned first, in the same encoder. Creates no
   * GPU object: call it as often as wanted, several times before one submit if need be (each
   * measurement fits one submit's work budget; more of them in one submit are the caller's to budget).
   */
  encode(encoder: GPUCommandEncoder, step: number): boolean {
    if (!Number.isFinite(step)) throw new RangeError(`A record's step must be a finite number; got ${step}.`);
    if (this.calls++ % this.keepEvery !== 0) return false;
    if (this.recordCount === this.capacity) this.encodeThinning(encoder);
    this.sampler.encodeDispatch(encoder);
    const history = this.histories[this.current];
    encoder.copyBufferToBuffer(this.sampler.results, 0, history, this.recordCount * this.recordBytes, this.recordBytes);
    this.stepsKept.push(step);
    this.recordCount++;
    return true;
  }

  /** Keeps records 0, 2, 4, ... in the other history, which becomes the current one. */
  private encodeThinning(encoder: GPUCommandEncoder): void {
    const [from, to] = [this.histories[this.current], this.histories[1 - this.current]];
    const half = this.capacity / 2;
    for (let i = 0; i < half; i++) encoder.copyBufferToBuffer(from, 2 * i * this.recordBytes, to, i * this.recordBytes, this.recordBytes);
    this.current = 1 - this.current;
    this.recordCount = half;
    this.stepsKept = this.stepsKept.filter((_, i) => i % 2 === 0);
    this.keepEvery *= 2;
  }

  /**
   * The history, read back now. It holds what encoders submitted so far recorded: submit the
   * encoders of every encode before reading. Reads wait for each other (one staging buffer).
   */
  read(): Promise<SharpnessSeries> {
    const read = this.reading.then(() => this.readNow());
    this.reading = read.catch(() => undefined);
    return read;
  }

  private async readNow(): Promise<SharpnessSeries> {
    const records = this.recordCount;
    const steps = this.stepsKept.slice();
    const every = this.keepEvery;
    const particles = this.particles;
    if (records === 0) return { particles, steps, sharpness: [], loss: [], every };
    const bytes = records * this.recordBytes;
    const encoder = this.device.createCommandEncoder({ label: 'SharpnessTracker.read' });
    encoder.copyBufferToBuffer(this.histories[this.current], 0, this.staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ, 0, bytes);
    const raw = this.staging.getMappedRange(0, bytes).slice(0);
    this.staging.unmap();
    const c = curvatureResultsLayout.columns(raw, records * this.samples);
    const sharpness: Float32Array[] = [];
    const loss: Float32Array[] = [];
    for (let r = 0; r < records; r++) {
      const s = new Float32Array(this.samples);
      const l = new Float32Array(this.samples);
      for (let t = 0; t < this.samples; t++) {
        const i = r * this.samples + t;
        const diverged = (c.flags[i] & FLAG_DIVERGED) !== 0;
        s[t] = diverged ? NaN : c.lambda_max[i];
        l[t] = diverged ? NaN : c.loss[i];
      }
      sharpness.push(s);
      loss.push(l);
    }
    return { particles, steps, sharpness, loss, every };
  }

  /** Starts the series over (after a reset, say): the next encode records, as record 0. */
  clear(): void {
    this.recordCount = 0;
    this.stepsKept = [];
    this.calls = 0;
    this.keepEvery = 1;
  }

  destroy(): void {
    this.sampler.destroy();
    for (const b of [...this.histories, this.staging]) b.destroy();
  }
}
