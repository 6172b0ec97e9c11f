// R.steps optimizer steps per particle in one dispatch. The gradient buffer holds the
// gradient at the current position on entry and on exit, so each step costs one evaluation.

// KICK_RADIUS_SLOT (prelude): the coordinate slot of the kick's radius draw (coordinates use 0 .. dim - 1).

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = particle_index(gid, nwg);
  if (p >= R.n) { return; }
  let dim = DIM;
  let uses_moments = optimizer_moments() > 0u;
  var s = state[p];
  if ((s.flags & FLAG_DIVERGED) != 0u) { return; }
  in_registers = DIM <= REG_DIM;
  if (in_registers) { move_registers(p, true, uses_moments); }
  let lr = particle_lr(p);
  let langevin = sqrt(2.0 * lr * R.noise_scale);

  for (var t = 0u; t < R.steps; t++) {
    let step = R.step + t;
    let age = s.age + 1u;
    let k = next_step_context(&s, lr);

    // Perturbed gradient descent (Jin et al. 2017): a kick uniform in a ball when the gradient is small.
    var kick = 0.0;
    if (NOISE == NOISE_PERTURBED && s.grad_norm < R.pgd_threshold && age - s.kick_age >= R.pgd_interval) {
      var zz = 0.0;
      for (var d = 0u; d < dim; d++) {
        let z = rand_normal(R.seed, STREAM_KICK, p, step, d);
        zz += z * z;
      }
      let u = rand_uniform(R.seed, STREAM_KICK, p, step, KICK_RADIUS_SLOT);
      kick = R.pgd_radius * pow(u, 1.0 / f32(dim)) / sqrt(max(zz, 1e-30));
      s.kick_age = age;
    }

    var out_of_bounds = false;
    for (var d = 0u; d < dim; d++) {
      var g = grad_at(p, d);
      if (NOISE == NOISE_GRADIENT) {
        g += R.noise_scale * rand_normal(R.seed, STREAM_NOISE, p, step, d);
      }
      var mv = vec2f(0.0);
      if (uses_moments) { mv = moments(p, d); }
      var m = mv.x;
      var v = mv.y;
      var x = optimizer_update(coord(p, d), g, &m, &v, k);
      if (NOISE == NOISE_LANGEVIN) {
        x += langevin * rand_normal(R.seed, STREAM_NOISE, p, step, d);
      }
      if (kick > 0.0) {
        x += kick * rand_normal(R.seed, STREAM_KICK, p, step, d);
      }
      if (!is_finite(x) || abs(x) > R.bound) { out_of_bounds = true; }
      set_coord(p, d, x);
      if (uses_moments) { set_moments(p, d, vec2f(m, v)); }
    }
    s.age = age;
    if (out_of_bounds) {
      s.flags = FLAG_DIVERGED;
      break;
    }
    evaluate_into(p, &s);
    if ((s.flags & FLAG_DIVERGED) != 0u) { break; }
  }

  if (in_registers) { move_registers(p, false, uses_moments); }
  state[p] = s;
}
