// GP.steps generator steps of every GAN, one workgroup per GAN (after gan_networks.wgsl): per
// step k discriminator Adam steps, then the generator's Adam step on its loss against D, or,
// with unroll K > 0, against D after K SGD steps, reverse mode through them with Hessian-vector
// products by central differences of gradients. Twin: src/gan/ganReference.ts (trainStep).

// Base of θ_D^j: θ_D itself for j = 0, then the stored unrolled iterates.
fn hist_base(gan: u32, j: u32) -> u32 {
  let base = gan * GP.net_stride;
  if (j == 0u) { return base + GP.g_params; }
  return base + GP.off_hist + (j - 1u) * GP.d_params;
}

// L_D on minibatch `draw` with D's parameters at nets[dp..]: D's gradient to nets[grad_d..],
// and, unless grad_g is GAN_NONE, G's (through the fake samples) to nets[grad_g..].
fn discriminator_gradient(gan: u32, seed: u32, draw: u32, dp: u32, grad_g: u32, grad_d: u32, lid: u32) -> f32 {
  let B = GP.batch;
  let S = GP.stride;
  draw_batch(gan, seed, draw, lid);
  generator_forward(gan, lid);
  let dn = discriminator_net();
  let out = d_act(gan, GP.d_hidden + 1u);
  net_forward(dn, dp, d_act(gan, 0u), rows2(), out, 2u * B, lid);
  var loss = 0.0;
  for (var r = lid; r < 2u * B; r += GAN_THREADS) {
    let a = scratch[out + r * S];
    let real = r < B;
    loss += select(softplus(a), softplus(-a), real) / f32(B);
    scratch[delta_region(gan, 0u) + r * S] = select(sigmoid(a), sigmoid(a) - 1.0, real) / f32(B);
  }
  let total = workgroup_sum(loss, lid);
  gan_sync();
  let dx = net_backward(dn, dp, grad_d, d_act(gan, 0u), rows2(), delta_region(gan, 0u),
    delta_region(gan, 1u), delta_region(gan, 2u), 2u * B, lid);
  if (grad_g != GAN_NONE) {
    let gn = generator_net();
    let fake_delta = dx + B * S;
    let other = select(delta_region(gan, 1u), delta_region(gan, 2u), dx == delta_region(gan, 1u));
    net_backward(gn, gan * GP.net_stride, grad_g, g_act(gan, 0u), B * S, fake_delta, other, dx, B, lid);
  }
  return total;
}

// The generator's loss on the latents of minibatch `draw` against D at nets[dp..]: G's gradient
// to nets[grad_g..], D's to nets[grad_d..] unless GAN_NONE.
fn generator_gradient(gan: u32, seed: u32, draw: u32, loss_kind: u32, dp: u32, grad_g: u32, grad_d: u32, lid: u32) -> f32 {
  let B = GP.batch;
  let S = GP.stride;
  draw_batch(gan, seed, draw, lid);
  generator_forward(gan, lid);
  let dn = discriminator_net();
  let out = d_act(gan, GP.d_hidden + 1u) + B * S;
  net_forward(dn, dp, fake_rows(gan), rows2(), out, B, lid);
  var loss = 0.0;
  for (var r = lid; r < B; r += GAN_THREADS) {
    let a = scratch[out + r * S];
    let minimax = loss_kind == GAN_MINIMAX;
    loss += select(softplus(-a), -softplus(a), minimax) / f32(B);
    scratch[delta_region(gan, 0u) + r * S] = select(sigmoid(a) - 1.0, -sigmoid(a), minimax) / f32(B);
  }
  let total = workgroup_sum(loss, lid);
  gan_sync();
  let dx = net_backward(dn, dp, grad_d, fake_rows(gan), rows2(), delta_region(gan, 0u),
    delta_region(gan, 1u), delta_region(gan, 2u), B, lid);
  let other = select(delta_region(gan, 1u), delta_region(gan, 2u), dx == delta_region(gan, 1u));
  net_backward(generator_net(), gan * GP.net_stride, grad_g, g_act(gan, 0u), B * S, dx, other, dx, B, lid);
  return total;
}

// Adam (PyTorch's form) at step t on nets[first .. first + count) of θ, with m, v, grad alike.
fn adam(gan: u32, first: u32, count: u32, lr: f32, t: u32, lid: u32) {
  let base = gan * GP.net_stride;
  let c1 = 1.0 - pow(GP.beta1, f32(t));
  let c2 = 1.0 - pow(GP.beta2, f32(t));
  for (var i = first + lid; i < first + count; i += GAN_THREADS) {
    let g = nets[base + GP.off_grad + i];
    let m = GP.beta1 * nets[base + GP.off_m + i] + (1.0 - GP.beta1) * g;
    let v = GP.beta2 * nets[base + GP.off_v + i] + (1.0 - GP.beta2) * g * g;
    nets[base + GP.off_m + i] = m;
    nets[base + GP.off_v + i] = v;
    nets[base + i] -= lr * (m / c1) / (sqrt(v / c2) + GP.adam_eps);
  }
  gan_sync();
}

// The unrolled generator gradient into G's part of grad: the twin's unrolledGeneratorGradient.
fn unrolled_generator_gradient(gan: u32, s: GanSettings, first_draw: u32, lid: u32) -> f32 {
  let base = gan * GP.net_stride;
  let K = s.unroll;
  let tmp_d = base + GP.off_tmp + GP.g_params;
  for (var j = 0u; j < K; j++) {
    discriminator_gradient(gan, s.seed, first_draw + j, hist_base(gan, j), GAN_NONE, tmp_d, lid);
    let here = hist_base(gan, j);
    let there = hist_base(gan, j + 1u);
    for (var i = lid; i < GP.d_params; i += GAN_THREADS) { nets[there + i] = nets[here + i] - s.unroll_lr * nets[tmp_d + i]; }
    gan_sync();
  }
  let lambda = base + GP.off_lambda;
  let next = base + GP.off_lambda_next;
  let grad_g = base + GP.off_grad;
  // A plain GAN (K = 0) needs no gradient for D.
  let loss = generator_gradient(gan, s.seed, first_draw + K, s.loss, hist_base(gan, K), grad_g, select(lambda, GAN_NONE, K == 0u), lid);
  for (var k = 0u; k < K; k++) {
    let j = K - 1u - k;
    var sq = 0.0;
    for (var i = lid; i < GP.d_params; i += GAN_THREADS) { sq += nets[lambda + i] * nets[lambda + i]; }
    let norm = sqrt(workgroup_sum(sq, lid));
    // λ = 0 contributes nothing (c = 0), as the twin's early stop.
    let eps = select(1.0, GP.hvp_step / norm, norm > 0.0);
    let c = select(0.0, s.unroll_lr / (2.0 * eps), norm > 0.0);
    for (var side = 0u; side < 2u; side++) {
      let dir = select(-1.0, 1.0, side == 0u);
      let probe = base + GP.off_probe;
      for (var i = lid; i < GP.d_params; i += GAN_THREADS) { nets[probe + i] = nets[hist_base(gan, j) + i] + dir * eps * nets[lambda + i]; }
      gan_sync();
      discriminator_gradient(gan, s.seed, first_draw + j, probe, base + GP.off_tmp, tmp_d, lid);
      gan_sync();
      // λ_next = λ − c (g₊ − g₋) over D; G's gradient gains the same over G.
      for (var i = lid; i < GP.d_params; i += GAN_THREADS) {
        let start = select(nets[next + i], nets[lambda + i], side == 0u);
        nets[next + i] = start - dir * c * nets[tmp_d + i];
      }
      for (var i = lid; i < GP.g_params; i += GAN_THREADS) { nets[grad_g + i] -= dir * c * nets[base + GP.off_tmp + i]; }
      gan_sync();
    }
    for (var i = lid; i < GP.d_params; i += GAN_THREADS) { nets[lambda + i] = nets[next + i]; }
    gan_sync();
  }
  return loss;
}

@compute @workgroup_size(GAN_THREADS)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let gan = wid.x;
  let lid = lid3.x;
  let s = settings[gan];
  let rec = records[gan];
  var g_t = rec.generator_steps;
  var d_t = rec.discriminator_steps;
  var draw = rec.draws;
  var loss_d = rec.loss_d;
  var loss_g = rec.loss_g;
  let base = gan * GP.net_stride;
  for (var step = 0u; step < GP.steps; step++) {
    for (var i = 0u; i < s.d_steps; i++) {
      loss_d = discriminator_gradient(gan, s.seed, draw + i, base + GP.g_params, GAN_NONE, base + GP.off_grad + GP.g_params, lid);
      d_t += 1u;
      adam(gan, GP.g_params, GP.d_params, s.lr_d, d_t, lid);
    }
    loss_g = unrolled_generator_gradient(gan, s, draw + s.d_steps, lid);
    g_t += 1u;
    adam(gan, 0u, GP.g_params, s.lr_g, g_t, lid);
    draw += s.d_steps + s.unroll + 1u;
  }
  if (lid == 0u) { records[gan] = GanRecord(g_t, d_t, draw, 0u, loss_d, loss_g, 0u, 0u); }
}
