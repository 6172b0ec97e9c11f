// f(x) = -20 exp(-0.2 sqrt(mean x^2)) - exp(mean cos(2 pi x)) + 20 + e.
fn landscape_eval(ctx: u32) -> f32 {
  let n = DIM;
  let inv_n = 1.0 / f32(n);
  var s1 = 0.0;
  var s2 = 0.0;
  for (var i = 0u; i < n; i++) {
    let x = coord(ctx, i);
    s1 += x * x;
    s2 += cos2pi(x);
  }
  let r = sqrt(s1 * inv_n);
  let e1 = exp(-0.2 * r);
  let e2 = exp(s2 * inv_n);
  // At r = 0 the first term's gradient is a cone tip; 0 is its symmetric subgradient.
  var radial = 0.0;
  if (r > 0.0) { radial = 20.0 * 0.2 * e1 * inv_n / r; }
  for (var i = 0u; i < n; i++) {
    let x = coord(ctx, i);
    set_grad(ctx, i, radial * x + e2 * inv_n * 2.0 * PI * sin2pi(x));
  }
  return -20.0 * e1 - e2 + 20.0 + 2.718281828459045;
}
