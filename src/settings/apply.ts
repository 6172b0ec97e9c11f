/**
 * A change of settings, checked whole: every value against its row, then the rules that tie
 * settings together (a landscape's dimensions, parameters and saddle). A bad value throws a
 * RangeError naming it, and nothing changes.
 */
import { clampDim, landscapeById } from '../landscapes';
import { checkValue } from './rows';
import { DEFAULT_SETTINGS, rowOf, SCHEMA, type ExplorerSettings } from './schema';
import { landscapeFor, saddleOf } from './resolve';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Copies a patch's values so that a caller changing its objects later changes nothing here. */
const copyValue = (v: unknown) => (Array.isArray(v) ? [...v] : isPlainObject(v) ? { ...v } : v);

/** Merges a patch over `current`, checking every value; throws a RangeError naming the bad one and changes nothing. */
export function applyPatch(current: Readonly<ExplorerSettings>, patch: unknown): ExplorerSettings {
  // Any object's own keys are its settings (a patch whose prototype a "__proto__" key replaced included).
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    const got = patch === null ? 'null' : Array.isArray(patch) ? 'an array' : typeof patch;
    throw new RangeError(`Settings are changed with an object such as { lr: 0.01 }; got ${got}.`);
  }
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    const row = rowOf(key);
    if (!row) throw new RangeError(`Unknown setting "${key}". The settings are listed in the README and in explorer.schema.`);
    const problem = checkValue(key, row, value);
    if (problem) throw new RangeError(problem);
  }
  const p = Object.fromEntries(Object.entries(patch as Record<string, unknown>).map(([k, v]) => [k, copyValue(v)])) as Partial<ExplorerSettings>;
  const next: ExplorerSettings = { ...current, ...p, params: { ...current.params, ...(p.params ?? {}) } };

  if (p.landscape !== undefined && p.landscape !== current.landscape) {
    // A new landscape brings its own dimensions, box and parameters unless the patch names them.
    const l = landscapeFor(next);
    if (p.dim === undefined) next.dim = clampDim(l, next.dim);
    if (p.box === undefined) next.box = null;
    // The old landscape's parameters mean nothing to the new one: only the patch's are kept.
    next.params = { ...(p.params ?? {}) };
    // Networks are seen through the cloud (its best particle and principal components) and start
    // as networks do; leaving them restores the plain view, unless the patch names the settings.
    const toNetwork = l.dimensionOf !== undefined;
    const fromNetwork = landscapeById(current.landscape).dimensionOf !== undefined;
    for (const [key, value] of Object.entries(NETWORK_VIEW) as [keyof typeof NETWORK_VIEW, unknown][]) {
      if (key in p) continue;
      if (toNetwork && !fromNetwork && (key !== 'init' || l.layers)) (next as Record<string, unknown>)[key] = value;
      if (!toNetwork && fromNetwork && next[key] === value) (next as Record<string, unknown>)[key] = DEFAULT_SETTINGS[key];
    }
  }
  const l = landscapeFor(next);
  // Another typed text may be 2-D only, or take any D: the dimension follows unless the patch names it.
  if (p.expression !== undefined && next.landscape === 'typed' && p.dim === undefined) next.dim = clampDim(l, next.dim);
  const problem = l.checkParams?.(l.params.map((q) => next.params[q.key] ?? q.default));
  if (problem) throw new RangeError(`params = ${JSON.stringify(next.params)} was refused: ${problem}`);
  if (l.dimensionOf) {
    // A network's dimension is its parameter count, which its parameters decide.
    const params = l.params.map((q) => next.params[q.key] ?? q.default);
    const dim = l.dimensionOf(params);
    if (p.dim !== undefined && p.dim !== dim) {
      throw new RangeError(`dim = ${p.dim} was refused: ${l.name} has D = ${dim} parameters, set by its parameters (widths), not by dim.`);
    }
    if (dim < 2) {
      throw new RangeError(`params = ${JSON.stringify(next.params)} was refused: ${l.name} would have D = ${dim}, and the explorer draws slices through at least 2 coordinates.`);
    }
    if (dim > l.dims.max) {
      throw new RangeError(`params = ${JSON.stringify(next.params)} was refused: ${l.name} would have D = ${dim} parameters, past the largest D = ${l.dims.max}.`);
    }
    next.dim = dim;
  }
  if (next.dim < l.dims.min || next.dim > l.dims.max) {
    throw new RangeError(
      l.dims.min === l.dims.max
        ? `dim = ${next.dim} was refused: ${l.name} is a ${l.dims.min}-D landscape; the dimension cannot change.`
        : `dim = ${next.dim} was refused: ${l.name} takes a whole number from ${l.dims.min} to ${l.dims.max}.`,
    );
  }
  for (const key of Object.keys(next.params)) {
    const param = l.params.find((q) => q.key === key);
    if (!param) {
      const known = l.params.map((q) => q.key).join(', ') || 'none';
      throw new RangeError(`params.${key} was refused: ${l.name} has no parameter "${key}" (its parameters: ${known}).`);
    }
    const max = param.perCoordinate ? Math.min(param.max, next.dim) : param.max;
    const v = next.params[key];
    // A lower dimension pulls a per-coordinate count (e.g. k saddle directions) down with it, unless the patch set it.
    if (v > max && param.perCoordinate && p.params?.[key] === undefined) {
      next.params[key] = max;
      continue;
    }
    if (!(v >= param.min && v <= max) || ((param.integer || param.choices) && !Number.isInteger(v))) {
      throw new RangeError(
        `params.${key} = ${v} was refused: ${param.label} takes ${param.integer ? 'a whole number' : 'a number'} from ${param.min} to ${max}` +
          `${max < param.max ? ` (at most D = ${next.dim})` : ''}.`,
      );
    }
  }

  // Starting at or centring on a saddle falls back when a new landscape (or k = 0) has none.
  const hasSaddle = saddleOf(next) !== null;
  if ((p.landscape !== undefined || p.params !== undefined || p.dim !== undefined) && !hasSaddle) {
    if (p.init === undefined && next.init === 'saddle') {
      next.init = 'uniform';
      if (next.initSigma === 0) next.initSigma = DEFAULT_SETTINGS.initSigma;
    }
    if (p.sliceCenter === undefined && next.sliceCenter === 'saddle') next.sliceCenter = 'minimum';
  }
  const noSaddle = `${l.name}${l.dims.max > 2 ? ` (D = ${next.dim})` : ''} has no known saddle point: pick the strict saddle, the monkey saddle or the chosen-spectrum quadratic with k > 0.`;
  if (next.init === 'saddle' && !hasSaddle) throw new RangeError(`init = "saddle" was refused: ${noSaddle}`);
  if (next.sliceCenter === 'saddle' && !hasSaddle) throw new RangeError(`sliceCenter = "saddle" was refused: ${noSaddle}`);
  const networkStart = next.init.startsWith('xavier') || next.init.startsWith('he-');
  if (networkStart && !l.layers) {
    if (p.init === undefined) next.init = 'uniform';
    else throw new RangeError(`init = "${next.init}" was refused: ${l.name} is not a network; Xavier and He starts are for network landscapes.`);
  }
  if (next.init === 'balanced' && !l.balancedStart) {
    if (p.init === undefined) next.init = 'uniform';
    else throw new RangeError(`init = "balanced" was refused: ${l.name} has no balanced start; it is for deep linear networks.`);
  }
  if (next.sliceDirections === 'filter' && !l.neurons) {
    if (p.sliceDirections === undefined) next.sliceDirections = 'random';
    else throw new RangeError(`sliceDirections = "filter" was refused: ${l.name} is not a network; filter-normalised directions rescale a direction neuron by neuron.`);
  }
  if (next.sliceDirections === 'trajectory' && !next.recordPaths) {
    if (p.sliceDirections === undefined) next.sliceDirections = 'axes';
    else throw new RangeError('sliceDirections = "trajectory" was refused: no paths are recorded; set recordPaths: true (Trajectories › record paths) and run some steps first.');
  }
  if (next.initSigma === 0 && next.init !== 'saddle') {
    throw new RangeError('initSigma = 0 was refused: a spread of 0 is allowed only for a start exactly at the saddle (init = "saddle").');
  }
  return next;
}

/** What a network landscape starts with, where the patch does not say. */
export const NETWORK_VIEW = {
  sliceCenter: 'best', sliceDirections: 'pca', particleHeight: 'slice', init: 'xavier-normal',
  // Every surface point of a network trained on data sums over its whole training set.
  surfaceGrid: 64,
} as const;

/** The settings from `patch` over the defaults (what Explorer.create and links start from). */
export function settingsFrom(patch: unknown = {}): ExplorerSettings {
  return applyPatch({ ...DEFAULT_SETTINGS, params: {} }, patch);
}

/** Whether a change of the landscape's parameters needs new GPU resources (it changes D or the data's size). */
export function structuralParamsChanged(a: Readonly<ExplorerSettings>, b: Readonly<ExplorerSettings>): boolean {
  if (a.landscape !== b.landscape) return true;
  return landscapeById(b.landscape).params.some((q) => q.structural && (a.params[q.key] ?? q.default) !== (b.params[q.key] ?? q.default));
}

/** Keys whose values differ between two settings objects. */
export function changedKeys(a: Readonly<ExplorerSettings>, b: Readonly<ExplorerSettings>): (keyof ExplorerSettings)[] {
  return (Object.keys(SCHEMA) as (keyof ExplorerSettings)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
