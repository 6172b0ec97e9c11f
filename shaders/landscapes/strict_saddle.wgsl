// The first D - k coordinates curve up (x^2), the last k = lparam(0) curve down then up
// (-y^2 + y^4/4): a strict saddle of index k at the origin, minima at y = +-sqrt(2).
fn landscape_eval(ctx: u32) -> f32 {
  let n = DIM;
  let k = clamp(u32(lparam(0u)), 1u, n);
  var f = 0.0;
  for (var i = 0u; i < n; i++) {
    let x = coord(ctx, i);
    if (i < n - k) {
      f += x * x;
      set_grad(ctx, i, 2.0 * x);
    } else {
      let x2 = x * x;
      f += -x2 + 0.25 * x2 * x2;
      set_grad(ctx, i, -2.0 * x + x2 * x);
    }
  }
  return f;
}
