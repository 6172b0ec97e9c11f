// R.steps steps of the pipeline's game method (METHOD) per particle in one dispatch; with
// F = (df/dx, -df/dy) and eta = (eta_x on x, eta_y on y), src/games/methods.ts defines each.
// A particle with a coordinate non-finite or past +-R.bound is flagged diverged and frozen.
// Twin: src/games/gameReference.ts.

override GAME_OPTIMISTIC: bool = METHOD == METHOD_OPTIMISTIC || METHOD == METHOD_OPTIMISTIC_MOMENTUM;
override GAME_HEAVY_BALL: bool = METHOD == METHOD_MOMENTUM || METHOD == METHOD_ALTERNATING_MOMENTUM || METHOD == METHOD_OPTIMISTIC_MOMENTUM;

// Moves coordinates lo .. hi - 1 on the gradient taken before any of them moves: the gradients
// go to game_grad first. Optimistic methods use 2 g - g_prev; momentum methods the velocity.
// Returns whether a coordinate left the bounds.
fn update_block(p: u32, lo: u32, hi: u32) -> bool {
  for (var d = lo; d < hi; d++) { game_grad[game_slot(p, d)] = game_grad_at(p, d); }
  var bad = false;
  for (var d = lo; d < hi; d++) {
    let i = game_slot(p, d);
    let g = game_grad[i];
    var direction = g;
    if (GAME_OPTIMISTIC) {
      direction = 2.0 * g - game_previous[i];
      game_previous[i] = g;
    }
    let delta = -descent_step(d) * direction;
    var z = game_pos[i];
    if (GAME_HEAVY_BALL) {
      let v = R.momentum * game_velocity[i] + delta;
      game_velocity[i] = v;
      z += v;
    } else {
      z += delta;
    }
    game_pos[i] = z;
    bad = bad || out_of_bounds(z);
  }
  return bad;
}

// z_half = z - eta F(z), then z - eta F(z_half): the look-ahead point is kept apart, so z can be
// overwritten while the game reads z_half.
fn extragradient_step(p: u32) -> bool {
  let dim = GAME_M + GAME_N;
  for (var d = 0u; d < dim; d++) {
    let i = game_slot(p, d);
    game_half[i] = game_pos[i] - descent_step(d) * game_grad_at(p, d);
  }
  read_half = true;
  var bad = false;
  for (var d = 0u; d < dim; d++) {
    let i = game_slot(p, d);
    let z = game_pos[i] - descent_step(d) * game_grad_at(p, d);
    game_pos[i] = z;
    bad = bad || out_of_bounds(z);
  }
  read_half = false;
  return bad;
}

fn game_step(p: u32) -> bool {
  let dim = GAME_M + GAME_N;
  if (METHOD == METHOD_EXTRAGRADIENT) { return extragradient_step(p); }
  if (METHOD == METHOD_ALTERNATING || METHOD == METHOD_ALTERNATING_MOMENTUM) {
    // x on the gradient at (x, y), then y on the gradient at the new x.
    let bad_x = update_block(p, 0u, GAME_M);
    let bad_y = update_block(p, GAME_M, dim);
    return bad_x || bad_y;
  }
  return update_block(p, 0u, dim);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = particle_index(gid, nwg);
  if (p >= R.n) { return; }
  var s = game_state[p];
  if ((s.flags & FLAG_DIVERGED) != 0u) { return; }
  for (var t = 0u; t < R.steps; t++) {
    let bad = game_step(p);
    s.age += 1u;
    if (bad) {
      s.flags = s.flags | FLAG_DIVERGED;
      s.diverged_at = s.age;
      break;
    }
  }
  measure(p, &s);
  game_state[p] = s;
}
