// A smooth random landscape: f(x) = A / sqrt(M) sum_m cos(2 pi (w_m . x + b_m)) + mu/2 |x|^2,
// M = lparam(1) <= 64 seeded random features, w_m ~ N(0, I / (2 pi l)^2), l = lparam(0), A = lparam(2),
// mu = lparam(3). Data: w_1 .. w_64 (DIM values each), then b_1 .. b_64.

// RF_MAX (prelude): the most random features, MAX_FEATURES in src/landscapes/random.ts.

@group(1) @binding(0) var<storage, read> rf_features: array<f32>;

fn landscape_eval(ctx: u32) -> f32 {
  let m_count = min(u32(lparam(1u)), RF_MAX);
  let amplitude = lparam(2u) / sqrt(f32(m_count));
  let mu = lparam(3u);
  var c: array<f32, RF_MAX>;
  var f = 0.0;
  for (var m = 0u; m < m_count; m++) {
    var u = rf_features[RF_MAX * DIM + m];
    for (var i = 0u; i < DIM; i++) { u += rf_features[m * DIM + i] * coord(ctx, i); }
    let cs = cossin2pi(u);
    f += amplitude * cs.x;
    // d/du cos(2 pi u) = -2 pi sin(2 pi u)
    c[m] = -2.0 * PI * amplitude * cs.y;
  }
  for (var i = 0u; i < DIM; i++) {
    let x = coord(ctx, i);
    f += 0.5 * mu * x * x;
    var g = mu * x;
    for (var m = 0u; m < m_count; m++) { g += c[m] * rf_features[m * DIM + i]; }
    set_grad(ctx, i, g);
  }
  return f;
}
