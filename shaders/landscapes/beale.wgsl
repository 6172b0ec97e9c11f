// f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2, minimum 0 at (3, 0.5).
fn landscape_eval(ctx: u32) -> f32 {
  let x = coord(ctx, 0u);
  let y = coord(ctx, 1u);
  let y2 = y * y;
  let y3 = y2 * y;
  let t1 = 1.5 - x + x * y;
  let t2 = 2.25 - x + x * y2;
  let t3 = 2.625 - x + x * y3;
  set_grad(ctx, 0u, 2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0)));
  set_grad(ctx, 1u, 2.0 * x * (t1 + 2.0 * t2 * y + 3.0 * t3 * y2));
  return t1 * t1 + t2 * t2 + t3 * t3;
}
