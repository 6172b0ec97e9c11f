// What the optimizers' update rules (shaders/optimizers/*.wgsl) share. The dispatch that
// picks one, optimizer_update, is generated from the registry (src/optimizers/wgsl.ts).

// Per particle and step, what an update rule needs beyond its coordinate: Adam's bias
// corrections 1 - beta1^t and 1 - beta2^t.
struct StepContext {
  bias1: f32,
  bias2: f32,
}

// One more step of the particle's beta powers (kept whatever the optimizer, so a switch to
// Adam mid-run finds them right), and the step's context.
fn next_step_context(s: ptr<function, ParticleState>) -> StepContext {
  (*s).beta1_pow *= R.hp.beta1;
  (*s).beta2_pow *= R.hp.beta2;
  return StepContext(1.0 - (*s).beta1_pow, 1.0 - (*s).beta2_pow);
}
