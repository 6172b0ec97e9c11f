/**
 * Many GANs on one 2-D Gaussian mixture, trained side by side on the GPU: one workgroup per GAN
 * (shaders/gan_train.wgsl), each with its own seed and settings (step sizes, k, unrolling, loss).
 * `encode` records training into the caller's encoder and never submits; `train`, `reset`'s
 * first use and the read helpers submit their own work. Float64 twin: ./ganReference.ts.
 */
import { BindingLayout } from '../gpu/BindingLayout';
import { compute, uniformBuffer } from '../gpu/bindings';
import { itemsPerSubmit } from '../gpu/workBudget';
import { bufferPlan, checkPlan, type GanBufferPlan } from './ganBuffers';
import {
  checkRun, checkSpec, DEFAULT_RUN, GAN_ACTIVATIONS, GAN_LOSSES, GAN_MAX_UNROLL, HVP_STEP, MAX_STEPS_PER_DISPATCH, stepCost, type GanRun, type GanSpec,
} from './ganConfig';
import {
  ganInitKernel, ganParamsView, ganSampleKernel, ganTrainKernel, recordsLayout, sampleParamsView, settingsView,
} from './ganKernels';

export { MAX_STEPS_PER_DISPATCH } from './ganConfig';
/** Default read-back samples per GAN. */
export const DEFAULT_SAMPLE_CAPACITY = 1024;

export interface GanTrainerOptions {
  spec: GanSpec;
  /** One per GAN; their number is the number of GANs. */
  runs: GanRun[];
  /** Largest unroll K any run may take later (default: the largest given); sizes the stored iterates. */
  maxUnroll?: number;
  /** Most samples per GAN a read may ask for (default DEFAULT_SAMPLE_CAPACITY). */
  sampleCapacity?: number;
}

export interface GanRecord {
  generatorSteps: number;
  discriminatorSteps: number;
  /** The latest discriminator loss and generator loss (against the unrolled D when K > 0). */
  lossD: number;
  lossG: number;
}

/** One GAN's parameters and Adam moments as stored (float32): G's first, then D's. */
export interface GanParameters {
  theta: Float32Array;
  m: Float32Array;
  v: Float32Array;
  /** The latest gradient: D's from its last step, G's from the last generator step. */
  grad: Float32Array;
}

export class GanTrainer {
  readonly gans: number;
  readonly plan: GanBufferPlan;
  /** Generator steps per dispatch and per submit of `train`, from the work budget. */
  readonly stepsPerDispatch: number;
  readonly sampleCapacity: number;
  private runs: GanRun[];
  /** The largest unroll K this trainer was sized for (setRuns may not exceed it). */
  readonly maxUnroll: number;
  private readonly slotBytes: number;
  private readonly params: GPUBuffer;
  private readonly sampleParams: GPUBuffer;
  private readonly settings: GPUBuffer;
  private readonly records: GPUBuffer;
  private readonly nets: GPUBuffer;
  private readonly scratch: GPUBuffer;
  private readonly samples: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private initPending = true;
  /** The latest read: the next waits for it (they share the staging buffer). */
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly device: GPUDevice,
    readonly spec: GanSpec,
    runs: GanRun[],
    maxUnroll: number,
    sampleCapacity: number,
    layout: BindingLayout,
    private readonly pipelines: { init: GPUComputePipeline; train: GPUComputePipeline; sample: GPUComputePipeline },
  ) {
    this.gans = runs.length;
    this.runs = runs.map((r) => ({ ...r }));
    this.maxUnroll = maxUnroll;
    this.sampleCapacity = sampleCapacity;
    this.plan = bufferPlan(spec, maxUnroll);
    const cost = Math.max(...runs.map((r) => stepCost(spec, { ...r, unroll: maxUnroll }))) * this.gans;
    this.stepsPerDispatch = Math.min(MAX_STEPS_PER_DISPATCH, itemsPerSubmit(cost));
    const view = ganParamsView();
    const align = device.limits.minUniformBufferOffsetAlignment;
    this.slotBytes = Math.ceil(view.arrayBuffer.byteLength / align) * align;
    const storage = (label: string, size: number, extra = 0) =>
      device.createBuffer({ label: `GanTrainer.${label}`, size, usage: GPUBufferUsage.STORAGE | extra });
    this.params = uniformBuffer(device, 'GanTrainer.params', this.slotBytes * MAX_STEPS_PER_DISPATCH);
    this.sampleParams = uniformBuffer(device, 'GanTrainer.sampleParams', sampleParamsView().arrayBuffer.byteLength);
    this.settings = storage('settings', settingsView(this.gans).arrayBuffer.byteLength, GPUBufferUsage.COPY_DST);
    this.records = storage('records', recordsLayout.bytes(this.gans), GPUBufferUsage.COPY_SRC);
    this.nets = storage('nets', 4 * this.gans * this.plan.netStride, GPUBufferUsage.COPY_SRC);
    this.scratch = storage('scratch', 4 * this.gans * this.plan.scratchStride);
    this.samples = storage('samples', 8 * this.gans * sampleCapacity, GPUBufferUsage.COPY_SRC);
    this.staging = device.createBuffer({
      label: 'GanTrainer.staging',
      size: Math.max(this.records.size, this.samples.size, 16 * this.plan.netStride),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('GanTrainer.group', {
      GP: { buffer: this.params, size: view.arrayBuffer.byteLength },
      settings: this.settings,
      records: this.records,
      nets: this.nets,
      scratch: this.scratch,
      SP: this.sampleParams,
      samples: this.samples,
    });
    this.writeParams();
    this.writeSettings();
  }

  /** Validates everything first (RangeError or DeviceLimitError naming the limit); nothing is made on refusal. */
  static async create(device: GPUDevice, options: GanTrainerOptions): Promise<GanTrainer> {
    const { spec, runs } = options;
    checkSpec(spec);
    if (!Array.isArray(runs) || runs.length < 1) throw new RangeError('runs was refused: give at least one GAN run.');
    runs.forEach((r, i) => checkRun({ ...DEFAULT_RUN, ...r }, i));
    const maxUnroll = options.maxUnroll ?? Math.max(...runs.map((r) => r.unroll ?? 0));
    if (!(Number.isInteger(maxUnroll) && maxUnroll >= 0 && maxUnroll <= GAN_MAX_UNROLL)) {
      throw new RangeError(`maxUnroll = ${maxUnroll} was refused: it must be a whole number from 0 to GAN_MAX_UNROLL = ${GAN_MAX_UNROLL}.`);
    }
    const tooDeep = runs.findIndex((r) => r.unroll > maxUnroll);
    if (tooDeep >= 0) throw new RangeError(`runs[${tooDeep}].unroll = ${runs[tooDeep].unroll} exceeds maxUnroll = ${maxUnroll}.`);
    const sampleCapacity = options.sampleCapacity ?? DEFAULT_SAMPLE_CAPACITY;
    if (!(Number.isInteger(sampleCapacity) && sampleCapacity >= 1)) {
      throw new RangeError(`sampleCapacity = ${sampleCapacity} was refused: it must be a whole number of at least 1.`);
    }
    const plan = bufferPlan(spec, maxUnroll);
    checkPlan(device, plan, runs.length, sampleCapacity);
    const layout = BindingLayout.fromWgsl(device, 'GanTrainer.layout', [ganInitKernel, ganTrainKernel, ganSampleKernel], { dynamic: ['GP'] });
    const constants = { GAN_THREADS: plan.threads };
    const make = (name: string, code: string) => compute(device, `GanTrainer.${name}Pipeline`, code, [layout.layout], 'main', constants);
    const [init, train, sample] = await Promise.all([make('init', ganInitKernel), make('train', ganTrainKernel), make('sample', ganSampleKernel)]);
    return new GanTrainer(device, spec, runs.map((r) => ({ ...DEFAULT_RUN, ...r })), maxUnroll, sampleCapacity, layout, { init, train, sample });
  }

  /** Slot n − 1 of the uniform says "n steps"; all else is the same in every slot. */
  private writeParams(): void {
    const { spec, plan } = this;
    const view = ganParamsView();
    const bytes = new Uint8Array(this.slotBytes * MAX_STEPS_PER_DISPATCH);
    const o = plan.offsets;
    for (let n = 1; n <= MAX_STEPS_PER_DISPATCH; n++) {
      view.set({
        gans: this.gans, steps: n, batch: spec.batch, stride: plan.stride, latent: spec.latent,
        g_hidden: spec.generator.hidden, g_width: spec.generator.width, d_hidden: spec.discriminator.hidden, d_width: spec.discriminator.width,
        activation: GAN_ACTIVATIONS.indexOf(spec.activation), modes: spec.mixture.modes, grid: spec.mixture.kind === 'grid' ? 1 : 0,
        radius: spec.mixture.radius, sigma: spec.mixture.sigma, beta1: spec.beta1, beta2: spec.beta2, adam_eps: spec.epsilon,
        hvp_step: HVP_STEP, g_params: plan.g, d_params: plan.d, net_stride: plan.netStride, scratch_stride: plan.scratchStride,
        off_m: o.m, off_v: o.v, off_grad: o.grad, off_lambda: o.lambda, off_lambda_next: o.lambdaNext, off_probe: o.probe,
        off_tmp: o.tmp, off_hist: o.hist,
      });
      bytes.set(new Uint8Array(view.arrayBuffer), (n - 1) * this.slotBytes);
    }
    this.device.queue.writeBuffer(this.params, 0, bytes);
  }

  private writeSettings(): void {
    const view = settingsView(this.gans);
    view.set(this.runs.map((r) => ({
      seed: r.seed, d_steps: r.dSteps, unroll: r.unroll, loss: GAN_LOSSES.indexOf(r.loss), lr_g: r.lrG, lr_d: r.lrD, unroll_lr: r.unrollLr,
    })));
    this.device.queue.writeBuffer(this.settings, 0, view.arrayBuffer);
  }

  /** The runs as they are now (copies). */
  getRuns(): GanRun[] {
    return this.runs.map((r) => ({ ...r }));
  }

  /** New settings for every GAN (same count); training continues from where it is. Refused whole if any is bad. */
  setRuns(runs: GanRun[]): void {
    if (runs.length !== this.gans) throw new RangeError(`runs has ${runs.length} entries; this trainer has ${this.gans} GANs.`);
    const full = runs.map((r) => ({ ...DEFAULT_RUN, ...r }));
    full.forEach((r, i) => {
      checkRun(r, i);
      if (r.unroll > this.maxUnroll) throw new RangeError(`runs[${i}].unroll = ${r.unroll} exceeds this trainer's maxUnroll = ${this.maxUnroll}.`);
    });
    this.runs = full;
    this.writeSettings();
  }

  /** Fresh weights for every GAN at the next encode; with `seed`, GAN g is reseeded to seed + g. */
  reset(seed?: number): void {
    if (seed !== undefined) {
      if (!(Number.isInteger(seed) && seed >= 0 && seed + this.gans - 1 <= 0xffffffff)) {
        throw new RangeError(`seed = ${seed} was refused: seed + GANs − 1 must be a whole number from 0 to 2^32 − 1.`);
      }
      this.runs = this.runs.map((r, g) => ({ ...r, seed: seed + g }));
      this.writeSettings();
    }
    this.initPending = true;
  }

  private pass(encoder: GPUCommandEncoder, label: string, pipeline: GPUComputePipeline, steps: number): void {
    const pass = encoder.beginComputePass({ label: `GanTrainer.${label}` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, this.group, [(steps - 1) * this.slotBytes]);
    pass.dispatchWorkgroups(this.gans);
    pass.end();
  }

  private encodeInit(encoder: GPUCommandEncoder): void {
    if (!this.initPending) return;
    this.pass(encoder, 'initPass', this.pipelines.init, 1);
    this.initPending = false;
  }

  /**
   * Records `generatorSteps` steps of every GAN into `encoder` (dispatches of at most
   * stepsPerDispatch steps). Keep it to stepsPerDispatch per submit on slow devices; `train` does.
   */
  encode(encoder: GPUCommandEncoder, generatorSteps: number): void {
    if (!(Number.isInteger(generatorSteps) && generatorSteps >= 0)) {
      throw new RangeError(`generatorSteps = ${generatorSteps} was refused: it must be a whole number of at least 0.`);
    }
    this.encodeInit(encoder);
    for (let done = 0; done < generatorSteps; done += this.stepsPerDispatch) {
      this.pass(encoder, 'trainPass', this.pipelines.train, Math.min(this.stepsPerDispatch, generatorSteps - done));
    }
  }

  /** Trains `generatorSteps` steps in submits of bounded work, each awaited before the next. */
  async train(generatorSteps: number): Promise<void> {
    if (!(Number.isInteger(generatorSteps) && generatorSteps >= 0)) {
      throw new RangeError(`generatorSteps = ${generatorSteps} was refused: it must be a whole number of at least 0.`);
    }
    for (let done = 0; done === 0 || done < generatorSteps; done += this.stepsPerDispatch) {
      const encoder = this.device.createCommandEncoder({ label: 'GanTrainer.train' });
      this.encode(encoder, Math.min(this.stepsPerDispatch, generatorSteps - done));
      this.device.queue.submit([encoder.finish()]);
      await this.device.queue.onSubmittedWorkDone();
    }
  }

  /** Copies `size` bytes of `source` from `offset` back, after any pending init (reads queue one after another). */
  private read(fill: (encoder: GPUCommandEncoder) => void, source: GPUBuffer, offset: number, size: number): Promise<ArrayBuffer> {
    const run = async () => {
      const encoder = this.device.createCommandEncoder({ label: 'GanTrainer.read' });
      this.encodeInit(encoder);
      fill(encoder);
      encoder.copyBufferToBuffer(source, offset, this.staging, 0, size);
      this.device.queue.submit([encoder.finish()]);
      await this.staging.mapAsync(GPUMapMode.READ, 0, size);
      const bytes = this.staging.getMappedRange(0, size).slice(0);
      this.staging.unmap();
      return bytes;
    };
    const result = this.pending.then(run);
    this.pending = result.catch(() => undefined);
    return result;
  }

  /** Every GAN's step counts and latest losses. */
  async readRecords(): Promise<GanRecord[]> {
    const bytes = await this.read(() => undefined, this.records, 0, this.records.size);
    const c = recordsLayout.columns(bytes, this.gans);
    return Array.from({ length: this.gans }, (_, g) => ({
      generatorSteps: c.generator_steps[g], discriminatorSteps: c.discriminator_steps[g], lossD: c.loss_d[g], lossG: c.loss_g[g],
    }));
  }

  /** `count` generator samples of every GAN, (x, y) pairs GAN after GAN: latent s of GAN g from (seed, GAN_STREAM_SAMPLE, s, g). */
  async readSamples(count: number, seed: number): Promise<Float32Array> {
    if (!(Number.isInteger(count) && count >= 1 && count <= this.sampleCapacity)) {
      throw new RangeError(`count = ${count} was refused: it must be a whole number from 1 to this trainer's sampleCapacity = ${this.sampleCapacity}.`);
    }
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new RangeError(`seed = ${seed} was refused: it must be a whole number from 0 to 2^32 − 1.`);
    const size = 8 * this.gans * count;
    const bytes = await this.read((encoder) => {
      const view = sampleParamsView();
      view.set({ count, seed });
      this.device.queue.writeBuffer(this.sampleParams, 0, view.arrayBuffer);
      this.pass(encoder, 'samplePass', this.pipelines.sample, 1);
    }, this.samples, 0, size);
    return new Float32Array(bytes);
  }

  /**
   * Records `count` samples of every GAN into `samplesBuffer` (as readSamples draws them, without
   * the read-back): sample s of GAN g lands at vec2f index g · count + s, for drawing or measuring in place.
   */
  encodeSamples(encoder: GPUCommandEncoder, count: number, seed: number): void {
    if (!(Number.isInteger(count) && count >= 1 && count <= this.sampleCapacity)) {
      throw new RangeError(`count = ${count} was refused: it must be a whole number from 1 to this trainer's sampleCapacity = ${this.sampleCapacity}.`);
    }
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new RangeError(`seed = ${seed} was refused: it must be a whole number from 0 to 2^32 − 1.`);
    const view = sampleParamsView();
    view.set({ count, seed });
    this.device.queue.writeBuffer(this.sampleParams, 0, view.arrayBuffer);
    this.encodeInit(encoder);
    this.pass(encoder, 'samplePass', this.pipelines.sample, 1);
  }

  /** The samples buffer (vec2f, GAN after GAN) that encodeSamples and readSamples fill. */
  get samplesBuffer(): GPUBuffer {
    return this.samples;
  }

  /**
   * The trainer's buffers as shaders/gan_networks.wgsl names its bindings, for a kernel
   * concatenated after it that reads the networks in place (GP at its one-step slot, offset 0);
   * `scratch` is left to the caller, whose rows must not be the training's.
   */
  networkBindings(): { GP: { buffer: GPUBuffer; size: number }; settings: GPUBuffer; records: GPUBuffer; nets: GPUBuffer; SP: GPUBuffer; samples: GPUBuffer } {
    const size = ganParamsView().arrayBuffer.byteLength;
    return { GP: { buffer: this.params, size }, settings: this.settings, records: this.records, nets: this.nets, SP: this.sampleParams, samples: this.samples };
  }

  /** GAN `gan`'s parameters, Adam moments and latest gradient. */
  async readParameters(gan: number): Promise<GanParameters> {
    if (!(Number.isInteger(gan) && gan >= 0 && gan < this.gans)) throw new RangeError(`gan = ${gan} was refused: this trainer has GANs 0 to ${this.gans - 1}.`);
    const p = this.plan.g + this.plan.d;
    const bytes = await this.read(() => undefined, this.nets, 4 * gan * this.plan.netStride, 16 * p);
    const all = new Float32Array(bytes);
    return { theta: all.slice(0, p), m: all.slice(p, 2 * p), v: all.slice(2 * p, 3 * p), grad: all.slice(3 * p, 4 * p) };
  }

  destroy(): void {
    for (const b of [this.params, this.sampleParams, this.settings, this.records, this.nets, this.scratch, this.samples, this.staging]) b.destroy();
  }
}
