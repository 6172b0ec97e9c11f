/**
 * What settings mean for the engine and the view, worked out once per settings object: the
 * landscape, its parameter array, the view box, the known saddle and the run settings. Every
 * reader asks here instead of deriving them again. Settings objects are never changed in place
 * (every change makes a new one), so the cache cannot go stale.
 */
import { landscapeById, type Landscape } from '../landscapes';
import { finiteDifferenceCheck, typedLandscape } from '../landscapes/typed';
import { mulberry32 } from '../landscapes/seeded';
import type { LandscapeSaddle } from '../landscapes/types';
import type { RunSettings } from '../optimizers';
import type { ExplorerSettings } from './schema';

export interface ResolvedSettings {
  landscape: Landscape;
  /** Parameters in the landscape's order, defaults filled in. */
  params: number[];
  box: [number, number];
  saddle: LandscapeSaddle | null;
  /** The engine's run settings: escape is tracked below the known saddle's loss by escapeMargin. */
  run: RunSettings;
}

const cache = new WeakMap<object, ResolvedSettings>();
const typedCache = new Map<string, Landscape>();
/** Typed functions a page keeps compiled (each is a small object; texts come and go as a user types). */
const TYPED_CACHE_SIZE = 32;

/**
 * The landscape a setup names: a built-in one by id, or for 'typed' the setup's own text, compiled
 * once (its formula line says how well the symbolic gradient matches finite differences).
 */
export function landscapeFor(s: { landscape: string; expression: string }): Landscape {
  if (s.landscape !== 'typed') return landscapeById(s.landscape);
  let l = typedCache.get(s.expression);
  if (!l) {
    const typed = typedLandscape(s.expression);
    const dim = typed.dims.default;
    const rand = mulberry32(7);
    const [lo, hi] = typed.box;
    const points = Array.from({ length: 16 }, () => Array.from({ length: dim }, () => lo + (hi - lo) * rand()));
    const error = finiteDifferenceCheck(typed, dim, points);
    l = { ...typed, formula: `${typed.formula}   (symbolic ∇f against finite differences: ${error.toExponential(1)} at 16 points)` };
    if (typedCache.size >= TYPED_CACHE_SIZE) typedCache.delete(typedCache.keys().next().value!);
    typedCache.set(s.expression, l);
  }
  return l;
}

export function resolve(s: Readonly<ExplorerSettings>): ResolvedSettings {
  let r = cache.get(s);
  if (!r) {
    const landscape = landscapeFor(s);
    const params = landscape.params.map((p) => s.params[p.key] ?? p.default);
    const saddle = landscape.saddle?.(s.dim, params) ?? null;
    const { landscape: _l, dim: _d, params: _p, ...rest } = s;
    const run = { ...(rest as unknown as RunSettings), escapeLoss: s.targetLoss ?? (saddle ? saddle.f - s.escapeMargin : null) };
    r = { landscape, params, box: s.box ?? landscape.box, saddle, run };
    cache.set(s, r);
  }
  return r;
}

export const landscapeOf = (s: Readonly<ExplorerSettings>) => resolve(s).landscape;
export const paramsArray = (s: Readonly<ExplorerSettings>) => resolve(s).params;
export const boxOf = (s: Readonly<ExplorerSettings>) => resolve(s).box;
export const saddleOf = (s: Readonly<ExplorerSettings>) => resolve(s).saddle;
export const runOf = (s: Readonly<ExplorerSettings>) => resolve(s).run;
