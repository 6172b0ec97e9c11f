// The field the dynamics follow, F = (-df/dx1, +df/dy1), as short arrows on every
// arrow_stride-th field sample: one instance per arrow, a shaft (two triangles) and a head.

const ARROW_VERTICES: u32 = 9u;

// Shaft and head in arrow coordinates: x along the arrow (0 tail, 1 tip), y across it.
fn arrow_shape(k: u32) -> vec2f {
  var shape = array<vec2f, 9>(
    vec2f(0.0, -0.06), vec2f(0.62, -0.06), vec2f(0.62, 0.06),
    vec2f(0.0, -0.06), vec2f(0.62, 0.06), vec2f(0.0, 0.06),
    vec2f(0.55, -0.22), vec2f(1.0, 0.0), vec2f(0.55, 0.22),
  );
  return shape[k];
}

struct ArrowVarying {
  @builtin(position) position: vec4f,
  @location(0) alpha: f32,
}

@vertex
fn vs(@builtin(vertex_index) k: u32, @builtin(instance_index) a: u32) -> ArrowVarying {
  let per_side = (V.grid - 1u) / V.arrow_stride + 1u;
  let i = (a % per_side) * V.arrow_stride;
  let j = (a / per_side) * V.arrow_stride;
  let sample = field[j * V.grid + i];
  let flow = vec2f(-sample.y, sample.z);
  let speed = length(flow);
  let along = select(vec2f(1.0, 0.0), flow / speed, speed > 0.0);
  let across = vec2f(-along.y, along.x);
  // Longest arrow: 85% of the spacing; shorter with the speed (square root, so slow regions still show).
  let spacing = 2.0 * V.extent * f32(V.arrow_stride) / f32(V.grid - 1u);
  let length_ = 0.85 * spacing * sqrt(clamp(speed / V.speed_max, 0.0, 1.0));
  let shape = arrow_shape(k);
  let tail = plane_point(V, i, j) - 0.5 * length_ * along;
  let p = tail + along * shape.x * length_ + across * shape.y * max(length_, 0.25 * spacing);
  var out: ArrowVarying;
  out.position = vec4f(plane_to_clip(p), 0.0, 1.0);
  out.alpha = select(0.0, 0.55, speed > 0.0);
  return out;
}

@fragment
fn fs(in: ArrowVarying) -> @location(0) vec4f {
  return vec4f(vec3f(0.93, 0.95, 1.0) * in.alpha, in.alpha);
}
