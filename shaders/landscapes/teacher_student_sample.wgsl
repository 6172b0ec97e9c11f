// Teacher-student two-layer ReLU network on a finite sample (src/landscapes/teacherStudentSample.ts):
// f = 1/2 mean_{s in S} (sum_i a_i relu(w_i . x_s) - y_s)^2, S the minibatch: B samples
// batch_sample(j, m) (j < B) of the m training samples, or all m when batch_full or B >= m.
// Params as teacher_student.wgsl: n = lparam(0) student units, k = lparam(1) teacher units,
// d = k + lparam(2) inputs, lparam(5) = 1: the output weights a are trained; then m = lparam(6)
// training samples, lparam(7) test samples, lparam(10) = B (data seed and noise only shape the data).
// Coordinates: w_i[c] at i*d + c, then a_i at n*d + i when trained (else a_i = 1).
// relu'(0) = 0 (as the twin).

// TS_MAX_WIDTH (prelude): the most units in a layer, MAX_WIDTH in src/landscapes/teacherStudent.ts.

// v_1 .. v_k (d values each), |v_1| .. |v_k|, then C = 1/2 sum_ij K(v_i, v_j) (only the population loss reads it).
@group(1) @binding(0) var<storage, read> tss_teacher: array<f32>;
// Records of d + 1: x_s then y_s; the m training samples, then the test samples (noiseless labels).
@group(1) @binding(1) var<storage, read> tss_data: array<f32>;

struct TssShape {
  n: u32,
  k: u32,
  d: u32,
  trained: bool,
  // Index of a_0 (n * d).
  a_base: u32,
  // Training samples, and test samples after them, both clamped to the records the data holds.
  m: u32,
  test: u32,
}

fn tss_shape() -> TssShape {
  let n_param = min(u32(lparam(0u)), TS_MAX_WIDTH);
  let k = min(u32(lparam(1u)), TS_MAX_WIDTH);
  let d = max(k + u32(lparam(2u)), 1u);
  let trained = u32(lparam(5u)) == 1u;
  // Never read past DIM, whatever the parameters say (the twin refuses a mismatched D).
  let n = min(n_param, DIM / (d + select(0u, 1u, trained)));
  // Nor past the data.
  let records = arrayLength(&tss_data) / (d + 1u);
  let m = min(u32(lparam(6u)), records);
  let test = min(u32(lparam(7u)), records - m);
  return TssShape(n, k, d, trained, n * d, m, test);
}

fn tss_a(ctx: u32, sh: TssShape, i: u32) -> f32 {
  return select(1.0, coord(ctx, sh.a_base + i), sh.trained);
}

fn landscape_eval(ctx: u32) -> f32 {
  let sh = tss_shape();
  let n = sh.n;
  let d = sh.d;
  // Input weights and any coordinates beyond the network start at 0; samples add their shares.
  for (var c = 0u; c < sh.a_base; c++) { set_grad(ctx, c, 0.0); }
  for (var c = sh.a_base + select(0u, n, sh.trained); c < DIM; c++) { set_grad(ctx, c, 0.0); }

  let b_param = max(u32(lparam(10u)), 1u);
  let full = batch_full || b_param >= sh.m;
  let count = select(b_param, sh.m, full);
  let inv = select(0.0, 1.0 / f32(count), count > 0u);

  var a: array<f32, TS_MAX_WIDTH>;
  // Pre-activations w_i . x_s of the current sample, then the output weights' gradient, summed in registers.
  var u: array<f32, TS_MAX_WIDTH>;
  var g_a: array<f32, TS_MAX_WIDTH>;
  for (var i = 0u; i < n; i++) {
    a[i] = tss_a(ctx, sh, i);
    g_a[i] = 0.0;
  }

  var sum = 0.0;
  for (var j = 0u; j < count; j++) {
    var s = j;
    if (!full) { s = batch_sample(j, sh.m); }
    let base = s * (d + 1u);
    var y = 0.0;
    for (var i = 0u; i < n; i++) {
      var z = 0.0;
      for (var c = 0u; c < d; c++) { z += coord(ctx, i * d + c) * tss_data[base + c]; }
      u[i] = z;
      y += a[i] * max(z, 0.0);
    }
    let r = y - tss_data[base + d];
    sum += r * r;
    let g = r * inv;
    for (var i = 0u; i < n; i++) {
      if (u[i] > 0.0) {
        let gi = a[i] * g;
        for (var c = 0u; c < d; c++) { add_grad(ctx, i * d + c, gi * tss_data[base + c]); }
        g_a[i] += g * u[i];
      }
    }
  }
  if (sh.trained) {
    for (var i = 0u; i < n; i++) { set_grad(ctx, sh.a_base + i, g_a[i]); }
  }
  return 0.5 * sum * inv;
}

// 1/2 mean over records first .. first + count - 1 of (student - label)^2; 0 for no records.
fn tss_mean_loss(ctx: u32, sh: TssShape, first: u32, count: u32) -> f32 {
  var a: array<f32, TS_MAX_WIDTH>;
  for (var i = 0u; i < sh.n; i++) { a[i] = tss_a(ctx, sh, i); }
  var sum = 0.0;
  for (var s = first; s < first + count; s++) {
    let base = s * (sh.d + 1u);
    var y = 0.0;
    for (var i = 0u; i < sh.n; i++) {
      var z = 0.0;
      for (var c = 0u; c < sh.d; c++) { z += coord(ctx, i * sh.d + c) * tss_data[base + c]; }
      y += a[i] * max(z, 0.0);
    }
    let r = y - tss_data[base + sh.d];
    sum += r * r;
  }
  return select(0.0, 0.5 * sum / f32(count), count > 0u);
}

// The population loss 1/2 E[(student - teacher)^2] of 'teacher-student' (loss only):
// 1/2 sum_ij a_i a_j K(w_i, w_j) - sum_ij a_i K(w_i, v_j) + C.
fn tss_population(ctx: u32, sh: TssShape) -> f32 {
  let n = sh.n;
  let k = sh.k;
  let d = sh.d;
  var norm: array<f32, TS_MAX_WIDTH>;
  for (var i = 0u; i < n; i++) {
    var s = 0.0;
    for (var c = 0u; c < d; c++) { let w = coord(ctx, i * d + c); s += w * w; }
    norm[i] = sqrt(s);
  }
  var f = tss_teacher[k * d + k];
  for (var i = 0u; i < n; i++) {
    let ai = tss_a(ctx, sh, i);
    // K(w, w) = |w|^2 / 2.
    f += 0.25 * ai * ai * norm[i] * norm[i];
    for (var j = 0u; j < n; j++) {
      if (j == i) { continue; }
      var dot = 0.0;
      for (var c = 0u; c < d; c++) { dot += coord(ctx, i * d + c) * coord(ctx, j * d + c); }
      f += 0.5 * ai * tss_a(ctx, sh, j) * ts_pair(dot, norm[i], norm[j]).x;
    }
    for (var j = 0u; j < k; j++) {
      var dot = 0.0;
      for (var c = 0u; c < d; c++) { dot += coord(ctx, i * d + c) * tss_teacher[j * d + c]; }
      f -= ai * ts_pair(dot, norm[i], tss_teacher[k * d + j]).x;
    }
  }
  return max(f, 0.0);
}

// Training loss on all m samples, loss on the test samples, population loss, 0.
fn landscape_metrics(ctx: u32) -> vec4f {
  let sh = tss_shape();
  return vec4f(tss_mean_loss(ctx, sh, 0u, sh.m), tss_mean_loss(ctx, sh, sh.m, sh.test), tss_population(ctx, sh), 0.0);
}
