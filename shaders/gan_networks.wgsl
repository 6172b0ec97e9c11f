// GANs on 2-D Gaussian mixtures, one workgroup per GAN, GAN_THREADS threads over the outputs
// (rows × units) of a layer: the bindings, the mixture and latent draws, and the dense layers forward and backward
// over a minibatch held in the GAN's scratch rows. Shared by gan_init, gan_train and gan_sample.
// Twin: src/gan/denseNetwork.ts, src/gan/ganReference.ts; layout: src/gan/ganBuffers.ts.

struct GanParams {
  gans: u32,
  // Generator steps of this dispatch: the uniform has one slot per count, chosen by dynamic offset.
  steps: u32,
  batch: u32,
  // Floats per scratch row: the widest layer.
  stride: u32,
  latent: u32,
  g_hidden: u32,
  g_width: u32,
  d_hidden: u32,
  d_width: u32,
  activation: u32,
  modes: u32,
  grid: u32,
  radius: f32,
  sigma: f32,
  beta1: f32,
  beta2: f32,
  adam_eps: f32,
  hvp_step: f32,
  // Parameters of G and D; floats per GAN in nets and scratch.
  g_params: u32,
  d_params: u32,
  net_stride: u32,
  scratch_stride: u32,
  // Where each block starts within a GAN's part of nets (θ = [θ_G, θ_D] at 0).
  off_m: u32,
  off_v: u32,
  off_grad: u32,
  off_lambda: u32,
  off_lambda_next: u32,
  off_probe: u32,
  off_tmp: u32,
  off_hist: u32,
}

struct GanSettings {
  seed: u32,
  d_steps: u32,
  unroll: u32,
  loss: u32,
  lr_g: f32,
  lr_d: f32,
  unroll_lr: f32,
  _pad0: u32,
}

struct GanRecord {
  generator_steps: u32,
  discriminator_steps: u32,
  draws: u32,
  _pad0: u32,
  loss_d: f32,
  loss_g: f32,
  _pad1: u32,
  _pad2: u32,
}

struct SampleParams {
  count: u32,
  seed: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> GP: GanParams;
@group(0) @binding(1) var<storage, read> settings: array<GanSettings>;
@group(0) @binding(2) var<storage, read_write> records: array<GanRecord>;
@group(0) @binding(3) var<storage, read_write> nets: array<f32>;
@group(0) @binding(4) var<storage, read_write> scratch: array<f32>;
@group(0) @binding(5) var<uniform> SP: SampleParams;
@group(0) @binding(6) var<storage, read_write> samples: array<vec2f>;

var<workgroup> gan_partial: array<f32, GAN_MAX_WIDTH>;
var<workgroup> gan_total: f32;

// Storage written by one thread and read by another between phases: both barriers.
fn gan_sync() {
  storageBarrier();
  workgroupBarrier();
}

// Sum of x over the workgroup, the same value returned to every thread.
fn workgroup_sum(x: f32, lid: u32) -> f32 {
  gan_partial[lid] = x;
  workgroupBarrier();
  if (lid == 0u) {
    var s = 0.0;
    for (var t = 0u; t < GAN_THREADS; t++) { s += gan_partial[t]; }
    gan_total = s;
  }
  workgroupBarrier();
  let total = gan_total;
  workgroupBarrier();
  return total;
}

fn gan_tanh(z: f32) -> f32 {
  let t = exp(-2.0 * abs(z));
  return sign(z) * (1.0 - t) / (1.0 + t);
}

fn gan_activate(z: f32) -> f32 {
  if (GP.activation == GAN_TANH) { return gan_tanh(z); }
  if (GP.activation == GAN_RELU) { return max(z, 0.0); }
  return select(GAN_LEAKY_SLOPE * z, z, z > 0.0);
}

// The derivative from the activation's output h.
fn gan_slope(h: f32) -> f32 {
  if (GP.activation == GAN_TANH) { return 1.0 - h * h; }
  if (GP.activation == GAN_RELU) { return select(0.0, 1.0, h > 0.0); }
  return select(GAN_LEAKY_SLOPE, 1.0, h > 0.0);
}

fn softplus(x: f32) -> f32 {
  return max(x, 0.0) + log(1.0 + exp(-abs(x)));
}

fn sigmoid(x: f32) -> f32 {
  return 1.0 / (1.0 + exp(-x));
}

struct Net {
  inputs: u32,
  hidden: u32,
  width: u32,
  outputs: u32,
}

fn generator_net() -> Net { return Net(GP.latent, GP.g_hidden, GP.g_width, 2u); }
fn discriminator_net() -> Net { return Net(2u, GP.d_hidden, GP.d_width, 1u); }

fn fan_in(n: Net, l: u32) -> u32 { return select(n.width, n.inputs, l == 0u); }
fn fan_out(n: Net, l: u32) -> u32 { return select(n.width, n.outputs, l == n.hidden); }
// Weight layer l's first parameter within its network: rows of fanIn weights and a bias, unit after unit.
fn layer_offset(n: Net, l: u32) -> u32 {
  if (l == 0u) { return 0u; }
  return (n.inputs + 1u) * n.width + (l - 1u) * (n.width + 1u) * n.width;
}

// Scratch of one GAN, in rows of GP.stride floats: D's layer outputs over 2B rows (real, then
// fake), G's over B rows (its output is D's input, fake rows), three delta regions of 2B rows.
fn rows2() -> u32 { return 2u * GP.batch * GP.stride; }
fn d_act(gan: u32, l: u32) -> u32 { return gan * GP.scratch_stride + l * rows2(); }
fn g_act(gan: u32, l: u32) -> u32 { return d_act(gan, GP.d_hidden + 2u) + l * GP.batch * GP.stride; }
fn delta_region(gan: u32, k: u32) -> u32 { return g_act(gan, GP.g_hidden + 1u) + k * rows2(); }
fn fake_rows(gan: u32) -> u32 { return d_act(gan, 0u) + GP.batch * GP.stride; }

// Minibatch `draw` of a GAN: real samples into D's input rows 0..B, latents into G's input rows.
fn draw_batch(gan: u32, seed: u32, draw: u32, lid: u32) {
  for (var b = lid; b < GP.batch; b += GAN_THREADS) {
    let mode = rng_bits(seed, GAN_STREAM_REAL, b, draw, 0u).z % GP.modes;
    var centre: vec2f;
    if (GP.grid == 1u) {
      let side = u32(round(sqrt(f32(GP.modes))));
      let half = 0.5 * f32(side - 1u);
      centre = GP.radius * vec2f(f32(mode % side) - half, f32(mode / side) - half);
    } else {
      let cs = cossin2pi(f32(mode) / f32(GP.modes));
      centre = GP.radius * cs;
    }
    let x = centre + GP.sigma * vec2f(
      rand_normal(seed, GAN_STREAM_REAL, b, draw, 1u), rand_normal(seed, GAN_STREAM_REAL, b, draw, 2u));
    let at = d_act(gan, 0u) + b * GP.stride;
    scratch[at] = x.x;
    scratch[at + 1u] = x.y;
    for (var j = 0u; j < GP.latent; j++) {
      scratch[g_act(gan, 0u) + b * GP.stride + j] = rand_normal(seed, GAN_STREAM_LATENT, b, draw, j);
    }
  }
  gan_sync();
}

// Every layer of network n over `rows` rows, parameters from nets[p..]: layer l's input at
// act0 + l * step (l = 0: act0), the network's output at `last`.
fn net_forward(n: Net, p: u32, act0: u32, step: u32, last: u32, rows: u32, lid: u32) {
  for (var l = 0u; l <= n.hidden; l++) {
    let fi = fan_in(n, l);
    let fo = fan_out(n, l);
    let w = p + layer_offset(n, l);
    let src = act0 + l * step;
    let top = l == n.hidden;
    let dst = select(act0 + (l + 1u) * step, last, top);
    // One output (row r, unit u) per item, so that every thread has work even where a layer is
    // narrow (D's single output); each sum runs in the same order as the twin's.
    for (var i = lid; i < rows * fo; i += GAN_THREADS) {
      let u = i % fo;
      let r = i / fo;
      let row = w + u * (fi + 1u);
      var z = nets[row + fi];
      for (var v = 0u; v < fi; v++) { z += nets[row + v] * scratch[src + r * GP.stride + v]; }
      scratch[dst + r * GP.stride + u] = select(gan_activate(z), z, top);
    }
    gan_sync();
  }
}

// Backward through network n from d loss / d output at `delta_out`: writes the parameter
// gradients (summed over the rows) to nets[grad..] unless grad is GAN_NONE, and the deltas of the
// layers below alternately into regions w0, w1. Returns where d loss / d input is.
fn net_backward(n: Net, p: u32, grad: u32, act0: u32, step: u32, delta_out: u32, w0: u32, w1: u32, rows: u32, lid: u32) -> u32 {
  var d_cur = delta_out;
  for (var k = 0u; k <= n.hidden; k++) {
    let l = n.hidden - k;
    let fi = fan_in(n, l);
    let fo = fan_out(n, l);
    let w = p + layer_offset(n, l);
    let src = act0 + l * step;
    let d_next = select(w1, w0, k % 2u == 0u);
    // One parameter (unit u, input v; v = fi: the bias) per item, summed over the rows in order.
    if (grad != GAN_NONE) {
      let g = grad + layer_offset(n, l);
      for (var i = lid; i < fo * (fi + 1u); i += GAN_THREADS) {
        let u = i / (fi + 1u);
        let v = i % (fi + 1u);
        var gw = 0.0;
        if (v == fi) {
          for (var r = 0u; r < rows; r++) { gw += scratch[d_cur + r * GP.stride + u]; }
        } else {
          for (var r = 0u; r < rows; r++) { gw += scratch[d_cur + r * GP.stride + u] * scratch[src + r * GP.stride + v]; }
        }
        nets[g + i] = gw;
      }
    }
    // One input delta (row r, input v) per item.
    for (var i = lid; i < rows * fi; i += GAN_THREADS) {
      let v = i % fi;
      let r = i / fi;
      var s = 0.0;
      for (var u = 0u; u < fo; u++) { s += nets[w + u * (fi + 1u) + v] * scratch[d_cur + r * GP.stride + u]; }
      // Below a hidden layer, through its activation; the network's input takes the plain gradient.
      if (l > 0u) { s *= gan_slope(scratch[src + r * GP.stride + v]); }
      scratch[d_next + r * GP.stride + v] = s;
    }
    gan_sync();
    d_cur = d_next;
  }
  return d_cur;
}

// G's samples for the latents in its input rows, written to D's fake input rows.
fn generator_forward(gan: u32, lid: u32) {
  net_forward(generator_net(), gan * GP.net_stride, g_act(gan, 0u), GP.batch * GP.stride, fake_rows(gan), GP.batch, lid);
}
