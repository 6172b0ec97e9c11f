// f = (x - 1/2)(y - 1/2) + h exp(-(x - bx)^2 - (y - by)^2), h = 1/3, (bx, by) = (1/4, 3/4)
// (ALMOST_BILINEAR_* from src/games/catalog.ts); m = n = 1. Its stationary point is a centre of
// the linearised field: simultaneous GDA spirals out, extragradient and alternating GDA close in.

fn almost_bilinear_bump(x: f32, y: f32) -> f32 {
  let dx = x - ALMOST_BILINEAR_BX;
  let dy = y - ALMOST_BILINEAR_BY;
  return ALMOST_BILINEAR_HEIGHT * exp(-dx * dx - dy * dy);
}

fn game_value(ctx: u32) -> f32 {
  let x = coord_x(ctx, 0u);
  let y = coord_y(ctx, 0u);
  return (x - 0.5) * (y - 0.5) + almost_bilinear_bump(x, y);
}

fn game_grad_x(ctx: u32, i: u32) -> f32 {
  let x = coord_x(ctx, 0u);
  let y = coord_y(ctx, 0u);
  return y - 0.5 - 2.0 * (x - ALMOST_BILINEAR_BX) * almost_bilinear_bump(x, y);
}

fn game_grad_y(ctx: u32, j: u32) -> f32 {
  let x = coord_x(ctx, 0u);
  let y = coord_y(ctx, 0u);
  return x - 0.5 - 2.0 * (y - ALMOST_BILINEAR_BY) * almost_bilinear_bump(x, y);
}

fn game_equilibrium(d: u32) -> f32 {
  return select(ALMOST_BILINEAR_Y, ALMOST_BILINEAR_X, d == 0u);
}
