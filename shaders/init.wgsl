// Places particles first .. first + count - 1 (mod n), clears their optimizer state and
// evaluates them. One uniform slot per pending placement (dynamic offset). The INIT_* kinds
// come from the prelude (src/engine/placement.ts INIT_CODES); INIT_EVALUATE keeps positions and
// optimizer state and re-evaluates (after the landscape's parameters change).

struct InitParams {
  first: u32,
  count: u32,
  kind: u32,
  grid_side: u32,
  point_count: u32,
  epoch: u32,
  // Where this placement's values start in points[] (placements recorded together share it).
  point_base: u32,
  _pad1: u32,
  lo: f32,
  hi: f32,
  sigma: f32,
  _pad2: f32,
}

@group(0) @binding(7) var<uniform> I: InitParams;
// Gaussian and grid: the centre (dim values). Points: point_count rows of dim values. Scaled:
// the centre, then a scale per coordinate.
@group(0) @binding(8) var<storage, read> points: array<f32>;

fn initial_coord(k: u32, p: u32, d: u32) -> f32 {
  let dim = DIM;
  switch I.kind {
    case INIT_GAUSSIAN: {
      return points[I.point_base + d] + I.sigma * rand_normal(R.seed, STREAM_INIT, p, I.epoch, d);
    }
    case INIT_GRID: {
      if (d < 2u) {
        let cell = select(k / I.grid_side, k % I.grid_side, d == 0u);
        return I.lo + (I.hi - I.lo) * (f32(cell) + 0.5) / f32(I.grid_side);
      }
      return points[I.point_base + d];
    }
    case INIT_POINTS: {
      let row = k % I.point_count;
      return points[I.point_base + row * dim + d] + I.sigma * rand_normal(R.seed, STREAM_INIT, p, I.epoch, d);
    }
    case INIT_SCALED_NORMAL: {
      return points[I.point_base + d] + points[I.point_base + dim + d] * rand_normal(R.seed, STREAM_INIT, p, I.epoch, d);
    }
    case INIT_SCALED_UNIFORM: {
      let u = 2.0 * rand_uniform(R.seed, STREAM_INIT, p, I.epoch, d) - 1.0;
      return points[I.point_base + d] + points[I.point_base + dim + d] * u;
    }
    default: {
      return I.lo + (I.hi - I.lo) * rand_uniform(R.seed, STREAM_INIT, p, I.epoch, d);
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = particle_index(gid, nwg);
  if (k >= I.count) { return; }
  let p = (I.first + k) % R.n;
  if (I.kind == INIT_EVALUATE) {
    if ((state[p].flags & FLAG_DIVERGED) == 0u) { evaluate_particle(p); }
    return;
  }
  for (var d = 0u; d < DIM; d++) {
    let i = d * R.n + p;
    pos[i] = initial_coord(k, p, d);
    moment1[i] = 0.0;
    moment2[i] = 0.0;
  }
  // beta^0 = 1: the first step's bias corrections are 1 - beta.
  state[p] = ParticleState(0.0, 0.0, 0u, 0u, 0u, NOT_ESCAPED, 1.0, 1.0);
  evaluate_particle(p);
}
