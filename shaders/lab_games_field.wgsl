// f and its gradient along x1 and y1 on a grid over the plane (x1, y1) through the equilibrium:
// every other coordinate sits at the equilibrium's. One game file (shaders/games/*.wgsl) is
// concatenated in front, with game_api.wgsl and lab_games_plane_view.wgsl.
// Twin: src/lab/games/planeField.ts (fieldSample).

@group(0) @binding(2) var<uniform> V: PlaneView;
// Per sample: (f, df/dx1, df/dy1, 0).
@group(0) @binding(3) var<storage, read_write> field: array<vec4f>;

var<private> plane_xy: vec2f;

fn coord_x(ctx: u32, i: u32) -> f32 {
  return select(game_equilibrium(i), plane_xy.x, i == 0u);
}

fn coord_y(ctx: u32, j: u32) -> f32 {
  return select(game_equilibrium(GAME_M + j), plane_xy.y, j == 0u);
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= V.grid || id.y >= V.grid) { return; }
  plane_xy = plane_point(V, id.x, id.y);
  field[id.y * V.grid + id.x] = vec4f(game_value(0u), game_grad_x(0u, 0u), game_grad_y(0u, 0u), 0.0);
}
