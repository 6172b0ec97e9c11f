// Critical points of every index (minima, saddles, maxima), one invocation per point. Up to
// NEWTON_MAX_DIM coordinates: damped Newton on the gradient, the Hessian by central differences
// of the landscape's own gradient along the axes, solved densely in private arrays. Past that:
// descent on 1/2 |g|^2, whose gradient H g is one Hessian-vector product. Both accept a trial
// step only when |g|^2 falls enough, both cap it at the trust radius. TypeScript twin (the
// algorithm and its reasons): src/analysis/criticalSearchReference.ts.

// NEWTON_MAX_DIM, CRITICAL_PIVOT_FLOOR, CRITICAL_ARMIJO, CRITICAL_STALL, SEARCH_RUNNING and
// SEARCH_STOPPED come from the prelude: the twin's own constants.

struct SearchParams {
  // Points searched (buffers hold more).
  m: u32,
  // Particles in pos, and which of them start: (offset + i * stride) % n.
  n: u32,
  stride: u32,
  offset: u32,
  // This dispatch does points first .. first + count - 1, `iterations` times.
  first: u32,
  count: u32,
  iterations: u32,
  max_step: f32,
}

struct CriticalState {
  loss: f32,
  grad_norm: f32,
  // Step multiplier along the direction in slot 1.
  t: f32,
  accepted: u32,
  status: u32,
  // A new direction is needed.
  fresh: u32,
}

@group(0) @binding(1) var<uniform> CS: SearchParams;
@group(0) @binding(2) var<storage, read> pos: array<f32>;
// The points, coordinate-major: x[d * m + i].
@group(0) @binding(3) var<storage, read_write> cp_x: array<f32>;
// Three vectors per point: the gradient at x, the direction, work (slot, coordinate, point).
@group(0) @binding(4) var<storage, read_write> scratch: array<f32>;
@group(0) @binding(5) var<storage, read_write> cp_state: array<CriticalState>;

const SLOT_GRAD: u32 = 0u;
const SLOT_DIR: u32 = 1u;
const SLOT_WORK: u32 = 2u;

// Where coord() reads: x; x +- h e_j (a Hessian column); x +- h g/|g| (a product); x + t d (a trial).
const MODE_POINT: u32 = 0u;
const MODE_AXIS: u32 = 1u;
const MODE_PRODUCT: u32 = 2u;
const MODE_TRIAL: u32 = 3u;

var<private> cur_mode: u32;
var<private> cur_side: f32;
var<private> cur_h: f32;
var<private> cur_axis: u32;
var<private> cur_inv_norm: f32;
var<private> cur_t: f32;
var<private> hm: array<f32, NEWTON_MAX_DIM * NEWTON_MAX_DIM>;
var<private> rhs: array<f32, NEWTON_MAX_DIM>;

fn sidx(slot: u32, d: u32, i: u32) -> u32 {
  return (slot * DIM + d) * CS.m + i;
}

fn coord(i: u32, d: u32) -> f32 {
  let x = cp_x[d * CS.m + i];
  switch (cur_mode) {
    case MODE_AXIS: { return x + select(0.0, cur_side * cur_h, d == cur_axis); }
    case MODE_PRODUCT: { return x + cur_side * cur_h * cur_inv_norm * scratch[sidx(SLOT_GRAD, d, i)]; }
    case MODE_TRIAL: { return x + cur_t * scratch[sidx(SLOT_DIR, d, i)]; }
    default: { return x; }
  }
}

// At +h the work slot takes g+, at -h becomes (g+ - g-) / 2h: a difference without a fourth slot.
fn set_grad(i: u32, d: u32, g: f32) {
  if (cur_mode == MODE_POINT) {
    scratch[sidx(SLOT_GRAD, d, i)] = g;
    return;
  }
  let k = sidx(SLOT_WORK, d, i);
  if (cur_mode == MODE_TRIAL || cur_side > 0.0) {
    scratch[k] = g;
  } else {
    scratch[k] = (scratch[k] - g) / (2.0 * cur_h);
  }
}

// Both are affine in g: a later share of a summed gradient adds the same way.
fn add_grad(i: u32, d: u32, g: f32) {
  if (cur_mode == MODE_POINT) {
    scratch[sidx(SLOT_GRAD, d, i)] += g;
    return;
  }
  let k = sidx(SLOT_WORK, d, i);
  if (cur_mode == MODE_TRIAL || cur_side > 0.0) {
    scratch[k] += g;
  } else {
    scratch[k] -= g / (2.0 * cur_h);
  }
}

fn point_norm2(i: u32) -> f32 {
  var s = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let x = cp_x[d * CS.m + i];
    s += x * x;
  }
  return s;
}

// As differenceStep() in src/analysis/differenceStep.ts.
fn difference_step(i: u32) -> f32 {
  return 5e-3 * max(1.0, sqrt(point_norm2(i) / f32(DIM)));
}

// Central differences at +-h, into the work slot.
fn difference(i: u32) {
  cur_side = 1.0;
  landscape_eval(i);
  cur_side = -1.0;
  landscape_eval(i);
}

// Solves hm x = rhs in place (partial pivoting, floored pivots), as solveFloored() in the twin.
fn solve_floored() -> bool {
  let n = DIM;
  var scale = 0.0;
  for (var k = 0u; k < n * n; k++) { scale = max(scale, abs(hm[k])); }
  if (!(scale > 0.0)) { return false; }
  let pivot_floor = CRITICAL_PIVOT_FLOOR * scale;
  for (var k = 0u; k < n; k++) {
    var best = k;
    for (var r = k + 1u; r < n; r++) {
      if (abs(hm[r * n + k]) > abs(hm[best * n + k])) { best = r; }
    }
    if (best != k) {
      for (var c = 0u; c < n; c++) {
        let a = hm[k * n + c];
        hm[k * n + c] = hm[best * n + c];
        hm[best * n + c] = a;
      }
      let b = rhs[k];
      rhs[k] = rhs[best];
      rhs[best] = b;
    }
    var pivot = hm[k * n + k];
    if (abs(pivot) < pivot_floor) { pivot = select(pivot_floor, -pivot_floor, pivot < 0.0); }
    hm[k * n + k] = pivot;
    for (var r = k + 1u; r < n; r++) {
      let f = hm[r * n + k] / pivot;
      for (var c = k; c < n; c++) { hm[r * n + c] -= f * hm[k * n + c]; }
      rhs[r] -= f * rhs[k];
    }
  }
  for (var kk = i32(n) - 1; kk >= 0; kk--) {
    let k = u32(kk);
    var s = rhs[k];
    for (var c = k + 1u; c < n; c++) { s -= hm[k * n + c] * rhs[c]; }
    rhs[k] = s / hm[k * n + k];
  }
  return true;
}

// The Newton direction -H^-1 g into the direction slot.
fn newton_direction(i: u32) -> bool {
  cur_mode = MODE_AXIS;
  cur_h = difference_step(i);
  for (var j = 0u; j < DIM; j++) {
    cur_axis = j;
    difference(i);
    for (var r = 0u; r < DIM; r++) { hm[r * DIM + j] = scratch[sidx(SLOT_WORK, r, i)]; }
  }
  for (var r = 0u; r < DIM; r++) {
    for (var c = r + 1u; c < DIM; c++) {
      let s = 0.5 * (hm[r * DIM + c] + hm[c * DIM + r]);
      hm[r * DIM + c] = s;
      hm[c * DIM + r] = s;
    }
    rhs[r] = -scratch[sidx(SLOT_GRAD, r, i)];
  }
  if (!solve_floored()) { return false; }
  for (var r = 0u; r < DIM; r++) { scratch[sidx(SLOT_DIR, r, i)] = rhs[r]; }
  return true;
}

// -H g = -|g| H (g / |g|) into the direction slot; |H v|^2 returned (the first step's scale).
fn descent_direction(i: u32, grad_norm: f32) -> f32 {
  cur_mode = MODE_PRODUCT;
  cur_h = difference_step(i);
  cur_inv_norm = 1.0 / grad_norm;
  difference(i);
  var hv2 = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let hv = scratch[sidx(SLOT_WORK, d, i)];
    hv2 += hv * hv;
    scratch[sidx(SLOT_DIR, d, i)] = -grad_norm * hv;
  }
  return hv2;
}

fn iterate(i: u32, s: ptr<function, CriticalState>) {
  let newton = DIM <= NEWTON_MAX_DIM;
  if ((*s).fresh != 0u) {
    if (newton) {
      if (!newton_direction(i)) {
        (*s).status = SEARCH_STOPPED;
        return;
      }
      (*s).t = 1.0;
    } else {
      let hv2 = descent_direction(i, (*s).grad_norm);
      if ((*s).t == 0.0) {
        if (!(hv2 > 0.0)) {
          (*s).status = SEARCH_STOPPED;
          return;
        }
        (*s).t = 1.0 / hv2;
      }
    }
    (*s).fresh = 0u;
  }
  var dd = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let v = scratch[sidx(SLOT_DIR, d, i)];
    dd += v * v;
  }
  let d_norm = sqrt(dd);
  if (!(d_norm > 0.0) || !is_finite(d_norm)) {
    (*s).status = SEARCH_STOPPED;
    return;
  }
  (*s).t = min((*s).t, CS.max_step / d_norm);
  cur_mode = MODE_TRIAL;
  cur_t = (*s).t;
  let loss = landscape_eval(i);
  var n2 = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let g = scratch[sidx(SLOT_WORK, d, i)];
    n2 += g * g;
  }
  let old2 = (*s).grad_norm * (*s).grad_norm;
  let t = (*s).t;
  let enough = select(n2 <= old2 - 2.0 * CRITICAL_ARMIJO * t * dd, n2 <= (1.0 - CRITICAL_ARMIJO * t) * old2, newton);
  if (enough && is_finite(n2)) {
    for (var d = 0u; d < DIM; d++) {
      cp_x[d * CS.m + i] += t * scratch[sidx(SLOT_DIR, d, i)];
      scratch[sidx(SLOT_GRAD, d, i)] = scratch[sidx(SLOT_WORK, d, i)];
    }
    (*s).loss = loss;
    (*s).grad_norm = sqrt(n2);
    (*s).accepted += 1u;
    (*s).fresh = 1u;
    if (!newton) { (*s).t = 2.0 * t; }
    if (!((*s).grad_norm > 0.0)) { (*s).status = SEARCH_STOPPED; }
    return;
  }
  (*s).t = 0.5 * t;
  if (t * d_norm < CRITICAL_STALL * max(1.0, sqrt(point_norm2(i)))) { (*s).status = SEARCH_STOPPED; }
}

// Copies the sampled particles' positions in.
@compute @workgroup_size(WORKGROUP_SIZE)
fn gather(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= CS.count) { return; }
  let i = CS.first + k;
  let p = (CS.offset + i * CS.stride) % CS.n;
  for (var d = 0u; d < DIM; d++) { cp_x[d * CS.m + i] = pos[d * CS.n + p]; }
}

// Loss and gradient at each start.
@compute @workgroup_size(WORKGROUP_SIZE)
fn start(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= CS.count) { return; }
  let i = CS.first + k;
  cur_mode = MODE_POINT;
  let loss = landscape_eval(i);
  var n2 = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let g = scratch[sidx(SLOT_GRAD, d, i)];
    n2 += g * g;
  }
  let g_norm = sqrt(n2);
  let running = g_norm > 0.0 && is_finite(g_norm);
  cp_state[i] = CriticalState(loss, g_norm, 0.0, 0u, select(SEARCH_STOPPED, SEARCH_RUNNING, running), 1u);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= CS.count) { return; }
  let i = CS.first + k;
  var s = cp_state[i];
  for (var it = 0u; it < CS.iterations; it++) {
    if (s.status != SEARCH_RUNNING) { break; }
    iterate(i, &s);
  }
  cp_state[i] = s;
}
