// f(x) = 1/2 sum_i x_i^4 - 16 x_i^2 + 5 x_i.
fn landscape_eval(ctx: u32) -> f32 {
  let n = DIM;
  var f = 0.0;
  for (var i = 0u; i < n; i++) {
    let x = coord(ctx, i);
    let x2 = x * x;
    f += 0.5 * (x2 * x2 - 16.0 * x2 + 5.0 * x);
    set_grad(ctx, i, 2.0 * x2 * x - 16.0 * x + 2.5);
  }
  return f;
}
