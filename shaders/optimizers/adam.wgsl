// Adam (Kingma and Ba 2015), PyTorch's form: eps is added after the bias-corrected root.
fn adam_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  *m = R.hp.beta1 * *m + (1.0 - R.hp.beta1) * g;
  *v = R.hp.beta2 * *v + (1.0 - R.hp.beta2) * g * g;
  return x - k.lr * (*m / k.bias1) / (sqrt(*v / k.bias2) + R.hp.eps);
}
