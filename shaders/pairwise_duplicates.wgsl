// The birthday-paradox support test: near-duplicate pairs in batches of samples. Three entry
// points, run in this order: `draw` picks each batch's members (a keyed permutation, so no
// member repeats), `pairs` measures one square of pairs per workgroup (BIRTHDAY_TILE samples a
// side, 64 pairs per thread, coordinates brought into workgroup memory BIRTHDAY_SLAB at a time,
// so each coordinate read from the samples serves BIRTHDAY_TILE distances), and `merge` folds a
// dispatch's squares into each batch's count and closest pair. Twin: src/analysis/birthdayReference.ts.

struct BirthdayParams {
  // Samples n; coordinate c of sample p is samples[c * stride + p].
  count: u32,
  dim: u32,
  stride: u32,
  batch_size: u32,
  batches: u32,
  // Squares per batch: the upper triangle (with diagonal) of ceil(s / BIRTHDAY_TILE) squares a side.
  tiles: u32,
  seed: u32,
  half_bits: u32,
  threshold2: f32,
  // This dispatch: squares first_tile .. first_tile + tile_count - 1, counted over all batches
  // (square g is square g % tiles of batch g / tiles); merge_count batches from first_batch.
  first_tile: u32,
  tile_count: u32,
  first_batch: u32,
}

// One square's (or, merged, one batch's) result; first and second are batch positions.
struct PairSearch {
  duplicates: u32,
  closest2: f32,
  first: u32,
  second: u32,
}

struct BatchResult {
  duplicates: u32,
  closest2: f32,
  first: u32,
  second: u32,
  // The closest pair's sample indices (NO_PAIR when none).
  first_sample: u32,
  second_sample: u32,
}

@group(0) @binding(0) var<uniform> BP: BirthdayParams;
@group(0) @binding(1) var<storage, read> samples: array<f32>;
// Batch b's member at position a: members[b * s + a].
@group(0) @binding(2) var<storage, read_write> members: array<u32>;
@group(0) @binding(3) var<storage, read_write> squares: array<PairSearch>;
@group(0) @binding(4) var<storage, read_write> results: array<BatchResult>;

// Smaller squared distance first; a tie goes to the pair first in batch order (the twin's order).
fn better(a: PairSearch, b: PairSearch) -> bool {
  if (a.closest2 != b.closest2) { return a.closest2 < b.closest2; }
  return a.first < b.first || (a.first == b.first && a.second < b.second);
}

fn no_pair() -> PairSearch {
  return PairSearch(0u, F32_MAX, NO_PAIR, NO_PAIR);
}

// Position `position` of the permutation keyed by (seed, s, batch): a balanced Feistel network on
// 2 * half_bits bits, walked again while it lands at n or above (it returns below n, at `position`
// itself at the latest, since a permutation's cycles close).
fn batch_member(batch: u32, position: u32) -> u32 {
  let h = BP.half_bits;
  let mask = (1u << h) - 1u;
  var x = position;
  loop {
    var left = x >> h;
    var right = x & mask;
    for (var r = 0u; r < BIRTHDAY_ROUNDS; r++) {
      let f = rng_bits(BP.seed, STREAM_BIRTHDAY, batch, (BP.batch_size << 3u) | r, right).x & mask;
      let next = left ^ f;
      left = right;
      right = next;
    }
    x = (left << h) | right;
    if (x < BP.count) { break; }
  }
  return x;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn draw(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= BP.batches * BP.batch_size) { return; }
  let b = k / BP.batch_size;
  let a = k % BP.batch_size;
  members[k] = batch_member(b, a);
  if (a == 0u) { results[b] = BatchResult(0u, F32_MAX, NO_PAIR, NO_PAIR, NO_PAIR, NO_PAIR); }
}

// Coordinates [k * BIRTHDAY_TILE + r] of the square's row samples and column samples.
var<workgroup> row_slab: array<f32, BIRTHDAY_SLAB * BIRTHDAY_TILE>;
var<workgroup> col_slab: array<f32, BIRTHDAY_SLAB * BIRTHDAY_TILE>;
// One result per thread, for a square (read by its thread 0) or a merge (reduced by a tree).
var<workgroup> partial: array<PairSearch, WORKGROUP_SIZE>;

// Each thread's share of a square: PAIRS_SIDE rows against PAIRS_SIDE columns.
const PAIRS_SIDE: u32 = 8u;
const_assert BIRTHDAY_TILE == PAIRS_SIDE * PAIRS_SIDE;
const_assert WORKGROUP_SIZE == PAIRS_SIDE * PAIRS_SIDE;

// This thread's pairs so far: how many under the threshold, and the closest (batch order breaks ties).
var<private> mine: PairSearch;

// Pairs (i, j0 .. j0 + 3) at squared distances d2, in batch order: a tie keeps the pair seen
// first. NaN and infinity fail every test: such pairs are neither counted nor closest. Four at a
// time with one branch, rarely taken: branches are what a software adapter's SIMD pays for.
fn consider_four(i: u32, j0: u32, d2: vec4f) {
  let j = vec4u(j0) + vec4u(0u, 1u, 2u, 3u);
  let valid = (vec4u(i) < j) & (j < vec4u(BP.batch_size)) & (d2 < vec4f(F32_MAX));
  mine.duplicates += dot(select(vec4u(0u), vec4u(1u), valid & (d2 < vec4f(BP.threshold2))), vec4u(1u));
  let masked = select(vec4f(F32_MAX), d2, valid);
  let m = min(min(masked.x, masked.y), min(masked.z, masked.w));
  if (m < mine.closest2) {
    mine.closest2 = m;
    mine.first = i;
    mine.second = select(select(select(j.w, j.z, masked.z == m), j.y, masked.y == m), j.x, masked.x == m);
  }
}

// One row sample x against eight column samples, one coordinate: squared differences added.
fn accumulate(x: f32, low: vec4f, high: vec4f, acc_low: ptr<function, vec4f>, acc_high: ptr<function, vec4f>) {
  let dl = low - x;
  let dh = high - x;
  *acc_low += dl * dl;
  *acc_high += dh * dh;
}

// `a` with `b` merged in: counts add, the better pair stays.
fn merged(a: PairSearch, b: PairSearch) -> PairSearch {
  var m = a;
  if (better(b, a)) { m = b; }
  m.duplicates = a.duplicates + b.duplicates;
  return m;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn pairs(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let tile = wid.x + wid.y * nwg.x;
  if (tile >= BP.tile_count) { return; }
  let g = BP.first_tile + tile;
  let batch = g / BP.tiles;
  let t = g % BP.tiles;
  // Square t of the upper triangle, column-block major: t = tj (tj + 1) / 2 + ti with ti <= tj.
  var tj = u32((sqrt(8.0 * f32(t) + 1.0) - 1.0) * 0.5);
  loop { if ((tj + 1u) * (tj + 2u) / 2u <= t) { tj++; } else { break; } }
  loop { if (tj * (tj + 1u) / 2u > t) { tj--; } else { break; } }
  let ti = t - tj * (tj + 1u) / 2u;
  let s = BP.batch_size;
  let row0 = ti * BIRTHDAY_TILE;
  let col0 = tj * BIRTHDAY_TILE;
  let base = batch * s;

  // This thread's rows 8 ty .. 8 ty + 7 against columns 8 tx .. 8 tx + 7: two accumulators per
  // row, named rather than an array, which a software adapter would keep in memory.
  let tx = lid % PAIRS_SIDE;
  let ty = lid / PAIRS_SIDE;
  var l0 = vec4f(0.0); var l1 = vec4f(0.0); var l2 = vec4f(0.0); var l3 = vec4f(0.0);
  var l4 = vec4f(0.0); var l5 = vec4f(0.0); var l6 = vec4f(0.0); var l7 = vec4f(0.0);
  var h0 = vec4f(0.0); var h1 = vec4f(0.0); var h2 = vec4f(0.0); var h3 = vec4f(0.0);
  var h4 = vec4f(0.0); var h5 = vec4f(0.0); var h6 = vec4f(0.0); var h7 = vec4f(0.0);
  for (var c0 = 0u; c0 < BP.dim; c0 += BIRTHDAY_SLAB) {
    // Barriers are few on purpose (a software adapter pays for each): one before a slab is
    // overwritten, one after it is loaded. The last slab may be narrower than BIRTHDAY_SLAB.
    if (c0 > 0u) { workgroupBarrier(); }
    let width = min(BIRTHDAY_SLAB, BP.dim - c0);
    for (var e = lid; e < width * BIRTHDAY_TILE; e += WORKGROUP_SIZE) {
      let at = (c0 + e / BIRTHDAY_TILE) * BP.stride;
      let r = e % BIRTHDAY_TILE;
      // Positions past s read the last member; their pairs are never counted.
      row_slab[e] = samples[at + members[base + min(row0 + r, s - 1u)]];
      col_slab[e] = samples[at + members[base + min(col0 + r, s - 1u)]];
    }
    workgroupBarrier();
    for (var k = 0u; k < width; k++) {
      let o = k * BIRTHDAY_TILE + PAIRS_SIDE * tx;
      let low = vec4f(col_slab[o], col_slab[o + 1u], col_slab[o + 2u], col_slab[o + 3u]);
      let high = vec4f(col_slab[o + 4u], col_slab[o + 5u], col_slab[o + 6u], col_slab[o + 7u]);
      let q = k * BIRTHDAY_TILE + PAIRS_SIDE * ty;
      accumulate(row_slab[q], low, high, &l0, &h0);
      accumulate(row_slab[q + 1u], low, high, &l1, &h1);
      accumulate(row_slab[q + 2u], low, high, &l2, &h2);
      accumulate(row_slab[q + 3u], low, high, &l3, &h3);
      accumulate(row_slab[q + 4u], low, high, &l4, &h4);
      accumulate(row_slab[q + 5u], low, high, &l5, &h5);
      accumulate(row_slab[q + 6u], low, high, &l6, &h6);
      accumulate(row_slab[q + 7u], low, high, &l7, &h7);
    }
  }

  mine = no_pair();
  let i0 = row0 + PAIRS_SIDE * ty;
  let j0 = col0 + PAIRS_SIDE * tx;
  consider_four(i0, j0, l0); consider_four(i0, j0 + 4u, h0);
  consider_four(i0 + 1u, j0, l1); consider_four(i0 + 1u, j0 + 4u, h1);
  consider_four(i0 + 2u, j0, l2); consider_four(i0 + 2u, j0 + 4u, h2);
  consider_four(i0 + 3u, j0, l3); consider_four(i0 + 3u, j0 + 4u, h3);
  consider_four(i0 + 4u, j0, l4); consider_four(i0 + 4u, j0 + 4u, h4);
  consider_four(i0 + 5u, j0, l5); consider_four(i0 + 5u, j0 + 4u, h5);
  consider_four(i0 + 6u, j0, l6); consider_four(i0 + 6u, j0 + 4u, h6);
  consider_four(i0 + 7u, j0, l7); consider_four(i0 + 7u, j0 + 4u, h7);
  partial[lid] = mine;
  workgroupBarrier();
  // One thread gathers the 64: one barrier instead of a tree's six.
  if (lid == 0u) {
    var result = partial[0];
    for (var q = 1u; q < WORKGROUP_SIZE; q++) { result = merged(result, partial[q]); }
    squares[tile] = result;
  }
}

// The tree reduction of `partial` into partial[0].
fn reduce_partial(lid: u32) {
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { partial[lid] = merged(partial[lid], partial[lid + stride]); }
    workgroupBarrier();
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn merge(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let b = BP.first_batch + wid.x;
  let lo = max(BP.first_tile, b * BP.tiles);
  let hi = min(BP.first_tile + BP.tile_count, (b + 1u) * BP.tiles);
  var found = no_pair();
  for (var g = lo + lid; g < hi; g += WORKGROUP_SIZE) { found = merged(found, squares[g - BP.first_tile]); }
  partial[lid] = found;
  workgroupBarrier();
  reduce_partial(lid);
  if (lid == 0u) {
    let old = results[b];
    let best = merged(PairSearch(old.duplicates, old.closest2, old.first, old.second), partial[0]);
    let base = b * BP.batch_size;
    var out = BatchResult(best.duplicates, best.closest2, best.first, best.second, NO_PAIR, NO_PAIR);
    if (best.first != NO_PAIR) {
      out.first_sample = members[base + best.first];
      out.second_sample = members[base + best.second];
    }
    results[b] = out;
  }
}
