// The plane (x1, y1) a game lab panel shows, shared by the field kernel (lab_games_field.wgsl)
// and the panel's render pipelines (lab_games_render.wgsl). Twin: src/lab/games/planeField.ts.
struct PlaneView {
  // (x1*, y1*): the equilibrium's first coordinates, the middle of the panel.
  center: vec2f,
  // Half the width of the square shown, in game units.
  extent: f32,
  // Field samples per side; sample (i, j) at index j * grid + i, i along x1, j along y1.
  grid: u32,
  // f at the equilibrium and the largest |f - f*| on the plane: the heat map's middle and span.
  value_mid: f32,
  value_span: f32,
  // The largest |F| on the plane: arrows are scaled by it.
  speed_max: f32,
  // A panel's side in pixels.
  side_px: f32,
  // Every arrow_stride-th sample carries an arrow.
  arrow_stride: u32,
  // Particle radius in pixels.
  point_px: f32,
}

// The plane point of field sample (i, j).
fn plane_point(v: PlaneView, i: u32, j: u32) -> vec2f {
  let t = vec2f(f32(i), f32(j)) / f32(v.grid - 1u);
  return v.center + v.extent * (2.0 * t - 1.0);
}
