/**
 * Copies `count` samples of a pairs buffer (vec2f, as GanTrainer writes them) into `columns`,
 * coordinate-major, so BirthdayTest can read one GAN's samples in place
 * (shaders/lab_gan_columns.wgsl). Twin: ./columnsReference.ts.
 */
import columnsSource from '../../../shaders/lab_gan_columns.wgsl?raw';
import { makeStructuredView } from 'webgpu-utils';
import { BindingLayout, definitionsOf } from '../../gpu/BindingLayout';
import { compute, uniformBuffer } from '../../gpu/bindings';
import { WORKGROUP_SIZE } from '../../gpu/constants';
import { WGSL_PRELUDE } from '../../gpu/prelude';

const code = [WGSL_PRELUDE, columnsSource].join('\n');

export class SampleColumns {
  readonly columns: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly view = makeStructuredView(definitionsOf(code).uniforms.CP);
  /** Bind groups by source buffer, made at a source's first use (the lab has two: generator and real samples). */
  private readonly groups = new Map<GPUBuffer, GPUBindGroup>();

  private constructor(
    private readonly device: GPUDevice,
    readonly capacity: number,
    private readonly layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
  ) {
    this.params = uniformBuffer(device, 'SampleColumns.params', this.view.arrayBuffer.byteLength);
    this.columns = device.createBuffer({ label: 'SampleColumns.columns', size: 8 * capacity, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  }

  static async create(device: GPUDevice, capacity: number): Promise<SampleColumns> {
    if (!(Number.isInteger(capacity) && capacity >= 2)) throw new RangeError(`SampleColumns: capacity = ${capacity} was refused: it must be a whole number of at least 2.`);
    const layout = BindingLayout.fromWgsl(device, 'SampleColumns.layout', code);
    const pipeline = await compute(device, 'SampleColumns.pipeline', code, [layout.layout]);
    return new SampleColumns(device, capacity, layout, pipeline);
  }

  /** Records the copy of samples first .. first + count − 1 of `pairs` into `columns` (x's at 0, y's at count). */
  encode(encoder: GPUCommandEncoder, pairs: GPUBuffer, first: number, count: number): void {
    if (!(Number.isInteger(count) && count >= 1 && count <= this.capacity)) {
      throw new RangeError(`SampleColumns: count = ${count} was refused: it must be a whole number from 1 to its capacity ${this.capacity}.`);
    }
    if (!(Number.isInteger(first) && first >= 0 && 8 * (first + count) <= pairs.size)) {
      throw new RangeError(`SampleColumns: samples ${first} .. ${first + count - 1} were refused: "${pairs.label}" holds ${pairs.size / 8} samples.`);
    }
    let group = this.groups.get(pairs);
    if (!group) {
      group = this.layout.bindGroup('SampleColumns.group', { CP: this.params, pairs, columns: this.columns });
      this.groups.set(pairs, group);
      // A rebuilt trainer brings a new buffer: forget all but the latest two sources.
      if (this.groups.size > 2) this.groups.delete(this.groups.keys().next().value!);
    }
    this.view.set({ first, count });
    this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
    const pass = encoder.beginComputePass({ label: 'SampleColumns.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP_SIZE));
    pass.end();
  }

  destroy(): void {
    this.params.destroy();
    this.columns.destroy();
  }
}
