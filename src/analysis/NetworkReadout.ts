/**
 * Networks trained on data: each sampled particle's metrics (training loss on the whole set,
 * held-out loss, accuracies; the landscape's `metrics`), evaluated on the GPU where the particles
 * live and read back as four numbers per network. Buffers are sized once for `capacity`
 * networks; a readout of more samples them evenly. It submits its own passes (a readout is a
 * query, read back at once, like HessianProbe's products).
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { itemsPerSubmit } from '../gpu/workBudget';
import { BindingLayout } from '../gpu/BindingLayout';
import { readoutKernel } from '../gpu/kernels';
import { readingsLayout, readoutParamsView } from '../gpu/layouts';
import type { ParticleEngine } from '../engine/ParticleEngine';

/** Components of landscape_metrics' vec4f. */
export const METRIC_SLOTS = 4;

export interface NetworkReadings {
  /** The metrics' names, as the landscape gives them. */
  names: readonly string[];
  /** Particle index of each network read. */
  particles: Uint32Array;
  /** One row of names.length values per network (NaN where a network diverged). */
  values: Float64Array[];
}

export class NetworkReadout {
  readonly capacity: number;
  private readonly params: GPUBuffer;
  private readonly readings: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly view = readoutParamsView();

  private constructor(
    private readonly device: GPUDevice,
    private readonly engine: ParticleEngine,
    layout: BindingLayout,
    private readonly pipeline: GPUComputePipeline,
    capacity: number,
  ) {
    this.capacity = capacity;
    this.params = uniformBuffer(device, 'NetworkReadout.params', this.view.arrayBuffer.byteLength);
    this.readings = device.createBuffer({
      label: 'NetworkReadout.readings',
      size: readingsLayout.bytes(capacity),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.staging = device.createBuffer({
      label: 'NetworkReadout.staging',
      size: this.readings.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('NetworkReadout.group', {
      L: engine.landscapeBinding.uniforms,
      RO: this.params,
      pos: engine.pos,
      readings: this.readings,
      particles: engine.state,
    });
  }

  /** Null when the engine's landscape has no metrics. */
  static async create(device: GPUDevice, engine: ParticleEngine, capacity = 1024): Promise<NetworkReadout | null> {
    const binding = engine.landscapeBinding;
    if (!binding.landscape.metrics) return null;
    const code = readoutKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'NetworkReadout.layout', code);
    const pipeline = await compute(device, 'NetworkReadout.pipeline', code, [layout.layout, ...binding.extraLayouts], 'main', {
      DIM: binding.dim,
    });
    return new NetworkReadout(device, engine, layout, pipeline, Math.max(1, Math.min(capacity, engine.count)));
  }

  get names(): readonly string[] {
    return this.engine.landscapeBinding.landscape.metrics?.names ?? [];
  }

  /**
   * Reads `count` networks (at most the capacity) spread evenly over the cloud, from particle
   * `first` on. Costly readouts are split into several submits (the work budget), so a large
   * network on a software adapter never holds the GPU long enough for the watchdog.
   */
  async measure(count = this.capacity, first = 0): Promise<NetworkReadings> {
    const n = this.engine.count;
    const k = Math.max(1, Math.min(Math.floor(count), this.capacity, n));
    const start = Math.floor(first) % n;
    const stride = Math.max(1, Math.floor(n / k));
    const binding = this.engine.landscapeBinding;
    const perSubmit = itemsPerSubmit(binding.landscape.metrics!.cost(binding.dim, binding.params));
    const maxPerDim = this.device.limits.maxComputeWorkgroupsPerDimension;
    for (let base = 0; base < k; base += perSubmit) {
      const part = Math.min(perSubmit, k - base);
      // One uniform write per submit: writes before one submit would all land before its first pass.
      this.view.set({ n, first: start, stride, base, count: part });
      this.device.queue.writeBuffer(this.params, 0, this.view.arrayBuffer);
      const encoder = this.device.createCommandEncoder({ label: 'NetworkReadout.measure' });
      const pass = encoder.beginComputePass({ label: 'NetworkReadout.pass' });
      pass.setPipeline(this.pipeline);
      pass.setBindGroup(0, this.group);
      binding.setGroups(pass);
      pass.dispatchWorkgroups(...dispatchSize(part, WORKGROUP_SIZE, maxPerDim));
      pass.end();
      if (base + part >= k) encoder.copyBufferToBuffer(this.readings, 0, this.staging, 0, readingsLayout.bytes(k));
      this.device.queue.submit([encoder.finish()]);
    }
    await this.staging.mapAsync(GPUMapMode.READ, 0, readingsLayout.bytes(k));
    const raw = new Float32Array(this.staging.getMappedRange(0, readingsLayout.bytes(k)).slice(0));
    this.staging.unmap();
    const names = this.names;
    const rowFloats = raw.length / k;
    return {
      names,
      particles: Uint32Array.from({ length: k }, (_, i) => (start + i * stride) % n),
      values: Array.from({ length: k }, (_, i) => Float64Array.from(raw.subarray(i * rowFloats, i * rowFloats + names.length))),
    };
  }

  destroy(): void {
    for (const b of [this.params, this.readings, this.staging]) b.destroy();
  }
}

/** Mean and median of each metric over the networks whose readings are finite; diverged ones are counted, never averaged. */
export function summarizeReadings(r: NetworkReadings): { name: string; mean: number; median: number; finite: number }[] {
  return r.names.map((name, j) => {
    const xs = r.values.map((row) => row[j]).filter(Number.isFinite).sort((a, b) => a - b);
    const mean = xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
    const median = xs.length ? (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2) : NaN;
    return { name, mean, median, finite: xs.length };
  });
}
