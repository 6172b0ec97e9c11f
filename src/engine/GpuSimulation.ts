/**
 * The GPU engine behind the ParticleSystem interface: a LandscapeBinding, a ParticleEngine and
 * its ParticleStatistics, with the submits and readbacks a script or test needs.
 */
import { defaultParams, type Landscape } from '../landscapes';
import type { RunSettings } from '../optimizers';
import { F32_BYTES, particleStateLayout } from '../gpu/layouts';
import { LandscapeBinding } from './LandscapeBinding';
import { ParticleEngine } from './ParticleEngine';
import { ParticleStatistics, type SummaryTicket } from './ParticleStatistics';
import { validateSystem } from './validate';
import { itemsPerSubmit } from '../gpu/workBudget';
import type { InitSpec, ParticleSnapshot, ParticleSystem, Summary, SystemSpec } from './types';

/** Steps per dispatch when a script asks for many: long dispatches can trip a GPU watchdog. */
const MAX_STEPS_PER_DISPATCH = 64;
/** Step dispatches one encoder may hold while probes split it (the engine's run-uniform ring has 64 slots). */
const MAX_CHUNKS_PER_ENCODER = 32;

/**
 * Something recorded along the path every `every` steps (sharpness, trajectories): `encode`
 * records the particles as they are at that point of the encoder, at step `step`; `clear`
 * forgets what was recorded (the particles were placed afresh).
 */
export interface PathProbe {
  readonly every: number;
  encode(encoder: GPUCommandEncoder, step: number): void;
  clear(): void;
}

export class GpuSimulation implements ParticleSystem {
  readonly kind = 'gpu' as const;
  private positionStaging: GPUBuffer | null = null;
  private positionRead: Promise<unknown> = Promise.resolve();
  private stateStaging: GPUBuffer | null = null;
  private stateRead: Promise<unknown> = Promise.resolve();
  private readonly probes = new Map<PathProbe, number>();
  params: number[];

  private constructor(
    readonly device: GPUDevice,
    readonly binding: LandscapeBinding,
    readonly engine: ParticleEngine,
    readonly statistics: ParticleStatistics,
  ) {
    this.params = defaultParams(binding.landscape);
  }

  static async create(device: GPUDevice, spec: SystemSpec): Promise<GpuSimulation> {
    validateSystem(spec);
    const params = spec.params ? [...spec.params] : defaultParams(spec.landscape);
    const seed = spec.seed ?? 1;
    const binding = new LandscapeBinding(device, spec.landscape, spec.dim, params, seed);
    try {
      const engine = await ParticleEngine.create(device, binding, spec.count, seed, spec.run);
      const statistics = await ParticleStatistics.create(device, spec.count, engine.state);
      const sim = new GpuSimulation(device, binding, engine, statistics);
      sim.params = params;
      engine.reset(spec.init);
      return sim;
    } catch (e) {
      binding.destroy();
      throw e;
    }
  }

  get landscape(): Landscape {
    return this.binding.landscape;
  }
  get dim(): number {
    return this.binding.dim;
  }
  get count(): number {
    return this.engine.count;
  }
  get stepIndex(): number {
    return this.engine.stepIndex;
  }
  get run(): Readonly<RunSettings> {
    return this.engine.run;
  }
  get seed(): number {
    return this.engine.seed;
  }

  setRun(patch: Partial<RunSettings>): void {
    this.engine.setRun(patch);
  }

  setLandscapeParams(params: number[]): void {
    validateSystem({ landscape: this.landscape, dim: this.dim, count: this.count, params });
    this.params = [...params];
    this.binding.write(params, this.seed);
    this.engine.reevaluate();
  }

  setSeed(seed: number): void {
    this.engine.seed = seed >>> 0;
    // Minibatches are drawn from the landscape's copy of the seed.
    this.binding.writeSeed(seed >>> 0);
  }

  reset(init?: InitSpec): void {
    this.engine.reset(init);
    for (const probe of this.probes.keys()) {
      probe.clear();
      this.probes.set(probe, -1);
    }
  }

  /**
   * Records `probe` every probe.every steps from now on, through frames and step(n) alike, at the
   * exact multiples of its interval (the dispatches are split there). Returns the remover.
   */
  addProbe(probe: PathProbe): () => void {
    this.probes.set(probe, -1);
    return () => this.probes.delete(probe);
  }

  spawn(init: InitSpec, count: number): void {
    this.engine.spawn(init, count);
  }

  /** Records `steps` steps (and pending placements) into an encoder the caller submits, with the probes due on the way. */
  encode(encoder: GPUCommandEncoder, steps: number): void {
    if (!this.probes.size) return this.engine.encode(encoder, steps);
    // Placements first, so a record at the current step sees the particles where they are.
    this.engine.encode(encoder, 0);
    this.recordDue(encoder);
    let left = steps;
    while (left > 0) {
      const at = this.engine.stepIndex;
      const next = Math.min(...Array.from(this.probes.keys(), (p) => (Math.floor(at / p.every) + 1) * p.every));
      const k = Math.min(left, next - at);
      this.engine.encode(encoder, k);
      left -= k;
      this.recordDue(encoder);
    }
  }

  private recordDue(encoder: GPUCommandEncoder): void {
    const step = this.engine.stepIndex;
    for (const [probe, last] of this.probes) {
      if (step % probe.every === 0 && last !== step) {
        probe.encode(encoder, step);
        this.probes.set(probe, step);
      }
    }
  }

  encodeSummary(encoder: GPUCommandEncoder): SummaryTicket | null {
    return this.statistics.encode(encoder, this.engine.stepIndex, this.engine.run.escapeLoss !== null);
  }

  /** Most steps one submit should carry: fewer for many particles in high dimension on costly landscapes. */
  get stepsPerSubmit(): number {
    const probeSteps = this.probes.size ? MAX_CHUNKS_PER_ENCODER * Math.min(...Array.from(this.probes.keys(), (p) => p.every)) : Infinity;
    return Math.min(MAX_STEPS_PER_DISPATCH, probeSteps, itemsPerSubmit(this.count * this.binding.evaluationCost));
  }

  async step(n: number): Promise<void> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`Steps must be a whole number >= 0; got ${n}.`);
    const perSubmit = this.stepsPerSubmit;
    let left = n;
    do {
      const k = Math.min(left, perSubmit);
      const encoder = this.device.createCommandEncoder({ label: 'GpuSimulation.step' });
      this.encode(encoder, k);
      this.device.queue.submit([encoder.finish()]);
      left -= k;
      // Heavy steps: let each submit finish before queuing the next, so no GPU task runs long.
      if (left > 0 && perSubmit < MAX_STEPS_PER_DISPATCH) await this.device.queue.onSubmittedWorkDone();
    } while (left > 0);
    await this.device.queue.onSubmittedWorkDone();
  }

  async summary(): Promise<Summary> {
    // A frame loop may hold the staging buffers for a moment: wait for one rather than fail.
    for (let attempt = 0; attempt < 100; attempt++) {
      const encoder = this.device.createCommandEncoder({ label: 'GpuSimulation.summary' });
      this.engine.encode(encoder, 0);
      const ticket = this.statistics.encode(encoder, this.engine.stepIndex, this.engine.run.escapeLoss !== null);
      this.device.queue.submit([encoder.finish()]);
      if (ticket) return ticket.read();
      await this.device.queue.onSubmittedWorkDone();
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('No summary staging buffer came free: summaries encoded elsewhere were never read.');
  }

  /** One particle's coordinates (D small copies: a one-off read, e.g. to centre a slice on it). */
  async particlePosition(index: number): Promise<Float32Array> {
    const { count, dim, device, engine } = this;
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`No particle ${index}.`);
    // One staging buffer, made on first use and kept: views that follow one network read it often.
    this.positionStaging ??= device.createBuffer({
      label: 'GpuSimulation.positionStaging',
      size: dim * F32_BYTES,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const staging = this.positionStaging;
    const read = this.positionRead.then(async () => {
      const encoder = device.createCommandEncoder({ label: 'GpuSimulation.particlePosition' });
      engine.encode(encoder, 0);
      // Coordinate-major: coordinate d of particle p is element d * count + p.
      for (let d = 0; d < dim; d++) {
        encoder.copyBufferToBuffer(engine.pos, (d * count + index) * F32_BYTES, staging, d * F32_BYTES, F32_BYTES);
      }
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const out = new Float32Array(staging.getMappedRange().slice(0));
      staging.unmap();
      return out;
    });
    // Reads of the one buffer wait for each other.
    this.positionRead = read.catch(() => undefined);
    return read;
  }

  /**
   * Every particle's loss, gradient norm, flags, age and escape age, without positions (a few
   * bytes per particle: the step-size sweep's readout). One staging buffer, kept.
   */
  async states(): Promise<Omit<ParticleSnapshot, 'positions' | 'dim'>> {
    const { count, engine, device } = this;
    this.stateStaging ??= device.createBuffer({
      label: 'GpuSimulation.stateStaging',
      size: engine.state.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const staging = this.stateStaging;
    const read = this.stateRead.then(async () => {
      const encoder = device.createCommandEncoder({ label: 'GpuSimulation.states' });
      engine.encode(encoder, 0);
      encoder.copyBufferToBuffer(engine.state, 0, staging, 0, staging.size);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const bytes = staging.getMappedRange().slice(0);
      staging.unmap();
      const c = particleStateLayout.columns<StateColumns>(bytes, count);
      return { step: engine.stepIndex, count, loss: c.loss, gradNorm: c.grad_norm, flags: c.flags, age: c.age, escapeAge: c.escape_age };
    });
    this.stateRead = read.catch(() => undefined);
    return read;
  }

  /** Every particle, read back once (scripts and tests; never per frame). */
  async particles(): Promise<ParticleSnapshot> {
    const { count, dim, engine, device } = this;
    const staging = (label: string, size: number) =>
      device.createBuffer({ label: `GpuSimulation.${label}`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const posStaging = staging('positionsStaging', engine.pos.size);
    const stateStaging = staging('statesStaging', engine.state.size);
    try {
      const encoder = device.createCommandEncoder({ label: 'GpuSimulation.particles' });
      engine.encode(encoder, 0);
      encoder.copyBufferToBuffer(engine.pos, 0, posStaging, 0, posStaging.size);
      encoder.copyBufferToBuffer(engine.state, 0, stateStaging, 0, stateStaging.size);
      device.queue.submit([encoder.finish()]);
      const read = async (b: GPUBuffer) => {
        await b.mapAsync(GPUMapMode.READ);
        const bytes = b.getMappedRange().slice(0);
        b.unmap();
        return bytes;
      };
      const [pos, state] = await Promise.all([read(posStaging), read(stateStaging)]);
      return decodeParticles(pos, state, count, dim, engine.stepIndex);
    } finally {
      posStaging.destroy();
      stateStaging.destroy();
    }
  }

  destroy(): void {
    this.positionStaging?.destroy();
    this.stateStaging?.destroy();
    this.statistics.destroy();
    this.engine.destroy();
    this.binding.destroy();
  }
}

interface StateColumns extends Record<string, Float32Array | Uint32Array | Int32Array> {
  loss: Float32Array;
  grad_norm: Float32Array;
  flags: Uint32Array;
  age: Uint32Array;
  escape_age: Uint32Array;
}

function decodeParticles(pos: ArrayBuffer, state: ArrayBuffer, count: number, dim: number, step: number): ParticleSnapshot {
  const coordMajor = new Float32Array(pos);
  const positions = new Float32Array(count * dim);
  for (let d = 0; d < dim; d++) for (let p = 0; p < count; p++) positions[p * dim + d] = coordMajor[d * count + p];
  const s = particleStateLayout.columns<StateColumns>(state, count);
  return { step, count, dim, positions, loss: s.loss, gradNorm: s.grad_norm, flags: s.flags, age: s.age, escapeAge: s.escape_age };
}
