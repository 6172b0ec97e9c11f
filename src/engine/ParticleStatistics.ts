/**
 * Statistics over particles, reduced on the GPU; only the small summary and histogram travel
 * back, through a ring of staging buffers made once.
 */
import { compute, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { histogramKernel, reduceKernel } from '../gpu/kernels';
import { HIST_BINS, partialsLayout, REDUCE_GROUPS, reduceParamsView, statisticsLayout } from '../gpu/layouts';
import { scalarsOf } from '../gpu/StorageLayout';
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
  /** struct Statistics (shaders/summary.wgsl): the summary and both histograms, read back in one copy. */
  private readonly statistics: GPUBuffer;
  private readonly staging: GPUBuffer[];
  private readonly busy: boolean[];
  private readonly group: GPUBindGroup;
  private readonly paramsView = reduceParamsView();
  private logBins = false;

  private constructor(
    private readonly device: GPUDevice,
    private readonly count: number,
    state: GPUBuffer,
    layout: BindingLayout,
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
    this.partials = storage('partials', partialsLayout.bytes(REDUCE_GROUPS));
    this.statistics = storage('statistics', statisticsLayout.bytes());
    this.staging = Array.from({ length: STAGING_SLOTS }, (_, i) =>
      device.createBuffer({
        label: `ParticleStatistics.staging${i}`,
        size: this.statistics.size,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }),
    );
    this.busy = this.staging.map(() => false);
    this.group = layout.bindGroup('ParticleStatistics.group', {
      RP: this.params,
      particles: state,
      partials: this.partials,
      statistics: this.statistics,
    });
  }

  static async create(device: GPUDevice, count: number, state: GPUBuffer): Promise<ParticleStatistics> {
    const layout = BindingLayout.fromWgsl(device, 'ParticleStatistics.layout', [reduceKernel, histogramKernel]);
    const [partial, finalize, histogram] = await Promise.all([
      compute(device, 'ParticleStatistics.partialPipeline', reduceKernel, [layout.layout], 'partial'),
      compute(device, 'ParticleStatistics.finalizePipeline', reduceKernel, [layout.layout], 'finalize'),
      compute(device, 'ParticleStatistics.histogramPipeline', histogramKernel, [layout.layout]),
    ]);
    return new ParticleStatistics(device, count, state, layout, partial, finalize, histogram);
  }

  /** Histogram bins equal in log loss (as the log height) or in loss. */
  setLogBins(on: boolean): void {
    this.logBins = on;
    this.paramsView.set({ n: this.count, log_bins: on ? 1 : 0 });
    this.device.queue.writeBuffer(this.params, 0, this.paramsView.arrayBuffer);
  }

  /** The statistics (struct Statistics) stay on the GPU for other kernels (e.g. the best particle for a slice centre). */
  get statisticsBuffer(): GPUBuffer {
    return this.statistics;
  }

  /**
   * Records the reduction; returns a ticket when a staging buffer is free, else null
   * (the GPU is behind: skip this readback rather than stall or allocate).
   */
  encode(encoder: GPUCommandEncoder, step: number, escapeTracked = false): SummaryTicket | null {
    // The histograms accumulate; the summary is rewritten whole.
    encoder.clearBuffer(this.statistics);
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
    encoder.copyBufferToBuffer(this.statistics, 0, staging, 0, staging.size);
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
    for (const b of [this.params, this.partials, this.statistics, ...this.staging]) b.destroy();
  }
}

function decodeSummary(bytes: ArrayBuffer, step: number, count: number, log: boolean, escapeTracked: boolean): Summary {
  const views = statisticsLayout.view(bytes).views as { summary: Record<string, unknown>; loss_bins: Uint32Array; escape_bins: Uint32Array };
  const v = scalarsOf(views.summary);
  const live = v.live;
  const escaped = escapeTracked ? v.escaped : 0;
  const maxSteps = escaped ? v.escape_max : 0;
  const escape = {
    tracked: escapeTracked,
    escaped,
    meanSteps: escaped ? v.escape_sum / escaped : NaN,
    maxSteps,
    binWidth: escapeBinWidth(maxSteps, HIST_BINS),
    counts: escapeTracked ? views.escape_bins : new Uint32Array(HIST_BINS),
  };
  return {
    step,
    count,
    live,
    converged: v.converged,
    diverged: v.diverged,
    best: live ? v.best : -1,
    meanLoss: live ? v.loss_sum / live : NaN,
    minLoss: live ? v.loss_min : NaN,
    maxLoss: live ? v.loss_max : NaN,
    meanGradNorm: live ? v.grad_norm_sum / live : NaN,
    histogram: { lo: live ? v.loss_min : 0, hi: live ? v.loss_max : 0, counts: views.loss_bins, log },
    escape,
  };
}
