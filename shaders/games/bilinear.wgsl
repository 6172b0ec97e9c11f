// f(x, y) = x^T A y: equilibrium at 0 (the whole of null(A^T) x null(A) when A is singular or
// rectangular; distances are measured to 0).

fn game_value(ctx: u32) -> f32 {
  return game_bilinear_value(ctx);
}

fn game_grad_x(ctx: u32, i: u32) -> f32 {
  return game_row_times_y(ctx, i);
}

fn game_grad_y(ctx: u32, j: u32) -> f32 {
  return game_column_times_x(ctx, j);
}

fn game_equilibrium(d: u32) -> f32 {
  return 0.0;
}
