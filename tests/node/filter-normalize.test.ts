/**
 * Filter-normalised directions (src/analysis/filterNormalize.ts) and the landscapes' neurons()
 * hook they rest on, for every landscape in the registry that has one.
 */
import { describe, expect, it } from 'vitest';
import { filterNormalized, filterNormalizedDirections } from '../../src/analysis/filterNormalize';
import { LANDSCAPES, landscapeById, type Landscape } from '../../src/landscapes';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';

/** Besides the defaults, shapes that change the neuron layout (depth, trained output, N = 1). */
const VARIANTS: Record<string, Record<string, number>[]> = {
  mlp: [{}, { hiddenLayers: 1, width: 3 }, { hiddenLayers: 4, width: 5 }],
  'teacher-student': [{}, { trainOutput: 1, extraInputs: 2 }],
  'teacher-student-sample': [{}, { trainOutput: 1, studentWidth: 3 }],
  'deep-linear': [{}, { depth: 1 }, { depth: 5, width: 3, inputs: 4 }],
};

const withNeurons = LANDSCAPES.filter((l) => l.neurons);

const cases = withNeurons.flatMap((l) =>
  (VARIANTS[l.id] ?? [{}]).map((over) => {
    const params = l.params.map((q) => over[q.key] ?? q.default);
    return [`${l.id} ${JSON.stringify(over)}`, l, params] as [string, Landscape, number[]];
  }),
);

describe('neurons()', () => {
  it('every network landscape (one with layers) has neurons', () => {
    expect(LANDSCAPES.filter((l) => l.layers).map((l) => l.id)).toEqual(withNeurons.map((l) => l.id));
    expect(withNeurons.map((l) => l.id).sort()).toEqual(Object.keys(VARIANTS).sort());
  });

  it.each(cases)('%s covers every coordinate exactly once', (_name, landscape, params) => {
    const dim = landscape.dimensionOf!(params);
    const seen = new Uint32Array(dim);
    for (const n of landscape.neurons!(dim, params)) {
      expect(n.weights.length).toBeGreaterThan(0);
      for (const k of n.weights) seen[k]++;
      if (n.bias !== undefined) seen[n.bias]++;
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    // The fan-in of each layer block is its neurons' weight count.
    const fans = landscape.layers!(params).filter((b) => !b.zero).flatMap((b) => new Array(b.fanOut).fill(b.fanIn));
    expect(landscape.neurons!(dim, params).map((n) => n.weights.length)).toEqual(fans);
  });
});

describe('filterNormalized', () => {
  it.each(cases)('%s: each neuron’s slice has the centre’s norm, biases are zero', (_name, landscape, params) => {
    const dim = landscape.dimensionOf!(params);
    const rand = mulberry32(dim);
    const centre = Array.from({ length: dim }, () => 2 * gaussian(rand));
    const [u, v] = filterNormalizedDirections(centre, landscape, params, dim, 4);
    let worst = 0;
    for (const d of [u, v]) {
      for (const n of landscape.neurons!(dim, params)) {
        const slice = Math.hypot(...n.weights.map((k) => d[k]));
        const target = Math.hypot(...n.weights.map((k) => centre[k]));
        worst = Math.max(worst, Math.abs(slice - target) / target);
        if (n.bias !== undefined) expect(d[n.bias]).toBe(0);
      }
    }
    expect(worst).toBeLessThan(1e-12);
    // Seeded: the same seed gives the same directions, another seed others; u and v differ.
    const [u2] = filterNormalizedDirections(centre, landscape, params, dim, 4);
    const [u3] = filterNormalizedDirections(centre, landscape, params, dim, 5);
    expect(Array.from(u2)).toEqual(Array.from(u));
    expect(Array.from(u3)).not.toEqual(Array.from(u));
    expect(Array.from(v)).not.toEqual(Array.from(u));
  });

  it('keeps each neuron’s direction, zeroes a dead neuron and refuses bad input', () => {
    const neurons = [{ weights: [0, 1], bias: 4 }, { weights: [2, 3] }];
    const d = filterNormalized([3, 4, 1, 1, 9], [0, 10, 0, 0, 7], neurons);
    expect(Array.from(d)).toEqual([6, 8, 0, 0, 0]);
    expect(() => filterNormalized([1, 2], [1, 2, 3], neurons)).toThrow(RangeError);
    expect(() => filterNormalized([1, 2, 3], [1, 2, 3], neurons)).toThrow(RangeError);
    const rastrigin = landscapeById('rastrigin');
    expect(() => filterNormalizedDirections([0, 0], rastrigin, [], 2, 1)).toThrow(/no neurons/);
    const mlp = landscapeById('mlp');
    const params = mlp.params.map((q) => q.default);
    expect(() => filterNormalizedDirections([0, 0], mlp, params, mlp.dimensionOf!(params), 1)).toThrow(RangeError);
  });
});
