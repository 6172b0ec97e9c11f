// f(x) = 1/2 y^T diag(lambda) y with y = Q x, Q = H_m ... H_1 a product of m seeded Householder
// reflections H_j = I - 2 r_j r_j^T. The first k = lparam(1) eigenvalues are negative (a saddle of
// index k), magnitudes spread geometrically from 1 to kappa = lparam(0).
// Data: r_1 .. r_m (DIM values each), then their Gram matrix (m x m).

// SQ_M (prelude): the Householder reflections, REFLECTIONS in src/landscapes/random.ts.

@group(1) @binding(0) var<storage, read> sq_reflections: array<f32>;

fn sq_r(j: u32, i: u32) -> f32 {
  return sq_reflections[j * DIM + i];
}

fn sq_gram(j: u32, l: u32) -> f32 {
  return sq_reflections[SQ_M * DIM + j * SQ_M + l];
}

fn sq_lambda(i: u32) -> f32 {
  let k = min(u32(lparam(1u)), DIM);
  let t = f32(i) / max(f32(DIM) - 1.0, 1.0);
  let magnitude = exp(log(lparam(0u)) * t);
  return select(magnitude, -magnitude, i < k);
}

// Coefficients s such that Q v = v - 2 sum_j s_j r_j (forward: reflections 1..m in order;
// backward: m..1, which applies Q^T), from the dot products t_j = r_j . v.
fn sq_coefficients(t: array<f32, SQ_M>, forward: bool) -> array<f32, SQ_M> {
  var s: array<f32, SQ_M>;
  for (var a = 0u; a < SQ_M; a++) {
    let j = select(SQ_M - 1u - a, a, forward);
    var v = t[j];
    for (var b = 0u; b < a; b++) {
      let l = select(SQ_M - 1u - b, b, forward);
      v -= 2.0 * sq_gram(j, l) * s[l];
    }
    s[j] = v;
  }
  return s;
}

fn landscape_eval(ctx: u32) -> f32 {
  // y = Q x
  var t: array<f32, SQ_M>;
  for (var i = 0u; i < DIM; i++) {
    let x = coord(ctx, i);
    for (var j = 0u; j < SQ_M; j++) { t[j] += sq_r(j, i) * x; }
  }
  let s = sq_coefficients(t, true);
  // f = 1/2 sum lambda_i y_i^2; w = Lambda y, and the gradient is Q^T w.
  var f = 0.0;
  var tw: array<f32, SQ_M>;
  for (var i = 0u; i < DIM; i++) {
    var y = coord(ctx, i);
    for (var j = 0u; j < SQ_M; j++) { y -= 2.0 * s[j] * sq_r(j, i); }
    let w = sq_lambda(i) * y;
    f += 0.5 * w * y;
    for (var j = 0u; j < SQ_M; j++) { tw[j] += sq_r(j, i) * w; }
  }
  let sw = sq_coefficients(tw, false);
  for (var i = 0u; i < DIM; i++) {
    var y = coord(ctx, i);
    for (var j = 0u; j < SQ_M; j++) { y -= 2.0 * s[j] * sq_r(j, i); }
    var g = sq_lambda(i) * y;
    for (var j = 0u; j < SQ_M; j++) { g -= 2.0 * sw[j] * sq_r(j, i); }
    set_grad(ctx, i, g);
  }
  return f;
}
