// Hessian-vector product at one point by central differences of the landscape's own gradient:
// H v ~ (grad f(c + h v) - grad f(c - h v)) / (2 h). Exact for quadratics up to rounding; for
// others the error is O(h^2). Invocations 0 and 1 evaluate the two sides, 2 the point itself.

struct ProbeParams {
  h: f32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

struct ProbeCoordinate {
  hv: f32,
  grad: f32,
}

// What one product returns: the loss at c, then per coordinate (H v)_d and the gradient at c.
struct ProbeResult {
  loss: f32,
  coords: array<ProbeCoordinate>,
}

@group(0) @binding(1) var<uniform> HP: ProbeParams;
// c, then v (DIM values each).
@group(0) @binding(2) var<storage, read> probe_in: array<f32>;
// Gradients at c + h v, c - h v and c (DIM values each).
@group(0) @binding(3) var<storage, read_write> probe_grads: array<f32>;
@group(0) @binding(4) var<storage, read_write> probe_out: ProbeResult;

fn probe_side(ctx: u32) -> f32 {
  return select(select(0.0, -1.0, ctx == 1u), 1.0, ctx == 0u);
}

fn coord(ctx: u32, d: u32) -> f32 {
  return probe_in[d] + probe_side(ctx) * HP.h * probe_in[DIM + d];
}

fn set_grad(ctx: u32, d: u32, g: f32) {
  probe_grads[ctx * DIM + d] = g;
}

fn add_grad(ctx: u32, d: u32, g: f32) {
  probe_grads[ctx * DIM + d] += g;
}

@compute @workgroup_size(4)
fn gradients(@builtin(local_invocation_index) li: u32) {
  if (li >= 3u) { return; }
  let f = landscape_eval(li);
  if (li == 2u) { probe_out.loss = f; }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn combine(@builtin(global_invocation_id) gid: vec3u) {
  let d = gid.x;
  if (d >= DIM) { return; }
  let hv = (probe_grads[d] - probe_grads[DIM + d]) / (2.0 * HP.h);
  probe_out.coords[d] = ProbeCoordinate(hv, probe_grads[2u * DIM + d]);
}
