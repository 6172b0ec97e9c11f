// Heavy-ball momentum in PyTorch's form: the buffer sums gradients, lr scales the step.
fn momentum_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  *m = R.hp.momentum * *m + g;
  return x - k.lr * *m;
}
