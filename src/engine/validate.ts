import { MAX_DIM } from '../landscapes';
import type { SystemSpec } from './types';

/** Particle counts the engines accept; the device may allow fewer (checked when buffers are made). */
export const MAX_PARTICLES = 1 << 24;

export function validateSystem(spec: SystemSpec): void {
  const { landscape, dim, count } = spec;
  if (!Number.isInteger(dim) || dim < landscape.dims.min || dim > landscape.dims.max) {
    const range =
      landscape.dims.min === landscape.dims.max
        ? `only D = ${landscape.dims.min}`
        : `D from ${landscape.dims.min} to ${Math.min(landscape.dims.max, MAX_DIM)}`;
    throw new RangeError(`${landscape.name} is defined for ${range}; got D = ${dim}.`);
  }
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTICLES) {
    throw new RangeError(`Particle count must be a whole number from 1 to ${MAX_PARTICLES}; got ${count}.`);
  }
  const params = spec.params ?? [];
  if (spec.params && params.length !== landscape.params.length) {
    throw new RangeError(`${landscape.name} takes ${landscape.params.length} parameter(s); got ${params.length}.`);
  }
  params.forEach((v, i) => {
    const p = landscape.params[i];
    if (!(v >= p.min && v <= p.max)) throw new RangeError(`${p.label} = ${v} is outside [${p.min}, ${p.max}].`);
  });
  if (landscape.dimensionOf) {
    const wanted = landscape.dimensionOf(spec.params ? [...spec.params] : landscape.params.map((p) => p.default));
    if (dim !== wanted) throw new RangeError(`${landscape.name} with these parameters has D = ${wanted} parameters; got D = ${dim}.`);
  }
}
