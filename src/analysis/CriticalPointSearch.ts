/**
 * Critical points of every index on the GPU (shaders/critical_points.wgsl): from M starts,
 * sampled particles or given points, each invocation iterates damped Newton on the gradient
 * (D <= NEWTON_MAX_DIM) or descent on 1/2 |grad f|^2 (larger D), many iterations per submit
 * within the work budget. The points come back with their loss and gradient norm: a query,
 * read back at once, bounded by MAX_SEARCH_COORDINATES.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { criticalPointsKernel } from '../gpu/kernels';
import { criticalStateLayout, F32_BYTES, searchParamsView } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { ParticleEngine } from '../engine/ParticleEngine';
import { defaultMaxStep, NEWTON_MAX_DIM, SEARCH_STOPPED } from './criticalSearchReference';

/** Most coordinates (points x D) one search holds and reads back: 8 MiB of points, 24 MiB of work vectors. */
export const MAX_SEARCH_COORDINATES = 1 << 21;
/** Vectors kept per point besides its position: gradient, direction, work. */
const WORK_SLOTS = 3;

export interface SearchRunOptions {
  /** Iterations (one trial step each; a new direction after each accepted step). */
  iterations: number;
  /** Which particles start ('particles'): (seed + i * stride) mod N. Default 0. */
  seed?: number;
  /** Sampled particles' positions (default), or the starts themselves (at most `points`, D values each). */
  from?: 'particles' | ArrayLike<number>[];
  /** Trust radius: no step longer than this. Default a tenth of the landscape's view box. */
  maxStep?: number;
}

export interface SearchResult {
  points: Float32Array[];
  loss: Float32Array;
  gradNorm: Float32Array;
  /** Accepted steps per point. */
  accepted: Uint32Array;
  /** Points whose search stopped (step below rounding, or zero gradient) before the iterations ran out. */
  stopped: boolean[];
}

export class CriticalPointSearch {
  /** Most points one run searches. */
  readonly capacity: number;
  private readonly params: GPUBuffer;
  private readonly x: GPUBuffer;
  private readonly scratch: GPUBuffer;
  private readonly state: GPUBuffer;
  private readonly pointsStaging: GPUBuffer;
  private readonly stateStaging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly view = searchParamsView();

  private constructor(
    private readonly device: GPUDevice,
    private readonly engine: ParticleEngine,
    layout: BindingLayout,
    private readonly pipelines: { gather: GPUComputePipeline; start: GPUComputePipeline; main: GPUComputePipeline },
    capacity: number,
  ) {
    const dim = engine.dim;
    this.capacity = capacity;
    const storage = (label: string, size: number, usage: number) =>
      device.createBuffer({ label: `CriticalPointSearch.${label}`, size, usage: GPUBufferUsage.STORAGE | usage });
    this.params = uniformBuffer(device, 'CriticalPointSearch.params', this.view.arrayBuffer.byteLength);
    this.x = storage('x', capacity * dim * F32_BYTES, GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    this.scratch = storage('scratch', WORK_SLOTS * capacity * dim * F32_BYTES, 0);
    this.state = storage('state', criticalStateLayout.bytes(capacity), GPUBufferUsage.COPY_SRC);
    const staging = (label: string, size: number) =>
      device.createBuffer({ label: `CriticalPointSearch.${label}`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.pointsStaging = staging('pointsStaging', this.x.size);
    this.stateStaging = staging('stateStaging', this.state.size);
    this.group = layout.bindGroup('CriticalPointSearch.group', {
      L: engine.landscapeBinding.uniforms,
      CS: this.params,
      pos: engine.pos,
      cp_x: this.x,
      scratch: this.scratch,
      cp_state: this.state,
    });
  }

  static async create(device: GPUDevice, engine: ParticleEngine, options: { points: number }): Promise<CriticalPointSearch> {
    const points = Math.floor(options.points);
    if (!(points >= 1)) throw new RangeError(`A search needs at least 1 point; got ${options.points}.`);
    if (points * engine.dim > MAX_SEARCH_COORDINATES) {
      throw new RangeError(
        `A search holds at most MAX_SEARCH_COORDINATES = ${MAX_SEARCH_COORDINATES} coordinates (points x D); ` +
          `${points} x ${engine.dim} is more.`,
      );
    }
    const binding = engine.landscapeBinding;
    const code = criticalPointsKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'CriticalPointSearch.layout', code);
    const layouts = [layout.layout, ...binding.extraLayouts];
    const constants = { DIM: binding.dim };
    const [gather, start, main] = await Promise.all(
      (['gather', 'start', 'main'] as const).map((entry) =>
        compute(device, `CriticalPointSearch.${entry}Pipeline`, code, layouts, entry, constants),
      ),
    );
    return new CriticalPointSearch(device, engine, layout, { gather, start, main }, points);
  }

  /** Operations of one point's iteration: a Hessian (Newton) or one product, and a trial. */
  private iterationCost(): number {
    const dim = this.engine.dim;
    const evaluation = this.engine.landscapeBinding.fullEvaluationCost;
    return dim <= NEWTON_MAX_DIM ? (2 * dim + 1) * evaluation + dim ** 3 : 3 * evaluation + 8 * dim;
  }

  /** Searches from the starts and reads the points back. */
  async run(options: SearchRunOptions): Promise<SearchResult> {
    const dim = this.engine.dim;
    const n = this.engine.count;
    const iterations = Math.floor(options.iterations);
    if (!(iterations >= 0)) throw new RangeError(`iterations must be a whole number >= 0; got ${options.iterations}.`);
    const maxStep = options.maxStep ?? defaultMaxStep(this.engine.landscape);
    if (!(maxStep > 0) || !Number.isFinite(maxStep)) throw new RangeError(`maxStep must be a positive finite number; got ${maxStep}.`);
    const from = options.from ?? 'particles';
    let m: number;
    if (from === 'particles') {
      m = Math.min(this.capacity, n);
    } else {
      m = from.length;
      if (m < 1 || m > this.capacity) throw new RangeError(`Between 1 and the capacity ${this.capacity} starts; got ${m}.`);
      const data = new Float32Array(this.capacity * dim);
      from.forEach((x, i) => {
        if (x.length !== dim) throw new RangeError(`Start ${i} needs ${dim} coordinates; got ${x.length}.`);
        for (let d = 0; d < dim; d++) data[d * this.capacity + i] = x[d];
      });
      this.device.queue.writeBuffer(this.x, 0, data);
    }
    const stride = Math.max(1, Math.floor(n / m));
    const offset = (Math.floor(options.seed ?? 0) >>> 0) % n;
    // Buffers are laid out for the capacity: the kernel indexes with m = capacity.
    const base = { m: this.capacity, n, stride, offset, max_step: maxStep };

    const perSubmit = itemsPerSubmit(this.iterationCost());
    const submit = async (entries: GPUComputePipeline[], first: number, count: number, iters: number, flush = false) => {
      // One uniform write per submit: several before one submit would all land before its first pass.
      this.view.set({ ...base, first, count, iterations: iters });
      this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
      const encoder = this.device.createCommandEncoder({ label: 'CriticalPointSearch.run' });
      // Pending placements reach the particle buffers before they are copied.
      if (flush) this.engine.encode(encoder, 0);
      const pass = encoder.beginComputePass({ label: 'CriticalPointSearch.pass' });
      pass.setBindGroup(0, this.group);
      this.engine.landscapeBinding.setGroups(pass);
      for (const pipeline of entries) {
        pass.setPipeline(pipeline);
        pass.dispatchWorkgroups(...dispatchSize(count, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
      }
      pass.end();
      this.device.queue.submit([encoder.finish()]);
      // Each part finishes before the next is queued, so no single GPU task runs long.
      await this.device.queue.onSubmittedWorkDone();
    };

    const first = from === 'particles' ? [this.pipelines.gather, this.pipelines.start] : [this.pipelines.start];
    for (let b = 0; b < m; b += perSubmit) await submit(first, b, Math.min(perSubmit, m - b), 0, from === 'particles' && b === 0);
    if (perSubmit >= m) {
      const itersPerSubmit = Math.floor(perSubmit / m);
      for (let done = 0; done < iterations; done += itersPerSubmit) {
        await submit([this.pipelines.main], 0, m, Math.min(itersPerSubmit, iterations - done));
      }
    } else {
      for (let k = 0; k < iterations; k++) {
        for (let b = 0; b < m; b += perSubmit) await submit([this.pipelines.main], b, Math.min(perSubmit, m - b), 1);
      }
    }
    return this.read(m);
  }

  private async read(m: number): Promise<SearchResult> {
    const dim = this.engine.dim;
    const encoder = this.device.createCommandEncoder({ label: 'CriticalPointSearch.read' });
    encoder.copyBufferToBuffer(this.x, 0, this.pointsStaging, 0, this.x.size);
    encoder.copyBufferToBuffer(this.state, 0, this.stateStaging, 0, criticalStateLayout.bytes(m));
    this.device.queue.submit([encoder.finish()]);
    await Promise.all([
      this.pointsStaging.mapAsync(GPUMapMode.READ),
      this.stateStaging.mapAsync(GPUMapMode.READ, 0, criticalStateLayout.bytes(m)),
    ]);
    const coords = new Float32Array(this.pointsStaging.getMappedRange().slice(0));
    const bytes = this.stateStaging.getMappedRange(0, criticalStateLayout.bytes(m)).slice(0);
    this.pointsStaging.unmap();
    this.stateStaging.unmap();
    const s = criticalStateLayout.columns<{ loss: Float32Array; grad_norm: Float32Array; accepted: Uint32Array; status: Uint32Array }>(bytes, m);
    return {
      points: Array.from({ length: m }, (_, i) => Float32Array.from({ length: dim }, (_, d) => coords[d * this.capacity + i])),
      loss: s.loss,
      gradNorm: s.grad_norm,
      accepted: s.accepted,
      stopped: Array.from(s.status, (v) => v === SEARCH_STOPPED),
    };
  }

  destroy(): void {
    for (const b of [this.params, this.x, this.scratch, this.state, this.pointsStaging, this.stateStaging]) b.destroy();
  }
}
