/**
 * Noise stability of one trained MLP on the GPU (Arora, Ge, Neyshabur & Zhang 2018): noise of
 * relative size ε injected into each hidden layer's output, followed to every later layer and the
 * output, over every input of the training or test set and `draws` noise draws each
 * (shaders/noise_stability.wgsl, one invocation per input and draw). Only the per-(i, j) sums come
 * back (20 × 4 numbers); the stable ranks and cushions are computed on the CPU from the network,
 * which is small (D ≤ 4,096). Definitions and the float64 twin: ./noiseStabilityReference.ts.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { noiseStabilityKernel } from '../gpu/kernels';
import { F32_BYTES, noiseNormsLayout, noiseStabilityParamsView, noiseSumsLayout } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { LandscapeBinding } from '../engine/LandscapeBinding';
import { mlpShape } from '../landscapes/mlp';
import {
  layerGeometry, NOISE_STABILITY_SLOTS, ratioTables, type NoiseInputs, type NoiseMeasureOptions, type NoiseStabilityResult,
} from './noiseStabilityReference';

/** Most noise draws per input: the per-item norms (160 bytes each) of 1,000 inputs × 256 draws are 41 MB. */
export const MAX_NOISE_DRAWS = 256;
/** Largest relative noise: beyond the signal's own size the ratios say little about stability. */
export const MAX_NOISE_EPSILON = 10;

export interface NoiseStabilityOptions {
  /** Noise draws per input, 1 to MAX_NOISE_DRAWS. */
  draws: number;
}

export class NoiseStability {
  /** Inputs the buffers hold (the larger of the training and test sets). */
  readonly capacity: number;
  private readonly params: GPUBuffer;
  private readonly network: GPUBuffer;
  private readonly norms: GPUBuffer;
  private readonly sums: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly view = noiseStabilityParamsView();
  /** The network as uploaded (a copy: the caller's array may be a view of shared memory). */
  private readonly upload: Float32Array<ArrayBuffer>;
  /** The latest measurement: the next waits for it (they share the buffers and the staging map). */
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly device: GPUDevice,
    private readonly binding: LandscapeBinding,
    readonly draws: number,
    layout: BindingLayout,
    private readonly propagatePipeline: GPUComputePipeline,
    private readonly reducePipeline: GPUComputePipeline,
  ) {
    const { train, test } = mlpShape(binding.params);
    this.capacity = Math.max(train, test, 1);
    const normBytes = noiseNormsLayout.bytes(this.capacity * draws * NOISE_STABILITY_SLOTS);
    checkStorageSize(device, normBytes, `NoiseStability: ${this.capacity} inputs × ${draws} draws`);
    this.params = uniformBuffer(device, 'NoiseStability.params', this.view.arrayBuffer.byteLength);
    this.network = device.createBuffer({
      label: 'NoiseStability.network',
      size: binding.dim * F32_BYTES,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.upload = new Float32Array(binding.dim);
    this.norms = device.createBuffer({ label: 'NoiseStability.norms', size: normBytes, usage: GPUBufferUsage.STORAGE });
    this.sums = device.createBuffer({
      label: 'NoiseStability.sums',
      size: noiseSumsLayout.bytes(),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.staging = device.createBuffer({
      label: 'NoiseStability.staging',
      size: this.sums.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('NoiseStability.group', {
      L: binding.uniforms,
      NS: this.params,
      network: this.network,
      norms: this.norms,
      sums: this.sums,
    });
  }

  /** For the MLP landscape only (its layers are what the kernel walks); `draws` noise draws per input. */
  static async create(device: GPUDevice, binding: LandscapeBinding, options: NoiseStabilityOptions): Promise<NoiseStability> {
    if (binding.landscape.id !== 'mlp') {
      throw new RangeError(`Noise stability is measured on the MLP landscape only (hidden layers to inject noise into); got "${binding.landscape.id}".`);
    }
    const draws = options.draws;
    if (!(Number.isInteger(draws) && draws >= 1 && draws <= MAX_NOISE_DRAWS)) {
      throw new RangeError(`draws = ${draws} was refused: it must be a whole number from 1 to MAX_NOISE_DRAWS = ${MAX_NOISE_DRAWS}.`);
    }
    const code = noiseStabilityKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'NoiseStability.layout', code);
    const layouts = [layout.layout, ...binding.extraLayouts];
    const constants = { DIM: binding.dim };
    const [propagate, reduce] = await Promise.all([
      compute(device, 'NoiseStability.propagatePipeline', code, layouts, 'main', constants),
      compute(device, 'NoiseStability.reducePipeline', code, layouts, 'reduce', constants),
    ]);
    return new NoiseStability(device, binding, draws, layout, propagate, reduce);
  }

  /**
   * Operations per (input, draw): the clean forward pass, then per noise layer the later layers'
   * two products (z and its change) and a draw per unit.
   */
  costPerItem(): number {
    const { layers, width } = mlpShape(this.binding.params);
    return 2 * this.binding.dim + layers * (layers * 4 * width * width + 40 * width) + 40;
  }

  /**
   * Noise of relative size `epsilon` (‖η‖ = ε‖h_i‖) at every hidden layer of `network` (D
   * parameters, the landscape's layout), over every input of the chosen set; stable ranks and
   * cushions from the training set. Submits of bounded work, one small read-back. Calls made
   * while one runs are queued.
   */
  measure(network: Float32Array, options: NoiseMeasureOptions): Promise<NoiseStabilityResult> {
    const result = this.pending.then(() => this.measureNow(network, options));
    this.pending = result.catch(() => undefined);
    return result;
  }

  private async measureNow(network: Float32Array, options: NoiseMeasureOptions): Promise<NoiseStabilityResult> {
    const { epsilon, seed } = options;
    const inputs: NoiseInputs = options.inputs ?? 'train';
    if (network.length !== this.binding.dim) {
      throw new RangeError(`A network of this MLP has D = ${this.binding.dim} parameters; got ${network.length}.`);
    }
    if (!(Number.isFinite(epsilon) && epsilon > 0 && epsilon <= MAX_NOISE_EPSILON)) {
      throw new RangeError(`epsilon = ${epsilon} was refused: it must be a number above 0 and at most MAX_NOISE_EPSILON = ${MAX_NOISE_EPSILON}.`);
    }
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
      throw new RangeError(`seed = ${seed} was refused: it must be a whole number from 0 to 2^32 − 1.`);
    }
    if (inputs !== 'train' && inputs !== 'test') throw new RangeError(`inputs = ${String(inputs)} was refused: it must be 'train' or 'test'.`);
    const shape = mlpShape(this.binding.params);
    const points = inputs === 'train' ? shape.train : shape.test;
    if (points > this.capacity) {
      throw new RangeError(`${points} ${inputs} inputs exceed the ${this.capacity} this NoiseStability was made for: make a new one for the new data.`);
    }
    this.upload.set(network);
    this.device.queue.writeBuffer(this.network, 0, this.upload);
    const total = points * this.draws;
    const perSubmit = itemsPerSubmit(this.costPerItem());
    const maxPerDim = this.device.limits.maxComputeWorkgroupsPerDimension;
    // Even an empty set runs the reduce pass, so the sums read back as zero.
    for (let base = 0; base === 0 || base < total; base += perSubmit) {
      const count = Math.min(perSubmit, total - base);
      // One uniform write per submit: writes before one submit would all land before its first pass.
      this.view.set({ first: inputs === 'train' ? 0 : shape.train, draws: this.draws, seed, base, count, total, epsilon });
      this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
      const encoder = this.device.createCommandEncoder({ label: 'NoiseStability.measure' });
      const pass = encoder.beginComputePass({ label: 'NoiseStability.pass' });
      pass.setBindGroup(0, this.group);
      this.binding.setGroups(pass);
      if (count > 0) {
        pass.setPipeline(this.propagatePipeline);
        pass.dispatchWorkgroups(...dispatchSize(count, WORKGROUP_SIZE, maxPerDim));
      }
      const last = base + perSubmit >= total;
      if (last) {
        pass.setPipeline(this.reducePipeline);
        pass.dispatchWorkgroups(NOISE_STABILITY_SLOTS);
      }
      pass.end();
      if (last) encoder.copyBufferToBuffer(this.sums, 0, this.staging, 0, this.staging.size);
      this.device.queue.submit([encoder.finish()]);
      // Each part finishes before the next is queued, so no single GPU task runs long.
      if (!last) await this.device.queue.onSubmittedWorkDone();
    }
    await this.staging.mapAsync(GPUMapMode.READ);
    const sums = new Float32Array(this.staging.getMappedRange().slice(0));
    this.staging.unmap();
    return {
      layers: shape.layers,
      epsilon,
      inputs,
      draws: this.draws,
      ...ratioTables(sums, shape.layers, epsilon),
      ...layerGeometry(network, this.binding.params),
    };
  }

  destroy(): void {
    for (const b of [this.params, this.network, this.norms, this.sums, this.staging]) b.destroy();
  }
}
