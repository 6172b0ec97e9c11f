// The Gram matrix of one particle's path about its end point: G_ik = (x_i - e) . (x_k - e) with
// e = x_{count-1}, over the path's records copied in time order. One invocation per entry of the
// upper triangle (i <= k, numbered q = k (k + 1) / 2 + i), writing G_ik and G_ki; a dispatch does
// entries first .. first + pairs - 1 (long paths in high dimension come in several submits).
// Twin: trajectoryPlane in src/analysis/trajectoryPca.ts.

struct GramParams {
  count: u32,
  dim: u32,
  first: u32,
  pairs: u32,
}

@group(0) @binding(0) var<uniform> GP: GramParams;
// Record, coordinate.
@group(0) @binding(1) var<storage, read> path: array<f32>;
// count x count, row-major.
@group(0) @binding(2) var<storage, read_write> gram: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = particle_index(gid, nwg);
  if (t >= GP.pairs) { return; }
  let q = GP.first + t;
  // Row k of the triangle from the square root, then corrected for its f32 rounding.
  var k = u32((sqrt(8.0 * f32(q) + 1.0) - 1.0) * 0.5);
  while (k > 0u && k * (k + 1u) / 2u > q) { k -= 1u; }
  while ((k + 1u) * (k + 2u) / 2u <= q) { k += 1u; }
  let i = q - k * (k + 1u) / 2u;
  let e = (GP.count - 1u) * GP.dim;
  var s = 0.0;
  for (var d = 0u; d < GP.dim; d++) {
    let centre = path[e + d];
    s += (path[i * GP.dim + d] - centre) * (path[k * GP.dim + d] - centre);
  }
  gram[i * GP.count + k] = s;
  gram[k * GP.count + i] = s;
}
