/**
 * Filter-normalised directions (Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the loss
 * landscape of neural nets"): a random direction d is rescaled neuron by neuron (for a fully
 * connected layer a neuron's incoming weights are its "filter") to the norm of the centre's
 * weights there, d_i ← d_i / ‖d_i‖ · ‖θ_i‖, so that a step of 1 along it changes every neuron by
 * as much as that neuron weighs, and the scale invariance of ReLU layers no longer distorts the
 * plot. Biases are left out of the direction (zero), as Li et al. do.
 */
import type { Landscape } from '../landscapes/types';
import { gaussian, mulberry32 } from '../landscapes/seeded';

export type Neuron = { weights: number[]; bias?: number };

/**
 * `direction` rescaled neuron by neuron to the norms of `centre`'s incoming weights, biases set to
 * 0. A neuron whose direction slice is zero stays zero; one whose centre weights are all zero
 * (an unused unit) gets a zero slice. Coordinates no neuron names are left as they are.
 */
export function filterNormalized(direction: ArrayLike<number>, centre: ArrayLike<number>, neurons: readonly Neuron[]): Float64Array {
  if (direction.length !== centre.length) {
    throw new RangeError(`The direction has ${direction.length} coordinates and the centre ${centre.length}: they must match.`);
  }
  const out = Float64Array.from(direction);
  for (const { weights, bias } of neurons) {
    let dd = 0;
    let cc = 0;
    for (const k of weights) {
      if (!(k >= 0 && k < out.length)) throw new RangeError(`Neuron weight index ${k} is outside the ${out.length} coordinates.`);
      dd += direction[k] * direction[k];
      cc += centre[k] * centre[k];
    }
    const scale = dd > 0 ? Math.sqrt(cc / dd) : 0;
    for (const k of weights) out[k] = direction[k] * scale;
    if (bias !== undefined) out[bias] = 0;
  }
  return out;
}

/**
 * Two seeded Gaussian directions, each filter-normalised at `centre`: [u, v] for a slice
 * centre + a u + b v. As in Li et al., they are not orthogonalised (two random directions in high
 * dimension are nearly orthogonal anyway), and not scaled to unit length: a = ±1 moves each
 * neuron by its own norm.
 */
export function filterNormalizedDirections(
  centre: ArrayLike<number>,
  landscape: Landscape,
  params: number[],
  dim: number,
  seed: number,
): [Float64Array, Float64Array] {
  if (!landscape.neurons) {
    throw new RangeError(`${landscape.name} has no neurons to normalise by: filter-normalised directions need a network landscape.`);
  }
  if (centre.length !== dim) throw new RangeError(`The centre needs ${dim} coordinates; got ${centre.length}.`);
  const neurons = landscape.neurons(dim, params);
  const rand = mulberry32(seed * 2654435761 + 29);
  const draw = () => Float64Array.from({ length: dim }, () => gaussian(rand));
  const u = draw();
  const v = draw();
  return [filterNormalized(u, centre, neurons), filterNormalized(v, centre, neurons)];
}
