// Each particle's place in the drawn slice: (a, b) = ((x - c) . u, (x - c) . v), its loss, and a
// status word: status + 4 * (basin + 1) in the integer part, and in the fraction the particle's
// distance r from the plane as r / (r + distance_scale). The first trail_count particles also
// append to their trail.

const STATUS_LIVE: u32 = 0u;
const STATUS_CONVERGED: u32 = 1u;
const STATUS_DIVERGED: u32 = 2u;

struct ProjectParams {
  n: u32,
  dim: u32,
  trail_count: u32,
  trail_head: u32,
  minima_count: u32,
  find_basin: u32,
  distance_scale: f32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> PP: ProjectParams;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(2) var<storage, read> particles: array<StateView>;
// The slice plane: c, u, v (dim values each), shared with the surface kernel.
@group(0) @binding(3) var<storage, read> plane: array<f32>;
@group(0) @binding(4) var<storage, read> minima: array<f32>;
@group(0) @binding(5) var<storage, read_write> render: array<vec4f>;
@group(0) @binding(6) var<storage, read_write> trails: array<vec4f>;

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

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = gid.x + gid.y * nwg.x * 64u;
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
  } else if ((s.flags & FLAG_CONVERGED) != 0u) {
    status = STATUS_CONVERGED;
  }
  var basin = 0u;
  if (PP.find_basin != 0u && PP.minima_count > 0u && status != STATUS_DIVERGED) {
    basin = nearest_minimum(p) + 1u;
  }
  let out = vec4f(a, b, s.loss, f32(status + 4u * basin) + near);
  render[p] = out;
  if (p < PP.trail_count) {
    trails[PP.trail_head * PP.trail_count + p] = out;
  }
}
