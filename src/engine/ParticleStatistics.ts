/**
 * Statistics over particles, reduced on the GPU; only the small summary and histogram travel
 * back, through a ring of staging buffers made once.
 */
import { bindGroup, bindGroupLayout, compute, uniformBuffer } from '../gpu/bindings';
import { histogramKernel, reduceKernel } from '../gpu/kernels';
import { HIST_BINS, REDUCE_GROUPS, reduceParamsView, SUMMARY_BYTES, summaryView } from '../gpu/layouts';
import { escapeBinWidth } from './summarize';
import type { Summary } from './types';

const STAGING_SLOTS = 3;

/** A summary recorded into an encoder; read it after that encoder is submitted. */
export interface SummaryTicket {
  read(): Promise<Summary>;
}

export class ParticleStatistics {
  private readonly params: GPUBuffer;
  private readonly partials: GPUBuffer;
  private readonly summary: GPUBuffer;
  private readonly histogram: GPUBuffer;
  private readonly staging: GPUBuffer[];
  private readonly busy: boolean[];
  private readonly group: GPUBindGroup;
  private readonly paramsView = reduceParamsView();
  private logBins = false;

  private constructor(
    private readonly device: GPUDevice,
    private readonly count: number,
    state: GPUBuffer,
    layout: GPUBindGroupLayout,
    private readonly partialPipeline: GPUComputePipeline,
    private readonly finalizePipeline: GPUComputePipeline,
    private readonly histogramPipeline: GPUComputePipeline,
  ) {
    this.params = uniformBuffer(device, 'ParticleStatistics.params', this.paramsView.arrayBuffer.byteLength);
    this.setLogBins(false);
    const storage = (label: string, size: number) =>
      device.createBuffer({
        label: `ParticleStatistics.${label}`,
        size,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
    this.partials = storage('partials', SUMMARY_BYTES * REDUCE_GROUPS);
    this.summary = storage('summary', SUMMARY_BYTES);
    this.histogram = storage('histogram', 2 * HIST_BINS * 4);
    this.staging = Array.from({ length: STAGING_SLOTS }, (_, i) =>
      device.createBuffer({
        label: `ParticleStatistics.staging${i}`,
        size: SUMMARY_BYTES + 2 * HIST_BINS * 4,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }),
    );
    this.busy = this.staging.map(() => false);
    this.group = bindGroup(device, 'ParticleStatistics.group', layout, [
      this.params,
      state,
      this.partials,
      this.summary,
      this.histogram,
    ]);
  }

  static async create(device: GPUDevice, count: number, state: GPUBuffer): Promise<ParticleStatistics> {
    const layout = bindGroupLayout(device, 'ParticleStatistics.layout', [
      'uniform',
      'read-only-storage',
      'storage',
      'storage',
      'storage',
    ]);
    const [partial, finalize, histogram] = await Promise.all([
      compute(device, 'ParticleStatistics.partialPipeline', reduceKernel, [layout], 'partial'),
      compute(device, 'ParticleStatistics.finalizePipeline', reduceKernel, [layout], 'finalize'),
      compute(device, 'ParticleStatistics.histogramPipeline', histogramKernel, [layout]),
    ]);
    return new ParticleStatistics(device, count, state, layout, partial, finalize, histogram);
  }

  /** Histogram bins equal in log loss (as the log height) or in loss. */
  setLogBins(on: boolean): void {
    this.logBins = on;
    this.paramsView.set({ n: this.count, log_bins: on ? 1 : 0 });
    this.device.queue.writeBuffer(this.params, 0, this.paramsView.arrayBuffer);
  }

  /** The summary buffer stays on the GPU for other kernels (e.g. the best particle for a slice centre). */
  get summaryBuffer(): GPUBuffer {
    return this.summary;
  }

  /**
   * Records the reduction; returns a ticket when a staging buffer is free, else null
   * (the GPU is behind: skip this readback rather than stall or allocate).
   */
  encode(encoder: GPUCommandEncoder, step: number, escapeTracked = false): SummaryTicket | null {
    encoder.clearBuffer(this.histogram);
    const pass = encoder.beginComputePass({ label: 'ParticleStatistics.pass' });
    pass.setBindGroup(0, this.group);
    pass.setPipeline(this.partialPipeline);
    pass.dispatchWorkgroups(REDUCE_GROUPS);
    pass.setPipeline(this.finalizePipeline);
    pass.dispatchWorkgroups(1);
    pass.setPipeline(this.histogramPipeline);
    pass.dispatchWorkgroups(REDUCE_GROUPS);
    pass.end();
    const slot = this.busy.indexOf(false, 0);
    if (slot < 0) return null;
    const staging = this.staging[slot];
    this.busy[slot] = true;
    encoder.copyBufferToBuffer(this.summary, 0, staging, 0, SUMMARY_BYTES);
    encoder.copyBufferToBuffer(this.histogram, 0, staging, SUMMARY_BYTES, 2 * HIST_BINS * 4);
    const count = this.count;
    const logBins = this.logBins;
    return {
      read: async () => {
        try {
          await staging.mapAsync(GPUMapMode.READ);
          const bytes = staging.getMappedRange().slice(0);
          staging.unmap();
          return decodeSummary(bytes, step, count, logBins, escapeTracked);
        } finally {
          this.busy[slot] = false;
        }
      },
    };
  }

  destroy(): void {
    for (const b of [this.params, this.partials, this.summary, this.histogram, ...this.staging]) b.destroy();
  }
}

function decodeSummary(bytes: ArrayBuffer, step: number, count: number, log: boolean, escapeTracked: boolean): Summary {
  const v = summaryView(bytes).views as Record<string, Uint32Array | Float32Array>;
  const live = v.live[0];
  const counts = new Uint32Array(bytes.slice(SUMMARY_BYTES, SUMMARY_BYTES + HIST_BINS * 4));
  const escaped = escapeTracked ? v.escaped[0] : 0;
  const maxSteps = escaped ? v.escape_max[0] : 0;
  const escape = {
    tracked: escapeTracked,
    escaped,
    meanSteps: escaped ? v.escape_sum[0] / escaped : NaN,
    maxSteps,
    binWidth: escapeBinWidth(maxSteps, HIST_BINS),
    counts: escapeTracked
      ? new Uint32Array(bytes.slice(SUMMARY_BYTES + HIST_BINS * 4, SUMMARY_BYTES + 2 * HIST_BINS * 4))
      : new Uint32Array(HIST_BINS),
  };
  return {
    step,
    count,
    live,
    converged: v.converged[0],
    diverged: v.diverged[0],
    best: live ? v.best[0] : -1,
    meanLoss: live ? v.loss_sum[0] / live : NaN,
    minLoss: live ? v.loss_min[0] : NaN,
    maxLoss: live ? v.loss_max[0] : NaN,
    meanGradNorm: live ? v.grad_norm_sum[0] / live : NaN,
    histogram: { lo: live ? v.loss_min[0] : 0, hi: live ? v.loss_max[0] : 0, counts, log },
    escape,
  };
}
