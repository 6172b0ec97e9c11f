/**
 * Everything a user can set, with defaults, validation and the URL form. The GUI, the URL,
 * the tests and users' scripts all change the explorer through these names.
 */
import { clampDim, landscapeById, type Landscape } from '../landscapes';
import { DEFAULT_RUN, validateRun, type RunSettings } from '../optimizers';
import type { ColormapName } from '../view/colormaps';
import type { CameraMode } from '../view/SceneView';

export type InitKind = 'uniform' | 'gaussian' | 'grid' | 'saddle';
export type ColorBy = 'plain' | 'loss' | 'basin';
export type SliceCenter = 'minimum' | 'origin' | 'best' | 'mean' | 'saddle';
export type SliceDirections = 'axes' | 'random' | 'pca' | 'hessian';
export type ParticleHeight = 'loss' | 'slice';

export const INIT_KINDS: readonly InitKind[] = ['uniform', 'gaussian', 'grid', 'saddle'];
export const SLICE_CENTERS: readonly SliceCenter[] = ['minimum', 'origin', 'best', 'mean', 'saddle'];
export const SLICE_DIRECTIONS: readonly SliceDirections[] = ['axes', 'random', 'pca', 'hessian'];

/** The run's escapeLoss is derived (saddle loss - escapeMargin), so it is not a setting of its own. */
export interface ExplorerSettings extends Omit<RunSettings, 'escapeLoss'> {
  landscape: string;
  dim: number;
  /** The landscape's parameters by key (e.g. kappa); missing keys take defaults. */
  params: Record<string, number>;
  /** View box: the same interval on both slice axes; null takes the landscape's own. */
  box: [number, number] | null;
  logScale: boolean;
  count: number;
  init: InitKind;
  /** Gaussian start: spread around the box centre; saddle start: spread around the saddle (0: exactly on it). */
  initSigma: number;
  seed: number;
  stepsPerFrame: number;
  playing: boolean;
  colormap: ColormapName;
  contours: boolean;
  showSurface: boolean;
  wireframe: boolean;
  surfaceGrid: number;
  colorBy: ColorBy;
  hideDiverged: boolean;
  pointSize: number;
  trailLength: number;
  trailCount: number;
  camera: CameraMode;
  autoRotate: boolean;
  /** Where the drawn plane passes: a known minimum, the origin, the best particle, the cloud's mean, or the known saddle. */
  sliceCenter: SliceCenter;
  /**
   * Its directions: the first two coordinate axes, two seeded random orthonormal ones, the cloud's
   * top two principal components, or the Hessian's eigenvectors of its smallest and largest
   * eigenvalue at the centre (a saddle shows as a saddle, a minimum's flattest and sharpest ways).
   */
  sliceDirections: SliceDirections;
  sliceSeed: number;
  /** Particles drawn at the height of their own loss, or of the slice's loss where they project. */
  particleHeight: ParticleHeight;
  /** A particle has escaped the landscape's known saddle once its loss is this far below the saddle's. */
  escapeMargin: number;
  /** Curvature census: particles sampled, Lanczos steps at each, and the gradient norm below which a particle is near a critical point. */
  curvatureSamples: number;
  curvatureSteps: number;
  criticalGradTol: number;
  /** Particles dropped by a click, and their spread as a fraction of the box. */
  dropCount: number;
  dropSpread: number;
}

export const DEFAULT_SETTINGS: Readonly<ExplorerSettings> = {
  ...DEFAULT_RUN,
  landscape: 'himmelblau',
  dim: 2,
  params: {},
  box: null,
  logScale: true,
  count: 8192,
  init: 'uniform',
  initSigma: 0.5,
  seed: 1,
  stepsPerFrame: 1,
  playing: true,
  lr: 0.002,
  colormap: 'viridis',
  contours: true,
  showSurface: true,
  wireframe: false,
  surfaceGrid: 256,
  colorBy: 'basin',
  hideDiverged: true,
  pointSize: 0.007,
  trailLength: 64,
  trailCount: 256,
  camera: '3d',
  autoRotate: false,
  sliceCenter: 'minimum',
  sliceDirections: 'axes',
  sliceSeed: 1,
  particleHeight: 'loss',
  escapeMargin: 0.5,
  curvatureSamples: 512,
  curvatureSteps: 20,
  criticalGradTol: 0.05,
  dropCount: 256,
  dropSpread: 0.02,
};

/** Settings that need new GPU resources when they change. */
export const STRUCTURAL: readonly (keyof ExplorerSettings)[] = [
  'landscape',
  'dim',
  'count',
  'surfaceGrid',
  'trailLength',
  'trailCount',
];

/** Settings that re-place the particles. */
export const RESETTING: readonly (keyof ExplorerSettings)[] = ['init', 'initSigma', 'seed'];

export const LIMITS = {
  count: [1, 4_194_304],
  dim: [2, 4096],
  stepsPerFrame: [1, 256],
  surfaceGrid: [16, 1024],
  trailLength: [2, 512],
  trailCount: [0, 4096],
  pointSize: [0.002, 0.08],
  curvatureSamples: [1, 4096],
  curvatureSteps: [2, 32],
} as const;

export function landscapeOf(s: Pick<ExplorerSettings, 'landscape'>): Landscape {
  return landscapeById(s.landscape);
}

export function paramsArray(s: ExplorerSettings): number[] {
  return landscapeOf(s).params.map((p) => s.params[p.key] ?? p.default);
}

export function boxOf(s: ExplorerSettings): [number, number] {
  return s.box ?? landscapeOf(s).box;
}

/** Merges a patch, checking every value; throws a RangeError naming the bad one and changes nothing. */
export function applyPatch(current: ExplorerSettings, patch: Partial<ExplorerSettings>): ExplorerSettings {
  for (const key of Object.keys(patch)) {
    if (!(key in DEFAULT_SETTINGS)) throw new RangeError(`Unknown setting "${key}".`);
  }
  const next: ExplorerSettings = { ...current, ...patch, params: { ...current.params, ...(patch.params ?? {}) } };
  if (patch.landscape !== undefined) {
    const l = landscapeById(patch.landscape);
    if (patch.dim === undefined) next.dim = clampDim(l, next.dim);
    if (patch.box === undefined) next.box = null;
    if (patch.params === undefined) next.params = {};
  }
  const l = landscapeOf(next);
  // Starting at or centring on a saddle falls back when a new landscape (or k = 0) has none.
  if ((patch.landscape !== undefined || patch.params !== undefined || patch.dim !== undefined) && !saddleOf(next)) {
    if (patch.init === undefined && next.init === 'saddle') {
      next.init = 'uniform';
      if (next.initSigma === 0) next.initSigma = DEFAULT_SETTINGS.initSigma;
    }
    if (patch.sliceCenter === undefined && next.sliceCenter === 'saddle') next.sliceCenter = 'minimum';
  }
  const inRange = (key: keyof typeof LIMITS, integer = true) => {
    const v = next[key] as number;
    const [lo, hi] = LIMITS[key];
    if (!(v >= lo && v <= hi) || (integer && !Number.isInteger(v))) {
      throw new RangeError(`${key} = ${v} must be ${integer ? 'a whole number ' : ''}from ${lo} to ${hi}.`);
    }
  };
  (['count', 'stepsPerFrame', 'surfaceGrid', 'trailLength', 'trailCount', 'curvatureSamples', 'curvatureSteps'] as const).forEach((k) => inRange(k));
  inRange('pointSize', false);
  if (!Number.isInteger(next.dim) || next.dim < l.dims.min || next.dim > l.dims.max) {
    throw new RangeError(
      l.dims.min === l.dims.max
        ? `${l.name} is a ${l.dims.min}-D landscape; the dimension cannot change.`
        : `dim = ${next.dim} must be a whole number from ${l.dims.min} to ${l.dims.max}.`,
    );
  }
  if (next.box && !(next.box[0] < next.box[1])) throw new RangeError(`View box [${next.box}] must have lo < hi.`);
  const oneOf = (key: keyof ExplorerSettings, allowed: readonly string[]) => {
    if (!allowed.includes(next[key] as string)) throw new RangeError(`${key} "${next[key]}" must be one of ${allowed.join(', ')}.`);
  };
  oneOf('init', INIT_KINDS);
  oneOf('sliceCenter', SLICE_CENTERS);
  oneOf('sliceDirections', SLICE_DIRECTIONS);
  oneOf('particleHeight', ['loss', 'slice']);
  const noSaddle = `${l.name}${l.dims.max > 2 ? ` (D = ${next.dim})` : ''} has no known saddle point: pick the strict saddle, the monkey saddle or the chosen-spectrum quadratic with k > 0.`;
  if (next.init === 'saddle' && !saddleOf(next)) throw new RangeError(`Cannot start at a saddle: ${noSaddle}`);
  if (next.sliceCenter === 'saddle' && !saddleOf(next)) throw new RangeError(`Cannot centre the slice on a saddle: ${noSaddle}`);
  if (!Number.isInteger(next.sliceSeed) || next.sliceSeed < 0) throw new RangeError(`sliceSeed = ${next.sliceSeed} must be a whole number >= 0.`);
  if (!(next.initSigma > 0) && !(next.init === 'saddle' && next.initSigma === 0)) {
    throw new RangeError(`initSigma = ${next.initSigma} must be positive (0 is allowed only for a start exactly at the saddle).`);
  }
  if (!(next.escapeMargin > 0 && Number.isFinite(next.escapeMargin))) throw new RangeError(`escapeMargin = ${next.escapeMargin} must be a positive number.`);
  if (!(next.criticalGradTol > 0 && Number.isFinite(next.criticalGradTol))) throw new RangeError(`criticalGradTol = ${next.criticalGradTol} must be a positive number.`);
  if (!Number.isInteger(next.seed) || next.seed < 0 || next.seed > 0xffffffff) {
    throw new RangeError(`seed = ${next.seed} must be a whole number from 0 to 4294967295.`);
  }
  for (const p of l.params) {
    const v = next.params[p.key];
    if (v !== undefined && !(v >= p.min && v <= p.max)) throw new RangeError(`${p.label} = ${v} is outside [${p.min}, ${p.max}].`);
  }
  validateRun(runOf(next));
  return next;
}

/** The landscape's known saddle at these settings, if it has one. */
export function saddleOf(s: ExplorerSettings) {
  return landscapeOf(s).saddle?.(s.dim, paramsArray(s)) ?? null;
}

/** The engine's run settings: escape is tracked below the known saddle's loss by escapeMargin. */
export function runOf(s: ExplorerSettings): RunSettings {
  const saddle = saddleOf(s);
  return { ...s, escapeLoss: saddle ? saddle.f - s.escapeMargin : null };
}

/** Settings that differ from the defaults, as URL search parameters. */
export function toQuery(s: ExplorerSettings): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(s) as [keyof ExplorerSettings, unknown][]) {
    const def = DEFAULT_SETTINGS[key];
    if (JSON.stringify(value) === JSON.stringify(def)) continue;
    q.set(key, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  }
  return q.toString();
}

/** Parses a URL query; unknown or malformed entries are reported, the rest applied. */
export function fromQuery(query: string, base: ExplorerSettings = { ...DEFAULT_SETTINGS }): { settings: ExplorerSettings; errors: string[] } {
  const q = new URLSearchParams(query);
  const errors: string[] = [];
  let settings = base;
  const ordered = [...q.entries()].sort(([a], [b]) => (a === 'landscape' ? -1 : b === 'landscape' ? 1 : 0));
  for (const [key, raw] of ordered) {
    if (!(key in DEFAULT_SETTINGS)) {
      errors.push(`Unknown setting "${key}" in the address was ignored.`);
      continue;
    }
    const def = DEFAULT_SETTINGS[key as keyof ExplorerSettings];
    let value: unknown = raw;
    try {
      if (typeof def === 'number') value = Number(raw);
      else if (typeof def === 'boolean') value = raw === 'true';
      else if (typeof def === 'object' || key === 'box' || key === 'bound') value = JSON.parse(raw);
      settings = applyPatch(settings, { [key]: value } as Partial<ExplorerSettings>);
    } catch (e) {
      errors.push(`${key}=${raw} was ignored: ${(e as Error).message}`);
    }
  }
  return { settings, errors };
}
