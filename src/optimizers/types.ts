/**
 * What an optimizer module declares: its hyperparameters, its WGSL update rule and the
 * TypeScript twin of that rule. The registry (./index.ts) derives everything else from these.
 */

/** One number an optimizer reads, with what a settings panel and validation need to know. */
export interface Hyperparameter<K extends string = string> {
  /** Its RunSettings key (camelCase); the WGSL uniform field is wgslField(key), in snake_case. */
  readonly key: K;
  /** Short name for a settings panel. */
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The range excludes max (beta < 1). */
  readonly maxExclusive?: boolean;
  /** Best set on a log-scale slider (min is then > 0). */
  readonly log?: boolean;
  readonly integer?: boolean;
  readonly unit?: string;
  readonly help?: string;
}

/** One coordinate's optimizer state, as in the moment1 and moment2 buffers. */
export interface Moments {
  m: number;
  v: number;
}

/**
 * Per particle and step, what an update rule needs beyond its coordinate (WGSL: StepContext in
 * shaders/optimizer.wgsl): the particle's own step size (a sweep spreads it over particles) and
 * Adam's bias corrections 1 - beta1^t and 1 - beta2^t.
 */
export interface StepContext {
  lr: number;
  bias1: number;
  bias2: number;
}

export interface OptimizerDef<Id extends string = string, K extends string = string> {
  /** Stable id, used in settings, URLs and as the WGSL prefix: the rule is fn <id>_update. */
  readonly id: Id;
  readonly label: string;
  /** The hyperparameters it reads besides the step size lr, which every optimizer reads. */
  readonly hyperparameters: readonly Hyperparameter<K>[];
  /** Per-coordinate moments it keeps: none, m, or m and v. */
  readonly moments: 0 | 1 | 2;
  /**
   * WGSL declaring fn <id>_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>,
   * k: StepContext) -> f32, which returns the new coordinate and updates the moments. It reads
   * its hyperparameters from R.hp.<wgslField(key)> and the particle's step size from k.lr.
   */
  readonly wgsl: string;
  /** The float64 TypeScript twin of the WGSL: returns the new x, updates mo in place; the step size is k.lr, not h.lr. */
  update(h: Readonly<Record<K | 'lr', number>>, x: number, g: number, mo: Moments, k: StepContext): number;
}

/** Keeps the literal key type, so RunSettings gets one typed field per key. */
export function defineHyperparameter<const K extends string>(h: Hyperparameter<K>): Hyperparameter<K> {
  return Object.freeze({ ...h });
}

export function defineOptimizer<const Id extends string, const K extends string = never>(
  def: OptimizerDef<Id, K>,
): OptimizerDef<Id, K> {
  return Object.freeze({ ...def });
}
