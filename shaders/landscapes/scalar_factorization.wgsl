// f(x, y) = 1/2 (1 - x y)^2: the smallest matrix-factorization problem. Every point of the valley
// x y = 1 is a global minimum; the sharpness there is x^2 + y^2.
fn landscape_eval(ctx: u32) -> f32 {
  let x = coord(ctx, 0u);
  let y = coord(ctx, 1u);
  let r = x * y - 1.0;
  set_grad(ctx, 0u, r * y);
  set_grad(ctx, 1u, r * x);
  return 0.5 * r * r;
}
