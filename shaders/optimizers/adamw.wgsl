// AdamW (Loshchilov and Hutter 2019), PyTorch's form: the weight decay shrinks x before, and
// apart from, the Adam step (shaders/optimizers/adam.wgsl), which sees the plain gradient.
fn adamw_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  return adam_update(x * (1.0 - k.lr * R.hp.weight_decay), g, m, v, k);
}
