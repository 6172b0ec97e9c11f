// f(x, y) = (4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (4 y^2 - 4) y^2: six minima, two global.
fn landscape_eval(ctx: u32) -> f32 {
  let x = coord(ctx, 0u);
  let y = coord(ctx, 1u);
  let x2 = x * x;
  let y2 = y * y;
  set_grad(ctx, 0u, 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y);
  set_grad(ctx, 1u, x - 8.0 * y + 16.0 * y2 * y);
  return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (4.0 * y2 - 4.0) * y2;
}
