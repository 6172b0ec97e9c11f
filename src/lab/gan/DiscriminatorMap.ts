/**
 * The focused GAN's discriminator on a grid of the plane, computed on the GPU from the trainer's
 * parameter buffer in place (shaders/lab_gan_discriminator.wgsl, concatenated after the GAN
 * network routines) into `heat`, which the focused view draws. Twin: ./discriminatorGrid.ts.
 */
import heatKernelSource from '../../../shaders/lab_gan_discriminator.wgsl?raw';
import { makeStructuredView } from 'webgpu-utils';
import { BindingLayout, definitionsOf } from '../../gpu/BindingLayout';
import { compute, uniformBuffer } from '../../gpu/bindings';
import { checkStorageSize } from '../../gpu/device';
import type { GanTrainer } from '../../gan/GanTrainer';
import { ganNetworksWgsl } from '../../gan/ganKernels';
import type { PlaneWindow } from './discriminatorGrid';

/** Most grid points one workgroup holds at once, and the workgroups dispatched. */
const CHUNK_ROWS = 64;
const WORKGROUPS = 32;
export const MAX_HEAT_RESOLUTION = 256;

export class DiscriminatorMap {
  readonly heat: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly scratch: GPUBuffer;
  private readonly view;
  private readonly groups: GPUBindGroup[];

  private constructor(
    private readonly device: GPUDevice,
    readonly resolution: number,
    private readonly pipeline: GPUComputePipeline,
    layouts: BindingLayout[],
    trainer: GanTrainer,
    code: string,
  ) {
    this.view = makeStructuredView(definitionsOf(code).uniforms.HM);
    this.params = uniformBuffer(device, 'DiscriminatorMap.params', this.view.arrayBuffer.byteLength);
    this.heat = device.createBuffer({ label: 'DiscriminatorMap.heat', size: 4 * resolution * resolution, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const { plan, spec } = trainer;
    const floats = WORKGROUPS * (spec.discriminator.hidden + 2) * CHUNK_ROWS * plan.stride;
    this.scratch = device.createBuffer({ label: 'DiscriminatorMap.scratch', size: 4 * floats, usage: GPUBufferUsage.STORAGE });
    this.groups = [
      layouts[0].bindGroup('DiscriminatorMap.networkGroup', { ...trainer.networkBindings(), scratch: this.scratch }),
      layouts[1].bindGroup('DiscriminatorMap.heatGroup', { HM: this.params, heat: this.heat }),
    ];
  }

  /** For `trainer`'s networks, on a resolution × resolution grid (up to MAX_HEAT_RESOLUTION). */
  static async create(device: GPUDevice, trainer: GanTrainer, resolution: number): Promise<DiscriminatorMap> {
    if (!(Number.isInteger(resolution) && resolution >= 2 && resolution <= MAX_HEAT_RESOLUTION)) {
      throw new RangeError(`heat-map resolution = ${resolution} was refused: it must be a whole number from 2 to MAX_HEAT_RESOLUTION = ${MAX_HEAT_RESOLUTION}.`);
    }
    checkStorageSize(device, WORKGROUPS * (trainer.spec.discriminator.hidden + 2) * CHUNK_ROWS * trainer.plan.stride * 4, 'the heat map\'s layer outputs');
    const code = [ganNetworksWgsl, heatKernelSource].join('\n');
    const layouts = [
      BindingLayout.fromWgsl(device, 'DiscriminatorMap.networkLayout', code, { dynamic: ['GP'] }),
      BindingLayout.fromWgsl(device, 'DiscriminatorMap.heatLayout', code, { group: 1 }),
    ];
    const pipeline = await compute(device, 'DiscriminatorMap.pipeline', code, layouts.map((l) => l.layout), 'main', { GAN_THREADS: trainer.plan.threads });
    return new DiscriminatorMap(device, resolution, pipeline, layouts, trainer, code);
  }

  /** Records D of GAN `gan` on the grid over `window` into `heat`. */
  encode(encoder: GPUCommandEncoder, gan: number, window: PlaneWindow): void {
    this.view.set({ gan, resolution: this.resolution, rows: CHUNK_ROWS, workgroups: WORKGROUPS, centre: window.centre, half_extent: window.halfExtent });
    this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
    const pass = encoder.beginComputePass({ label: 'DiscriminatorMap.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.groups[0], [0]);
    pass.setBindGroup(1, this.groups[1]);
    pass.dispatchWorkgroups(WORKGROUPS);
    pass.end();
  }

  destroy(): void {
    for (const b of [this.params, this.heat, this.scratch]) b.destroy();
  }
}
