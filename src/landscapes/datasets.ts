/**
 * Seeded two-class data sets in the plane, the classic toy problems for small networks: two
 * moons, two interleaved spirals, two concentric rings, XOR (four blobs, opposite corners
 * alike) and two Gaussian blobs. Points lie in roughly [−1.5, 1.5]², labels are ±1 and the
 * classes alternate point by point, so they are balanced before label noise.
 *
 * Every set is a pure function of (name, sizes, label noise, seed). The training and test
 * points come from separate streams, so the test count does not move the training points,
 * and label flips from streams of their own, flipping point i iff uᵢ < noise: the points do
 * not move with the noise, and a larger noise flips a superset of the labels a smaller one flips.
 *
 * Values are float32: what the GPU reads is exactly what the float64 twin computes with.
 */
import { gaussian, mulberry32 } from './seeded';

export const DATASETS = ['two moons', 'two spirals', 'circles', 'XOR', 'Gaussian blobs'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** Most points in either part of a set. */
export const MAX_POINTS = 100_000;

export interface DatasetSpec {
  name: string;
  /** Training points m (at least 1). */
  train: number;
  /** Held-out test points (0 or more). */
  test: number;
  /** Probability that a label is flipped, in [0, 1]. */
  noise: number;
  /** A whole number ≥ 0. */
  seed: number;
}

export interface Dataset {
  /** Training inputs, interleaved: point i is (trainX[2i], trainX[2i + 1]). */
  trainX: Float32Array<ArrayBuffer>;
  /** Training labels, ±1. */
  trainY: Float32Array<ArrayBuffer>;
  testX: Float32Array<ArrayBuffer>;
  testY: Float32Array<ArrayBuffer>;
}

/** One point of class `i % 2` (of quadrant i % 4 for XOR) as [x₁, x₂, label], drawing from `rand`. */
type Draw = (i: number, rand: () => number) => [number, number, number];

const label = (i: number) => (i % 2 === 0 ? 1 : -1);

const DRAWS: Record<DatasetName, Draw> = {
  // sklearn's make_moons, shifted to centre the pair: the upper moon (label +1) and the lower one, σ = 0.1.
  'two moons': (i, rand) => {
    const t = Math.PI * rand();
    const [x, y] = i % 2 === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return [x - 0.5 + 0.1 * gaussian(rand), y - 0.25 + 0.1 * gaussian(rand), label(i)];
  },
  // 1¾ turns each, radius 0.1 to 1.4, the second arm the first turned by π; σ = 0.05.
  'two spirals': (i, rand) => {
    const t = rand();
    const r = 0.1 + 1.3 * t;
    const angle = 3.5 * Math.PI * t + (i % 2) * Math.PI;
    return [r * Math.cos(angle) + 0.05 * gaussian(rand), r * Math.sin(angle) + 0.05 * gaussian(rand), label(i)];
  },
  // Inner ring of radius 0.5 (label +1) inside an outer ring of radius 1.25, σ = 0.1.
  circles: (i, rand) => {
    const angle = 2 * Math.PI * rand();
    const r = i % 2 === 0 ? 0.5 : 1.25;
    return [r * Math.cos(angle) + 0.1 * gaussian(rand), r * Math.sin(angle) + 0.1 * gaussian(rand), label(i)];
  },
  // Blobs at (±0.75, ±0.75), σ = 0.3; the label is the sign of the centre's x₁x₂.
  XOR: (i, rand) => {
    const sx = i % 2 === 0 ? -1 : 1;
    const sy = i % 4 < 2 ? -1 : 1;
    return [0.75 * sx + 0.3 * gaussian(rand), 0.75 * sy + 0.3 * gaussian(rand), sx * sy];
  },
  // Centres (0.6, 0.4) (label +1) and (−0.6, −0.4), σ = 0.4: they overlap a little.
  'Gaussian blobs': (i, rand) => {
    const s = label(i);
    return [0.6 * s + 0.4 * gaussian(rand), 0.4 * s + 0.4 * gaussian(rand), s];
  },
};

/** A generator's seed for (seed, stream): 0 and 1 training points and flips, 2 and 3 test points and flips. */
function streamSeed(seed: number, stream: number): number {
  return (Math.imul(seed, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77) ^ 0x165667b1) >>> 0;
}

function draw(name: DatasetName, count: number, noise: number, seed: number, stream: number): [Float32Array<ArrayBuffer>, Float32Array<ArrayBuffer>] {
  const points = mulberry32(streamSeed(seed, stream));
  const flips = mulberry32(streamSeed(seed, stream + 1));
  const x = new Float32Array(2 * count);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const [a, b, l] = DRAWS[name](i, points);
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = flips() < noise ? -l : l;
  }
  return [x, y];
}

function check(spec: DatasetSpec): DatasetName {
  const { name, train, test, noise, seed } = spec;
  if (!(DATASETS as readonly string[]).includes(name)) {
    throw new RangeError(`Unknown data set "${name}". Known: ${DATASETS.join(', ')}.`);
  }
  if (!Number.isInteger(train) || train < 1 || train > MAX_POINTS) {
    throw new RangeError(`Training points must be a whole number from 1 to ${MAX_POINTS}; got ${train}.`);
  }
  if (!Number.isInteger(test) || test < 0 || test > MAX_POINTS) {
    throw new RangeError(`Test points must be a whole number from 0 to ${MAX_POINTS}; got ${test}.`);
  }
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`Label noise is a flip probability from 0 to 1; got ${noise}.`);
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`Data seed must be a whole number ≥ 0; got ${seed}.`);
  return name as DatasetName;
}

const cache = new Map<string, Dataset>();

/** The data set these settings make, drawn once and cached (callers must not write to it). */
export function dataset(spec: DatasetSpec): Dataset {
  const name = check(spec);
  const key = `${name}:${spec.train}:${spec.test}:${spec.noise}:${spec.seed}`;
  let set = cache.get(key);
  if (set) return set;
  const [trainX, trainY] = draw(name, spec.train, spec.noise, spec.seed, 0);
  const [testX, testY] = draw(name, spec.test, spec.noise, spec.seed, 2);
  set = { trainX, trainY, testX, testY };
  if (cache.size >= 16) cache.clear();
  cache.set(key, set);
  return set;
}
