/**
 * The birthday-paradox support test's GPU side, in float64: the twin of
 * shaders/pairwise_duplicates.wgsl (src/analysis/BirthdayTest.ts), with the sizes and limits both
 * share.
 *
 * A batch is s distinct samples of the n in a buffer, drawn by a keyed permutation of 0 .. n − 1
 * (a Feistel network on the counter-based generator, walked until it lands below n): the batch's
 * members are the permutation's first s values, so every thread finds its own member with no
 * shared state, and no member repeats. Per batch: how many of its s(s − 1)/2 pairs lie closer
 * than the threshold (Euclidean distance over all d coordinates), and its closest pair (ties go
 * to the pair first in batch order, so the GPU and the twin pick the same one).
 */
import { MAX_DIM } from '../landscapes';
import { rngBits } from '../engine/rng';

/** Largest batch: a batch is s(s − 1)/2 distance computations, 8.4 million at 4,096. */
export const MAX_BIRTHDAY_BATCH = 4096;
/** Most batches per batch size: their members (4 bytes each) are kept, 16 MiB at 1,024 × 4,096. */
export const MAX_BIRTHDAY_BATCHES = 1024;
/** Largest sample dimension: the engine's. */
export const MAX_BIRTHDAY_DIM = MAX_DIM;
/** Samples per side of a workgroup's square of pairs (64 threads, 8 × 8 pairs each). */
export const BIRTHDAY_TILE = 64;
/** Coordinates per load into workgroup memory. */
export const BIRTHDAY_SLAB = 16;
/** Feistel rounds of the batch permutation (four make a keyed hash a pseudo-random permutation). */
export const BIRTHDAY_ROUNDS = 4;
/** A random stream no other kernel draws from (src/engine/rng.ts holds streams 0 to 6). */
export const STREAM_BIRTHDAY = 16;
/** A batch position or sample index meaning "no pair". */
export const NO_PAIR = 0xffffffff;
/** The closest-pair search starts above every finite f32 squared distance. */
export const F32_MAX = 3.4028234663852886e38;

/** Where the samples lie: coordinate c of sample p is element c · stride + p (the particle buffer's layout). */
export interface SampleLayout {
  /** Samples n. */
  count: number;
  /** Coordinates per sample d. */
  dim: number;
  /** Elements between one coordinate's run of samples and the next (default n). */
  stride?: number;
}

export interface BirthdayRequest {
  /** Samples per batch s, 2 to MAX_BIRTHDAY_BATCH and at most n. */
  batchSize: number;
  /** Batches B. */
  batches: number;
  /** Pairs closer than this (Euclidean) are duplicates. */
  threshold: number;
  seed: number;
}

export interface ClosestPair {
  /** Sample indices in the buffer, first < second in batch order. */
  first: number;
  second: number;
  distance: number;
}

export interface BatchDuplicates {
  /** Pairs of the batch closer than the threshold. */
  duplicates: number;
  /** Null only when no pair has a finite distance (non-finite coordinates). */
  closest: ClosestPair | null;
}

const whole = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
const fmt = (n: number) => n.toLocaleString('en-US');

/** Checks a layout: n from 2 to 2^31, d from 1 to MAX_BIRTHDAY_DIM, stride at least n. */
export function checkSampleLayout(layout: SampleLayout): Required<SampleLayout> {
  const { count, dim } = layout;
  const stride = layout.stride ?? count;
  if (!whole(count, 2, 2 ** 31)) throw new RangeError(`Birthday test: n = ${count} samples was refused: it must be a whole number from 2 to 2^31.`);
  if (!whole(dim, 1, MAX_BIRTHDAY_DIM)) {
    throw new RangeError(`Birthday test: dimension d = ${dim} was refused: it must be a whole number from 1 to MAX_BIRTHDAY_DIM = ${fmt(MAX_BIRTHDAY_DIM)}.`);
  }
  if (!whole(stride, count, 2 ** 32 - 1) || (dim - 1) * stride + count > 2 ** 32 - 1) {
    throw new RangeError(`Birthday test: stride = ${stride} was refused: it must be a whole number from n = ${count} on, with (d − 1) · stride + n below 2^32.`);
  }
  return { count, dim, stride };
}

/** Checks one batch size's request against the layout and a batch capacity (default the maxima). */
export function checkRequest(request: BirthdayRequest, layout: SampleLayout, maxBatchSize = MAX_BIRTHDAY_BATCH, maxBatches = MAX_BIRTHDAY_BATCHES): void {
  const { batchSize, batches, threshold, seed } = request;
  const largest = Math.min(maxBatchSize, layout.count);
  if (!whole(batchSize, 2, largest)) {
    throw new RangeError(
      `Birthday test: batch size s = ${batchSize} was refused: it must be a whole number from 2 to ${fmt(largest)} ` +
        `(MAX_BIRTHDAY_BATCH = ${fmt(MAX_BIRTHDAY_BATCH)}${maxBatchSize < MAX_BIRTHDAY_BATCH ? `, this test's ${fmt(maxBatchSize)}` : ''}, and no more than the n = ${fmt(layout.count)} samples).`,
    );
  }
  if (!whole(batches, 1, maxBatches)) {
    throw new RangeError(`Birthday test: batches = ${batches} was refused: it must be a whole number from 1 to ${fmt(maxBatches)}${maxBatches < MAX_BIRTHDAY_BATCHES ? ' (this test holds no more)' : ' (MAX_BIRTHDAY_BATCHES)'}.`);
  }
  if (!(Number.isFinite(threshold) && threshold > 0 && threshold * threshold < F32_MAX)) {
    throw new RangeError(`Birthday test: threshold = ${threshold} was refused: it must be a number above 0 whose square is a finite f32 (below 1.8e19).`);
  }
  if (!whole(seed, 0, 0xffffffff)) throw new RangeError(`Birthday test: seed = ${seed} was refused: it must be a whole number from 0 to 2^32 − 1.`);
}

/** A sweep over batch sizes: what BirthdayTest.sweep and explorer.birthdayTest() take. */
export interface BirthdayOptions {
  /** Batch sizes s (default the powers of 2 from 2 to min(1,024, n)); at most MAX_BIRTHDAY_SIZES of them. */
  sizes?: number[];
  /** Batches per size (default 64). */
  batches?: number;
  /** Pairs closer than this are duplicates (default 1e-3). */
  threshold?: number;
  seed?: number;
}

/** Most batch sizes in one sweep. */
export const MAX_BIRTHDAY_SIZES = 32;
export const DEFAULT_BIRTHDAY_BATCHES = 64;
export const DEFAULT_BIRTHDAY_THRESHOLD = 1e-3;
const DEFAULT_LARGEST_SIZE = 1024;

/** A sweep's options with the defaults filled in, sizes ascending and distinct; a bad one throws a RangeError naming its limit. */
export function resolveBirthdayOptions(options: BirthdayOptions, layout: SampleLayout, seed = 1): Required<BirthdayOptions> {
  const largest = Math.min(DEFAULT_LARGEST_SIZE, layout.count);
  const defaults: number[] = [];
  for (let s = 2; s <= largest; s *= 2) defaults.push(s);
  const sizes = options.sizes ?? defaults;
  if (!Array.isArray(sizes) || sizes.length < 1 || sizes.length > MAX_BIRTHDAY_SIZES) {
    throw new RangeError(`Birthday test: sizes was refused: it must be an array of 1 to MAX_BIRTHDAY_SIZES = ${MAX_BIRTHDAY_SIZES} batch sizes.`);
  }
  const resolved = {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    batches: options.batches ?? DEFAULT_BIRTHDAY_BATCHES,
    threshold: options.threshold ?? DEFAULT_BIRTHDAY_THRESHOLD,
    seed: options.seed ?? seed,
  };
  for (const batchSize of resolved.sizes) checkRequest({ ...resolved, batchSize }, layout);
  return resolved;
}

/** Bits of each half of the Feistel network: the smallest h ≥ 1 with 4^h ≥ n (so a walk takes under 4 rounds on average). */
export function feistelHalfBits(count: number): number {
  let h = 1;
  while (4 ** h < count) h++;
  return h;
}

/**
 * Member `position` of batch `batch` of size s: the keyed permutation of 0 .. n − 1 at `position`.
 * The permutation's key is (seed, s, batch), so batches of different sizes are independent.
 */
export function batchMember(count: number, halfBits: number, seed: number, batchSize: number, batch: number, position: number): number {
  const mask = 2 ** halfBits - 1;
  let x = position;
  do {
    let left = Math.floor(x / 2 ** halfBits);
    let right = x & mask;
    for (let r = 0; r < BIRTHDAY_ROUNDS; r++) {
      const f = rngBits(seed, STREAM_BIRTHDAY, batch, (batchSize << 3) | r, right)[0] & mask;
      [left, right] = [right, (left ^ f) >>> 0];
    }
    x = left * 2 ** halfBits + right;
  } while (x >= count);
  return x;
}

/** The s sample indices of one batch, in batch order. */
export function batchMembers(count: number, batchSize: number, seed: number, batch: number): Uint32Array {
  const h = feistelHalfBits(count);
  return Uint32Array.from({ length: batchSize }, (_, a) => batchMember(count, h, seed, batchSize, batch, a));
}

/** Pairs a batch of s samples holds. */
export const pairsOf = (batchSize: number) => (batchSize * (batchSize - 1)) / 2;

/**
 * Every batch's duplicate count and closest pair, in float64 from the given (f32) samples: what
 * BirthdayTest computes. `samples` is laid out as `layout` says.
 */
export function birthdayReference(samples: ArrayLike<number>, layout: SampleLayout, request: BirthdayRequest): BatchDuplicates[] {
  const { count, dim, stride } = checkSampleLayout(layout);
  checkRequest(request, layout);
  const { batchSize: s, batches, threshold, seed } = request;
  const limit = threshold * threshold;
  const out: BatchDuplicates[] = [];
  // One batch's coordinates gathered sample-major, so the pair loop reads contiguous memory.
  const gathered = new Float64Array(s * dim);
  for (let b = 0; b < batches; b++) {
    const members = batchMembers(count, s, seed, b);
    for (let a = 0; a < s; a++) {
      for (let c = 0; c < dim; c++) gathered[a * dim + c] = samples[c * stride + members[a]];
    }
    let duplicates = 0;
    let best = F32_MAX;
    let bestPair: [number, number] | null = null;
    for (let i = 0; i < s; i++) {
      for (let j = i + 1; j < s; j++) {
        let d2 = 0;
        for (let c = 0; c < dim; c++) {
          const diff = gathered[i * dim + c] - gathered[j * dim + c];
          d2 += diff * diff;
        }
        if (d2 < limit) duplicates++;
        // Strictly smaller: the first pair in batch order keeps a tie, as on the GPU.
        if (d2 < best) {
          best = d2;
          bestPair = [i, j];
        }
      }
    }
    out.push({
      duplicates,
      closest: bestPair && { first: members[bestPair[0]], second: members[bestPair[1]], distance: Math.sqrt(best) },
    });
  }
  return out;
}
