/**
 * The loss along a curve between two points of R^D, on the GPU (shaders/path_profile.wgsl):
 * the segment (1 − t) a + t b (Goodfellow et al. 2015) or the quadratic Bézier
 * (1 − t)² a + 2t(1 − t) c + t² b (Garipov et al. 2018), one invocation per point, on the
 * landscape's whole training set. Buffers are made once for `capacity` points; the ends and the
 * control point are written per query. Only four numbers per point come back.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { pathProfileKernel } from '../gpu/kernels';
import { F32_BYTES, pathParamsView, pathResultsLayout } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { LandscapeBinding } from '../engine/LandscapeBinding';
import {
  checkPoint, DEFAULT_PROFILE_POINTS, profileGrid, profileTimes, type CurveKind, type CurveProfile, type ProfileOptions,
} from './curveReference';

export { curveBarrier } from './curveReference';

/** Points a profile may hold, at most. */
export const MAX_PROFILE_POINTS = 1 << 16;

export interface PathProfileResult extends CurveProfile {
  loss: Float32Array;
  gradNorm: Float32Array;
  slope: Float32Array;
}

export class PathProfile {
  readonly dim: number;
  private readonly params: GPUBuffer;
  private readonly points: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly results: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly view = pathParamsView();
  /** a, c, b as uploaded. */
  private readonly upload: Float32Array<ArrayBuffer>;

  private constructor(
    private readonly device: GPUDevice,
    private readonly binding: LandscapeBinding,
    layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
    /** Points along the curve the buffers hold; two more slots hold the ends. */
    readonly capacity: number,
  ) {
    const dim = (this.dim = binding.dim);
    const slots = capacity + 2;
    this.params = uniformBuffer(device, 'PathProfile.params', this.view.arrayBuffer.byteLength);
    this.points = device.createBuffer({
      label: 'PathProfile.points',
      size: 3 * dim * F32_BYTES,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.grads = device.createBuffer({ label: 'PathProfile.grads', size: slots * dim * F32_BYTES, usage: GPUBufferUsage.STORAGE });
    this.results = device.createBuffer({
      label: 'PathProfile.results',
      size: pathResultsLayout.bytes(slots),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.staging = device.createBuffer({
      label: 'PathProfile.staging',
      size: this.results.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('PathProfile.group', {
      L: binding.uniforms,
      PP: this.params,
      path_points: this.points,
      path_grads: this.grads,
      path_results: this.results,
    });
    this.upload = new Float32Array(3 * dim);
  }

  /** Buffers for up to `capacity` points per profile (default 101). */
  static async create(device: GPUDevice, binding: LandscapeBinding, capacity = DEFAULT_PROFILE_POINTS): Promise<PathProfile> {
    if (!Number.isInteger(capacity) || capacity < 2 || capacity > MAX_PROFILE_POINTS) {
      throw new RangeError(`capacity = ${capacity} was refused: it must be a whole number from 2 to MAX_PROFILE_POINTS (${MAX_PROFILE_POINTS}).`);
    }
    // One gradient per point (and per end), coordinate-major.
    checkStorageSize(device, (capacity + 2) * binding.dim * F32_BYTES, `PathProfile gradients of ${capacity} points at D = ${binding.dim}`);
    const code = pathProfileKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'PathProfile.layout', code);
    const pipeline = await compute(device, 'PathProfile.pipeline', code, [layout.layout, ...binding.extraLayouts], 'main', {
      DIM: binding.dim,
    });
    return new PathProfile(device, binding, layout, pipeline, capacity);
  }

  /** The loss on the segment (1 − t) a + t b at `points` t evenly from `from` to `to` (default 101 over [−0.25, 1.25]). */
  segment(a: ArrayLike<number>, b: ArrayLike<number>, options: ProfileOptions = {}): Promise<PathProfileResult> {
    return this.profile('segment', a, null, b, options);
  }

  /** The loss on the Bézier (1 − t)² a + 2t(1 − t) c + t² b at `points` t evenly over [0, 1]. */
  bezier(a: ArrayLike<number>, control: ArrayLike<number>, b: ArrayLike<number>, options: { points?: number } = {}): Promise<PathProfileResult> {
    return this.profile('bezier', a, control, b, options);
  }

  private async profile(
    kind: CurveKind,
    a: ArrayLike<number>,
    control: ArrayLike<number> | null,
    b: ArrayLike<number>,
    options: ProfileOptions,
  ): Promise<PathProfileResult> {
    const dim = this.dim;
    checkPoint('a', a, dim);
    checkPoint('b', b, dim);
    if (control) checkPoint('control', control, dim);
    const { points, from, to } = profileGrid(kind, options, this.capacity);
    this.upload.set(a, 0);
    if (control) this.upload.set(control, dim);
    else this.upload.fill(0, dim, 2 * dim);
    this.upload.set(b, 2 * dim);
    this.device.queue.writeBuffer(this.points, 0, this.upload);

    const slots = points + 2;
    const perSubmit = itemsPerSubmit(this.binding.fullEvaluationCost + 4 * dim);
    const maxPerDim = this.device.limits.maxComputeWorkgroupsPerDimension;
    for (let base = 0; base < slots; base += perSubmit) {
      const count = Math.min(perSubmit, slots - base);
      // One uniform write per submit: writes before one submit would all land before its first pass.
      this.view.set({
        slots: this.capacity + 2,
        points,
        base,
        count,
        bezier: kind === 'bezier' ? 1 : 0,
        t0: from,
        spacing: (to - from) / (points - 1),
      });
      this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
      const encoder = this.device.createCommandEncoder({ label: 'PathProfile.profile' });
      const pass = encoder.beginComputePass({ label: 'PathProfile.pass' });
      pass.setPipeline(this.pipeline);
      pass.setBindGroup(0, this.group);
      this.binding.setGroups(pass);
      pass.dispatchWorkgroups(...dispatchSize(count, WORKGROUP_SIZE, maxPerDim));
      pass.end();
      const last = base + count >= slots;
      if (last) encoder.copyBufferToBuffer(this.results, 0, this.staging, 0, pathResultsLayout.bytes(slots));
      this.device.queue.submit([encoder.finish()]);
      // Each part finishes before the next is queued, so no single GPU task runs long.
      if (!last) await this.device.queue.onSubmittedWorkDone();
    }
    await this.staging.mapAsync(GPUMapMode.READ, 0, pathResultsLayout.bytes(slots));
    const bytes = this.staging.getMappedRange(0, pathResultsLayout.bytes(slots)).slice(0);
    this.staging.unmap();
    const r = pathResultsLayout.columns<{ loss: Float32Array; grad_norm: Float32Array; slope: Float32Array }>(bytes, slots);
    return {
      t: profileTimes(points, from, to),
      loss: r.loss.slice(0, points),
      gradNorm: r.grad_norm.slice(0, points),
      slope: r.slope.slice(0, points),
      lossA: r.loss[points],
      lossB: r.loss[points + 1],
    };
  }

  destroy(): void {
    for (const b of [this.params, this.points, this.grads, this.results, this.staging]) b.destroy();
  }
}
