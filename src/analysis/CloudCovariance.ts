/**
 * The particle cloud's mean and covariance on the GPU, as an operator for the Lanczos method
 * (its top eigenvectors are the cloud's principal components). The D x D matrix is never
 * formed: each product is two passes over the particles, and only D numbers come back.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { covarianceKernel } from '../gpu/kernels';
import { cloudMeanLayout, covarianceParamsView, F32_BYTES } from '../gpu/layouts';
import type { ParticleEngine } from '../engine/ParticleEngine';
import type { SymmetricOperator } from './lanczos';

export class CloudCovariance implements SymmetricOperator {
  readonly dim: number;
  private readonly params: GPUBuffer;
  private readonly meanBuffer: GPUBuffer;
  private readonly direction: GPUBuffer;
  private readonly projections: GPUBuffer;
  private readonly product: GPUBuffer;
  /** Sized for the larger of the two readbacks (the mean with its count, and a product). */
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;

  private constructor(
    private readonly device: GPUDevice,
    private readonly engine: ParticleEngine,
    layout: BindingLayout,
    private readonly pipelines: { mean: GPUComputePipeline; project: GPUComputePipeline; gather: GPUComputePipeline },
  ) {
    const dim = (this.dim = engine.dim);
    const view = covarianceParamsView();
    view.set({ n: engine.count, dim });
    this.params = uniformBuffer(device, 'CloudCovariance.params', view.arrayBuffer.byteLength);
    device.queue.writeBuffer(this.params, 0, view.arrayBuffer);
    const storage = (label: string, size: number, usage: number) =>
      device.createBuffer({ label: `CloudCovariance.${label}`, size, usage: GPUBufferUsage.STORAGE | usage });
    this.meanBuffer = storage('mean', cloudMeanLayout.bytes(dim), GPUBufferUsage.COPY_SRC);
    this.direction = storage('direction', dim * F32_BYTES, GPUBufferUsage.COPY_DST);
    this.projections = storage('projections', engine.count * F32_BYTES, 0);
    this.product = storage('product', dim * F32_BYTES, GPUBufferUsage.COPY_SRC);
    this.staging = device.createBuffer({
      label: 'CloudCovariance.staging',
      size: Math.max(this.meanBuffer.size, this.product.size),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('CloudCovariance.group', {
      CV: this.params,
      pos: engine.pos,
      particles: engine.state,
      cloud: this.meanBuffer,
      direction: this.direction,
      projections: this.projections,
      product: this.product,
    });
  }

  static async create(device: GPUDevice, engine: ParticleEngine): Promise<CloudCovariance> {
    const layout = BindingLayout.fromWgsl(device, 'CloudCovariance.layout', covarianceKernel);
    const make = (entry: string) => compute(device, `CloudCovariance.${entry}Pipeline`, covarianceKernel, [layout.layout], entry);
    const [mean, project, gather] = await Promise.all([make('mean'), make('project'), make('gather')]);
    return new CloudCovariance(device, engine, layout, { mean, project, gather });
  }

  /** Records the mean of the live particles now; products use it until the next call. */
  encodeMean(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'CloudCovariance.meanPass' });
    pass.setBindGroup(0, this.group);
    pass.setPipeline(this.pipelines.mean);
    pass.dispatchWorkgroups(this.dim);
    pass.end();
  }

  /** Records C v for the direction already written. */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'CloudCovariance.productPass' });
    pass.setBindGroup(0, this.group);
    pass.setPipeline(this.pipelines.project);
    pass.dispatchWorkgroups(...dispatchSize(this.engine.count, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
    pass.setPipeline(this.pipelines.gather);
    pass.dispatchWorkgroups(this.dim);
    pass.end();
  }

  /** The live particles' mean position and their count, computed now. */
  async mean(): Promise<{ mean: Float32Array; live: number }> {
    const encoder = this.device.createCommandEncoder({ label: 'CloudCovariance.mean' });
    this.encodeMean(encoder);
    encoder.copyBufferToBuffer(this.meanBuffer, 0, this.staging, 0, this.meanBuffer.size);
    const bytes = await this.submitAndRead(encoder, this.meanBuffer.size);
    return { mean: cloudMeanLayout.columns<{ value: Float32Array }>(bytes, this.dim).value, live: cloudMeanLayout.scalars(bytes).live };
  }

  async apply(v: Float64Array): Promise<Float64Array> {
    this.device.queue.writeBuffer(this.direction, 0, Float32Array.from(v));
    const encoder = this.device.createCommandEncoder({ label: 'CloudCovariance.apply' });
    this.encode(encoder);
    encoder.copyBufferToBuffer(this.product, 0, this.staging, 0, this.product.size);
    return Float64Array.from(new Float32Array(await this.submitAndRead(encoder, this.product.size)));
  }

  /** Submits, then reads the first `size` bytes of the staging buffer. */
  private async submitAndRead(encoder: GPUCommandEncoder, size: number): Promise<ArrayBuffer> {
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ, 0, size);
    const bytes = this.staging.getMappedRange(0, size).slice(0);
    this.staging.unmap();
    return bytes;
  }

  destroy(): void {
    for (const b of [this.params, this.meanBuffer, this.direction, this.projections, this.product, this.staging]) b.destroy();
  }
}
