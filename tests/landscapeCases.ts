/** The (dimension, parameters) pairs that registry-driven tests run each landscape at. */
import { defaultParams, type Landscape } from '../src/landscapes';
import { mulberry32 } from './random';

export interface LandscapeCase {
  dim: number;
  params: number[];
  /** For test names: the dimension, and the parameters when they are not the defaults. */
  label: string;
}

/**
 * Landscapes with a free dimension: each of `dims` they accept, at their default parameters.
 * Networks (`dimensionOf`): D follows from the parameters, so they are tested at their defaults,
 * at every parameter's minimum and at `random` seeded parameter sets, each at the D it makes,
 * keeping those up to `maxDim` (sizes drawn log-uniformly, so small and large networks both come up).
 */
export function casesFor(landscape: Landscape, dims: readonly number[], random = 3): LandscapeCase[] {
  const defaults = defaultParams(landscape);
  const { dimensionOf } = landscape;
  if (!dimensionOf) {
    return dims.filter((d) => d >= landscape.dims.min && d <= landscape.dims.max).map((dim) => ({ dim, params: defaults, label: `D=${dim}` }));
  }
  const maxDim = Math.max(...dims);
  const rand = mulberry32(4242);
  const draw = () =>
    landscape.params.map((p) => {
      if (p.choices) return p.min + Math.floor(rand() * (p.max - p.min + 1));
      if (p.integer) return Math.min(p.max, Math.round((p.min + 1) * ((p.max + 1) / (p.min + 1)) ** rand()) - 1);
      return p.log ? p.min * (p.max / p.min) ** rand() : p.min + (p.max - p.min) * rand();
    });
  const sets = [defaults, landscape.params.map((p) => p.min)];
  for (let tries = 0; sets.length < 2 + random && tries < 1000; tries++) {
    const params = draw();
    if (dimensionOf(params) <= maxDim) sets.push(params);
  }
  const seen = new Set<string>();
  return sets.flatMap((params) => {
    const dim = dimensionOf(params);
    const key = params.join(',');
    if (seen.has(key) || dim > maxDim || dim < landscape.dims.min) return [];
    seen.add(key);
    const named = landscape.params.map((p, i) => `${p.key}=${params[i]}`).join(' ');
    return [{ dim, params, label: `D=${dim} ${params === defaults ? '(defaults)' : named}` }];
  });
}
