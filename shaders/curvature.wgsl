// Curvature at sampled particles: a short Lanczos run on the Hessian at each, with
// Hessian-vector products by central differences of the landscape's own gradient. The
// tridiagonal matrix it builds is diagonalised in place by implicit QL, keeping only the first
// components of its eigenvectors (Golub-Welsch): the extreme Ritz values bound the Hessian's
// extreme eigenvalues from inside, and the weight of the negative ones estimates the fraction
// of negative eigenvalues (stochastic Lanczos quadrature, one probe). TypeScript twin:
// src/analysis/curvatureReference.ts.

// LANCZOS_MAX, LANCZOS_BREAKDOWN, NEGATIVE_RITZ_CUTOFF, QL_MAX_ITERATIONS and STREAM_CURVATURE come from
// the prelude: the twin's own constants.
// Relative size below which an off-diagonal entry counts as zero, for f32.
const QL_EPS: f32 = 1e-6;

struct CurvatureParams {
  n: u32,
  samples: u32,
  // Sample t is particle t * stride.
  stride: u32,
  steps: u32,
  seed: u32,
  // This dispatch measures samples first .. first + count - 1 (costly landscapes come in parts).
  first: u32,
  count: u32,
  _pad0: u32,
}

struct CurvatureResult {
  particle: u32,
  steps: u32,
  lambda_min: f32,
  lambda_max: f32,
  // Weight of the Ritz values below -NEGATIVE_RITZ_CUTOFF |lambda|max: about (negative eigenvalues) / DIM.
  negative_weight: f32,
  loss: f32,
  grad_norm: f32,
  flags: u32,
}

@group(0) @binding(1) var<uniform> CP: CurvatureParams;
@group(0) @binding(2) var<storage, read> pos: array<f32>;
@group(0) @binding(3) var<storage, read> particles: array<ParticleState>;
// Two Lanczos vectors per sample, coordinate-major: slot, coordinate, sample.
@group(0) @binding(4) var<storage, read_write> basis: array<f32>;
@group(0) @binding(5) var<storage, read_write> results: array<CurvatureResult>;

var<private> cur_p: u32;
var<private> cur_h: f32;
var<private> cur_side: f32;
var<private> cur_beta: f32;
var<private> q_slot: u32;
var<private> w_slot: u32;
var<private> ql_d: array<f32, LANCZOS_MAX>;
var<private> ql_e: array<f32, LANCZOS_MAX>;
var<private> ql_z: array<f32, LANCZOS_MAX>;

fn bidx(slot: u32, t: u32, d: u32) -> u32 {
  return (slot * DIM + d) * CP.samples + t;
}

fn coord(t: u32, d: u32) -> f32 {
  return pos[d * CP.n + cur_p] + cur_side * cur_h * basis[bidx(q_slot, t, d)];
}

// The w slot holds the previous vector. At +h it becomes g+ - 2 h beta q_prev, at -h
// (that - g-) / 2h = H q - beta q_prev: the Lanczos residual, without a third vector.
fn set_grad(t: u32, d: u32, g: f32) {
  let i = bidx(w_slot, t, d);
  if (cur_side > 0.0) {
    basis[i] = g - 2.0 * cur_h * cur_beta * basis[i];
  } else {
    basis[i] = (basis[i] - g) / (2.0 * cur_h);
  }
}

// Both transforms are affine in g, so a later share of the gradient adds in the same way.
fn add_grad(t: u32, d: u32, g: f32) {
  let i = bidx(w_slot, t, d);
  if (cur_side > 0.0) {
    basis[i] += g;
  } else {
    basis[i] -= g / (2.0 * cur_h);
  }
}

// Implicit QL (tqli) on ql_d (diagonal) and ql_e (ql_e[i] couples i and i + 1), rotating the
// first row of the eigenvector matrix in ql_z. As src/analysis/tridiagonal.ts.
fn tridiagonal_ql(n: u32) {
  for (var i = 0u; i < n; i++) { ql_z[i] = select(0.0, 1.0, i == 0u); }
  ql_e[n - 1u] = 0.0;
  for (var l = 0u; l < n; l++) {
    for (var iter = 0u; iter < QL_MAX_ITERATIONS; iter++) {
      var m = l;
      for (; m + 1u < n; m++) {
        let dd = abs(ql_d[m]) + abs(ql_d[m + 1u]);
        if (abs(ql_e[m]) <= QL_EPS * dd) { break; }
      }
      if (m == l) { break; }
      var g = (ql_d[l + 1u] - ql_d[l]) / (2.0 * ql_e[l]);
      var r = sqrt(g * g + 1.0);
      g = ql_d[m] - ql_d[l] + ql_e[l] / (g + select(-r, r, g >= 0.0));
      var s = 1.0;
      var c = 1.0;
      var p = 0.0;
      var underflow = false;
      for (var i = i32(m) - 1; i >= i32(l); i--) {
        let k = u32(i);
        let f = s * ql_e[k];
        let b = c * ql_e[k];
        r = sqrt(f * f + g * g);
        ql_e[k + 1u] = r;
        if (r == 0.0) {
          ql_d[k + 1u] -= p;
          ql_e[m] = 0.0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = ql_d[k + 1u] - p;
        r = (ql_d[k] - g) * s + 2.0 * c * b;
        p = s * r;
        ql_d[k + 1u] = g + p;
        g = c * r - b;
        let zt = ql_z[k + 1u];
        ql_z[k + 1u] = s * ql_z[k] + c * zt;
        ql_z[k] = c * ql_z[k] - s * zt;
      }
      if (underflow) { continue; }
      ql_d[l] -= p;
      ql_e[l] = g;
      ql_e[m] = 0.0;
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= CP.count) { return; }
  let t = CP.first + k;
  cur_p = t * CP.stride;
  let s = particles[cur_p];
  var r = CurvatureResult(cur_p, 0u, 0.0, 0.0, 0.0, s.loss, s.grad_norm, s.flags);
  if ((s.flags & FLAG_DIVERGED) != 0u) {
    results[t] = r;
    return;
  }
  var xx = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let x = pos[d * CP.n + cur_p];
    xx += x * x;
  }
  // As differenceStep() in src/analysis/HessianProbe.ts.
  cur_h = 5e-3 * max(1.0, sqrt(xx / f32(DIM)));

  // A seeded random unit start; the previous vector is zero.
  q_slot = 0u;
  w_slot = 1u;
  var nn = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let z = rand_normal(CP.seed, STREAM_CURVATURE, cur_p, 0u, d);
    nn += z * z;
  }
  let inv = 1.0 / sqrt(nn);
  for (var d = 0u; d < DIM; d++) {
    basis[bidx(0u, t, d)] = rand_normal(CP.seed, STREAM_CURVATURE, cur_p, 0u, d) * inv;
    basis[bidx(1u, t, d)] = 0.0;
  }
  cur_beta = 0.0;

  let steps = min(CP.steps, min(DIM, LANCZOS_MAX));
  var m = 0u;
  var scale = 0.0;
  for (var j = 0u; j < steps; j++) {
    cur_side = 1.0;
    landscape_eval(t);
    cur_side = -1.0;
    landscape_eval(t);
    var a = 0.0;
    for (var d = 0u; d < DIM; d++) { a += basis[bidx(w_slot, t, d)] * basis[bidx(q_slot, t, d)]; }
    ql_d[j] = a;
    m = j + 1u;
    scale = max(scale, abs(a));
    if (m == steps) { break; }
    var bb = 0.0;
    for (var d = 0u; d < DIM; d++) {
      let i = bidx(w_slot, t, d);
      let w = basis[i] - a * basis[bidx(q_slot, t, d)];
      basis[i] = w;
      bb += w * w;
    }
    let b = sqrt(bb);
    // An invariant Krylov space (to the products' f32 precision) or a non-finite product ends the run.
    if (!(b > LANCZOS_BREAKDOWN * scale) || !is_finite(b)) { break; }
    scale = max(scale, b);
    ql_e[j] = b;
    cur_beta = b;
    for (var d = 0u; d < DIM; d++) {
      let i = bidx(w_slot, t, d);
      basis[i] = basis[i] / b;
    }
    let old_q = q_slot;
    q_slot = w_slot;
    w_slot = old_q;
  }

  tridiagonal_ql(m);
  var lo = ql_d[0];
  var hi = ql_d[0];
  for (var k = 1u; k < m; k++) {
    lo = min(lo, ql_d[k]);
    hi = max(hi, ql_d[k]);
  }
  let cutoff = -NEGATIVE_RITZ_CUTOFF * max(abs(lo), abs(hi));
  var negative = 0.0;
  for (var k = 0u; k < m; k++) {
    if (ql_d[k] < cutoff) { negative += ql_z[k] * ql_z[k]; }
  }
  r.steps = m;
  r.lambda_min = lo;
  r.lambda_max = hi;
  r.negative_weight = negative;
  results[t] = r;
}
