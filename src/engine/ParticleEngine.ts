/**
 * Particles on the GPU: owns their buffers and the init and step pipelines, and records
 * placements and steps into a caller's command encoder. It never submits.
 */
import type { Landscape } from '../landscapes';
import { DEFAULT_RUN, noiseCode, optimizerCode, sweepLogRatio, validateRun, type RunSettings } from '../optimizers';
import { hyperparameterUniform } from '../optimizers/wgsl';
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, ComputeVariants, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { initKernel, stepKernel } from '../gpu/kernels';
import { F32_BYTES, initParamsView, particleStateLayout, runParamsView } from '../gpu/layouts';
import type { LandscapeBinding } from './LandscapeBinding';
import { INIT_CODES, resolvePlacement, type Placement } from './placement';
import type { InitSpec } from './types';

/** Uniform slots are written per encode and per placement; a ring keeps encodes that share one submit apart. */
const RUN_SLOTS = 64;
const INIT_SLOTS = 64;

export class ParticleEngine {
  readonly pos: GPUBuffer;
  readonly grad: GPUBuffer;
  readonly state: GPUBuffer;
  readonly moment1: GPUBuffer;
  readonly moment2: GPUBuffer;
  stepIndex = 0;
  run: RunSettings;
  seed: number;

  private readonly runView = runParamsView();
  private readonly initView = initParamsView();
  private readonly slotStride: number;
  private readonly runUniforms: GPUBuffer;
  private readonly initUniforms: GPUBuffer;
  private points: GPUBuffer;
  private pointsCapacity: number;
  private readonly stepLayout: BindingLayout;
  private readonly initLayout: BindingLayout;
  private stepGroup!: GPUBindGroup;
  private initGroup!: GPUBindGroup;
  private pending: Placement[] = [];
  private runSlot = 0;
  private initSlot = 0;
  private epoch = 0;
  private spawnCursor = 0;

  private constructor(
    private readonly device: GPUDevice,
    readonly landscapeBinding: LandscapeBinding,
    readonly count: number,
    seed: number,
    run: RunSettings,
    private readonly stepPipelines: ComputeVariants,
    private readonly initPipeline: GPUComputePipeline,
    layouts: { step: BindingLayout; init: BindingLayout },
  ) {
    this.seed = seed >>> 0;
    this.run = run;
    this.stepLayout = layouts.step;
    this.initLayout = layouts.init;
    const dim = landscapeBinding.dim;
    const coordBytes = count * dim * F32_BYTES;
    const storage = (label: string, size: number) =>
      device.createBuffer({
        label: `ParticleEngine.${label}`,
        size,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
    this.pos = storage('pos', coordBytes);
    this.grad = storage('grad', coordBytes);
    this.moment1 = storage('moment1', coordBytes);
    this.moment2 = storage('moment2', coordBytes);
    this.state = storage('state', particleStateLayout.bytes(count));
    this.slotStride = Math.max(device.limits.minUniformBufferOffsetAlignment, 256);
    const uniform = (label: string, slots: number) => uniformBuffer(device, `ParticleEngine.${label}`, this.slotStride * slots);
    this.runUniforms = uniform('runUniforms', RUN_SLOTS);
    this.initUniforms = uniform('initUniforms', INIT_SLOTS);
    this.pointsCapacity = 16 * dim * F32_BYTES;
    this.points = storage('points', this.pointsCapacity);
    this.makeGroups();
  }

  /** Checks the device can hold the particles, then compiles both kernels. */
  static async create(
    device: GPUDevice,
    landscapeBinding: LandscapeBinding,
    count: number,
    seed: number,
    run: Partial<RunSettings> = {},
  ): Promise<ParticleEngine> {
    const settings = { ...DEFAULT_RUN, ...run };
    validateRun(settings);
    const dim = landscapeBinding.dim;
    const what = `${count.toLocaleString('en-US')} particles in ${dim} dimensions`;
    checkStorageSize(device, count * dim * F32_BYTES, what);
    checkStorageSize(device, particleStateLayout.bytes(count), `${what} (state)`);
    const extra = landscapeBinding.extraLayouts;
    const wgsl = landscapeBinding.landscape.wgsl;
    const [stepCode, initCode] = [stepKernel(wgsl), initKernel(wgsl)];
    // Run and init parameters are slots of rings (RUN_SLOTS, INIT_SLOTS), chosen per dispatch.
    const step = BindingLayout.fromWgsl(device, 'ParticleEngine.stepLayout', stepCode, { dynamic: ['R'] });
    const init = BindingLayout.fromWgsl(device, 'ParticleEngine.initLayout', initCode, { dynamic: ['R', 'I'] });
    const [stepPipelines, initPipeline] = await Promise.all([
      ComputeVariants.create(device, 'ParticleEngine.stepPipeline', stepCode, [step.layout, ...extra], { DIM: dim }, variantOf(settings)),
      compute(device, 'ParticleEngine.initPipeline', initCode, [init.layout, ...extra], 'main', { DIM: dim }),
    ]);
    return new ParticleEngine(device, landscapeBinding, count, seed, settings, stepPipelines, initPipeline, { step, init });
  }

  get dim(): number {
    return this.landscapeBinding.dim;
  }

  get landscape(): Landscape {
    return this.landscapeBinding.landscape;
  }

  private makeGroups(): void {
    const particles = {
      L: this.landscapeBinding.uniforms,
      R: { buffer: this.runUniforms, size: this.runView.arrayBuffer.byteLength },
      pos: this.pos,
      grad: this.grad,
      state: this.state,
      moment1: this.moment1,
      moment2: this.moment2,
    };
    this.stepGroup = this.stepLayout.bindGroup('ParticleEngine.stepGroup', particles);
    this.initGroup = this.initLayout.bindGroup('ParticleEngine.initGroup', {
      ...particles,
      I: { buffer: this.initUniforms, size: this.initView.arrayBuffer.byteLength },
      points: this.points,
    });
  }

  setRun(patch: Partial<RunSettings>): void {
    const next = { ...this.run, ...patch };
    validateRun(next);
    this.run = next;
  }

  /** Every particle placed afresh at the next encode; the step counter restarts at 0. */
  reset(init: InitSpec = { kind: 'uniform' }): void {
    this.stepIndex = 0;
    this.epoch = 0;
    this.spawnCursor = 0;
    this.pending = [resolvePlacement(init, this.landscape, this.dim, 0, this.count, this.epoch++)];
  }

  spawn(init: InitSpec, count: number): void {
    const n = Math.min(Math.max(1, Math.floor(count)), this.count);
    this.pending.push(resolvePlacement(init, this.landscape, this.dim, this.spawnCursor, n, this.epoch++));
    this.spawnCursor = (this.spawnCursor + n) % this.count;
  }

  /** Re-evaluates loss and gradient everywhere (after the landscape's parameters changed). */
  reevaluate(): void {
    this.pending.push({
      ...resolvePlacement({ kind: 'uniform' }, this.landscape, this.dim, 0, this.count, 0),
      kind: INIT_CODES.evaluate,
    });
  }

  /**
   * Records pending placements, then `steps` optimizer steps in one dispatch.
   * Call once per encoder and submit it before the next call's work is needed.
   */
  encode(encoder: GPUCommandEncoder, steps: number): void {
    const runOffset = this.writeRunSlot(steps);
    const maxPerDim = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (this.pending.length) {
      this.uploadPoints(this.pending);
      const pass = encoder.beginComputePass({ label: 'ParticleEngine.initPass' });
      pass.setPipeline(this.initPipeline);
      this.landscapeBinding.setGroups(pass);
      let pointOffset = 0;
      for (const pl of this.pending) {
        const initOffset = this.writeInitSlot(pl, pointOffset);
        pointOffset += pl.points.length;
        pass.setBindGroup(0, this.initGroup, [runOffset, initOffset]);
        pass.dispatchWorkgroups(...dispatchSize(pl.count, WORKGROUP_SIZE, maxPerDim));
      }
      pass.end();
      this.pending = [];
    }
    if (steps > 0) {
      const pass = encoder.beginComputePass({ label: 'ParticleEngine.stepPass' });
      pass.setPipeline(this.stepPipelines.get(variantOf(this.run)));
      pass.setBindGroup(0, this.stepGroup, [runOffset]);
      this.landscapeBinding.setGroups(pass);
      pass.dispatchWorkgroups(...dispatchSize(this.count, WORKGROUP_SIZE, maxPerDim));
      pass.end();
      this.stepIndex += steps;
    }
  }

  private writeRunSlot(steps: number): number {
    const r = this.run;
    this.runView.set({
      n: this.count,
      seed: this.seed,
      step: this.stepIndex,
      steps,
      pgd_interval: r.kickInterval,
      noise_scale: r.noiseScale,
      pgd_threshold: r.kickThreshold,
      pgd_radius: r.kickRadius,
      converge_tol: r.convergeTol,
      bound: r.bound ?? this.landscape.bound,
      escape_loss: r.escapeLoss ?? -3.4e38,
      lr_sweep_count: r.lrSweepCount,
      lr_sweep_log_ratio: sweepLogRatio(r),
      hp: hyperparameterUniform(r),
    });
    const offset = this.runSlot * this.slotStride;
    this.runSlot = (this.runSlot + 1) % RUN_SLOTS;
    this.device.queue.writeBuffer(this.runUniforms, offset, this.runView.arrayBuffer);
    return offset;
  }

  private writeInitSlot(pl: Placement, pointOffset: number): number {
    this.initView.set({
      first: pl.first,
      count: pl.count,
      kind: pl.kind,
      grid_side: pl.gridSide,
      point_count: pl.pointCount,
      epoch: pl.epoch,
      point_base: pointOffset,
      lo: pl.lo,
      hi: pl.hi,
      sigma: pl.sigma,
    });
    const offset = this.initSlot * this.slotStride;
    this.initSlot = (this.initSlot + 1) % INIT_SLOTS;
    this.device.queue.writeBuffer(this.initUniforms, offset, this.initView.arrayBuffer);
    return offset;
  }

  /** All pending placements' points, one after another; the buffer grows (rarely) to fit. */
  private uploadPoints(placements: Placement[]): void {
    const total = placements.reduce((s, p) => s + p.points.length, 0);
    const bytes = total * F32_BYTES;
    if (bytes > this.pointsCapacity) {
      checkStorageSize(this.device, bytes, 'Explicit starting points');
      this.points.destroy();
      this.pointsCapacity = Math.max(bytes, this.pointsCapacity * 2);
      this.points = this.device.createBuffer({
        label: 'ParticleEngine.points',
        size: this.pointsCapacity,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      this.makeGroups();
    }
    const all = new Float32Array(total);
    let at = 0;
    for (const p of placements) {
      all.set(p.points, at);
      at += p.points.length;
    }
    this.device.queue.writeBuffer(this.points, 0, all);
  }

  destroy(): void {
    for (const b of [this.pos, this.grad, this.state, this.moment1, this.moment2, this.runUniforms, this.initUniforms, this.points]) {
      b.destroy();
    }
  }
}

/** The override constants that pick a step pipeline's update rule. */
function variantOf(run: RunSettings): Record<string, number> {
  return { OPTIMIZER: optimizerCode(run.optimizer), NOISE: noiseCode(run.noise) };
}
