// The particle cloud's mean and its covariance applied to a vector, over live particles:
// C v = sum_p ((x_p - mean) . v) (x_p - mean) / (live - 1). The D x D matrix is never formed.
// Positions are coordinate-major (x[d * n + p]), as the engine stores them.

struct CovarianceParams {
  n: u32,
  dim: u32,
  _pad0: u32,
  _pad1: u32,
}

// The live particles' count and mean position.
struct CloudMean {
  live: u32,
  mean: array<f32>,
}

@group(0) @binding(0) var<uniform> CV: CovarianceParams;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(2) var<storage, read> particles: array<ParticleState>;
@group(0) @binding(3) var<storage, read_write> cloud: CloudMean;
@group(0) @binding(4) var<storage, read> direction: array<f32>;
// Each particle's (x_p - mean) . v.
@group(0) @binding(5) var<storage, read_write> projections: array<f32>;
@group(0) @binding(6) var<storage, read_write> product: array<f32>;

var<workgroup> wg_sum: array<f32, 256>;
var<workgroup> wg_count: array<u32, 256>;

fn is_live(p: u32) -> bool {
  return (particles[p].flags & FLAG_DIVERGED) == 0u;
}

fn workgroup_total(li: u32) {
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) {
      wg_sum[li] += wg_sum[li + s];
      wg_count[li] += wg_count[li + s];
    }
    workgroupBarrier();
  }
}

// One workgroup per coordinate.
@compute @workgroup_size(256)
fn mean(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3u) {
  let d = wg.x;
  var sum = 0.0;
  var count = 0u;
  for (var p = li; p < CV.n; p += 256u) {
    if (is_live(p)) {
      sum += pos[d * CV.n + p];
      count += 1u;
    }
  }
  wg_sum[li] = sum;
  wg_count[li] = count;
  workgroup_total(li);
  if (li == 0u) {
    cloud.mean[d] = wg_sum[0] / f32(max(wg_count[0], 1u));
    if (d == 0u) { cloud.live = wg_count[0]; }
  }
}

// One invocation per particle.
@compute @workgroup_size(WORKGROUP_SIZE)
fn project(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let p = particle_index(gid, nwg);
  if (p >= CV.n) { return; }
  var s = 0.0;
  if (is_live(p)) {
    for (var d = 0u; d < CV.dim; d++) { s += (pos[d * CV.n + p] - cloud.mean[d]) * direction[d]; }
  }
  projections[p] = s;
}

// One workgroup per coordinate.
@compute @workgroup_size(256)
fn gather(@builtin(local_invocation_index) li: u32, @builtin(workgroup_id) wg: vec3u) {
  let d = wg.x;
  var sum = 0.0;
  for (var p = li; p < CV.n; p += 256u) {
    // Diverged particles may sit at non-finite positions: skipped, not multiplied by zero.
    if (is_live(p)) { sum += projections[p] * (pos[d * CV.n + p] - cloud.mean[d]); }
  }
  wg_sum[li] = sum;
  wg_count[li] = 0u;
  workgroup_total(li);
  if (li == 0u) { product[d] = wg_sum[0] / f32(max(cloud.live, 2u) - 1u); }
}
