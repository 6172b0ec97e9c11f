// Fresh GANs (after gan_networks.wgsl), one workgroup per GAN: weight i of [θ_G, θ_D] is
// N(0, 1) from (seed, GAN_STREAM_INIT, i) times gain / sqrt(fanIn) (gain 1 for tanh, √2 for the
// ReLUs), biases 0, Adam's moments 0, counters and losses 0. Twin: initialParameters in
// src/gan/ganReference.ts.

fn init_network(n: Net, first: u32, base: u32, seed: u32, lid: u32) {
  let gain = select(sqrt(2.0), 1.0, GP.activation == GAN_TANH);
  for (var l = 0u; l <= n.hidden; l++) {
    let fi = fan_in(n, l);
    let at = first + layer_offset(n, l);
    let scale = gain / sqrt(f32(fi));
    for (var k = lid; k < (fi + 1u) * fan_out(n, l); k += GAN_THREADS) {
      let bias = k % (fi + 1u) == fi;
      nets[base + at + k] = select(scale * rand_normal(seed, GAN_STREAM_INIT, at + k, 0u, 0u), 0.0, bias);
    }
  }
}

@compute @workgroup_size(GAN_THREADS)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let gan = wid.x;
  let lid = lid3.x;
  let base = gan * GP.net_stride;
  let seed = settings[gan].seed;
  init_network(generator_net(), 0u, base, seed, lid);
  init_network(discriminator_net(), GP.g_params, base, seed, lid);
  let total = GP.g_params + GP.d_params;
  for (var i = lid; i < total; i += GAN_THREADS) {
    nets[base + GP.off_m + i] = 0.0;
    nets[base + GP.off_v + i] = 0.0;
  }
  if (lid == 0u) { records[gan] = GanRecord(0u, 0u, 0u, 0u, 0.0, 0.0, 0u, 0u); }
}
