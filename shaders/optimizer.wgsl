// What the optimizers' update rules (shaders/optimizers/*.wgsl) share. The dispatch that
// picks one, optimizer_update, is generated from the registry (src/optimizers/wgsl.ts).

// Per particle and step, what an update rule needs beyond its coordinate: the particle's step
// size and Adam's bias corrections 1 - beta1^t and 1 - beta2^t.
struct StepContext {
  lr: f32,
  bias1: f32,
  bias2: f32,
}

// The step size of particle p: lr, or under a sweep the (p mod count)-th of count step sizes
// from lr to lr * ratio, evenly spaced in log (src/optimizers/sweep.ts is the twin).
fn particle_lr(p: u32) -> f32 {
  if (R.lr_sweep_count <= 1u) { return R.hp.lr; }
  let i = p % R.lr_sweep_count;
  return R.hp.lr * exp(R.lr_sweep_log_ratio * f32(i) / f32(R.lr_sweep_count - 1u));
}

// One more step of the particle's beta powers (kept whatever the optimizer, so a switch to
// Adam mid-run finds them right), and the step's context.
fn next_step_context(s: ptr<function, ParticleState>, lr: f32) -> StepContext {
  (*s).beta1_pow *= R.hp.beta1;
  (*s).beta2_pow *= R.hp.beta2;
  return StepContext(lr, 1.0 - (*s).beta1_pow, 1.0 - (*s).beta2_pow);
}
