/**
 * Projects particles into the drawn slice on the GPU, writing straight into the buffers
 * three.js draws (particles and trails): nothing is copied through the CPU.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { projectKernel } from '../gpu/kernels';
import { projectParamsView } from '../gpu/layouts';
import type { ParticleEngine } from '../engine/ParticleEngine';
import type { SurfaceEvaluator } from '../engine/SurfaceEvaluator';
import type { LandscapeMinimum } from '../landscapes';

/** At most this many known minima colour basins (every built-in landscape lists fewer). */
export const MAX_BASINS = 16;

export interface ProjectorTargets {
  /** N vec4 (a, b, loss, status word). */
  render: GPUBuffer;
  /** trailLength x trailCount vec4, ring-ordered by slot. */
  trails: GPUBuffer;
  trailCount: number;
  trailLength: number;
}

export class ParticleProjector {
  private readonly params: GPUBuffer;
  private readonly minima: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly view = projectParamsView();
  private readonly minimaCount: number;
  private head = 0;
  private filled = 0;
  findBasin = false;
  /** Distance from the plane at which a particle is drawn at about two thirds of its size. */
  distanceScale = 1;
  /** Draw particles at the slice's loss where they project rather than at their own loss. */
  sliceHeight = false;
  /** Live particles with a loss below this are drawn as successes (colour by outcome). */
  successLoss = -Infinity;

  private constructor(
    private readonly device: GPUDevice,
    private readonly engine: ParticleEngine,
    private readonly targets: ProjectorTargets,
    minima: LandscapeMinimum[],
    private readonly surface: SurfaceEvaluator,
    layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
  ) {
    const dim = engine.dim;
    this.params = uniformBuffer(device, 'ParticleProjector.params', this.view.arrayBuffer.byteLength);
    const kept = minima.slice(0, MAX_BASINS);
    this.minimaCount = kept.length;
    const data = new Float32Array(Math.max(1, kept.length) * dim);
    kept.forEach((m, i) => data.set(m.x, i * dim));
    this.minima = device.createBuffer({
      label: 'ParticleProjector.minima',
      size: data.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(this.minima, 0, data);
    this.group = layout.bindGroup('ParticleProjector.group', {
      PP: this.params,
      pos: engine.pos,
      particles: engine.state,
      plane: surface.plane,
      minima: this.minima,
      render: targets.render,
      trails: targets.trails,
      heights: surface.heights,
    });
  }

  static async create(
    device: GPUDevice,
    engine: ParticleEngine,
    surface: SurfaceEvaluator,
    minima: LandscapeMinimum[],
    targets: ProjectorTargets,
  ): Promise<ParticleProjector> {
    const layout = BindingLayout.fromWgsl(device, 'ParticleProjector.layout', projectKernel);
    const pipeline = await compute(device, 'ParticleProjector.pipeline', projectKernel, [layout.layout]);
    return new ParticleProjector(device, engine, targets, minima, surface, layout, pipeline);
  }

  /** Newest trail slot, and how many slots hold positions since the last clear. */
  get trailHead(): number {
    return this.head;
  }
  get trailFilled(): number {
    return this.filled;
  }

  /** Forget the trails (after a reset or a jump), so no segment joins old and new positions. */
  clearTrails(): void {
    this.filled = 0;
  }

  /** Records the projection; with `advanceTrail`, the particles' positions also join their trails. */
  encode(encoder: GPUCommandEncoder, advanceTrail: boolean): void {
    const { trailCount, trailLength } = this.targets;
    if (advanceTrail) {
      this.head = (this.head + 1) % trailLength;
      this.filled = Math.min(this.filled + 1, trailLength);
    }
    this.view.set({
      n: this.engine.count,
      dim: this.engine.dim,
      trail_count: advanceTrail ? trailCount : 0,
      trail_head: this.head,
      minima_count: this.minimaCount,
      find_basin: this.findBasin ? 1 : 0,
      distance_scale: this.distanceScale,
      slice_height: this.sliceHeight ? 1 : 0,
      success_loss: Math.max(this.successLoss, -3.4e38),
      grid: this.surface.grid,
      a_range: this.surface.planeValue.aRange,
      b_range: this.surface.planeValue.bRange,
    });
    this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
    const pass = encoder.beginComputePass({ label: 'ParticleProjector.pass' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(...dispatchSize(this.engine.count, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
    pass.end();
  }

  destroy(): void {
    this.params.destroy();
    this.minima.destroy();
  }
}
