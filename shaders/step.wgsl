// R.steps optimizer steps per particle in one dispatch. The gradient buffer holds the
// gradient at the current position on entry and on exit, so each step costs one evaluation.

// Coordinate slot of the kick's radius draw (coordinates use 0 .. dim - 1).
const KICK_RADIUS_SLOT: u32 = 0xffffffu;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = particle_index(gid, nwg);
  if (p >= R.n) { return; }
  let n = R.n;
  let dim = L.dim;
  let uses_moments = R.optimizer != OPT_GD;
  for (var t = 0u; t < R.steps; t++) {
    var s = state[p];
    if ((s.flags & FLAG_DIVERGED) != 0u) { return; }
    let step = R.step + t;
    let age = s.age + 1u;
    let bias = vec2f(1.0 - pow(R.beta1, f32(age)), 1.0 - pow(R.beta2, f32(age)));

    // Perturbed gradient descent (Jin et al. 2017): a kick uniform in a ball when the gradient is small.
    var kick = 0.0;
    if (R.noise == NOISE_PERTURBED && s.grad_norm < R.pgd_threshold && age - s.kick_age >= R.pgd_interval) {
      var zz = 0.0;
      for (var d = 0u; d < dim; d++) {
        let z = rand_normal(R.seed, STREAM_KICK, p, step, d);
        zz += z * z;
      }
      let u = rand_uniform(R.seed, STREAM_KICK, p, step, KICK_RADIUS_SLOT);
      kick = R.pgd_radius * pow(u, 1.0 / f32(dim)) / sqrt(max(zz, 1e-30));
      s.kick_age = age;
    }
    let langevin = sqrt(2.0 * R.lr * R.noise_scale);

    var escaped = false;
    for (var d = 0u; d < dim; d++) {
      let i = d * n + p;
      var g = grad[i];
      if (R.noise == NOISE_GRADIENT) {
        g += R.noise_scale * rand_normal(R.seed, STREAM_NOISE, p, step, d);
      }
      var m = 0.0;
      var v = 0.0;
      if (uses_moments) { m = moment1[i]; v = moment2[i]; }
      var x = optimizer_update(pos[i], g, &m, &v, bias);
      if (R.noise == NOISE_LANGEVIN) {
        x += langevin * rand_normal(R.seed, STREAM_NOISE, p, step, d);
      }
      if (kick > 0.0) {
        x += kick * rand_normal(R.seed, STREAM_KICK, p, step, d);
      }
      if (!is_finite(x) || abs(x) > R.bound) { escaped = true; }
      pos[i] = x;
      if (uses_moments) { moment1[i] = m; moment2[i] = v; }
    }
    s.age = age;
    if (escaped) { s.flags = FLAG_DIVERGED; }
    state[p] = s;
    if (escaped) { return; }
    evaluate_particle(p);
  }
}
