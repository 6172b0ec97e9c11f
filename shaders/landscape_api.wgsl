// What every landscape may read, concatenated before the landscape's own code. A kernel that
// includes a landscape defines coord(ctx, d) and set_grad(ctx, d, g) for its own storage.

// The dimension, fixed when a pipeline is made (a new dimension means new buffers anyway), so
// loops over coordinates have a constant trip count that compilers can unroll.
override DIM: u32 = 2u;

// What a landscape may read: the dimension (also as DIM) and up to 16 scalar parameters.
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
