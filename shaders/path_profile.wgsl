// The loss along a curve between points of R^DIM (Goodfellow et al. 2015; Garipov et al. 2018),
// one invocation per point of the curve: the segment (1 - t) a + t b, or the quadratic Bezier
// (1 - t)^2 a + 2 t (1 - t) c + t^2 b. The landscape is evaluated on its whole training set.
// bezier_fit.wgsl is concatenated after this file: its samples are points of the same curve.
// TypeScript twin: src/analysis/curveReference.ts.

struct PathParams {
  // Result slots the buffers hold; gradients are coordinate-major, slot k of coordinate d at d * slots + k.
  slots: u32,
  // Points along the curve; slots points and points + 1 are the ends themselves (t = 0 and t = 1).
  points: u32,
  // This dispatch evaluates slots base .. base + count - 1 (costly landscapes come in parts).
  base: u32,
  count: u32,
  // 1: the quadratic Bezier through the control point; 0: the segment.
  bezier: u32,
  // Point k sits at t = t0 + k * spacing.
  t0: f32,
  spacing: f32,
  _pad0: u32,
}

struct PathResult {
  t: f32,
  loss: f32,
  grad_norm: f32,
  // dL/dt = grad L . phi'(t): the loss's slope along the curve.
  slope: f32,
}

@group(0) @binding(1) var<uniform> PP: PathParams;
// a, then the control point c (zeros for the segment), then b: DIM values each.
@group(0) @binding(2) var<storage, read_write> path_points: array<f32>;
@group(0) @binding(3) var<storage, read_write> path_grads: array<f32>;
@group(0) @binding(4) var<storage, read_write> path_results: array<PathResult>;

// Weights of a, c and b at the point being evaluated, and their derivatives in t. One
// invocation evaluates one point, so they are set once and read by every coord().
var<private> path_w: vec3f;
var<private> path_dw: vec3f;

fn path_set_t(t: f32) {
  if (PP.bezier != 0u) {
    let s = 1.0 - t;
    path_w = vec3f(s * s, 2.0 * t * s, t * t);
    path_dw = vec3f(-2.0 * s, 2.0 - 4.0 * t, 2.0 * t);
  } else {
    path_w = vec3f(1.0 - t, 0.0, t);
    path_dw = vec3f(-1.0, 0.0, 1.0);
  }
}

fn path_combine(w: vec3f, d: u32) -> f32 {
  return w.x * path_points[d] + w.y * path_points[DIM + d] + w.z * path_points[2u * DIM + d];
}

fn coord(k: u32, d: u32) -> f32 {
  return path_combine(path_w, d);
}

fn set_grad(k: u32, d: u32, g: f32) {
  path_grads[d * PP.slots + k] = g;
}

fn add_grad(k: u32, d: u32, g: f32) {
  path_grads[d * PP.slots + k] += g;
}

fn path_evaluate(k: u32, t: f32) -> PathResult {
  path_set_t(t);
  let loss = landscape_eval(k);
  var gg = 0.0;
  var slope = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let g = path_grads[d * PP.slots + k];
    gg += g * g;
    slope += g * path_combine(path_dw, d);
  }
  return PathResult(t, loss, sqrt(gg), slope);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = particle_index(gid, nwg);
  if (i >= PP.count) { return; }
  let k = PP.base + i;
  // The ends are evaluated exactly at t = 0 and 1, whatever grid the points lie on: the barrier needs them.
  let t = select(PP.t0 + f32(k) * PP.spacing, f32(k - PP.points), k >= PP.points);
  path_results[k] = path_evaluate(k, t);
}
