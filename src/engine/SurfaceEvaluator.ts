/**
 * The loss on a G x G grid over a plane through the landscape, evaluated by the very same
 * WGSL as the particles. The heights buffer is what the view draws.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { DeviceLimitError } from '../gpu/device';
import { surfaceKernel } from '../gpu/kernels';
import { F32_BYTES, heightRangeLayout, surfaceParamsView } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { LandscapeBinding } from './LandscapeBinding';

export const MAX_SURFACE_GRID = 1024;

/** A plane c + a u + b v with a and b in their ranges. */
export interface SlicePlane {
  center: ArrayLike<number>;
  u: ArrayLike<number>;
  v: ArrayLike<number>;
  aRange: [number, number];
  bRange: [number, number];
}

/** The plane through the origin along the first two axes, over the landscape's box. */
export function axisPlane(dim: number, box: [number, number]): SlicePlane {
  const u = new Float32Array(dim);
  const v = new Float32Array(dim);
  u[0] = 1;
  v[1] = 1;
  return { center: new Float32Array(dim), u, v, aRange: [...box], bRange: [...box] };
}

/** The [min, max] of the finite heights, from the bytes of a copy of SurfaceEvaluator.range. */
export function readHeightRange(bytes: ArrayBuffer): [number, number] {
  const { lo, hi } = heightRangeLayout.scalars(bytes);
  return [lo, hi];
}

export class SurfaceEvaluator {
  readonly heights: GPUBuffer;
  /** The finite heights' min and max (struct HeightRange), on the GPU: read back with readHeightRange. */
  readonly range: GPUBuffer;
  private readonly params: GPUBuffer;
  /** c, u and v of the slice, read by the particle projection too. */
  readonly plane: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly view = surfaceParamsView();
  private dirty = true;
  /** Where an evaluation split over several submits has got to. */
  private nextCell = 0;
  planeValue: SlicePlane;

  private constructor(
    private readonly device: GPUDevice,
    private readonly landscapeBinding: LandscapeBinding,
    readonly grid: number,
    layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
    private readonly rangePipeline: GPUComputePipeline,
  ) {
    const dim = landscapeBinding.dim;
    this.params = uniformBuffer(device, 'SurfaceEvaluator.params', this.view.arrayBuffer.byteLength);
    this.plane = device.createBuffer({
      label: 'SurfaceEvaluator.plane',
      size: 3 * dim * F32_BYTES,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    this.heights = device.createBuffer({
      label: 'SurfaceEvaluator.heights',
      size: grid * grid * F32_BYTES,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.range = device.createBuffer({
      label: 'SurfaceEvaluator.range',
      size: heightRangeLayout.bytes(),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.group = layout.bindGroup('SurfaceEvaluator.group', {
      L: landscapeBinding.uniforms,
      S: this.params,
      plane: this.plane,
      heights: this.heights,
      height_range: this.range,
    });
    this.planeValue = axisPlane(dim, landscapeBinding.landscape.box);
    this.setPlane(this.planeValue);
  }

  static async create(device: GPUDevice, landscapeBinding: LandscapeBinding, grid: number): Promise<SurfaceEvaluator> {
    if (!Number.isInteger(grid) || grid < 2 || grid > MAX_SURFACE_GRID) {
      throw new DeviceLimitError('surface grid', grid, MAX_SURFACE_GRID, 'Surface grid side (2 or more)');
    }
    const code = surfaceKernel(landscapeBinding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'SurfaceEvaluator.layout', code);
    const layouts = [layout.layout, ...landscapeBinding.extraLayouts];
    const [main, range] = await Promise.all([
      compute(device, 'SurfaceEvaluator.pipeline', code, layouts, 'main', { DIM: landscapeBinding.dim }),
      compute(device, 'SurfaceEvaluator.rangePipeline', code, layouts, 'range', { DIM: landscapeBinding.dim }),
    ]);
    return new SurfaceEvaluator(device, landscapeBinding, grid, layout, main, range);
  }

  setPlane(plane: SlicePlane): void {
    const dim = this.landscapeBinding.dim;
    const data = new Float32Array(3 * dim);
    data.set(Array.from(plane.center).slice(0, dim), 0);
    data.set(Array.from(plane.u).slice(0, dim), dim);
    data.set(Array.from(plane.v).slice(0, dim), 2 * dim);
    this.device.queue.writeBuffer(this.plane, 0, data);
    this.planeValue = plane;
    this.invalidate();
  }

  /** Marks the surface stale (the plane or the landscape's parameters changed): it is evaluated afresh. */
  invalidate(): void {
    this.dirty = true;
    this.nextCell = 0;
  }

  /** Whether an evaluation is pending or under way. */
  get stale(): boolean {
    return this.dirty;
  }

  /**
   * Records the next part of a pending evaluation: the whole grid, unless that is more work than
   * one submit should carry (high D, costly landscapes), when it takes several calls (frames).
   * Returns true when this call completed the surface (heights and range are then current).
   * One call per submit: the part's bounds are a uniform written now.
   */
  encode(encoder: GPUCommandEncoder, force = false): boolean {
    if (force) this.invalidate();
    if (!this.dirty) return false;
    const total = this.grid * this.grid;
    const first = this.nextCell;
    const cells = Math.min(total - first, itemsPerSubmit(this.landscapeBinding.fullEvaluationCost));
    const plane = this.planeValue;
    this.view.set({ grid: this.grid, first_cell: first, cells, a_range: plane.aRange, b_range: plane.bRange });
    this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
    const pass = encoder.beginComputePass({ label: 'SurfaceEvaluator.pass' });
    pass.setBindGroup(0, this.group);
    this.landscapeBinding.setGroups(pass);
    pass.setPipeline(this.pipeline);
    pass.dispatchWorkgroups(...dispatchSize(cells, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
    const done = first + cells === total;
    if (done) {
      pass.setPipeline(this.rangePipeline);
      pass.dispatchWorkgroups(1);
    }
    pass.end();
    this.nextCell = done ? 0 : first + cells;
    this.dirty = !done;
    return done;
  }

  destroy(): void {
    for (const b of [this.params, this.plane, this.heights, this.range]) b.destroy();
  }
}
