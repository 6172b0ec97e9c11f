// Chained Rosenbrock: f(x) = sum_{i<D-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2.
fn landscape_eval(ctx: u32) -> f32 {
  let n = DIM;
  var f = 0.0;
  var x_prev = 0.0;
  var x = coord(ctx, 0u);
  for (var i = 0u; i < n; i++) {
    var g = 0.0;
    if (i + 1u < n) {
      let x_next = coord(ctx, i + 1u);
      let t = x_next - x * x;
      f += 100.0 * t * t + (1.0 - x) * (1.0 - x);
      g += -400.0 * x * t - 2.0 * (1.0 - x);
      if (i > 0u) { g += 200.0 * (x - x_prev * x_prev); }
      x_prev = x;
      x = x_next;
    } else if (i > 0u) {
      g += 200.0 * (x - x_prev * x_prev);
    }
    set_grad(ctx, i, g);
  }
  return f;
}
