// The heat map of f on the plane, its contour lines and the equilibrium's mark: one triangle
// covering the viewport, f interpolated bilinearly between field samples.

struct HeatmapVarying {
  @builtin(position) position: vec4f,
  @location(0) clip: vec2f,
}

@vertex
fn vs(@builtin(vertex_index) k: u32) -> HeatmapVarying {
  let corner = vec2f(f32((k << 1u) & 2u), f32(k & 2u)) * 2.0 - 1.0;
  var out: HeatmapVarying;
  out.position = vec4f(corner, 0.0, 1.0);
  out.clip = corner;
  return out;
}

fn value_at(p: vec2f) -> f32 {
  let g = clamp((p - V.center) / V.extent * 0.5 + 0.5, vec2f(0.0), vec2f(1.0)) * f32(V.grid - 1u);
  let lo = vec2i(floor(g));
  let t = g - floor(g);
  let bottom = mix(field_at(lo.x, lo.y).x, field_at(lo.x + 1, lo.y).x, t.x);
  let top = mix(field_at(lo.x, lo.y + 1).x, field_at(lo.x + 1, lo.y + 1).x, t.x);
  return mix(bottom, top, t.y);
}

const CONTOURS_PER_SPAN: f32 = 6.0;

@fragment
fn fs(in: HeatmapVarying) -> @location(0) vec4f {
  let p = V.center + in.clip * V.extent;
  // s in [-1, 1]: below f* (where the minimising player x is winning) blue, above it orange.
  let s = clamp((value_at(p) - V.value_mid) / V.value_span, -1.0, 1.0);
  let base = vec3f(0.06, 0.07, 0.10);
  let hue = select(vec3f(0.22, 0.45, 0.95), vec3f(0.95, 0.55, 0.18), s > 0.0);
  var color = mix(base, hue, 0.8 * pow(abs(s), 0.6));
  let level = s * CONTOURS_PER_SPAN;
  let line = 1.0 - smoothstep(0.5, 1.5, abs(fract(level + 0.5) - 0.5) / max(fwidth(level), 1e-6));
  color = mix(color, vec3f(0.85, 0.88, 0.95), 0.35 * line);
  // The equilibrium: a white ring with a dark rim.
  let r = length(p - V.center) * V.side_px / (2.0 * V.extent);
  let ring = smoothstep(6.0, 7.0, r) * (1.0 - smoothstep(10.0, 11.0, r));
  let rim = smoothstep(10.0, 11.0, r) * (1.0 - smoothstep(12.5, 13.5, r));
  color = mix(color, vec3f(1.0), ring);
  color = mix(color, vec3f(0.0), 0.8 * rim);
  return vec4f(color, 1.0);
}
