/**
 * Everything a user can set, with defaults, validation and the URL form. The GUI, the URL,
 * the tests and users' scripts all change the explorer through these names.
 */
import { clampDim, landscapeById, type Landscape } from '../landscapes';
import { DEFAULT_RUN, validateRun, type RunSettings } from '../optimizers';
import type { ColormapName } from '../view/colormaps';
import type { CameraMode } from '../view/SceneView';

export type InitKind = 'uniform' | 'gaussian' | 'grid';
export type ColorBy = 'plain' | 'loss' | 'basin';
export type SliceCenter = 'minimum' | 'origin' | 'best';
export type SliceDirections = 'axes' | 'random';

export interface ExplorerSettings extends RunSettings {
  landscape: string;
  dim: number;
  /** The landscape's parameters by key (e.g. kappa); missing keys take defaults. */
  params: Record<string, number>;
  /** View box: the same interval on both slice axes; null takes the landscape's own. */
  box: [number, number] | null;
  logScale: boolean;
  count: number;
  init: InitKind;
  /** Gaussian start: spread around the box centre. */
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
  /** Where the drawn plane passes (D > 2): a known minimum, the origin, or the best particle. */
  sliceCenter: SliceCenter;
  /** Its directions: the first two coordinate axes, or two seeded random orthonormal ones. */
  sliceDirections: SliceDirections;
  sliceSeed: number;
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
  const inRange = (key: keyof typeof LIMITS, integer = true) => {
    const v = next[key] as number;
    const [lo, hi] = LIMITS[key];
    if (!(v >= lo && v <= hi) || (integer && !Number.isInteger(v))) {
      throw new RangeError(`${key} = ${v} must be ${integer ? 'a whole number ' : ''}from ${lo} to ${hi}.`);
    }
  };
  (['count', 'stepsPerFrame', 'surfaceGrid', 'trailLength', 'trailCount'] as const).forEach((k) => inRange(k));
  inRange('pointSize', false);
  if (!Number.isInteger(next.dim) || next.dim < l.dims.min || next.dim > l.dims.max) {
    throw new RangeError(
      l.dims.min === l.dims.max
        ? `${l.name} is a ${l.dims.min}-D landscape; the dimension cannot change.`
        : `dim = ${next.dim} must be a whole number from ${l.dims.min} to ${l.dims.max}.`,
    );
  }
  if (next.box && !(next.box[0] < next.box[1])) throw new RangeError(`View box [${next.box}] must have lo < hi.`);
  if (!['minimum', 'origin', 'best'].includes(next.sliceCenter)) throw new RangeError(`sliceCenter "${next.sliceCenter}" must be minimum, origin or best.`);
  if (!['axes', 'random'].includes(next.sliceDirections)) throw new RangeError(`sliceDirections "${next.sliceDirections}" must be axes or random.`);
  if (!Number.isInteger(next.sliceSeed) || next.sliceSeed < 0) throw new RangeError(`sliceSeed = ${next.sliceSeed} must be a whole number >= 0.`);
  if (!(next.initSigma > 0)) throw new RangeError(`initSigma = ${next.initSigma} must be positive.`);
  if (!Number.isInteger(next.seed) || next.seed < 0 || next.seed > 0xffffffff) {
    throw new RangeError(`seed = ${next.seed} must be a whole number from 0 to 4294967295.`);
  }
  for (const p of l.params) {
    const v = next.params[p.key];
    if (v !== undefined && !(v >= p.min && v <= p.max)) throw new RangeError(`${p.label} = ${v} is outside [${p.min}, ${p.max}].`);
  }
  validateRun(next);
  return next;
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
