// What a game lab panel's render pipelines read (lab_games_heatmap/arrows/particles.wgsl are
// concatenated after this and lab_games_plane_view.wgsl). One bind group per panel.

struct PanelStyle {
  // The method's colour.
  color: vec4f,
  // Particles of the panel's simulation, and m: particle p's x1 is game_pos[p], its y1 game_pos[m * count + p].
  count: u32,
  m: u32,
}

@group(0) @binding(0) var<uniform> V: PlaneView;
@group(0) @binding(1) var<storage, read> field: array<vec4f>;
@group(0) @binding(2) var<uniform> P: PanelStyle;
@group(0) @binding(3) var<storage, read> game_pos: array<f32>;

// Plane point -> clip space of the panel's (square) viewport.
fn plane_to_clip(p: vec2f) -> vec2f {
  return (p - V.center) / V.extent;
}

// The field sample at integer grid coordinates, clamped to the grid.
fn field_at(i: i32, j: i32) -> vec4f {
  let last = i32(V.grid) - 1;
  return field[u32(clamp(j, 0, last)) * V.grid + u32(clamp(i, 0, last))];
}
