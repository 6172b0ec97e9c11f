// One particle's scalars, the same struct for every kernel that reads the state buffer
// (stepping, statistics, projection, covariance, curvature). Concatenated, never copied.

// loss and grad_norm always describe the particle's current position.
struct ParticleState {
  loss: f32,
  grad_norm: f32,
  flags: u32,
  age: u32,
  kick_age: u32,
  // The age at which the loss first fell below the run's escape loss, or NOT_ESCAPED.
  escape_age: u32,
  // beta1^t and beta2^t over the particle's t steps, multiplied up step by step: Adam's bias
  // corrections 1 - beta^t without pow(), whose f32 error made even the first step 3e-5 long.
  beta1_pow: f32,
  beta2_pow: f32,
}
