// Places game particles (GAME_PLACE_START): centre + sigma * N(0, 1) per coordinate, drawn at
// (seed, STREAM_GAME_INIT, particle, 0, coordinate), so the same seed gives the same cloud; or
// keeps them where they are (GAME_PLACE_KEEP, after a change of method). Either way the method
// state restarts: no velocity, the previous gradient taken at the position. A start out of
// bounds is flagged diverged at once. Twin: src/games/start.ts, src/games/gameReference.ts.

@group(0) @binding(9) var<storage, read> game_start: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = particle_index(gid, nwg);
  if (p >= R.n) { return; }
  var s = game_state[p];
  if (R.placement == GAME_PLACE_START) {
    s = GameParticle(0.0, 0.0, 0u, 0u, 0u);
    for (var d = 0u; d < GAME_M + GAME_N; d++) {
      let z = game_start[d] + R.sigma * rand_normal(R.seed, STREAM_GAME_INIT, p, 0u, d);
      game_pos[game_slot(p, d)] = z;
      if (out_of_bounds(z)) { s.flags = FLAG_DIVERGED; }
    }
  } else if ((s.flags & FLAG_DIVERGED) != 0u) {
    return;
  }
  for (var d = 0u; d < GAME_M + GAME_N; d++) {
    let i = game_slot(p, d);
    game_velocity[i] = 0.0;
    game_previous[i] = game_grad_at(p, d);
  }
  measure(p, &s);
  game_state[p] = s;
}
