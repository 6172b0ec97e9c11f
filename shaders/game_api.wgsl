// What every game may read, concatenated before the game's own file (shaders/games/*.wgsl).
// A kernel that includes a game defines coord_x(ctx, i) and coord_y(ctx, j) for its own storage;
// the game defines
//   game_value(ctx) -> f32          f(x, y)
//   game_grad_x(ctx, i) -> f32      df/dx_i, i < GAME_M (x minimises)
//   game_grad_y(ctx, j) -> f32      df/dy_j, j < GAME_N (y maximises)
//   game_equilibrium(d) -> f32      coordinate d of the point distances are measured to (x first)
// Twins: src/games/catalog.ts.

// The players' dimensions, fixed per pipeline (a new size means new buffers anyway), so the
// loops over coordinates have constant trip counts.
override GAME_M: u32 = 1u;
override GAME_N: u32 = 1u;

struct GameUniforms {
  // The quadratic game's curvatures: f = 1/2 a |x|^2 + x^T A y - 1/2 b |y|^2.
  a: f32,
  b: f32,
  _pad0: f32,
  _pad1: f32,
}

@group(0) @binding(0) var<uniform> G: GameUniforms;
// A, GAME_M x GAME_N row-major, its scale included (the bilinear and quadratic games).
@group(0) @binding(1) var<storage, read> game_matrix: array<f32>;

// (A y)_i
fn game_row_times_y(ctx: u32, i: u32) -> f32 {
  var s = 0.0;
  for (var j = 0u; j < GAME_N; j++) { s += game_matrix[i * GAME_N + j] * coord_y(ctx, j); }
  return s;
}

// (A^T x)_j
fn game_column_times_x(ctx: u32, j: u32) -> f32 {
  var s = 0.0;
  for (var i = 0u; i < GAME_M; i++) { s += game_matrix[i * GAME_N + j] * coord_x(ctx, i); }
  return s;
}

// x^T A y
fn game_bilinear_value(ctx: u32) -> f32 {
  var f = 0.0;
  for (var i = 0u; i < GAME_M; i++) { f += coord_x(ctx, i) * game_row_times_y(ctx, i); }
  return f;
}
