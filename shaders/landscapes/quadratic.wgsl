// f(x) = 1/2 sum_i lambda_i x_i^2, eigenvalues spread geometrically from 1 to kappa = lparam(0).
fn landscape_eval(ctx: u32) -> f32 {
  let n = DIM;
  let log_kappa = log(lparam(0u));
  let denom = max(f32(n) - 1.0, 1.0);
  var f = 0.0;
  for (var i = 0u; i < n; i++) {
    let lambda = exp(log_kappa * f32(i) / denom);
    let x = coord(ctx, i);
    f += 0.5 * lambda * x * x;
    set_grad(ctx, i, lambda * x);
  }
  return f;
}
