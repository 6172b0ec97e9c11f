/**
 * Curvature at a sample of particles, on the GPU: a short Lanczos run on the Hessian at each
 * (shaders/curvature.wgsl), all in parallel. Only eight numbers per sample come back.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { curvatureKernel } from '../gpu/kernels';
import { curvatureParamsView, curvatureResultsLayout, F32_BYTES } from '../gpu/layouts';
import type { LandscapeBinding } from '../engine/LandscapeBinding';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { ParticleEngine } from '../engine/ParticleEngine';
import { LANCZOS_MAX, type CurvatureEstimate } from './curvatureReference';

/** Floats of Lanczos vectors the sampler may hold (two per coordinate per sample): 16 MiB. */
const BASIS_BUDGET = 1 << 22;

export interface CurvatureSample extends CurvatureEstimate {
  particle: number;
  loss: number;
  gradNorm: number;
  flags: number;
}

export class CurvatureSampler {
  /** Particles measured per run: as asked, within the particle count and the memory budget. */
  readonly samples: number;
  private readonly params: GPUBuffer;
  private readonly basis: GPUBuffer;
  /** One CurvatureResult per sample (layouts.curvatureResultsLayout); COPY_SRC, so a caller may keep copies of it. */
  readonly results: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly paramsView = curvatureParamsView();
  /** Samples in the range last written to the uniform (what encodeDispatch measures). */
  private writtenCount = 0;

  private constructor(
    private readonly device: GPUDevice,
    private readonly engine: ParticleEngine,
    private readonly binding: LandscapeBinding,
    samples: number,
    layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
  ) {
    const dim = engine.dim;
    this.samples = Math.max(1, Math.min(samples, engine.count, Math.floor(BASIS_BUDGET / (2 * dim))));
    this.params = uniformBuffer(device, 'CurvatureSampler.params', this.paramsView.arrayBuffer.byteLength);
    this.basis = device.createBuffer({
      label: 'CurvatureSampler.basis',
      size: 2 * dim * this.samples * F32_BYTES,
      usage: GPUBufferUsage.STORAGE,
    });
    const resultBytes = curvatureResultsLayout.bytes(this.samples);
    this.results = device.createBuffer({
      label: 'CurvatureSampler.results',
      size: resultBytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.staging = device.createBuffer({
      label: 'CurvatureSampler.staging',
      size: resultBytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('CurvatureSampler.group', {
      L: binding.uniforms,
      CP: this.params,
      pos: engine.pos,
      particles: engine.state,
      basis: this.basis,
      results: this.results,
    });
  }

  static async create(device: GPUDevice, engine: ParticleEngine, binding: LandscapeBinding, samples: number): Promise<CurvatureSampler> {
    const code = curvatureKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'CurvatureSampler.layout', code);
    const pipeline = await compute(device, 'CurvatureSampler.pipeline', code, [layout.layout, ...binding.extraLayouts], 'main', {
      DIM: binding.dim,
    });
    return new CurvatureSampler(device, engine, binding, samples, layout, pipeline);
  }

  /** Sample t is particle t * stride: spread over the whole population. */
  get stride(): number {
    return Math.max(1, Math.floor(this.engine.count / this.samples));
  }

  /** Samples per submit: each costs two evaluations per Lanczos step. */
  chunkSize(steps: number): number {
    return itemsPerSubmit(2 * steps * this.binding.fullEvaluationCost);
  }

  /**
   * Records the measurement of samples first .. first + count - 1 with `steps` Lanczos steps
   * (at most 32). One call per submit: the range is a uniform written now.
   */
  encode(encoder: GPUCommandEncoder, steps: number, seed: number, first = 0, count = this.samples): void {
    this.writeRange(steps, seed, first, count);
    this.encodeDispatch(encoder);
  }

  /**
   * Writes the uniform of a measurement (steps, seed, range). A queue write lands before the
   * next submit starts, so every dispatch in that submit reads the last one written.
   */
  writeRange(steps: number, seed: number, first = 0, count = this.samples): void {
    this.paramsView.set({
      n: this.engine.count,
      samples: this.samples,
      stride: this.stride,
      steps: Math.max(1, Math.min(steps, LANCZOS_MAX)),
      seed,
      first,
      count,
    });
    this.device.queue.writeBuffer(this.params, 0, this.paramsView.arrayBuffer);
    this.writtenCount = count;
  }

  /**
   * Records the measurement of the range last written, writing nothing: repeated measurements
   * of one range (a time series) may share a submit.
   */
  encodeDispatch(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'CurvatureSampler.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    this.binding.setGroups(pass);
    pass.dispatchWorkgroups(...dispatchSize(this.writtenCount, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
    pass.end();
  }

  /** Measures now (after the particles' pending steps), in submits of bounded work, and reads the samples back. */
  async measure(steps: number, seed: number): Promise<CurvatureSample[]> {
    const chunk = this.chunkSize(Math.min(steps, LANCZOS_MAX));
    for (let first = 0; first < this.samples; first += chunk) {
      const encoder = this.device.createCommandEncoder({ label: 'CurvatureSampler.measure' });
      if (first === 0) this.engine.encode(encoder, 0);
      this.encode(encoder, steps, seed, first, Math.min(chunk, this.samples - first));
      if (first + chunk >= this.samples) encoder.copyBufferToBuffer(this.results, 0, this.staging, 0, this.staging.size);
      this.device.queue.submit([encoder.finish()]);
      // Each part finishes before the next is queued, so no single GPU task runs long.
      if (first + chunk < this.samples) await this.device.queue.onSubmittedWorkDone();
    }
    await this.staging.mapAsync(GPUMapMode.READ);
    const bytes = this.staging.getMappedRange().slice(0);
    this.staging.unmap();
    const r = curvatureResultsLayout.columns(bytes, this.samples);
    return Array.from({ length: this.samples }, (_, t) => ({
      particle: r.particle[t],
      steps: r.steps[t],
      lambdaMin: r.lambda_min[t],
      lambdaMax: r.lambda_max[t],
      negativeWeight: r.negative_weight[t],
      loss: r.loss[t],
      gradNorm: r.grad_norm[t],
      flags: r.flags[t],
    }));
  }

  destroy(): void {
    for (const b of [this.params, this.basis, this.results, this.staging]) b.destroy();
  }
}
