// f(x, y) = x^3 - 3 x y^2: a degenerate saddle, unbounded below.
fn landscape_eval(ctx: u32) -> f32 {
  let x = coord(ctx, 0u);
  let y = coord(ctx, 1u);
  set_grad(ctx, 0u, 3.0 * x * x - 3.0 * y * y);
  set_grad(ctx, 1u, -6.0 * x * y);
  return x * x * x - 3.0 * x * y * y;
}
