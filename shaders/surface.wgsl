// Loss on a G x G grid over the plane c + a u + b v, from the same landscape code as the particles.

struct SurfaceParams {
  grid: u32,
  // This dispatch evaluates cells first_cell .. first_cell + cells - 1 (large surfaces come in parts).
  first_cell: u32,
  cells: u32,
  _pad0: u32,
  a_range: vec2f,
  b_range: vec2f,
}

@group(0) @binding(1) var<uniform> S: SurfaceParams;
// c, u and v, dim values each, one after the other.
@group(0) @binding(2) var<storage, read> plane: array<f32>;
@group(0) @binding(3) var<storage, read_write> heights: array<f32>;

fn plane_ab(cell: u32) -> vec2f {
  let g = f32(S.grid - 1u);
  let ij = vec2f(f32(cell % S.grid), f32(cell / S.grid)) / max(g, 1.0);
  return vec2f(mix(S.a_range.x, S.a_range.y, ij.x), mix(S.b_range.x, S.b_range.y, ij.y));
}

fn coord(cell: u32, d: u32) -> f32 {
  let ab = plane_ab(cell);
  return plane[d] + ab.x * plane[DIM + d] + ab.y * plane[2u * DIM + d];
}

// The surface needs no gradient.
fn set_grad(cell: u32, d: u32, g: f32) {}
fn add_grad(cell: u32, d: u32, g: f32) {}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= S.cells) { return; }
  let cell = S.first_cell + k;
  heights[cell] = landscape_eval(cell);
}

// Finite min and max of the heights, for colour and height scaling; one workgroup.
struct HeightRange {
  lo: f32,
  hi: f32,
}

@group(0) @binding(4) var<storage, read_write> height_range: HeightRange;
var<workgroup> wg_min: array<f32, 256>;
var<workgroup> wg_max: array<f32, 256>;

@compute @workgroup_size(256)
fn range(@builtin(local_invocation_index) li: u32) {
  var lo = 3.4e38;
  var hi = -3.4e38;
  let cells = S.grid * S.grid;
  for (var c = li; c < cells; c += 256u) {
    let h = heights[c];
    if (is_finite(h)) { lo = min(lo, h); hi = max(hi, h); }
  }
  wg_min[li] = lo;
  wg_max[li] = hi;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) {
      wg_min[li] = min(wg_min[li], wg_min[li + s]);
      wg_max[li] = max(wg_max[li], wg_max[li + s]);
    }
    workgroupBarrier();
  }
  if (li == 0u) { height_range = HeightRange(wg_min[0], wg_max[0]); }
}
