// The plane's two directions from one particle's path: u_k = sum_i w_k,i (x_i - e), with the
// weights w_k,i = a_k,i / sigma_k from the Gram matrix's top eigenpairs (found on the CPU) and
// e = x_{count-1}. One invocation per coordinate. Twin: trajectoryPlane in src/analysis/trajectoryPca.ts.

struct DirectionParams {
  count: u32,
  dim: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> DP: DirectionParams;
// Record, coordinate.
@group(0) @binding(1) var<storage, read> path: array<f32>;
// The weights of u (count values), then of v.
@group(0) @binding(2) var<storage, read> weights: array<f32>;
// u (dim values), then v.
@group(0) @binding(3) var<storage, read_write> directions: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let d = particle_index(gid, nwg);
  if (d >= DP.dim) { return; }
  let centre = path[(DP.count - 1u) * DP.dim + d];
  var su = 0.0;
  var sv = 0.0;
  // The end record's own term is zero.
  for (var i = 0u; i + 1u < DP.count; i++) {
    let y = path[i * DP.dim + d] - centre;
    su += weights[i] * y;
    sv += weights[DP.count + i] * y;
  }
  directions[d] = su;
  directions[DP.dim + d] = sv;
}
