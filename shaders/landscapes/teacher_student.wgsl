// Teacher-student two-layer ReLU network, population loss in closed form (src/landscapes/teacherStudent.ts):
// f = 1/2 sum_ij a_i a_j K(w_i, w_j) - sum_ij a_i K(w_i, v_j) + C, K(w, v) = |w||v| (sin t + (pi - t) cos t) / 2pi.
// Params: n = lparam(0) student units, k = lparam(1) teacher units, d = k + lparam(2) inputs,
// lparam(5) = 1: the output weights a are trained (teacher kind and seed only shape the data).
// Coordinates: w_i[c] at i*d + c, then a_i at n*d + i when trained (else a_i = 1).
// Data: v_1 .. v_k (d values each), |v_1| .. |v_k|, then C = 1/2 sum_ij K(v_i, v_j).
// A unit with |w| = 0 contributes 0 and its gradient is taken at t = pi/2 with no w/|w| term (as the twin).

// TS_MAX_WIDTH (prelude): the most units in a layer, MAX_WIDTH in src/landscapes/teacherStudent.ts.

@group(1) @binding(0) var<storage, read> ts_teacher: array<f32>;

fn landscape_eval(ctx: u32) -> f32 {
  let n_param = min(u32(lparam(0u)), TS_MAX_WIDTH);
  let k = min(u32(lparam(1u)), TS_MAX_WIDTH);
  let d = max(k + u32(lparam(2u)), 1u);
  let trained = u32(lparam(5u)) == 1u;
  // Never read past DIM, whatever the parameters say (the twin refuses a mismatched D).
  let n = min(n_param, DIM / (d + select(0u, 1u, trained)));
  let a_base = n * d;

  var norm: array<f32, TS_MAX_WIDTH>;
  for (var i = 0u; i < n; i++) {
    var s = 0.0;
    for (var c = 0u; c < d; c++) { let w = coord(ctx, i * d + c); s += w * w; }
    norm[i] = sqrt(s);
  }

  var coef_w: array<f32, TS_MAX_WIDTH>;
  var coef_v: array<f32, TS_MAX_WIDTH>;
  var f = ts_teacher[k * d + k];
  for (var i = 0u; i < n; i++) {
    let ai = select(1.0, coord(ctx, a_base + i), trained);
    let self_k = 0.5 * norm[i] * norm[i];
    f += 0.5 * ai * ai * self_k;
    var d_a = ai * self_k;
    var alpha = 0.0;
    for (var j = 0u; j < n; j++) {
      if (j == i) { coef_w[j] = 0.5 * ai * ai; continue; }
      let aj = select(1.0, coord(ctx, a_base + j), trained);
      var dot = 0.0;
      for (var c = 0u; c < d; c++) { dot += coord(ctx, i * d + c) * coord(ctx, j * d + c); }
      let pr = ts_pair(dot, norm[i], norm[j]);
      f += 0.5 * ai * aj * pr.x;
      d_a += aj * pr.x;
      alpha += aj * norm[j] * pr.y;
      coef_w[j] = ai * aj * pr.z;
    }
    for (var j = 0u; j < k; j++) {
      let nv = ts_teacher[k * d + j];
      var dot = 0.0;
      for (var c = 0u; c < d; c++) { dot += coord(ctx, i * d + c) * ts_teacher[j * d + c]; }
      let pr = ts_pair(dot, norm[i], nv);
      f -= ai * pr.x;
      d_a -= pr.x;
      alpha -= nv * pr.y;
      coef_v[j] = ai * pr.z;
    }
    let along = select(0.0, ai * alpha / norm[i], norm[i] > 0.0);
    for (var c = 0u; c < d; c++) {
      var g = along * coord(ctx, i * d + c);
      for (var j = 0u; j < n; j++) { g += coef_w[j] * coord(ctx, j * d + c); }
      for (var j = 0u; j < k; j++) { g -= coef_v[j] * ts_teacher[j * d + c]; }
      set_grad(ctx, i * d + c, g);
    }
    if (trained) { set_grad(ctx, a_base + i, d_a); }
  }
  // Coordinates beyond the network (only when D does not match the parameters).
  for (var c = a_base + select(0u, n, trained); c < DIM; c++) { set_grad(ctx, c, 0.0); }
  // An expected square is >= 0; near a zero-loss fit the f32 sum of O(k) terms rounds a few 1e-6
  // below it, which would read as a loss below the global minimum.
  return max(f, 0.0);
}
