// Forsaken (Hsieh, Mertikopoulos & Cevher 2021): f = x (y - s) + psi(x) - psi(y),
// psi(z) = z^2/4 - z^4/2 + z^6/6, s = FORSAKEN_SHIFT; m = n = 1. Starts near its stationary
// point converge to it; starts farther out end on an attracting cycle with no stationary point.

fn forsaken_psi(z: f32) -> f32 {
  let z2 = z * z;
  return z2 * (0.25 + z2 * (-0.5 + z2 / 6.0));
}

fn forsaken_psi_prime(z: f32) -> f32 {
  let z2 = z * z;
  return z * (0.5 + z2 * (-2.0 + z2));
}

fn game_value(ctx: u32) -> f32 {
  let x = coord_x(ctx, 0u);
  let y = coord_y(ctx, 0u);
  return x * (y - FORSAKEN_SHIFT) + forsaken_psi(x) - forsaken_psi(y);
}

fn game_grad_x(ctx: u32, i: u32) -> f32 {
  return coord_y(ctx, 0u) - FORSAKEN_SHIFT + forsaken_psi_prime(coord_x(ctx, 0u));
}

fn game_grad_y(ctx: u32, j: u32) -> f32 {
  return coord_x(ctx, 0u) - forsaken_psi_prime(coord_y(ctx, 0u));
}

fn game_equilibrium(d: u32) -> f32 {
  return select(FORSAKEN_Y, FORSAKEN_X, d == 0u);
}
