// The particles, drawn from the simulation's own position buffer (GameSimulation.pos): one
// instance per particle, a disc in the method's colour with a dark rim.

struct ParticleVarying {
  @builtin(position) position: vec4f,
  // Offset from the disc's centre, in radii.
  @location(0) offset: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) k: u32, @builtin(instance_index) p: u32) -> ParticleVarying {
  var corners = array<vec2f, 6>(vec2f(-1.0, -1.0), vec2f(1.0, -1.0), vec2f(1.0, 1.0), vec2f(-1.0, -1.0), vec2f(1.0, 1.0), vec2f(-1.0, 1.0));
  let corner = corners[k];
  let at = vec2f(game_pos[p], game_pos[P.m * P.count + p]);
  // Non-finite positions (diverged particles) are moved off screen.
  let finite = all(abs(at) < vec2f(1e30));
  let center = select(vec2f(9.0), plane_to_clip(at), finite);
  var out: ParticleVarying;
  out.position = vec4f(center + corner * 2.0 * V.point_px / V.side_px, 0.0, 1.0);
  out.offset = corner;
  return out;
}

@fragment
fn fs(in: ParticleVarying) -> @location(0) vec4f {
  let r = length(in.offset);
  if (r > 1.0) { discard; }
  let color = mix(P.color.rgb, vec3f(0.0), smoothstep(0.6, 0.8, r));
  return vec4f(color, 1.0);
}
