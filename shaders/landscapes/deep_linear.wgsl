// Deep linear network, l_p regression (src/landscapes/deepLinear.ts; Arora, Cohen & Hazan 2018):
// f = (1/m) sum_s |W_N ... W_1 x_s - y_s|^p / p, p = 2 or 4.
// Params: N = lparam(0) layers, h = lparam(1) hidden width, d = lparam(2) inputs, lparam(3) = 1: p = 4
// (else 2), m = lparam(4) samples; feature spread, label noise and data seed (lparam(5..7)) only shape the data.
// Coordinates: W_1 (h x d, or 1 x d when N = 1) row-major, then W_2 .. W_{N-1} (h x h), then W_N (1 x h).
// Data: X (m x d, row-major), then y (m values).
// Gradient, each coordinate set once: u_N = 1, u_j = W_{j+1}^T u_{j+1} (backwards), w_e = W_1^T u_1,
// g_e = (1/m) sum_s |r_s|^(p-2) r_s x_s with r_s = w_e . x_s - y_s, then v_1 = g_e,
// v_{j+1} = W_j v_j (forwards) and dL/dW_j = u_j v_j^T.

// DL_MAX_DEPTH, DL_MAX_WIDTH, DL_MAX_INPUTS (prelude): the sizes of the per-thread arrays
// (src/landscapes/limits.ts), about 2 KB in all.

@group(1) @binding(0) var<storage, read> dl_data: array<f32>;

// Samples summed per partial sum: an f32 sum of m terms then errs like DL_BLOCK + m / DL_BLOCK
// rounding units instead of m.
const DL_BLOCK: u32 = 32u;

// Rows and columns of W_{j+1} (j zero-based) in a network of n layers.
fn dl_rows(j: u32, n: u32, h: u32) -> u32 { return select(h, 1u, j + 1u == n); }
fn dl_cols(j: u32, h: u32, d: u32) -> u32 { return select(h, d, j == 0u); }

fn landscape_eval(ctx: u32) -> f32 {
  let n = clamp(u32(lparam(0u)), 1u, DL_MAX_DEPTH);
  let h = clamp(u32(lparam(1u)), 1u, DL_MAX_WIDTH);
  let d = clamp(u32(lparam(2u)), 1u, DL_MAX_INPUTS);
  let quartic = u32(lparam(3u)) == 1u;
  let m = max(u32(lparam(4u)), 1u);
  var size = 0u;
  for (var j = 0u; j < n; j++) { size += dl_rows(j, n, h) * dl_cols(j, h, d); }
  // Never read past DIM or the data, whatever the parameters say: a network that does not fill
  // D exactly (the twin throws, the explorer refuses it) evaluates to 0 with a zero gradient.
  if (size != DIM || m * (d + 1u) > arrayLength(&dl_data)) {
    for (var c = 0u; c < DIM; c++) { set_grad(ctx, c, 0.0); }
    return 0.0;
  }

  // Backwards: u_j at (j - 1) * DL_MAX_WIDTH, then w_e.
  var u: array<f32, DL_MAX_DEPTH * DL_MAX_WIDTH>;
  var we: array<f32, DL_MAX_INPUTS>;
  u[(n - 1u) * DL_MAX_WIDTH] = 1.0;
  var off = size;
  for (var jj = n; jj > 0u; jj--) {
    let j = jj - 1u;
    let rows = dl_rows(j, n, h);
    let cols = dl_cols(j, h, d);
    off -= rows * cols;
    for (var b = 0u; b < cols; b++) {
      var s = 0.0;
      for (var a = 0u; a < rows; a++) { s += coord(ctx, off + a * cols + b) * u[j * DL_MAX_WIDTH + a]; }
      if (j > 0u) { u[(j - 1u) * DL_MAX_WIDTH + b] = s; } else { we[b] = s; }
    }
  }

  // The samples: loss and g_e (times m), summed in blocks.
  var ge: array<f32, DL_MAX_INPUTS>;
  var part: array<f32, DL_MAX_INPUTS>;
  var xs: array<f32, DL_MAX_INPUTS>;
  var f = 0.0;
  var f_part = 0.0;
  let y0 = m * d;
  for (var s = 0u; s < m; s++) {
    var yhat = 0.0;
    for (var c = 0u; c < d; c++) {
      xs[c] = dl_data[s * d + c];
      yhat += we[c] * xs[c];
    }
    let r = yhat - dl_data[y0 + s];
    let r2 = r * r;
    f_part += select(0.5 * r2, 0.25 * r2 * r2, quartic);
    let psi = select(r, r2 * r, quartic);
    for (var c = 0u; c < d; c++) { part[c] += psi * xs[c]; }
    if ((s + 1u) % DL_BLOCK == 0u || s + 1u == m) {
      f += f_part;
      f_part = 0.0;
      for (var c = 0u; c < d; c++) {
        ge[c] += part[c];
        part[c] = 0.0;
      }
    }
  }
  let inv_m = 1.0 / f32(m);

  // Forwards: v_1 = g_e, the gradient of W_j is u_j v_j^T, and v_{j+1} = W_j v_j. v_1 has d
  // entries, the others h: room for either (a sum: webgpu-utils' reflection, which reads every
  // kernel, cannot evaluate max() or a u32 constant computed from others).
  var v: array<f32, DL_MAX_WIDTH + DL_MAX_INPUTS>;
  var vn: array<f32, DL_MAX_WIDTH + DL_MAX_INPUTS>;
  for (var c = 0u; c < d; c++) { v[c] = ge[c] * inv_m; }
  off = 0u;
  for (var j = 0u; j < n; j++) {
    let rows = dl_rows(j, n, h);
    let cols = dl_cols(j, h, d);
    for (var a = 0u; a < rows; a++) {
      let ua = u[j * DL_MAX_WIDTH + a];
      var s = 0.0;
      for (var b = 0u; b < cols; b++) {
        set_grad(ctx, off + a * cols + b, ua * v[b]);
        s += coord(ctx, off + a * cols + b) * v[b];
      }
      vn[a] = s;
    }
    v = vn;
    off += rows * cols;
  }
  return f * inv_m;
}
