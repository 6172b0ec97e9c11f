/**
 * The GPU side of a landscape: its uniforms (dimension, parameters) and the data buffers it
 * brings, shared by every kernel that evaluates it (particles and surface).
 */
import type { Landscape } from '../landscapes';
import { uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { surfaceKernel } from '../gpu/kernels';
import { landscapeUniformsView } from '../gpu/layouts';
import { evaluationCost } from '../gpu/workBudget';

export class LandscapeBinding {
  readonly uniforms: GPUBuffer;
  /** Layouts to append after group 0: one group with the landscape's data, or none. */
  readonly extraLayouts: GPUBindGroupLayout[];
  readonly extraGroups: GPUBindGroup[];
  private readonly view = landscapeUniformsView();
  /** The parameter values last written. */
  params: number[];
  private readonly dataBuffers: GPUBuffer[];

  constructor(
    private readonly device: GPUDevice,
    readonly landscape: Landscape,
    readonly dim: number,
    params: readonly number[],
    seed: number,
  ) {
    this.params = [...params];
    this.uniforms = uniformBuffer(device, 'LandscapeBinding.uniforms', this.view.arrayBuffer.byteLength);
    const data = landscape.data?.(dim, [...params]) ?? [];
    this.dataBuffers = data.map((d) => {
      checkStorageSize(device, d.data.byteLength, `${landscape.name} data "${d.name}"`);
      const buffer = device.createBuffer({
        label: `LandscapeBinding.data.${d.name}`,
        size: Math.max(16, d.data.byteLength),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(buffer, 0, d.data);
      return buffer;
    });
    if (this.dataBuffers.length) {
      // Group 1 is the landscape's own, declared alike in every kernel that includes it: one
      // layout, shared by all their pipelines, read from the smallest of them.
      const layout = BindingLayout.fromWgsl(device, 'LandscapeBinding.dataLayout', surfaceKernel(landscape.wgsl), { group: 1 });
      this.extraLayouts = [layout.layout];
      this.extraGroups = [
        layout.bindGroup('LandscapeBinding.dataGroup', Object.fromEntries(data.map((d, i) => [d.name, this.dataBuffers[i]]))),
      ];
    } else {
      this.extraLayouts = [];
      this.extraGroups = [];
    }
    this.write(params, seed);
  }

  /** New parameter values; data that depends on them is rewritten in place. */
  write(params: readonly number[], seed: number): void {
    this.params = [...params];
    // As many parameters as LandscapeUniforms.p holds; the rest read as zero.
    const p = this.view.views.p as Float32Array;
    p.fill(0);
    p.set(params.slice(0, p.length));
    this.view.set({ dim: this.dim, seed });
    this.device.queue.writeBuffer(this.uniforms, 0, this.view.arrayBuffer);
    const data = this.landscape.data?.(this.dim, [...params]) ?? [];
    data.forEach((d, i) => this.device.queue.writeBuffer(this.dataBuffers[i], 0, d.data));
  }

  /** A new run seed (it keys the minibatches), parameters and data unchanged. */
  writeSeed(seed: number): void {
    this.view.set({ seed });
    this.device.queue.writeBuffer(this.uniforms, 0, this.view.arrayBuffer);
  }

  /** Operations in one evaluation at the current parameters (sizes GPU submits). */
  get evaluationCost(): number {
    return evaluationCost(this.landscape, this.dim, this.params);
  }

  /** The same on the whole training set, as the surface, Hessian and readout kernels evaluate. */
  get fullEvaluationCost(): number {
    return evaluationCost(this.landscape, this.dim, this.params, true);
  }

  setGroups(pass: GPUComputePassEncoder): void {
    this.extraGroups.forEach((g, i) => pass.setBindGroup(1 + i, g));
  }

  destroy(): void {
    this.uniforms.destroy();
    this.dataBuffers.forEach((b) => b.destroy());
  }
}
