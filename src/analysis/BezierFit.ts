/**
 * A curve of low loss between two points (Garipov et al. 2018): the control point c of the
 * quadratic Bézier (1 − t)² a + 2t(1 − t) c + t² b, trained by SGD on the loss averaged along
 * the curve, all on the GPU (shaders/bezier_fit.wgsl): per step, S points of the curve at seeded
 * random t are evaluated in parallel, their gradients reduced and c moved. c and the step counter
 * stay on the GPU; only c and the short loss history come back, at the end.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { bezierFitKernel } from '../gpu/kernels';
import { F32_BYTES, fitParamsView, fitStateLayout, pathParamsView, pathResultsLayout } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { LandscapeBinding } from '../engine/LandscapeBinding';
import {
  checkFitOptions, checkPoint, checkSamplesPerStep, MAX_FIT_RECORDS, type BezierFitOptions, type BezierFitResult,
} from './curveReference';

/** Steps recorded in one submit, at most: keeps command buffers short where steps are cheap. */
const MAX_STEPS_PER_SUBMIT = 256;

export interface BezierFitSettings {
  /** Draws of t per SGD step (default 32). */
  samplesPerStep?: number;
}

export class BezierFit {
  readonly dim: number;
  readonly samplesPerStep: number;
  private readonly pathParams: GPUBuffer;
  private readonly fitParams: GPUBuffer;
  private readonly points: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly samples: GPUBuffer;
  private readonly state: GPUBuffer;
  private readonly history: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly pathView = pathParamsView();
  private readonly fitView = fitParamsView();
  private readonly upload: Float32Array<ArrayBuffer>;

  private constructor(
    private readonly device: GPUDevice,
    private readonly binding: LandscapeBinding,
    layout: BindingLayout,
    private readonly samplePipeline: GPUComputePipeline,
    private readonly updatePipeline: GPUComputePipeline,
    samplesPerStep: number,
  ) {
    const dim = (this.dim = binding.dim);
    this.samplesPerStep = samplesPerStep;
    const storage = (member: string, size: number, usage = 0) =>
      device.createBuffer({ label: `BezierFit.${member}`, size, usage: GPUBufferUsage.STORAGE | usage });
    this.pathParams = uniformBuffer(device, 'BezierFit.pathParams', this.pathView.arrayBuffer.byteLength);
    this.fitParams = uniformBuffer(device, 'BezierFit.fitParams', this.fitView.arrayBuffer.byteLength);
    // a, c, b: c is trained in place and copied out at the end.
    this.points = storage('points', 3 * dim * F32_BYTES, GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    this.grads = storage('grads', samplesPerStep * dim * F32_BYTES);
    this.samples = storage('samples', pathResultsLayout.bytes(samplesPerStep));
    this.state = storage('state', fitStateLayout.bytes(), GPUBufferUsage.COPY_DST);
    this.history = storage('history', MAX_FIT_RECORDS * F32_BYTES, GPUBufferUsage.COPY_SRC);
    this.staging = device.createBuffer({
      label: 'BezierFit.staging',
      size: (dim + MAX_FIT_RECORDS) * F32_BYTES,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.group = layout.bindGroup('BezierFit.group', {
      L: binding.uniforms,
      PP: this.pathParams,
      FP: this.fitParams,
      path_points: this.points,
      path_grads: this.grads,
      path_results: this.samples,
      fit_state: this.state,
      fit_history: this.history,
    });
    this.upload = new Float32Array(3 * dim);
  }

  static async create(device: GPUDevice, binding: LandscapeBinding, settings: BezierFitSettings = {}): Promise<BezierFit> {
    const samplesPerStep = settings.samplesPerStep ?? 32;
    checkSamplesPerStep(samplesPerStep);
    checkStorageSize(device, samplesPerStep * binding.dim * F32_BYTES, `BezierFit gradients of ${samplesPerStep} samples at D = ${binding.dim}`);
    const code = bezierFitKernel(binding.landscape.wgsl);
    const layout = BindingLayout.fromWgsl(device, 'BezierFit.layout', code);
    const layouts = [layout.layout, ...binding.extraLayouts];
    const constants = { DIM: binding.dim };
    const [sample, update] = await Promise.all([
      compute(device, 'BezierFit.samplePipeline', code, layouts, 'sample', constants),
      compute(device, 'BezierFit.updatePipeline', code, layouts, 'update', constants),
    ]);
    return new BezierFit(device, binding, layout, sample, update, samplesPerStep);
  }

  /** Samples evaluated per submit: the work budget, in landscape evaluations. */
  private get samplesPerSubmit(): number {
    return itemsPerSubmit(this.binding.fullEvaluationCost + 4 * this.dim);
  }

  /** Trains the control point from `control` (default the midpoint of a and b) for `steps` SGD steps of size `lr`. */
  async fit(a: ArrayLike<number>, b: ArrayLike<number>, options: BezierFitOptions): Promise<BezierFitResult<Float32Array>> {
    const dim = this.dim;
    const S = this.samplesPerStep;
    checkPoint('a', a, dim);
    checkPoint('b', b, dim);
    const { steps, lr, seed, recordEvery } = checkFitOptions(options);
    const control = options.control ?? Float64Array.from(a, (x, d) => (x + b[d]) / 2);
    checkPoint('control', control, dim);
    this.upload.set(a, 0);
    this.upload.set(control, dim);
    this.upload.set(b, 2 * dim);
    this.device.queue.writeBuffer(this.points, 0, this.upload);
    this.device.queue.writeBuffer(this.state, 0, new Uint32Array(fitStateLayout.bytes() / 4));
    this.fitView.set({ lr, seed, record_every: recordEvery, records: MAX_FIT_RECORDS });
    this.device.queue.writeBuffer(this.fitParams, 0, this.fitView.arrayBuffer);

    const perSubmit = this.samplesPerSubmit;
    // Several whole steps per submit when a step fits the budget; else each step's samples in parts.
    const stepsPerSubmit = perSubmit >= S ? Math.min(MAX_STEPS_PER_SUBMIT, Math.floor(perSubmit / S)) : 1;
    const parts = perSubmit >= S ? 1 : Math.ceil(S / perSubmit);
    const partSize = Math.ceil(S / parts);
    let submits = 0;
    for (let step = 0; step < steps; step += stepsPerSubmit) {
      const stepsNow = Math.min(stepsPerSubmit, steps - step);
      for (let part = 0; part < parts; part++) {
        const base = part * partSize;
        const count = Math.min(partSize, S - base);
        // One uniform write per submit; the step counter itself lives on the GPU.
        this.pathView.set({ slots: S, points: S, base, count, bezier: 1, t0: 0, spacing: 0 });
        this.device.queue.writeBuffer(this.pathParams, 0, this.pathView.arrayBuffer);
        const encoder = this.device.createCommandEncoder({ label: 'BezierFit.fit' });
        const pass = encoder.beginComputePass({ label: 'BezierFit.pass' });
        pass.setBindGroup(0, this.group);
        this.binding.setGroups(pass);
        for (let k = 0; k < stepsNow; k++) {
          pass.setPipeline(this.samplePipeline);
          pass.dispatchWorkgroups(...dispatchSize(count, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
          if (part === parts - 1) {
            pass.setPipeline(this.updatePipeline);
            pass.dispatchWorkgroups(...dispatchSize(dim, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension));
          }
        }
        pass.end();
        if (submits > 0) await this.device.queue.onSubmittedWorkDone();
        this.device.queue.submit([encoder.finish()]);
        submits++;
      }
    }
    const records = Math.ceil(steps / recordEvery);
    const encoder = this.device.createCommandEncoder({ label: 'BezierFit.readBack' });
    encoder.copyBufferToBuffer(this.points, dim * F32_BYTES, this.staging, 0, dim * F32_BYTES);
    encoder.copyBufferToBuffer(this.history, 0, this.staging, dim * F32_BYTES, records * F32_BYTES);
    this.device.queue.submit([encoder.finish()]);
    const size = (dim + records) * F32_BYTES;
    await this.staging.mapAsync(GPUMapMode.READ, 0, size);
    const out = new Float32Array(this.staging.getMappedRange(0, size).slice(0));
    this.staging.unmap();
    return { control: out.slice(0, dim), curveLoss: Array.from(out.subarray(dim)), recordEvery };
  }

  destroy(): void {
    for (const b of [this.pathParams, this.fitParams, this.points, this.grads, this.samples, this.state, this.history, this.staging]) {
      b.destroy();
    }
  }
}
