// f(x) = 10 D + sum_i x_i^2 - 10 cos(2 pi x_i).
fn landscape_eval(ctx: u32) -> f32 {
  let n = DIM;
  var f = 10.0 * f32(n);
  for (var i = 0u; i < n; i++) {
    let x = coord(ctx, i);
    f += x * x - 10.0 * cos2pi(x);
    set_grad(ctx, i, 2.0 * x + 20.0 * PI * sin2pi(x));
  }
  return f;
}
