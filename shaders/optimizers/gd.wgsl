// Plain gradient descent.
fn gd_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  return x - k.lr * g;
}
