// RMSProp in PyTorch's form (no centring, no momentum); rho is PyTorch's alpha.
fn rmsprop_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  *v = R.hp.rho * *v + (1.0 - R.hp.rho) * g * g;
  return x - k.lr * g / (sqrt(*v) + R.hp.eps);
}
