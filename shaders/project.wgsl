// Each particle's place in the drawn slice: (a, b) = ((x - c) . u, (x - c) . v), its height (its own
// loss, or the slice's loss at (a, b) interpolated from the surface grid), and a
// status word: status + STATUS_STRIDE * (basin + 1) in the integer part, and in the fraction the particle's
// distance r from the plane as r / (r + distance_scale). The first trail_count particles also
// append to their trail.

struct ProjectParams {
  n: u32,
  dim: u32,
  trail_count: u32,
  trail_head: u32,
  minima_count: u32,
  find_basin: u32,
  distance_scale: f32,
  // 0: the particle's own loss; 1: the slice's loss where it projects.
  slice_height: u32,
  grid: u32,
  // A live particle whose loss is below this has succeeded (STATUS_SUCCESS).
  success_loss: f32,
  a_range: vec2f,
  b_range: vec2f,
}

@group(0) @binding(0) var<uniform> PP: ProjectParams;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(2) var<storage, read> particles: array<ParticleState>;
// The slice plane: c, u, v (dim values each), shared with the surface kernel.
@group(0) @binding(3) var<storage, read> plane: array<f32>;
@group(0) @binding(4) var<storage, read> minima: array<f32>;
@group(0) @binding(5) var<storage, read_write> render: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> trails: array<vec4f>;
// The surface's G x G heights over a_range x b_range (shaders/surface.wgsl).
@group(0) @binding(7) var<storage, read> heights: array<f32>;

// Bilinear interpolation of the surface grid at (a, b), clamped to the grid's edge.
fn slice_loss(a: f32, b: f32) -> f32 {
  let g = PP.grid;
  let last = f32(g - 1u);
  let ij = clamp(
    vec2f((a - PP.a_range.x) / (PP.a_range.y - PP.a_range.x), (b - PP.b_range.x) / (PP.b_range.y - PP.b_range.x)) * last,
    vec2f(0.0),
    vec2f(last),
  );
  let i0 = min(u32(ij.x), g - 2u);
  let j0 = min(u32(ij.y), g - 2u);
  let t = ij - vec2f(f32(i0), f32(j0));
  let h00 = heights[j0 * g + i0];
  let h10 = heights[j0 * g + i0 + 1u];
  let h01 = heights[(j0 + 1u) * g + i0];
  let h11 = heights[(j0 + 1u) * g + i0 + 1u];
  return mix(mix(h00, h10, t.x), mix(h01, h11, t.x), t.y);
}

fn nearest_minimum(p: u32) -> u32 {
  var best = 0u;
  var best_d2 = 3.4e38;
  for (var m = 0u; m < PP.minima_count; m++) {
    var d2 = 0.0;
    for (var d = 0u; d < PP.dim; d++) {
      let t = pos[d * PP.n + p] - minima[m * PP.dim + d];
      d2 += t * t;
    }
    if (d2 < best_d2) { best_d2 = d2; best = m; }
  }
  return best;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = particle_index(gid, nwg);
  if (p >= PP.n) { return; }
  let dim = PP.dim;
  var a = 0.0;
  var b = 0.0;
  var r2 = 0.0;
  for (var d = 0u; d < dim; d++) {
    let x = pos[d * PP.n + p] - plane[d];
    a += x * plane[dim + d];
    b += x * plane[2u * dim + d];
    r2 += x * x;
  }
  // u and v are orthonormal: |x - c|^2 = a^2 + b^2 + r^2.
  let r = sqrt(max(r2 - a * a - b * b, 0.0));
  let near = min(r / (r + PP.distance_scale), 0.999);
  let s = particles[p];
  var status = STATUS_LIVE;
  if ((s.flags & FLAG_DIVERGED) != 0u) {
    status = STATUS_DIVERGED;
  } else if (s.loss < PP.success_loss) {
    status = STATUS_SUCCESS;
  } else if ((s.flags & FLAG_CONVERGED) != 0u) {
    status = STATUS_CONVERGED;
  }
  var basin = 0u;
  if (PP.find_basin != 0u && PP.minima_count > 0u && status != STATUS_DIVERGED) {
    basin = nearest_minimum(p) + 1u;
  }
  var height = s.loss;
  if (PP.slice_height != 0u && status != STATUS_DIVERGED) { height = slice_loss(a, b); }
  let out = vec4f(a, b, height, f32(status + STATUS_STRIDE * basin) + near);
  render[p] = out;
  if (p < PP.trail_count) {
    trails[PP.trail_head * PP.trail_count + p] = out;
  }
}
