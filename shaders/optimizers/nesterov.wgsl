// Nesterov momentum in PyTorch's form: the step looks ahead along the updated buffer.
fn nesterov_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  *m = R.hp.momentum * *m + g;
  return x - k.lr * (g + R.hp.momentum * *m);
}
