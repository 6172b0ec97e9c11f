/**
 * The Hessian of the landscape at one point as an operator the Lanczos method can use:
 * Hessian-vector products on the GPU, from the landscape's own WGSL gradient (central
 * differences), one small read-back per product.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { hvpKernel } from '../gpu/kernels';
import { F32_BYTES, probeParamsView, probeResultLayout } from '../gpu/layouts';
import type { LandscapeBinding } from '../engine/LandscapeBinding';
import type { SymmetricOperator } from './lanczos';
import { differenceStep } from './differenceStep';

export class HessianProbe implements SymmetricOperator {
  readonly dim: number;
  private readonly params: GPUBuffer;
  private readonly input: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly output: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly inputData: Float32Array<ArrayBuffer>;
  private readonly paramsView = probeParamsView();
  /** Loss and gradient at the point, from the latest product. */
  loss = NaN;
  gradient: Float32Array;

  private constructor(
    private readonly device: GPUDevice,
    private readonly binding: LandscapeBinding,
    layout: BindingLayout,
    private readonly gradientsPipeline: GPUComputePipeline,
    private readonly combinePipeline: GPUComputePipeline,
  ) {
    const dim = (this.dim = binding.dim);
    const storage = (label: string, size: number, usage = 0) =>
      device.createBuffer({ label: `HessianProbe.${label}`, size, usage: GPUBufferUsage.STORAGE | usage });
    this.params = uniformBuffer(device, 'HessianProbe.params', this.paramsView.arrayBuffer.byteLength);
    // The point and the direction; the gradients at c + h v, c - h v and c.
    this.input = storage('input', 2 * dim * F32_BYTES, GPUBufferUsage.COPY_DST);
    this.grads = storage('grads', 3 * dim * F32_BYTES);
    this.output = storage('output', probeResultLayout.bytes(dim), GPUBufferUsage.COPY_SRC);
    this.staging = device.createBuffer({
      label: 'HessianProbe.staging',
      size: this.output.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('HessianProbe.group', {
      L: binding.uniforms,
      HP: this.params,
      probe_in: this.input,
      probe_grads: this.grads,
      probe_out: this.output,
    });
    this.inputData = new Float32Array(2 * dim);
    this.gradient = new Float32Array(dim);
  }

  static async create(device: GPUDevice, binding: LandscapeBinding): Promise<HessianProbe> {
    const code = hvpKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'HessianProbe.layout', code);
    const layouts = [layout.layout, ...binding.extraLayouts];
    const constants = { DIM: binding.dim };
    const [gradients, combine] = await Promise.all([
      compute(device, 'HessianProbe.gradientsPipeline', code, layouts, 'gradients', constants),
      compute(device, 'HessianProbe.combinePipeline', code, layouts, 'combine', constants),
    ]);
    return new HessianProbe(device, binding, layout, gradients, combine);
  }

  /** The point whose Hessian the products use. */
  setPoint(x: ArrayLike<number>): void {
    if (x.length !== this.dim) throw new RangeError(`A point needs ${this.dim} coordinates; got ${x.length}.`);
    this.inputData.set(x, 0);
    this.paramsView.set({ h: differenceStep(x) });
    this.device.queue.writeBuffer(this.params, 0, this.paramsView.arrayBuffer);
  }

  /** Records the two passes for the direction already written; the caller submits. */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'HessianProbe.pass' });
    pass.setBindGroup(0, this.group);
    this.binding.setGroups(pass);
    pass.setPipeline(this.gradientsPipeline);
    pass.dispatchWorkgroups(1);
    pass.setPipeline(this.combinePipeline);
    pass.dispatchWorkgroups(Math.ceil(this.dim / WORKGROUP_SIZE));
    pass.end();
  }

  async apply(v: Float64Array): Promise<Float64Array> {
    this.inputData.set(v, this.dim);
    this.device.queue.writeBuffer(this.input, 0, this.inputData);
    const encoder = this.device.createCommandEncoder({ label: 'HessianProbe.apply' });
    this.encode(encoder);
    encoder.copyBufferToBuffer(this.output, 0, this.staging, 0, this.staging.size);
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ);
    const bytes = this.staging.getMappedRange().slice(0);
    this.staging.unmap();
    const { hv, grad } = probeResultLayout.columns<{ hv: Float32Array; grad: Float32Array }>(bytes, this.dim);
    this.gradient = grad;
    this.loss = probeResultLayout.scalars(bytes).loss;
    return Float64Array.from(hv);
  }

  destroy(): void {
    for (const b of [this.params, this.input, this.grads, this.output, this.staging]) b.destroy();
  }
}
