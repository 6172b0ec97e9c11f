// SP.count samples of every GAN's generator for read-back (after gan_networks.wgsl), one
// workgroup per GAN, B at a time through the training scratch: latent s of GAN g is N(0, I)
// from (SP.seed, GAN_STREAM_SAMPLE, s, g). Twin: generatorSamples in src/gan/ganReference.ts.

@compute @workgroup_size(GAN_THREADS)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let gan = wid.x;
  let lid = lid3.x;
  let B = GP.batch;
  for (var first = 0u; first < SP.count; first += B) {
    for (var b = lid; b < B; b += GAN_THREADS) {
      for (var j = 0u; j < GP.latent; j++) {
        scratch[g_act(gan, 0u) + b * GP.stride + j] = rand_normal(SP.seed, GAN_STREAM_SAMPLE, first + b, gan, j);
      }
    }
    gan_sync();
    generator_forward(gan, lid);
    for (var b = lid; b < B && first + b < SP.count; b += GAN_THREADS) {
      let at = fake_rows(gan) + b * GP.stride;
      samples[gan * SP.count + first + b] = vec2f(scratch[at], scratch[at + 1u]);
    }
    gan_sync();
  }
}
