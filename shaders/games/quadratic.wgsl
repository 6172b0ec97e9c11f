// f(x, y) = 1/2 a |x|^2 + x^T A y - 1/2 b |y|^2, a, b > 0: strongly convex in x, strongly
// concave in y, its unique equilibrium at 0.

fn game_value(ctx: u32) -> f32 {
  var xx = 0.0;
  var yy = 0.0;
  for (var i = 0u; i < GAME_M; i++) { xx += coord_x(ctx, i) * coord_x(ctx, i); }
  for (var j = 0u; j < GAME_N; j++) { yy += coord_y(ctx, j) * coord_y(ctx, j); }
  return 0.5 * G.a * xx + game_bilinear_value(ctx) - 0.5 * G.b * yy;
}

fn game_grad_x(ctx: u32, i: u32) -> f32 {
  return G.a * coord_x(ctx, i) + game_row_times_y(ctx, i);
}

fn game_grad_y(ctx: u32, j: u32) -> f32 {
  return game_column_times_x(ctx, j) - G.b * coord_y(ctx, j);
}

fn game_equilibrium(d: u32) -> f32 {
  return 0.0;
}
