// AdaGrad in PyTorch's form (no learning-rate decay, zero initial accumulator).
fn adagrad_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  *v = *v + g * g;
  return x - k.lr * g / (sqrt(*v) + R.hp.eps);
}
