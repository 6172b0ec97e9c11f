/** The engine's public vocabulary, shared by the GPU and TypeScript engines. */
import type { Landscape } from '../landscapes';
import type { RunSettings } from '../optimizers';

/** Where particles start. Boxes default to the landscape's view box; centres are padded with zeros. */
export type InitSpec =
  | { kind: 'uniform'; lo?: number; hi?: number }
  | { kind: 'gaussian'; center: number[]; sigma: number }
  | { kind: 'grid'; lo?: number; hi?: number; center?: number[] }
  | { kind: 'points'; points: number[][]; sigma?: number }
  /**
   * Each coordinate d drawn as center[d] + scales[d] * z, z standard normal or uniform in [-1, 1]:
   * networks' per-layer initialisations (Xavier/Glorot, He), a scale of 0 for a zero start.
   */
  | { kind: 'scaled'; distribution: 'normal' | 'uniform'; scales: number[]; center?: number[] };

export interface SystemSpec {
  landscape: Landscape;
  dim: number;
  /** Landscape parameters (lparam order); defaults when omitted. */
  params?: number[];
  count: number;
  seed?: number;
  run?: Partial<RunSettings>;
  init?: InitSpec;
}

export const FLAG_DIVERGED = 1;
export const FLAG_CONVERGED = 2;

export interface Histogram {
  lo: number;
  hi: number;
  counts: Uint32Array;
  /** Bins equal in log(1 + K (loss - lo) / (hi - lo)) rather than in loss. */
  log: boolean;
}

/** Escape age of a particle that has not escaped (ParticleSnapshot.escapeAge). */
export const NOT_ESCAPED = 0xffffffff;

/**
 * Saddle escape: the age (steps) at which each particle's loss first fell below the run's
 * escapeLoss, over every particle that has escaped, diverged ones included.
 */
export interface EscapeStats {
  /** Whether escapeLoss was set; when not, the rest is empty. */
  tracked: boolean;
  escaped: number;
  meanSteps: number;
  maxSteps: number;
  /** counts[k]: particles that escaped at an age in [k binWidth, (k + 1) binWidth). */
  binWidth: number;
  counts: Uint32Array;
}

/**
 * Statistics over particles; diverged particles are counted, never averaged. meanLoss, minLoss,
 * maxLoss and meanGradNorm are over live particles, and NaN when none is live (live = 0, best = -1).
 */
export interface Summary {
  step: number;
  count: number;
  live: number;
  converged: number;
  diverged: number;
  /** Index of the live particle with the lowest loss, -1 when none is live. */
  best: number;
  meanLoss: number;
  minLoss: number;
  maxLoss: number;
  meanGradNorm: number;
  histogram: Histogram;
  escape: EscapeStats;
}

/** Every particle, read back on request (tests, scripts), never per frame. */
export interface ParticleSnapshot {
  step: number;
  count: number;
  dim: number;
  /** Particle-major: particle p's coordinate d at p * dim + d. */
  positions: Float32Array;
  loss: Float32Array;
  gradNorm: Float32Array;
  flags: Uint32Array;
  age: Uint32Array;
  /** Age at which the loss first fell below escapeLoss, or NOT_ESCAPED. */
  escapeAge: Uint32Array;
}

/** What both engines offer; the explorer, the tests and the benchmark use only this. */
export interface ParticleSystem {
  readonly kind: 'gpu' | 'cpu';
  readonly landscape: Landscape;
  readonly dim: number;
  readonly count: number;
  readonly stepIndex: number;
  readonly run: Readonly<RunSettings>;
  readonly params: readonly number[];
  readonly seed: number;
  setRun(patch: Partial<RunSettings>): void;
  setLandscapeParams(params: number[]): void;
  /** Takes effect at the next reset. */
  setSeed(seed: number): void;
  /** Places every particle afresh and sets the step counter to 0. */
  reset(init?: InitSpec): void;
  /** Re-places `count` particles (the oldest first, cyclically), e.g. a cluster dropped by a click. */
  spawn(init: InitSpec, count: number): void;
  /** Advances exactly n steps. */
  step(n: number): Promise<void>;
  summary(): Promise<Summary>;
  particles(): Promise<ParticleSnapshot>;
  destroy(): void;
}
