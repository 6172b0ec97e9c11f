// f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2: four minima of value 0.
fn landscape_eval(ctx: u32) -> f32 {
  let x = coord(ctx, 0u);
  let y = coord(ctx, 1u);
  let a = x * x + y - 11.0;
  let b = x + y * y - 7.0;
  set_grad(ctx, 0u, 4.0 * x * a + 2.0 * b);
  set_grad(ctx, 1u, 2.0 * a + 4.0 * y * b);
  return a * a + b * b;
}
