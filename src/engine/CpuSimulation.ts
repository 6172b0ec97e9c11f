/**
 * The plain-TypeScript engine: the same algorithm as the WGSL kernels, one particle at a time.
 * It is the reference the GPU is tested against, the benchmark's baseline, and the fallback
 * where WebGPU is missing. State is stored in 32-bit floats, as on the GPU.
 */
import { defaultParams, type Landscape } from '../landscapes';
import { DEFAULT_RUN, optimizerDef, particleLr, validateRun, type Moments, type RunSettings, type StepContext } from '../optimizers';
import { INIT_CODES, initialCoord, resolvePlacement, type Placement } from './placement';
import { KICK_RADIUS_SLOT, randNormal, randUniform, STREAM_KICK, STREAM_NOISE } from './rng';
import { summarize } from './summarize';
import { validateSystem } from './validate';
import {
  FLAG_CONVERGED,
  FLAG_DIVERGED,
  NOT_ESCAPED,
  type InitSpec,
  type ParticleSnapshot,
  type ParticleSystem,
  type Summary,
  type SystemSpec,
} from './types';

const f32 = Math.fround;
const finite32 = (x: number) => Number.isFinite(f32(x));

export class CpuSimulation implements ParticleSystem {
  readonly kind = 'cpu' as const;
  readonly landscape: Landscape;
  readonly dim: number;
  readonly count: number;
  stepIndex = 0;
  run: RunSettings;
  params: number[];
  seed: number;

  private readonly pos: Float32Array;
  private readonly grad: Float32Array;
  private readonly m1: Float32Array;
  private readonly m2: Float32Array;
  private readonly loss: Float32Array;
  private readonly gradNorm: Float32Array;
  private readonly flags: Uint32Array;
  private readonly age: Uint32Array;
  private readonly kickAge: Uint32Array;
  private readonly escapeAge: Uint32Array;
  /** beta1^t and beta2^t over each particle's steps, as shaders/particle_state.wgsl (in float64 here). */
  private readonly beta1Pow: Float64Array;
  private readonly beta2Pow: Float64Array;
  private readonly scratch: Float64Array;
  private epoch = 0;
  private spawnCursor = 0;

  constructor(spec: SystemSpec) {
    validateSystem(spec);
    this.landscape = spec.landscape;
    this.dim = spec.dim;
    this.count = spec.count;
    this.params = spec.params ? [...spec.params] : defaultParams(spec.landscape);
    this.seed = spec.seed ?? 1;
    this.run = { ...DEFAULT_RUN, ...spec.run };
    validateRun(this.run);
    const nd = this.count * this.dim;
    this.pos = new Float32Array(nd);
    this.grad = new Float32Array(nd);
    this.m1 = new Float32Array(nd);
    this.m2 = new Float32Array(nd);
    this.loss = new Float32Array(this.count);
    this.gradNorm = new Float32Array(this.count);
    this.flags = new Uint32Array(this.count);
    this.age = new Uint32Array(this.count);
    this.kickAge = new Uint32Array(this.count);
    this.escapeAge = new Uint32Array(this.count);
    this.beta1Pow = new Float64Array(this.count);
    this.beta2Pow = new Float64Array(this.count);
    this.scratch = new Float64Array(this.dim);
    this.reset(spec.init);
  }

  private get bound(): number {
    return this.run.bound ?? this.landscape.bound;
  }

  setRun(patch: Partial<RunSettings>): void {
    const next = { ...this.run, ...patch };
    validateRun(next);
    this.run = next;
  }

  setLandscapeParams(params: number[]): void {
    this.params = [...params];
    for (let p = 0; p < this.count; p++) if (!(this.flags[p] & FLAG_DIVERGED)) this.evaluate(p);
  }

  setSeed(seed: number): void {
    this.seed = seed >>> 0;
  }

  reset(init: InitSpec = { kind: 'uniform' }): void {
    this.stepIndex = 0;
    this.epoch = 0;
    this.spawnCursor = 0;
    this.place(resolvePlacement(init, this.landscape, this.dim, 0, this.count, this.epoch++));
  }

  spawn(init: InitSpec, count: number): void {
    const n = Math.min(Math.max(1, Math.floor(count)), this.count);
    this.place(resolvePlacement(init, this.landscape, this.dim, this.spawnCursor, n, this.epoch++));
    this.spawnCursor = (this.spawnCursor + n) % this.count;
  }

  private place(pl: Placement): void {
    const { dim } = this;
    for (let k = 0; k < pl.count; k++) {
      const p = (pl.first + k) % this.count;
      if (pl.kind === INIT_CODES.evaluate) continue;
      for (let d = 0; d < dim; d++) {
        this.pos[p * dim + d] = initialCoord(pl, this.seed, dim, k, p, d);
        this.m1[p * dim + d] = 0;
        this.m2[p * dim + d] = 0;
      }
      this.flags[p] = 0;
      this.age[p] = 0;
      this.kickAge[p] = 0;
      this.escapeAge[p] = NOT_ESCAPED;
      this.beta1Pow[p] = 1;
      this.beta2Pow[p] = 1;
      this.evaluate(p);
    }
  }

  private evaluate(p: number): void {
    const { dim, scratch } = this;
    const x = this.pos.subarray(p * dim, (p + 1) * dim);
    // The minibatch the GPU draws for this particle at its age (landscapes with data sets).
    const f = f32(this.landscape.evaluate(x, scratch, this.params, dim, { seed: this.seed, particle: p, step: this.age[p] }));
    let g2 = 0;
    for (let d = 0; d < dim; d++) {
      const g = f32(scratch[d]);
      this.grad[p * dim + d] = g;
      g2 += g * g;
    }
    this.loss[p] = f;
    this.gradNorm[p] = Math.sqrt(g2);
    if (!Number.isFinite(f) || !finite32(g2)) this.flags[p] = FLAG_DIVERGED;
    else if (this.gradNorm[p] < this.run.convergeTol) this.flags[p] |= FLAG_CONVERGED;
    else this.flags[p] &= ~FLAG_CONVERGED;
    const escapeLoss = this.run.escapeLoss === null ? -3.4e38 : f32(this.run.escapeLoss);
    if (this.escapeAge[p] === NOT_ESCAPED && f < escapeLoss) this.escapeAge[p] = this.age[p];
  }

  async step(n: number): Promise<void> {
    this.stepSync(n);
  }

  /** Synchronous stepping, for the benchmark's timing loop. */
  stepSync(n: number): void {
    const { dim, run, seed } = this;
    const bound = this.bound;
    const optimizer = optimizerDef(run.optimizer);
    const usesMoments = optimizer.moments > 0;
    const mo: Moments = { m: 0, v: 0 };
    const k: StepContext = { lr: run.lr, bias1: 1, bias2: 1 };
    for (let t = 0; t < n; t++) {
      const step = this.stepIndex + t;
      for (let p = 0; p < this.count; p++) {
        if (this.flags[p] & FLAG_DIVERGED) continue;
        const age = this.age[p] + 1;
        // As the WGSL: the particle's swept step size, rounded to f32 as the GPU holds it.
        k.lr = f32(particleLr(run, p));
        const langevin = Math.sqrt(2 * k.lr * run.noiseScale);
        k.bias1 = 1 - (this.beta1Pow[p] *= run.beta1);
        k.bias2 = 1 - (this.beta2Pow[p] *= run.beta2);
        let kick = 0;
        if (
          run.noise === 'perturbed' &&
          this.gradNorm[p] < run.kickThreshold &&
          age - this.kickAge[p] >= run.kickInterval
        ) {
          let zz = 0;
          for (let d = 0; d < dim; d++) zz += randNormal(seed, STREAM_KICK, p, step, d) ** 2;
          const u = randUniform(seed, STREAM_KICK, p, step, KICK_RADIUS_SLOT);
          kick = (run.kickRadius * u ** (1 / dim)) / Math.sqrt(Math.max(zz, 1e-30));
          this.kickAge[p] = age;
        }
        let outOfBounds = false;
        for (let d = 0; d < dim; d++) {
          const i = p * dim + d;
          let g = this.grad[i];
          if (run.noise === 'gradient') g += run.noiseScale * randNormal(seed, STREAM_NOISE, p, step, d);
          mo.m = usesMoments ? this.m1[i] : 0;
          mo.v = usesMoments ? this.m2[i] : 0;
          let x = optimizer.update(run, this.pos[i], g, mo, k);
          if (run.noise === 'langevin') x += langevin * randNormal(seed, STREAM_NOISE, p, step, d);
          if (kick > 0) x += kick * randNormal(seed, STREAM_KICK, p, step, d);
          if (!finite32(x) || Math.abs(x) > bound) outOfBounds = true;
          this.pos[i] = x;
          if (usesMoments) {
            this.m1[i] = mo.m;
            this.m2[i] = mo.v;
          }
        }
        this.age[p] = age;
        if (outOfBounds) {
          this.flags[p] = FLAG_DIVERGED;
          continue;
        }
        this.evaluate(p);
      }
    }
    this.stepIndex += n;
  }

  /** Histogram bins equal in log loss rather than loss. */
  logBins = false;

  async summary(): Promise<Summary> {
    const escape = this.run.escapeLoss === null ? null : this.escapeAge;
    return summarize(this.stepIndex, this.loss, this.gradNorm, this.flags, this.logBins, escape);
  }

  async particles(): Promise<ParticleSnapshot> {
    return {
      step: this.stepIndex,
      count: this.count,
      dim: this.dim,
      positions: this.pos.slice(),
      loss: this.loss.slice(),
      gradNorm: this.gradNorm.slice(),
      flags: this.flags.slice(),
      age: this.age.slice(),
      escapeAge: this.escapeAge.slice(),
    };
  }

  destroy(): void {}
}
