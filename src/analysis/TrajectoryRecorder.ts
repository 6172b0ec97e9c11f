/**
 * The paths of a few chosen particles, recorded on the GPU as they move, and the plane a path
 * spans (Li et al. 2018, Fig. 8: principal components of the path about its end point). A record
 * is one small dispatch into a slot of a fixed store; when the store is full it is thinned (every
 * other record kept, the interval doubled) by relabelling slots, so the path from its first step
 * to now stays in bounded memory and never leaves the GPU. A plane reads back only the T x T Gram
 * matrix, the end point and the two directions. Float64 twin: ./trajectoryPca.ts.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { trajectoryDirectionsKernel, trajectoryGramKernel, trajectoryRecordKernel } from '../gpu/kernels';
import {
  F32_BYTES, trajectoryDirectionParamsView, trajectoryGramParamsView, trajectoryRecordParamsView,
} from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { ParticleEngine } from '../engine/ParticleEngine';
import { RecordSlots, checkTrajectorySize, type TrajectoryOptions } from './trajectorySlots';
import { completeDirections, planeCoefficients, type TrajectoryPlane } from './trajectoryPca';

export { TRAJECTORY_MAX_CAPACITY, TRAJECTORY_MAX_PARTICLES, TRAJECTORY_RECORD_BUDGET, type TrajectoryOptions } from './trajectorySlots';

/** One chosen particle's records in time order, as read back. */
export interface TrajectoryRecords {
  steps: number[];
  /** Record-major: record i's coordinate d at i * dim + d. */
  positions: Float32Array;
  loss: Float32Array;
}

const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

export class TrajectoryRecorder {
  readonly particles: readonly number[];
  readonly capacity: number;
  readonly dim: number;
  private readonly slots: RecordSlots;
  private readonly seed: number;
  private readonly slotStride: number;
  private readonly recordParams: GPUBuffer;
  private readonly chosen: GPUBuffer;
  private readonly store: GPUBuffer;
  private readonly storeLoss: GPUBuffer;
  private readonly path: GPUBuffer;
  private readonly gramParams: GPUBuffer;
  private readonly gramMatrix: GPUBuffer;
  private readonly weights: GPUBuffer;
  private readonly directionParams: GPUBuffer;
  private readonly directions: GPUBuffer;
  private readonly staging: GPUBuffer;
  private pathStaging: GPUBuffer | null = null;
  private readonly recordGroup: GPUBindGroup;
  private readonly gramGroup: GPUBindGroup;
  private readonly directionsGroup: GPUBindGroup;
  private readonly recordBytes: number;
  private readonly gramView = trajectoryGramParamsView();
  private readonly directionView = trajectoryDirectionParamsView();
  /** Staging regions: Gram matrix, every stored loss and the end point (read together), then the directions. */
  private readonly lossOffset: number;
  private readonly endOffset: number;
  private readonly directionsOffset: number;
  /** Reads share the path buffer and the staging buffer: each waits for the one before. */
  private reading: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly device: GPUDevice,
    engine: ParticleEngine,
    options: Required<TrajectoryOptions>,
    layouts: { record: BindingLayout; gram: BindingLayout; directions: BindingLayout },
    private readonly pipelines: { record: GPUComputePipeline; gram: GPUComputePipeline; directions: GPUComputePipeline },
  ) {
    this.particles = [...options.particles];
    this.capacity = options.capacity;
    this.dim = engine.dim;
    this.seed = options.seed;
    this.slots = new RecordSlots(options.capacity, options.every);
    const [cap, count, dim] = [this.capacity, this.particles.length, this.dim];
    this.recordBytes = dim * F32_BYTES;
    const buffer = (member: string, size: number, usage: number) =>
      device.createBuffer({ label: `TrajectoryRecorder.${member}`, size, usage });
    const { STORAGE, COPY_SRC, COPY_DST, MAP_READ } = GPUBufferUsage;

    // One fixed uniform per slot, read at a dynamic offset: encodes sharing a submit never overwrite each other's.
    const view = trajectoryRecordParamsView();
    this.slotStride = Math.max(device.limits.minUniformBufferOffsetAlignment, 256);
    this.recordParams = uniformBuffer(device, 'TrajectoryRecorder.recordParams', cap * this.slotStride);
    const slotData = new Uint8Array(cap * this.slotStride);
    for (let slot = 0; slot < cap; slot++) {
      view.set({ slot, n: engine.count, chosen_count: count, dim });
      slotData.set(new Uint8Array(view.arrayBuffer), slot * this.slotStride);
    }
    device.queue.writeBuffer(this.recordParams, 0, slotData);
    this.chosen = buffer('chosen', count * Uint32Array.BYTES_PER_ELEMENT, STORAGE | COPY_DST);
    device.queue.writeBuffer(this.chosen, 0, Uint32Array.from(this.particles));
    this.store = buffer('store', cap * count * this.recordBytes, STORAGE | COPY_SRC);
    this.storeLoss = buffer('storeLoss', cap * count * F32_BYTES, STORAGE | COPY_SRC);
    this.path = buffer('path', cap * this.recordBytes, STORAGE | COPY_SRC | COPY_DST);
    this.gramParams = uniformBuffer(device, 'TrajectoryRecorder.gramParams', this.gramView.arrayBuffer.byteLength);
    this.gramMatrix = buffer('gramMatrix', cap * cap * F32_BYTES, STORAGE | COPY_SRC);
    this.weights = buffer('weights', 2 * cap * F32_BYTES, STORAGE | COPY_DST);
    this.directionParams = uniformBuffer(device, 'TrajectoryRecorder.directionParams', this.directionView.arrayBuffer.byteLength);
    this.directions = buffer('directions', 2 * this.recordBytes, STORAGE | COPY_SRC);
    this.lossOffset = this.gramMatrix.size;
    this.endOffset = this.lossOffset + this.storeLoss.size;
    this.directionsOffset = align8(this.endOffset + this.recordBytes);
    this.staging = buffer('staging', this.directionsOffset + this.directions.size, MAP_READ | COPY_DST);

    this.recordGroup = layouts.record.bindGroup('TrajectoryRecorder.recordGroup', {
      TR: { buffer: this.recordParams, size: view.arrayBuffer.byteLength },
      pos: engine.pos,
      particles: engine.state,
      chosen: this.chosen,
      store: this.store,
      store_loss: this.storeLoss,
    });
    this.gramGroup = layouts.gram.bindGroup('TrajectoryRecorder.gramGroup', { GP: this.gramParams, path: this.path, gram: this.gramMatrix });
    this.directionsGroup = layouts.directions.bindGroup('TrajectoryRecorder.directionsGroup', {
      DP: this.directionParams,
      path: this.path,
      weights: this.weights,
      directions: this.directions,
    });
  }

  /**
   * Records `options.particles` (indices into the engine, at most TRAJECTORY_MAX_PARTICLES) in a
   * store of `capacity` records (even, 4 to TRAJECTORY_MAX_CAPACITY, default 256); capacity x
   * particles x dim may not pass TRAJECTORY_RECORD_BUDGET floats. Refusals are RangeErrors naming the limit.
   */
  static async create(device: GPUDevice, engine: ParticleEngine, options: TrajectoryOptions): Promise<TrajectoryRecorder> {
    const resolved = checkTrajectorySize(options, engine.count, engine.dim);
    const capacity = resolved.capacity;
    const what = `${capacity} records of ${resolved.particles.length} particles in ${engine.dim} dimensions`;
    checkStorageSize(device, capacity * resolved.particles.length * engine.dim * F32_BYTES, what);
    const record = BindingLayout.fromWgsl(device, 'TrajectoryRecorder.recordLayout', trajectoryRecordKernel, { dynamic: ['TR'] });
    const gram = BindingLayout.fromWgsl(device, 'TrajectoryRecorder.gramLayout', trajectoryGramKernel);
    const directions = BindingLayout.fromWgsl(device, 'TrajectoryRecorder.directionsLayout', trajectoryDirectionsKernel);
    const [recordPipeline, gramPipeline, directionsPipeline] = await Promise.all([
      compute(device, 'TrajectoryRecorder.recordPipeline', trajectoryRecordKernel, [record.layout]),
      compute(device, 'TrajectoryRecorder.gramPipeline', trajectoryGramKernel, [gram.layout]),
      compute(device, 'TrajectoryRecorder.directionsPipeline', trajectoryDirectionsKernel, [directions.layout]),
    ]);
    return new TrajectoryRecorder(device, engine, resolved, { record, gram, directions }, {
      record: recordPipeline,
      gram: gramPipeline,
      directions: directionsPipeline,
    });
  }

  /** Records held now (at most the capacity). */
  get records(): number {
    return this.slots.count;
  }

  /** The step of each record held, oldest first. */
  get steps(): number[] {
    return [...this.slots.steps];
  }

  /** Steps between kept records now (doubled by each thinning). */
  get interval(): number {
    return this.slots.interval;
  }

  /**
   * Records the chosen particles as they are at this point of the encoder, as the record of
   * `step` (a whole number, never below the last record's). One dispatch, no GPU object made;
   * several may share one encoder. Submit it before the next plane() or readRecords().
   */
  encode(encoder: GPUCommandEncoder, step: number): void {
    const slot = this.slots.record(step);
    const pass = encoder.beginComputePass({ label: 'TrajectoryRecorder.recordPass' });
    pass.setPipeline(this.pipelines.record);
    pass.setBindGroup(0, this.recordGroup, [slot * this.slotStride]);
    pass.dispatchWorkgroups(...dispatchSize(this.particles.length * this.dim, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
    pass.end();
  }

  /** Forgets every record (the particles restarted): the next encode is the path's first. */
  clear(): void {
    this.slots.clear();
  }

  /** Chosen particle `which`'s records in time order: every coordinate (T x D floats come back). */
  readRecords(which: number): Promise<TrajectoryRecords> {
    return this.serialised(async () => {
      const encoder = this.device.createCommandEncoder({ label: 'TrajectoryRecorder.readRecords' });
      const { order, steps } = this.encodeSnapshot(encoder, which);
      const bytes = order.length * this.recordBytes;
      this.pathStaging ??= this.device.createBuffer({
        label: 'TrajectoryRecorder.pathStaging',
        size: this.path.size,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      encoder.copyBufferToBuffer(this.path, 0, this.pathStaging, 0, bytes);
      encoder.copyBufferToBuffer(this.storeLoss, 0, this.staging, this.lossOffset, this.storeLoss.size);
      this.device.queue.submit([encoder.finish()]);
      const positions = new Float32Array(await this.read(this.pathStaging, 0, bytes));
      const loss = this.lossesOf(new Float32Array(await this.read(this.staging, this.lossOffset, this.storeLoss.size)), order, which);
      return { steps, positions, loss };
    });
  }

  /** Chosen particle `which`'s Gram matrix about its last record (T x T, row-major), formed on the GPU. */
  async gram(which: number): Promise<{ count: number; gram: Float32Array }> {
    const { gram } = await this.serialised(() => this.gramOf(which));
    return { count: Math.round(Math.sqrt(gram.length)), gram };
  }

  /**
   * The plane of chosen particle `which`'s path about its latest record: directions u, v (unit,
   * orthogonal; seeded where the path has no spread along them), the share of the path's spread
   * along each, and every record's coordinates (a, b) in the plane.
   */
  plane(which: number): Promise<TrajectoryPlane> {
    return this.serialised(async () => {
      const { gram, steps, loss, end } = await this.gramOf(which);
      const count = steps.length;
      const c = planeCoefficients(Float64Array.from(gram), count);
      const w = new Float32Array(2 * count);
      w.set(c.weights[0], 0);
      w.set(c.weights[1], count);
      this.device.queue.writeBuffer(this.weights, 0, w);
      this.directionView.set({ count, dim: this.dim });
      this.device.queue.writeBuffer(this.directionParams, 0, this.directionView.arrayBuffer);
      // T x D x 4 operations at most (256 x 4,096): always within one submit's work budget.
      const encoder = this.device.createCommandEncoder({ label: 'TrajectoryRecorder.plane' });
      const pass = encoder.beginComputePass({ label: 'TrajectoryRecorder.directionsPass' });
      pass.setPipeline(this.pipelines.directions);
      pass.setBindGroup(0, this.directionsGroup);
      pass.dispatchWorkgroups(...dispatchSize(this.dim, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
      pass.end();
      encoder.copyBufferToBuffer(this.directions, 0, this.staging, this.directionsOffset, this.directions.size);
      this.device.queue.submit([encoder.finish()]);
      const both = new Float32Array(await this.read(this.staging, this.directionsOffset, this.directions.size));
      const u = Float64Array.from(both.subarray(0, this.dim));
      const v = Float64Array.from(both.subarray(this.dim));
      completeDirections(u, v, c.flat, this.seed);
      return {
        end,
        u: Float32Array.from(u),
        v: Float32Array.from(v),
        explained: c.explained,
        path: { steps, a: c.a, b: c.b, loss },
      };
    });
  }

  destroy(): void {
    const buffers = [this.recordParams, this.chosen, this.store, this.storeLoss, this.path, this.gramParams, this.gramMatrix, this.weights];
    for (const b of [...buffers, this.directionParams, this.directions, this.staging]) b.destroy();
    this.pathStaging?.destroy();
  }

  /** Runs `read` after every read before it, so they never share the path or staging buffers. */
  private serialised<T>(read: () => Promise<T>): Promise<T> {
    const run = this.reading.then(read);
    this.reading = run.catch(() => undefined);
    return run;
  }

  /** Copies particle `which`'s records into the path buffer in time order; the store may change after. */
  private encodeSnapshot(encoder: GPUCommandEncoder, which: number): { order: number[]; steps: number[] } {
    if (!Number.isInteger(which) || which < 0 || which >= this.particles.length) {
      throw new RangeError(`Chosen particle ${which} does not exist: the recorder follows ${this.particles.length} (0 to ${this.particles.length - 1}).`);
    }
    const order = [...this.slots.order];
    if (!order.length) throw new RangeError('The recorder holds no records yet: encode() records one.');
    const count = this.particles.length;
    order.forEach((slot, i) => {
      encoder.copyBufferToBuffer(this.store, (slot * count + which) * this.recordBytes, this.path, i * this.recordBytes, this.recordBytes);
    });
    return { order, steps: this.steps };
  }

  private lossesOf(stored: Float32Array, order: number[], which: number): Float32Array {
    return Float32Array.from(order, (slot) => stored[slot * this.particles.length + which]);
  }

  /** The Gram matrix of particle `which`'s path, with its steps, losses and end point. */
  private async gramOf(which: number): Promise<{ gram: Float32Array; steps: number[]; loss: Float32Array; end: Float32Array }> {
    let encoder = this.device.createCommandEncoder({ label: 'TrajectoryRecorder.gram' });
    const { order, steps } = this.encodeSnapshot(encoder, which);
    const count = order.length;
    encoder.copyBufferToBuffer(this.storeLoss, 0, this.staging, this.lossOffset, this.storeLoss.size);
    encoder.copyBufferToBuffer(this.path, (count - 1) * this.recordBytes, this.staging, this.endOffset, this.recordBytes);
    const pairs = (count * (count + 1)) / 2;
    const perSubmit = itemsPerSubmit(3 * this.dim);
    const maxPerDim = this.device.limits.maxComputeWorkgroupsPerDimension;
    for (let first = 0; first < pairs; first += perSubmit) {
      const part = Math.min(perSubmit, pairs - first);
      // One uniform write per submit: writes before one submit all land before its first pass.
      this.gramView.set({ count, dim: this.dim, first, pairs: part });
      this.device.queue.writeBuffer(this.gramParams, 0, this.gramView.arrayBuffer);
      const pass = encoder.beginComputePass({ label: 'TrajectoryRecorder.gramPass' });
      pass.setPipeline(this.pipelines.gram);
      pass.setBindGroup(0, this.gramGroup);
      pass.dispatchWorkgroups(...dispatchSize(part, WORKGROUP_SIZE, maxPerDim));
      pass.end();
      const last = first + part >= pairs;
      if (last) encoder.copyBufferToBuffer(this.gramMatrix, 0, this.staging, 0, count * count * F32_BYTES);
      this.device.queue.submit([encoder.finish()]);
      if (last) break;
      // Each part finishes before the next is queued, so no single GPU task runs long.
      await this.device.queue.onSubmittedWorkDone();
      encoder = this.device.createCommandEncoder({ label: 'TrajectoryRecorder.gram' });
    }
    const bytes = await this.read(this.staging, 0, this.endOffset + this.recordBytes);
    return {
      gram: new Float32Array(bytes, 0, count * count),
      steps,
      loss: this.lossesOf(new Float32Array(bytes, this.lossOffset, this.storeLoss.size / F32_BYTES), order, which),
      end: new Float32Array(bytes, this.endOffset, this.dim),
    };
  }

  private async read(staging: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
    await staging.mapAsync(GPUMapMode.READ, offset, size);
    const bytes = staging.getMappedRange(offset, size).slice(0);
    staging.unmap();
    return bytes;
  }
}
