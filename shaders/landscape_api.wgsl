// What every landscape may read, concatenated before the landscape's own code. A kernel that
// includes a landscape defines coord(ctx, d), set_grad(ctx, d, g) and add_grad(ctx, d, g) for
// its own storage. A landscape calls set_grad once per coordinate, then may call add_grad for
// that coordinate any number of times (gradients summed over samples); add_grad adds to the
// value set_grad gave.

// The dimension, fixed when a pipeline is made (a new dimension means new buffers anyway), so
// loops over coordinates have a constant trip count that compilers can unroll.
override DIM: u32 = 2u;

// What a landscape may read: the dimension (also as DIM), the run's seed and up to 16 scalar parameters.
struct LandscapeUniforms {
  dim: u32,
  seed: u32,
  _pad0: u32,
  _pad1: u32,
  p: array<vec4f, 4>,
}

@group(0) @binding(0) var<uniform> L: LandscapeUniforms;

fn lparam(i: u32) -> f32 {
  return L.p[i / 4u][i % 4u];
}

// Minibatches. The kernels that step particles set the batch before each evaluation: the
// particle and its age (steps taken), so the gradient that moves a particle from age t to t + 1
// is taken on batch t, the same batch on every run with the same seed. Every other kernel
// (surface, Hessian probes, curvature, readouts) leaves batch_full: the whole training set.
var<private> batch_full: bool = true;
var<private> batch_particle: u32 = 0u;
var<private> batch_step: u32 = 0u;

// Index of the j-th of a minibatch's samples among m, drawn uniformly with replacement by the
// counter-based generator (src/landscapes/batch.ts is its twin).
fn batch_sample(j: u32, m: u32) -> u32 {
  let u = u01(rng_bits(L.seed, STREAM_BATCH, batch_particle, batch_step, j).x);
  return min(u32(u * f32(m)), m - 1u);
}
