// Noise stability of one MLP (Arora, Ge, Neyshabur & Zhang 2018), with the MLP landscape's own
// WGSL in front (mlp_shape, mlp_base, mlp_forward, mlp_data). One invocation per (input, draw):
// for each hidden layer i, Gaussian noise of norm epsilon |h_i| goes into h_i (after the
// nonlinearity: what layer i + 1 reads) and is carried up as the difference delta_j = h^_j - h_j;
// per (i, j) the invocation writes (|delta_j|, |h_j|), j = L being the output. A second entry
// point sums them per (i, j). Twin: src/analysis/noiseStabilityReference.ts.

struct NoiseStabilityParams {
  // Point index in mlp_data of the first input (0: the training set, m: the test set).
  first: u32,
  draws: u32,
  seed: u32,
  // This dispatch does items base .. base + count - 1 of total; item k is input k / draws, draw k % draws.
  base: u32,
  count: u32,
  total: u32,
  epsilon: f32,
  _pad0: u32,
}

@group(0) @binding(1) var<uniform> NS: NoiseStabilityParams;
@group(0) @binding(2) var<storage, read> network: array<f32>;
// Per item and slot (noise layer i, measured layer j at i * (MLP_MAX_LAYERS + 1) + j): (|delta_j|, |h_j|).
@group(0) @binding(3) var<storage, read_write> norms: array<vec2f>;
// Per slot: (sum of |delta_j| / |h_j|, how many, sum of |delta_j|, sum of |h_j|) over items with |h_j| > 0.
@group(0) @binding(4) var<storage, read_write> sums: array<vec4f, NOISE_STABILITY_SLOTS>;

// The difference being carried up, and the next layer's.
var<private> ns_delta: array<f32, MLP_MAX_WIDTH>;
var<private> ns_next: array<f32, MLP_MAX_WIDTH>;

fn coord(k: u32, d: u32) -> f32 {
  return network[d];
}

// Only forward passes here.
fn set_grad(k: u32, d: u32, g: f32) {}
fn add_grad(k: u32, d: u32, g: f32) {}

// phi(z + dz) - phi(z) without cancellation, h = phi(z). tanh: tanh(a + b) - tanh(a) =
// tanh(b) (1 - tanh(a)^2) / (1 + tanh(a) tanh(b)). ReLU: dz or -z above the kink, max(z + dz, 0) below.
fn ns_activation_change(z: f32, h: f32, dz: f32, relu: bool) -> f32 {
  if (relu) {
    if (z > 0.0) { return select(-z, dz, z + dz > 0.0); }
    return max(z + dz, 0.0);
  }
  let t = mlp_tanh(dz);
  let den = 1.0 + h * t;
  // Both saturated with opposite signs: the difference itself is then well conditioned.
  if (den == 0.0) { return mlp_tanh(z + dz) - h; }
  return t * (1.0 - h) * (1.0 + h) / den;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = particle_index(gid, nwg);
  if (t >= NS.count) { return; }
  let k = NS.base + t;
  let point = NS.first + k / NS.draws;
  let draw = k % NS.draws;
  let s = mlp_shape();
  let w = s.width;
  let row = k * NOISE_STABILITY_SLOTS;
  for (var q = 0u; q < NOISE_STABILITY_SLOTS; q++) { norms[row + q] = vec2f(0.0); }

  // The clean pass leaves every hidden layer's h in mlp_act.
  let out = mlp_forward(k, s, mlp_data[3u * point], mlp_data[3u * point + 1u]);
  var size: array<f32, MLP_MAX_LAYERS + 1u>;
  for (var l = 0u; l < s.layers; l++) {
    var hh = 0.0;
    for (var u = 0u; u < w; u++) { hh += mlp_act[l * MLP_MAX_WIDTH + u] * mlp_act[l * MLP_MAX_WIDTH + u]; }
    size[l] = sqrt(hh);
  }
  size[s.layers] = abs(out);

  for (var i = 0u; i < s.layers; i++) {
    // A uniform direction, scaled to epsilon |h_i|.
    var gg = 0.0;
    for (var u = 0u; u < w; u++) {
      let g = rand_normal(NS.seed, STREAM_NOISE_STABILITY, point, draw, i * MLP_MAX_WIDTH + u);
      ns_delta[u] = g;
      gg += g * g;
    }
    let scale = NS.epsilon * size[i] / sqrt(gg);
    var dd = 0.0;
    for (var u = 0u; u < w; u++) {
      ns_delta[u] *= scale;
      dd += ns_delta[u] * ns_delta[u];
    }
    norms[row + i * (MLP_MAX_LAYERS + 1u) + i] = vec2f(sqrt(dd), size[i]);
    for (var j = i + 1u; j < s.layers; j++) {
      // The pre-activation z_j and its change W_j delta from the same weight reads.
      let base = mlp_base(j, w);
      let below = (j - 1u) * MLP_MAX_WIDTH;
      dd = 0.0;
      for (var u = 0u; u < w; u++) {
        var z = coord(k, base + w * w + u);
        var dz = 0.0;
        for (var v = 0u; v < w; v++) {
          let weight = coord(k, base + u * w + v);
          z += weight * mlp_act[below + v];
          dz += weight * ns_delta[v];
        }
        let c = ns_activation_change(z, mlp_act[j * MLP_MAX_WIDTH + u], dz, s.relu);
        ns_next[u] = c;
        dd += c * c;
      }
      for (var u = 0u; u < w; u++) { ns_delta[u] = ns_next[u]; }
      norms[row + i * (MLP_MAX_LAYERS + 1u) + j] = vec2f(sqrt(dd), size[j]);
    }
    var d_out = 0.0;
    for (var v = 0u; v < w; v++) { d_out += coord(k, s.out_base + v) * ns_delta[v]; }
    norms[row + i * (MLP_MAX_LAYERS + 1u) + s.layers] = vec2f(abs(d_out), size[s.layers]);
  }
}

var<workgroup> ns_partial: array<vec4f, WORKGROUP_SIZE>;

// One workgroup per slot: strided sums over all items, then a tree in workgroup memory.
@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let q = wid.x;
  var acc = vec4f(0.0);
  for (var k = lid.x; k < NS.total; k += WORKGROUP_SIZE) {
    let r = norms[k * NOISE_STABILITY_SLOTS + q];
    if (is_finite(r.x) && is_finite(r.y) && r.y > 0.0) { acc += vec4f(r.x / r.y, 1.0, r.x, r.y); }
  }
  ns_partial[lid.x] = acc;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lid.x < stride) { ns_partial[lid.x] += ns_partial[lid.x + stride]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { sums[q] = ns_partial[0]; }
}
