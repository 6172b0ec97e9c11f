// MLP on a 2-D data set (src/landscapes/mlp.ts): x in R^2 -> L hidden layers of w units (tanh or
// ReLU) -> one output, trained with the logistic loss log(1 + e^(-y out)) or 1/2 (out - y)^2, y = +-1,
// averaged over a minibatch of B points (batch_sample) or over all m when batch_full or B >= m.
// Params: lparam(1) m training points, lparam(2) test points, lparam(5) L, lparam(6) w,
// lparam(7) activation (0 tanh, 1 ReLU), lparam(8) loss (0 logistic, 1 squared), lparam(9) B.
// Data set, label noise and data seed (lparam(0), (3), (4)) only shape the data.
// Coordinates: each layer's weights row-major (W[i][j] at base + i * fan_in + j), then its biases:
// hidden layer 1 (2w + w), hidden layers 2..L (w^2 + w each), the output (w + 1).
// Data: (x1, x2, label) per point, the m training points, then the test points.

// MLP_MAX_LAYERS, MLP_MAX_WIDTH (prelude): src/landscapes/limits.ts; they size the arrays below.

@group(1) @binding(0) var<storage, read> mlp_data: array<f32>;

// Every hidden layer's activations of the last forward pass: layer l's unit i at l * MLP_MAX_WIDTH + i (1 KB).
var<private> mlp_act: array<f32, MLP_MAX_LAYERS * MLP_MAX_WIDTH>;

struct MlpShape {
  layers: u32,
  width: u32,
  // Start of the output layer's coordinates; the network's D is out_base + width + 1.
  out_base: u32,
  train: u32,
  test: u32,
  batch: u32,
  relu: bool,
  logistic: bool,
}

// Start of hidden layer l (0-based) among the coordinates; l = L gives the output layer's.
fn mlp_base(l: u32, w: u32) -> u32 {
  return select(0u, 3u * w + (l - 1u) * (w * w + w), l > 0u);
}

fn mlp_shape() -> MlpShape {
  var layers = clamp(u32(lparam(5u)), 1u, MLP_MAX_LAYERS);
  var w = clamp(u32(lparam(6u)), 1u, MLP_MAX_WIDTH);
  // Never read past DIM, whatever the parameters say (the twin refuses a mismatched D): a
  // network that would not fit is narrowed, then made shallower; one that still does not fit
  // (DIM < 5) reads no data and so no coordinates.
  while (w > 1u && mlp_base(layers, w) + w + 1u > DIM) { w--; }
  while (layers > 1u && mlp_base(layers, w) + w + 1u > DIM) { layers--; }
  let fits = mlp_base(layers, w) + w + 1u <= DIM;
  let points = arrayLength(&mlp_data) / 3u;
  let train = select(0u, min(u32(lparam(1u)), points), fits);
  let test = select(0u, min(u32(lparam(2u)), points - min(u32(lparam(1u)), points)), fits);
  return MlpShape(layers, w, mlp_base(layers, w), train, test, max(u32(lparam(9u)), 1u),
                  u32(lparam(7u)) == 1u, u32(lparam(8u)) == 0u);
}

// tanh to a few ulp with no overflow: WGSL only promises tanh as sinh/cosh, which overflows
// past |z| ~ 89 and loses relative accuracy near 0. A series below |z| = 1/8 (next term
// 62 z^9 / 2835: < 3e-9 relative), else (1 - e^-2|z|) / (1 + e^-2|z|) with the sign.
fn mlp_tanh(z: f32) -> f32 {
  let a = abs(z);
  if (a < 0.125) {
    let z2 = z * z;
    return z * (1.0 + z2 * (-1.0 / 3.0 + z2 * (2.0 / 15.0 + z2 * (-17.0 / 315.0))));
  }
  let t = exp(-2.0 * a);
  return sign(z) * (1.0 - t) / (1.0 + t);
}

fn mlp_activate(z: f32, relu: bool) -> f32 {
  if (relu) { return max(z, 0.0); }
  return mlp_tanh(z);
}

// The activation's slope from its value: 1 - a^2 (tanh), a > 0 (ReLU, 0 at the kink as the twin).
fn mlp_slope(a: f32, relu: bool) -> f32 {
  if (relu) { return select(0.0, 1.0, a > 0.0); }
  return 1.0 - a * a;
}

// log(1 + x) for x in [0, 1] to a few ulp: 2 atanh(s), s = x / (2 + x) <= 1/3, as an odd series
// (next term 2 s^19 / 19 < 1e-10). WGSL's log is only promised to 2^-21 absolute near 1, which
// would be most of a small loss's value.
fn mlp_log1p(x: f32) -> f32 {
  let s = x / (2.0 + x);
  let s2 = s * s;
  let p = 1.0 / 15.0 + s2 * (1.0 / 17.0);
  let q = 1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0 + s2 * (1.0 / 13.0 + s2 * p)));
  return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * q)));
}

// (loss, d loss / d out) at output o for label y. Logistic, with z = y o: max(-z, 0) + log1p(e^-|z|),
// slope -y sigma(-z), sigma(-z) = e/(1 + e) for z >= 0 and 1/(1 + e) below, e = e^-|z|: no overflow.
fn mlp_loss(y: f32, o: f32, logistic: bool) -> vec2f {
  if (logistic) {
    let z = y * o;
    let e = exp(-abs(z));
    let sigma = select(1.0, e, z >= 0.0) / (1.0 + e);
    return vec2f(max(-z, 0.0) + mlp_log1p(e), -y * sigma);
  }
  let r = o - y;
  return vec2f(0.5 * r * r, r);
}

// The network's output at (x1, x2), leaving each hidden layer's activations in mlp_act.
fn mlp_forward(ctx: u32, s: MlpShape, x1: f32, x2: f32) -> f32 {
  let w = s.width;
  for (var i = 0u; i < w; i++) {
    let z = coord(ctx, 2u * i) * x1 + coord(ctx, 2u * i + 1u) * x2 + coord(ctx, 2u * w + i);
    mlp_act[i] = mlp_activate(z, s.relu);
  }
  for (var l = 1u; l < s.layers; l++) {
    let base = mlp_base(l, w);
    let prev = (l - 1u) * MLP_MAX_WIDTH;
    for (var i = 0u; i < w; i++) {
      var z = coord(ctx, base + w * w + i);
      for (var j = 0u; j < w; j++) { z += coord(ctx, base + i * w + j) * mlp_act[prev + j]; }
      mlp_act[l * MLP_MAX_WIDTH + i] = mlp_activate(z, s.relu);
    }
  }
  let last = (s.layers - 1u) * MLP_MAX_WIDTH;
  var o = coord(ctx, s.out_base + w);
  for (var j = 0u; j < w; j++) { o += coord(ctx, s.out_base + j) * mlp_act[last + j]; }
  return o;
}

fn landscape_eval(ctx: u32) -> f32 {
  let s = mlp_shape();
  let w = s.width;
  let dim = s.out_base + w + 1u;
  // Gradients summed over the batch. The hidden-to-hidden weight matrices (up to 3 x 64^2) are
  // summed in place with add_grad; the first layer's weights, every bias and the output layer
  // (about 3 KB in all) in private arrays, set once at the end.
  for (var l = 1u; l < s.layers; l++) {
    let base = mlp_base(l, w);
    for (var k = 0u; k < w * w; k++) { set_grad(ctx, base + k, 0.0); }
  }
  var g_first: array<f32, 2u * MLP_MAX_WIDTH>;
  var g_bias: array<f32, MLP_MAX_LAYERS * MLP_MAX_WIDTH>;
  var g_out: array<f32, MLP_MAX_WIDTH>;
  var g_out_bias = 0.0;
  var delta: array<f32, MLP_MAX_WIDTH>;
  var back: array<f32, MLP_MAX_WIDTH>;

  let full = batch_full || s.batch >= s.train;
  let count = select(s.batch, s.train, full);
  let inv = 1.0 / f32(max(count, 1u));
  var f = 0.0;
  for (var n = 0u; n < count; n++) {
    let i = select(batch_sample(n, s.train), n, full);
    let x1 = mlp_data[3u * i];
    let x2 = mlp_data[3u * i + 1u];
    let lg = mlp_loss(mlp_data[3u * i + 2u], mlp_forward(ctx, s, x1, x2), s.logistic);
    f += lg.x;
    // Backward: delta holds d loss / d (pre-activation) of the layer being passed, over count.
    let g = lg.y * inv;
    let last = (s.layers - 1u) * MLP_MAX_WIDTH;
    g_out_bias += g;
    for (var j = 0u; j < w; j++) {
      let a = mlp_act[last + j];
      g_out[j] += g * a;
      delta[j] = g * coord(ctx, s.out_base + j) * mlp_slope(a, s.relu);
    }
    for (var k = 1u; k < s.layers; k++) {
      let l = s.layers - k;
      let base = mlp_base(l, w);
      let prev = (l - 1u) * MLP_MAX_WIDTH;
      for (var j = 0u; j < w; j++) { back[j] = 0.0; }
      for (var i2 = 0u; i2 < w; i2++) {
        let d = delta[i2];
        g_bias[l * MLP_MAX_WIDTH + i2] += d;
        for (var j = 0u; j < w; j++) {
          add_grad(ctx, base + i2 * w + j, d * mlp_act[prev + j]);
          back[j] += coord(ctx, base + i2 * w + j) * d;
        }
      }
      for (var j = 0u; j < w; j++) { delta[j] = back[j] * mlp_slope(mlp_act[prev + j], s.relu); }
    }
    for (var i2 = 0u; i2 < w; i2++) {
      g_first[2u * i2] += delta[i2] * x1;
      g_first[2u * i2 + 1u] += delta[i2] * x2;
      g_bias[i2] += delta[i2];
    }
  }

  for (var i = 0u; i < 2u * w; i++) { set_grad(ctx, i, g_first[i]); }
  for (var l = 0u; l < s.layers; l++) {
    let biases = mlp_base(l, w) + select(w * w, 2u * w, l == 0u);
    for (var i = 0u; i < w; i++) { set_grad(ctx, biases + i, g_bias[l * MLP_MAX_WIDTH + i]); }
  }
  for (var j = 0u; j < w; j++) { set_grad(ctx, s.out_base + j, g_out[j]); }
  set_grad(ctx, s.out_base + w, g_out_bias);
  // Coordinates beyond the network (only when D does not match the parameters).
  for (var c = dim; c < DIM; c++) { set_grad(ctx, c, 0.0); }
  return f * inv;
}

// (mean loss, accuracy) over `count` points from point `first` of mlp_data: forward passes only.
// A point counts as right when y out > 0.
fn mlp_score(ctx: u32, s: MlpShape, first: u32, count: u32) -> vec2f {
  var loss = 0.0;
  var right = 0u;
  for (var n = 0u; n < count; n++) {
    let i = first + n;
    let y = mlp_data[3u * i + 2u];
    let o = mlp_forward(ctx, s, mlp_data[3u * i], mlp_data[3u * i + 1u]);
    loss += mlp_loss(y, o, s.logistic).x;
    right += select(0u, 1u, y * o > 0.0);
  }
  if (count == 0u) { return vec2f(0.0); }
  return vec2f(loss, f32(right)) / f32(count);
}

// Training loss and accuracy on all m points, then test loss and accuracy (the twin's metrics).
fn landscape_metrics(ctx: u32) -> vec4f {
  let s = mlp_shape();
  return vec4f(mlp_score(ctx, s, 0u, s.train), mlp_score(ctx, s, s.train, s.test));
}
