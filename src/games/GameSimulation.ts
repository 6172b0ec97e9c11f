/**
 * Min-max game particles on the GPU: each particle one (x, y) pair of a game (./catalog.ts),
 * stepped by a game method (./methods.ts). Owns its buffers and its pipelines (one per game ×
 * method, made on first use and kept), records placements and steps into a caller's encoder and
 * never submits there; step(n) and the read helpers are the explicit async exceptions.
 * Twin: ./gameReference.ts.
 */
import { WORKGROUP_SIZE } from '../gpu/constants';
import { compute, ComputeVariants, dispatchSize, uniformBuffer } from '../gpu/bindings';
import { BindingLayout } from '../gpu/BindingLayout';
import { checkStorageSize } from '../gpu/device';
import { F32_BYTES } from '../gpu/layouts';
import { itemsPerSubmit } from '../gpu/workBudget';
import { GAMES, resolveGame, type Game, type GameSpec } from './catalog';
import { GAME_PLACEMENTS, gameInitKernel, gameStepKernel } from './gameKernels';
import { gameParticleLayout, gameRunView, gameUniformsView } from './gameLayouts';
import {
  gradientsPerStep, methodCode, resolveHyperparameters, validateHyperparameters, validateMethod, type GameHyperparameters, type GameMethod,
} from './methods';
import { resolveStart, validateCount, validateSeed, type GameStart, type ResolvedStart } from './start';

/** Steps per dispatch: long dispatches can trip a GPU watchdog. */
const MAX_STEPS_PER_DISPATCH = 64;
/** Uniform slots, one per dispatch; an encoder may hold at most this many dispatches. */
const RUN_SLOTS = 64;

export interface GameSimulationSpec {
  game: GameSpec;
  count: number;
  method?: GameMethod;
  hyper?: Partial<GameHyperparameters>;
  start?: GameStart;
  /** Seed of the starting cloud (default 1). */
  seed?: number;
}

/** Per particle, read back on request. Diverged particles keep the values they had when flagged. */
export interface GameReadouts {
  step: number;
  count: number;
  value: Float32Array;
  distance: Float32Array;
  flags: Uint32Array;
  age: Uint32Array;
  divergedAt: Uint32Array;
}

export interface GamePositions {
  step: number;
  count: number;
  m: number;
  n: number;
  /** Particle-major: particle p's x_i at p * m + i. */
  x: Float32Array;
  /** Particle-major: particle p's y_j at p * n + j. */
  y: Float32Array;
}

export interface GameParticleColumns extends Record<string, Float32Array | Uint32Array | Int32Array> {
  value: Float32Array;
  distance: Float32Array;
  flags: Uint32Array;
  age: Uint32Array;
  diverged_at: Uint32Array;
}

export class GameSimulation {
  /** Coordinates, coordinate-major: coordinate d (x first) of particle p at d * count + p. */
  readonly pos: GPUBuffer;
  /** Per particle: value, distance, flags, age, diverged_at (gameParticleLayout). */
  readonly state: GPUBuffer;
  stepIndex = 0;
  private readonly buffers: GPUBuffer[];
  private readonly runUniforms: GPUBuffer;
  private readonly startBuffer: GPUBuffer;
  private readonly group: GPUBindGroup;
  private readonly runView = gameRunView();
  private readonly slotStride: number;
  private runSlot = 0;
  private pending: number | null = GAME_PLACEMENTS.start;
  private readoutStaging: GPUBuffer | null = null;
  private readoutRead: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly device: GPUDevice,
    readonly game: Game,
    readonly count: number,
    private methodNow: GameMethod,
    private hyperNow: GameHyperparameters,
    private startNow: ResolvedStart,
    private seedNow: number,
    layout: BindingLayout,
    private readonly stepPipelines: ComputeVariants,
    private readonly initPipeline: GPUComputePipeline,
  ) {
    const dim = game.m + game.n;
    const storage = (label: string, size: number, usage = 0) =>
      device.createBuffer({ label: `GameSimulation.${label}`, size, usage: GPUBufferUsage.STORAGE | usage });
    const coordBytes = count * dim * F32_BYTES;
    const copy = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.pos = storage('pos', coordBytes, copy);
    this.state = storage('state', gameParticleLayout.bytes(count), copy);
    const half = storage('half', coordBytes);
    const grad = storage('grad', coordBytes);
    const velocity = storage('velocity', coordBytes);
    const previous = storage('previous', coordBytes);
    const matrix = storage('matrix', game.matrix.byteLength, GPUBufferUsage.COPY_DST);
    this.startBuffer = storage('start', dim * F32_BYTES, GPUBufferUsage.COPY_DST);
    const uniforms = gameUniformsView();
    const gameUniforms = uniformBuffer(device, 'GameSimulation.gameUniforms', uniforms.arrayBuffer.byteLength);
    this.slotStride = Math.max(device.limits.minUniformBufferOffsetAlignment, 256);
    this.runUniforms = uniformBuffer(device, 'GameSimulation.runUniforms', this.slotStride * RUN_SLOTS);
    this.buffers = [this.pos, this.state, half, grad, velocity, previous, matrix, this.startBuffer, gameUniforms, this.runUniforms];
    uniforms.set({ a: game.a, b: game.b });
    device.queue.writeBuffer(gameUniforms, 0, uniforms.arrayBuffer);
    device.queue.writeBuffer(matrix, 0, game.matrix);
    this.group = layout.bindGroup('GameSimulation.group', {
      G: gameUniforms,
      game_matrix: matrix,
      R: { buffer: this.runUniforms, size: this.runView.arrayBuffer.byteLength },
      game_pos: this.pos,
      game_half: half,
      game_grad: grad,
      game_velocity: velocity,
      game_previous: previous,
      game_state: this.state,
      game_start: this.startBuffer,
    });
  }

  /** Checks the spec and the device's room for it, then compiles the game's kernels. */
  static async create(device: GPUDevice, spec: GameSimulationSpec): Promise<GameSimulation> {
    const game = resolveGame(spec.game);
    const { count } = spec;
    validateCount(count);
    const method = spec.method ?? 'gda';
    validateMethod(method);
    const hyper = resolveHyperparameters(spec.hyper);
    const start = resolveStart(game, spec.start);
    const seed = spec.seed ?? 1;
    validateSeed(seed);
    const what = `${count.toLocaleString('en-US')} game particles with m + n = ${game.m + game.n}`;
    checkStorageSize(device, count * (game.m + game.n) * F32_BYTES, what);
    checkStorageSize(device, game.matrix.byteLength, `A game matrix of ${game.m} × ${game.n}`);
    const [stepCode, initCode] = [gameStepKernel(game.id), gameInitKernel(game.id)];
    const layout = BindingLayout.fromWgsl(device, 'GameSimulation.layout', [stepCode, initCode], { dynamic: ['R'] });
    const sizes = { GAME_M: game.m, GAME_N: game.n };
    const [stepPipelines, initPipeline] = await Promise.all([
      ComputeVariants.create(device, 'GameSimulation.stepPipeline', stepCode, [layout.layout], sizes, { METHOD: methodCode(method) }),
      compute(device, 'GameSimulation.initPipeline', initCode, [layout.layout], 'main', sizes),
    ]);
    return new GameSimulation(device, game, count, method, hyper, start, seed, layout, stepPipelines, initPipeline);
  }

  get method(): GameMethod {
    return this.methodNow;
  }
  get hyper(): Readonly<GameHyperparameters> {
    return this.hyperNow;
  }
  get seed(): number {
    return this.seedNow;
  }
  get start(): Readonly<ResolvedStart> {
    return this.startNow;
  }

  /** Another method from the particles' current positions: velocities and previous gradients restart. */
  setMethod(method: GameMethod): void {
    validateMethod(method);
    this.methodNow = method;
    this.pending ??= GAME_PLACEMENTS.keep;
  }

  setHyperparameters(patch: Partial<GameHyperparameters>): void {
    const next = { ...this.hyperNow, ...patch };
    validateHyperparameters(next);
    this.hyperNow = next;
  }

  /** Where the next reset places the cloud. */
  setStart(start: GameStart): void {
    this.startNow = resolveStart(this.game, start);
  }

  /** Every particle placed afresh at the next encode (the same seed, the same cloud); the step counter restarts. */
  reset(seed = this.seedNow): void {
    validateSeed(seed);
    this.seedNow = seed;
    this.stepIndex = 0;
    this.pending = GAME_PLACEMENTS.start;
  }

  /** Operations of one step of every particle (the work budget's unit). */
  get stepCost(): number {
    return this.count * gradientsPerStep(this.methodNow) * GAMES[this.game.id].gradientCost(this.game.m, this.game.n);
  }

  /** Most steps one submit should carry. */
  get stepsPerSubmit(): number {
    return Math.min(MAX_STEPS_PER_DISPATCH * RUN_SLOTS, itemsPerSubmit(this.stepCost));
  }

  /**
   * Records the pending placement, then `steps` steps in dispatches of at most 64. One encoder
   * holds at most 64 dispatches in all (the uniform ring): submit before recording more.
   */
  encode(encoder: GPUCommandEncoder, steps: number): void {
    if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`steps = ${steps} was refused: it must be a whole number ≥ 0.`);
    const dispatches = Math.ceil(steps / MAX_STEPS_PER_DISPATCH) + (this.pending === null ? 0 : 1);
    if (dispatches > RUN_SLOTS) {
      throw new RangeError(`${steps} steps need ${dispatches} dispatches, more than the ${RUN_SLOTS} one encoder may hold: record at most ${(RUN_SLOTS - 1) * MAX_STEPS_PER_DISPATCH} steps per encoder.`);
    }
    const groups = dispatchSize(this.count, WORKGROUP_SIZE, this.device.limits.maxComputeWorkgroupsPerDimension);
    if (this.pending !== null) {
      if (this.pending === GAME_PLACEMENTS.start) this.device.queue.writeBuffer(this.startBuffer, 0, this.startNow.center);
      const offset = this.writeRunSlot(0, this.pending);
      const pass = encoder.beginComputePass({ label: 'GameSimulation.initPass' });
      pass.setPipeline(this.initPipeline);
      pass.setBindGroup(0, this.group, [offset]);
      pass.dispatchWorkgroups(...groups);
      pass.end();
      this.pending = null;
    }
    if (steps === 0) return;
    const pass = encoder.beginComputePass({ label: 'GameSimulation.stepPass' });
    pass.setPipeline(this.stepPipelines.get({ METHOD: methodCode(this.methodNow) }));
    for (let left = steps; left > 0; ) {
      const k = Math.min(left, MAX_STEPS_PER_DISPATCH);
      pass.setBindGroup(0, this.group, [this.writeRunSlot(k, GAME_PLACEMENTS.keep)]);
      pass.dispatchWorkgroups(...groups);
      left -= k;
    }
    pass.end();
    this.stepIndex += steps;
  }

  private writeRunSlot(steps: number, placement: number): number {
    const h = this.hyperNow;
    this.runView.set({
      n: this.count,
      steps,
      placement,
      seed: this.seedNow,
      eta_x: h.etaX,
      eta_y: h.etaY,
      momentum: h.momentum,
      bound: h.bound,
      sigma: this.startNow.sigma,
    });
    const offset = this.runSlot * this.slotStride;
    this.runSlot = (this.runSlot + 1) % RUN_SLOTS;
    this.device.queue.writeBuffer(this.runUniforms, offset, this.runView.arrayBuffer);
    return offset;
  }

  /** Advances exactly n steps, in submits of bounded work. */
  async step(n: number): Promise<void> {
    if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n = ${n} was refused: it must be a whole number ≥ 0.`);
    const perSubmit = Math.min(this.stepsPerSubmit, (RUN_SLOTS - 1) * MAX_STEPS_PER_DISPATCH);
    let left = n;
    do {
      const k = Math.min(left, perSubmit);
      const encoder = this.device.createCommandEncoder({ label: 'GameSimulation.step' });
      this.encode(encoder, k);
      this.device.queue.submit([encoder.finish()]);
      left -= k;
      // Let each heavy submit finish before the next is queued, so no GPU task runs long.
      if (left > 0) await this.device.queue.onSubmittedWorkDone();
    } while (left > 0);
    await this.device.queue.onSubmittedWorkDone();
  }

  /** Value, distance to the equilibrium, flags, age and divergence step of every particle. One staging buffer, kept. */
  async readouts(): Promise<GameReadouts> {
    const staging = (this.readoutStaging ??= this.device.createBuffer({
      label: 'GameSimulation.readoutStaging',
      size: this.state.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    }));
    const read = this.readoutRead.then(async () => {
      const encoder = this.device.createCommandEncoder({ label: 'GameSimulation.readouts' });
      this.encode(encoder, 0);
      encoder.copyBufferToBuffer(this.state, 0, staging, 0, staging.size);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const bytes = staging.getMappedRange().slice(0);
      staging.unmap();
      return decodeReadouts(bytes, this.count, this.stepIndex);
    });
    // Reads of the one staging buffer wait for each other.
    this.readoutRead = read.catch(() => undefined);
    return read;
  }

  /** Every particle's x and y, read back once (scripts and tests; never per frame). */
  async positions(): Promise<GamePositions> {
    const { count, game, device } = this;
    const staging = device.createBuffer({ label: 'GameSimulation.positionStaging', size: this.pos.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = device.createCommandEncoder({ label: 'GameSimulation.positions' });
      this.encode(encoder, 0);
      encoder.copyBufferToBuffer(this.pos, 0, staging, 0, staging.size);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const z = new Float32Array(staging.getMappedRange().slice(0));
      const x = new Float32Array(count * game.m);
      const y = new Float32Array(count * game.n);
      for (let p = 0; p < count; p++) {
        for (let i = 0; i < game.m; i++) x[p * game.m + i] = z[i * count + p];
        for (let j = 0; j < game.n; j++) y[p * game.n + j] = z[(game.m + j) * count + p];
      }
      return { step: this.stepIndex, count, m: game.m, n: game.n, x, y };
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    this.readoutStaging?.destroy();
    for (const b of this.buffers) b.destroy();
  }
}

/** The per-particle readouts from bytes of the state buffer. */
export function decodeReadouts(bytes: ArrayBuffer, count: number, step: number): GameReadouts {
  const c = gameParticleLayout.columns<GameParticleColumns>(bytes, count);
  return { step, count, value: c.value, distance: c.distance, flags: c.flags, age: c.age, divergedAt: c.diverged_at };
}
