/**
 * The birthday-paradox support test on the GPU (Arora & Zhang 2017): B batches of s distinct
 * samples from a buffer of n samples in d dimensions, all s(s − 1)/2 distances of each batch,
 * and per batch how many pairs lie closer than a threshold and which pair is closest
 * (shaders/pairwise_duplicates.wgsl). Only those few numbers per batch come back. The samples may
 * be any buffer laid out as the particle positions are (coordinate-major), so the test runs on
 * a particle cloud or on a generator's samples alike. Twin: ./birthdayReference.ts; from the
 * counts to a support size: ./birthdayEstimate.ts.
 */
import { makeShaderDataDefinitions, makeStructuredView } from 'webgpu-utils';
import pairwiseDuplicates from '../../shaders/pairwise_duplicates.wgsl?raw';
import common from '../../shaders/common.wgsl?raw';
import { WGSL_PRELUDE } from '../gpu/prelude';
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { F32_BYTES } from '../gpu/layouts';
import { StorageLayout } from '../gpu/StorageLayout';
import { itemsPerSubmit } from '../gpu/workBudget';
import {
  BIRTHDAY_ROUNDS, BIRTHDAY_SLAB, BIRTHDAY_TILE, checkRequest, checkSampleLayout, F32_MAX, feistelHalfBits, NO_PAIR,
  resolveBirthdayOptions, STREAM_BIRTHDAY,
  type BatchDuplicates, type BirthdayOptions, type BirthdayRequest, type ClosestPair, type SampleLayout,
} from './birthdayReference';
import { duplicateProbability, estimateSupport, type SupportEstimate } from './birthdayEstimate';

/** The constants this kernel shares with TypeScript, emitted from ./birthdayReference.ts. */
const BIRTHDAY_CONSTANTS = Object.entries({ BIRTHDAY_TILE, BIRTHDAY_SLAB, BIRTHDAY_ROUNDS, STREAM_BIRTHDAY, NO_PAIR })
  .map(([name, value]) => `const ${name}: u32 = ${value}u;`)
  .concat(`const F32_MAX: f32 = ${F32_MAX};`)
  .join('\n');
export const birthdayKernel = [WGSL_PRELUDE, BIRTHDAY_CONSTANTS, common, pairwiseDuplicates].join('\n');
const defs = makeShaderDataDefinitions(birthdayKernel);
const resultsLayout = new StorageLayout('results', defs.storages.results);
const squaresLayout = new StorageLayout('squares', defs.storages.squares);

/** Squares of pairs one submit measures at most (their partial results take 16 bytes each). */
const MAX_SQUARES_PER_SUBMIT = 65_535;
/** Uniform slots: the parts one encoder may hold before it is submitted. */
const PARAM_SLOTS = 64;

/** Squares of BIRTHDAY_TILE × BIRTHDAY_TILE pairs covering a batch's upper triangle. */
export const squaresPerBatch = (batchSize: number) => {
  const side = Math.ceil(batchSize / BIRTHDAY_TILE);
  return (side * (side + 1)) / 2;
};

/** What one BirthdayTest can hold: the largest batch size and the most batches per size. */
export interface BirthdayCapacity {
  maxBatchSize: number;
  batches: number;
}

/** One batch size of a sweep. */
export interface BirthdaySizeResult {
  size: number;
  batches: number;
  withDuplicates: number;
  /** Share of batches holding a pair under the threshold. */
  duplicateShare: number;
  /** Pairs under the threshold per batch, on average. */
  meanDuplicatePairs: number;
  /** The exact formula's duplicate probability at this size for the estimated support (null for a bound). */
  predicted: number | null;
  /** Each batch's closest pair (sample indices), closest first. */
  closest: (ClosestPair & { batch: number })[];
}

export interface BirthdayReport {
  samples: number;
  dim: number;
  threshold: number;
  batches: number;
  seed: number;
  sizes: BirthdaySizeResult[];
  estimate: SupportEstimate;
}

export class BirthdayTest {
  readonly layout: Required<SampleLayout>;
  /** Squares of pairs per submit: bounded work (../gpu/workBudget.ts) and the partial results' buffer. */
  readonly squaresPerSubmit: number;
  private readonly params: GPUBuffer;
  private readonly members: GPUBuffer;
  private readonly squares: GPUBuffer;
  private readonly results: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly view = makeStructuredView(defs.uniforms.BP);
  private readonly slotStride: number;
  private slot = 0;
  /** The latest run: the next waits for it (they share the buffers and the staging map). */
  private pending: Promise<unknown> = Promise.resolve();
  /** The bind group of the samples buffer last measured (one per buffer, made at first use). */
  private bound: { samples: GPUBuffer; group: GPUBindGroup } | null = null;

  private constructor(
    private readonly device: GPUDevice,
    layout: Required<SampleLayout>,
    readonly capacity: BirthdayCapacity,
    private readonly bindings: BindingLayout,
    private readonly pipelines: { draw: GPUComputePipeline; pairs: GPUComputePipeline; merge: GPUComputePipeline },
  ) {
    this.layout = layout;
    // Three operations per pair and coordinate, and a few per pair to count it and keep the closest.
    const perSquare = BIRTHDAY_TILE * BIRTHDAY_TILE * (3 * layout.dim + 8);
    this.squaresPerSubmit = Math.min(MAX_SQUARES_PER_SUBMIT, itemsPerSubmit(perSquare));
    this.slotStride = Math.max(device.limits.minUniformBufferOffsetAlignment, 256);
    this.params = uniformBuffer(device, 'BirthdayTest.params', this.slotStride * PARAM_SLOTS);
    const storage = (label: string, size: number, usage = 0) =>
      device.createBuffer({ label: `BirthdayTest.${label}`, size, usage: GPUBufferUsage.STORAGE | usage });
    this.members = storage('members', capacity.batches * capacity.maxBatchSize * Uint32Array.BYTES_PER_ELEMENT);
    this.squares = storage('squares', squaresLayout.bytes(this.squaresPerSubmit));
    this.results = storage('results', resultsLayout.bytes(capacity.batches), GPUBufferUsage.COPY_SRC);
    this.staging = device.createBuffer({ label: 'BirthdayTest.staging', size: this.results.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /**
   * For samples laid out as `layout` says (n, d, stride), batches of up to `maxBatchSize` and up
   * to `batches` of them per request. Sizes past the limits are refused with a RangeError naming
   * the limit; memory past the device's with its DeviceLimitError.
   */
  static async create(device: GPUDevice, layout: SampleLayout, capacity: BirthdayCapacity): Promise<BirthdayTest> {
    const checked = checkSampleLayout(layout);
    checkRequest({ batchSize: capacity.maxBatchSize, batches: capacity.batches, threshold: 1, seed: 0 }, checked);
    const bytes = capacity.batches * capacity.maxBatchSize * Uint32Array.BYTES_PER_ELEMENT;
    checkStorageSize(device, bytes, `BirthdayTest: ${capacity.batches} batches of ${capacity.maxBatchSize}`);
    const bindings = BindingLayout.fromWgsl(device, 'BirthdayTest.layout', birthdayKernel, { dynamic: ['BP'] });
    const make = (entry: 'draw' | 'pairs' | 'merge') => compute(device, `BirthdayTest.${entry}Pipeline`, birthdayKernel, [bindings.layout], entry);
    const [draw, pairs, merge] = await Promise.all([make('draw'), make('pairs'), make('merge')]);
    return new BirthdayTest(device, checked, { ...capacity }, bindings, { draw, pairs, merge });
  }

  /** The submits of bounded work a request takes (`encode` records any run of them, `run` one per submit). */
  parts(request: BirthdayRequest): number {
    return Math.ceil((request.batches * squaresPerBatch(request.batchSize)) / this.squaresPerSubmit);
  }

  /**
   * Records parts first .. first + count − 1 of `request` on `samples` (at most 64 per encoder
   * before it is submitted); part 0 also draws the batches and clears the results. Read the
   * results with `read` once every part has been submitted.
   */
  encode(encoder: GPUCommandEncoder, samples: GPUBuffer, request: BirthdayRequest, first = 0, count = this.parts(request) - first): void {
    this.check(samples, request);
    const total = this.parts(request);
    if (!(Number.isInteger(first) && Number.isInteger(count) && first >= 0 && count >= 1 && first + count <= total && count <= PARAM_SLOTS)) {
      throw new RangeError(`BirthdayTest.encode: parts ${first} .. ${first + count - 1} were refused: this request has parts 0 .. ${total - 1}, and one encoder holds at most ${PARAM_SLOTS}.`);
    }
    const group = this.groupFor(samples);
    const tiles = squaresPerBatch(request.batchSize);
    const allSquares = request.batches * tiles;
    const maxPerDim = this.device.limits.maxComputeWorkgroupsPerDimension;
    const pass = encoder.beginComputePass({ label: 'BirthdayTest.pass' });
    for (let part = first; part < first + count; part++) {
      const firstSquare = part * this.squaresPerSubmit;
      const squares = Math.min(this.squaresPerSubmit, allSquares - firstSquare);
      const firstBatch = Math.floor(firstSquare / tiles);
      const lastBatch = Math.floor((firstSquare + squares - 1) / tiles);
      const offset = this.writeSlot(request, tiles, firstSquare, squares, firstBatch);
      pass.setBindGroup(0, group, [offset]);
      if (part === 0) {
        pass.setPipeline(this.pipelines.draw);
        pass.dispatchWorkgroups(...dispatchSize(request.batches * request.batchSize, WORKGROUP_SIZE, maxPerDim));
      }
      pass.setPipeline(this.pipelines.pairs);
      pass.dispatchWorkgroups(...dispatchSize(squares, 1, maxPerDim));
      pass.setPipeline(this.pipelines.merge);
      pass.dispatchWorkgroups(lastBatch - firstBatch + 1);
    }
    pass.end();
  }

  /** Every batch's duplicate count and closest pair for the request last recorded in full: one small read-back. */
  async read(batches: number): Promise<BatchDuplicates[]> {
    if (!(Number.isInteger(batches) && batches >= 1 && batches <= this.capacity.batches)) {
      throw new RangeError(`BirthdayTest.read: batches = ${batches} was refused: it must be a whole number from 1 to the ${this.capacity.batches} this test holds.`);
    }
    const size = resultsLayout.bytes(batches);
    const encoder = this.device.createCommandEncoder({ label: 'BirthdayTest.read' });
    encoder.copyBufferToBuffer(this.results, 0, this.staging, 0, size);
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ, 0, size);
    const bytes = this.staging.getMappedRange(0, size).slice(0);
    this.staging.unmap();
    const r = resultsLayout.columns(bytes, batches);
    return Array.from({ length: batches }, (_, b) => ({
      duplicates: r.duplicates[b],
      closest: r.first_sample[b] === NO_PAIR ? null : { first: r.first_sample[b], second: r.second_sample[b], distance: Math.sqrt(r.closest2[b]) },
    }));
  }

  /**
   * Runs a request now, one part per submit (each finishes before the next is queued), and reads
   * it back. Calls made while one runs are queued.
   */
  run(samples: GPUBuffer, request: BirthdayRequest): Promise<BatchDuplicates[]> {
    try {
      this.check(samples, request);
    } catch (e) {
      return Promise.reject(e);
    }
    const result = this.pending.then(() => this.runNow(samples, request));
    this.pending = result.catch(() => undefined);
    return result;
  }

  private async runNow(samples: GPUBuffer, request: BirthdayRequest): Promise<BatchDuplicates[]> {
    const total = this.parts(request);
    for (let part = 0; part < total; part++) {
      const encoder = this.device.createCommandEncoder({ label: 'BirthdayTest.run' });
      this.encode(encoder, samples, request, part, 1);
      this.device.queue.submit([encoder.finish()]);
      if (part + 1 < total) await this.device.queue.onSubmittedWorkDone();
    }
    return this.read(request.batches);
  }

  /** A sweep over batch sizes (options as explorer.birthdayTest takes them) and the support size it implies. */
  async sweep(samples: GPUBuffer, options: BirthdayOptions = {}): Promise<BirthdayReport> {
    const { sizes, batches, threshold, seed } = resolveBirthdayOptions(options, this.layout);
    const rows: BirthdaySizeResult[] = [];
    for (const size of sizes) {
      const found = await this.run(samples, { batchSize: size, batches, threshold, seed });
      const withDuplicates = found.filter((b) => b.duplicates > 0).length;
      rows.push({
        size,
        batches,
        withDuplicates,
        duplicateShare: withDuplicates / batches,
        meanDuplicatePairs: found.reduce((sum, b) => sum + b.duplicates, 0) / batches,
        predicted: null,
        closest: found.flatMap((b, batch) => (b.closest ? [{ ...b.closest, batch }] : [])).sort((a, b) => a.distance - b.distance),
      });
    }
    const estimate = estimateSupport(rows);
    if (estimate.kind === 'estimate') for (const row of rows) row.predicted = duplicateProbability(row.size, estimate.support);
    return { samples: this.layout.count, dim: this.layout.dim, threshold, batches, seed, sizes: rows, estimate };
  }

  private check(samples: GPUBuffer, request: BirthdayRequest): void {
    checkRequest(request, this.layout, this.capacity.maxBatchSize, this.capacity.batches);
    const { count, dim, stride } = this.layout;
    const needed = ((dim - 1) * stride + count) * F32_BYTES;
    if (samples.size < needed || !(samples.usage & GPUBufferUsage.STORAGE)) {
      throw new RangeError(`BirthdayTest: the samples buffer "${samples.label}" was refused: it must be a STORAGE buffer of at least ${needed.toLocaleString('en-US')} bytes (${count} samples × ${dim} coordinates, stride ${stride}); it has ${samples.size.toLocaleString('en-US')}.`);
    }
  }

  private groupFor(samples: GPUBuffer): GPUBindGroup {
    if (this.bound?.samples !== samples) {
      const group = this.bindings.bindGroup('BirthdayTest.group', {
        BP: { buffer: this.params, size: this.view.arrayBuffer.byteLength },
        samples,
        members: this.members,
        squares: this.squares,
        results: this.results,
      });
      this.bound = { samples, group };
    }
    return this.bound.group;
  }

  /** Writes one part's uniform into the next slot of the ring; returns its offset. */
  private writeSlot(request: BirthdayRequest, tiles: number, firstSquare: number, squares: number, firstBatch: number): number {
    const { count, dim, stride } = this.layout;
    this.view.set({
      count, dim, stride,
      batch_size: request.batchSize,
      batches: request.batches,
      tiles,
      seed: request.seed,
      half_bits: feistelHalfBits(count),
      threshold2: request.threshold * request.threshold,
      first_tile: firstSquare,
      tile_count: squares,
      first_batch: firstBatch,
    });
    const offset = this.slot * this.slotStride;
    this.slot = (this.slot + 1) % PARAM_SLOTS;
    this.device.queue.writeBuffer(this.params, offset, this.view.arrayBuffer);
    return offset;
  }

  destroy(): void {
    for (const b of [this.params, this.members, this.squares, this.results, this.staging]) b.destroy();
  }
}
