// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): the step is the
// sign of an interpolation between the momentum and the gradient; the momentum then decays
// at its own, slower rate. Decoupled weight decay as in AdamW.
fn lion_update(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext) -> f32 {
  let c = R.hp.lion_beta1 * *m + (1.0 - R.hp.lion_beta1) * g;
  *m = R.hp.lion_beta2 * *m + (1.0 - R.hp.lion_beta2) * g;
  return x * (1.0 - k.lr * R.hp.lion_weight_decay) - k.lr * sign(c);
}
