// Particle storage shared by the init and step kernels. Coordinates are stored
// coordinate-major (x[d * n + p]) so neighbouring threads read neighbouring words.

const OPT_GD: u32 = 0u;
const OPT_MOMENTUM: u32 = 1u;
const OPT_NESTEROV: u32 = 2u;
const OPT_ADAM: u32 = 3u;
const OPT_RMSPROP: u32 = 4u;
const OPT_ADAGRAD: u32 = 5u;

const NOISE_NONE: u32 = 0u;
const NOISE_GRADIENT: u32 = 1u;
const NOISE_LANGEVIN: u32 = 2u;
const NOISE_PERTURBED: u32 = 3u;

// The optimizer and noise kind are fixed per pipeline, so each pipeline holds only its own
// update rule: unused paths are compiled out rather than branched around at every coordinate.
override OPTIMIZER: u32 = OPT_GD;
override NOISE: u32 = NOISE_NONE;

struct RunParams {
  n: u32,
  seed: u32,
  step: u32,
  steps: u32,
  pgd_interval: u32,
  lr: f32,
  momentum: f32,
  beta1: f32,
  beta2: f32,
  rho: f32,
  eps: f32,
  noise_scale: f32,
  pgd_threshold: f32,
  pgd_radius: f32,
  converge_tol: f32,
  bound: f32,
  // Loss below which a particle counts as escaped (from a saddle); -3.4e38 when not tracked.
  escape_loss: f32,
}

// loss and grad_norm always describe the particle's current position.
struct ParticleState {
  loss: f32,
  grad_norm: f32,
  flags: u32,
  age: u32,
  kick_age: u32,
  // The age at which the loss first fell below R.escape_loss, or NOT_ESCAPED.
  escape_age: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(1) var<uniform> R: RunParams;
@group(0) @binding(2) var<storage, read_write> pos: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> state: array<ParticleState>;
@group(0) @binding(5) var<storage, read_write> moment1: array<f32>;
@group(0) @binding(6) var<storage, read_write> moment2: array<f32>;

// Particles with few coordinates are stepped in registers: loaded once per dispatch, stepped
// R.steps times, written back once. Others read and write storage at every step.
const REG_DIM: u32 = 4u;
var<private> in_registers: bool = false;
var<private> reg_x: array<f32, REG_DIM>;
var<private> reg_g: array<f32, REG_DIM>;
var<private> reg_m: array<vec2f, REG_DIM>;

fn coord(p: u32, d: u32) -> f32 {
  if (in_registers) { return reg_x[d]; }
  return pos[d * R.n + p];
}

fn set_coord(p: u32, d: u32, x: f32) {
  if (in_registers) { reg_x[d] = x; } else { pos[d * R.n + p] = x; }
}

fn set_grad(p: u32, d: u32, g: f32) {
  if (in_registers) { reg_g[d] = g; } else { grad[d * R.n + p] = g; }
}

fn grad_at(p: u32, d: u32) -> f32 {
  if (in_registers) { return reg_g[d]; }
  return grad[d * R.n + p];
}

// First and second moment of one coordinate's optimizer.
fn moments(p: u32, d: u32) -> vec2f {
  if (in_registers) { return reg_m[d]; }
  return vec2f(moment1[d * R.n + p], moment2[d * R.n + p]);
}

fn set_moments(p: u32, d: u32, mv: vec2f) {
  if (in_registers) {
    reg_m[d] = mv;
  } else {
    moment1[d * R.n + p] = mv.x;
    moment2[d * R.n + p] = mv.y;
  }
}

// Copies a particle between storage and registers (to_registers: load, else store).
fn move_registers(p: u32, to_registers: bool, with_moments: bool) {
  for (var d = 0u; d < DIM; d++) {
    let i = d * R.n + p;
    if (to_registers) {
      reg_x[d] = pos[i];
      reg_g[d] = grad[i];
      if (with_moments) { reg_m[d] = vec2f(moment1[i], moment2[i]); }
    } else {
      pos[i] = reg_x[d];
      grad[i] = reg_g[d];
      if (with_moments) { moment1[i] = reg_m[d].x; moment2[i] = reg_m[d].y; }
    }
  }
}

// Particle index from a possibly two-dimensional dispatch of 64-wide workgroups.
fn particle_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * 64u;
}

// Loss and gradient at the particle's position into s; a non-finite result marks it diverged.
fn evaluate_into(p: u32, s: ptr<function, ParticleState>) {
  let f = landscape_eval(p);
  var g2 = 0.0;
  for (var d = 0u; d < DIM; d++) {
    let g = grad_at(p, d);
    g2 += g * g;
  }
  (*s).loss = f;
  (*s).grad_norm = sqrt(g2);
  if (!is_finite(f) || !is_finite(g2)) {
    (*s).flags = FLAG_DIVERGED;
  } else if ((*s).grad_norm < R.converge_tol) {
    (*s).flags = (*s).flags | FLAG_CONVERGED;
  } else {
    (*s).flags = (*s).flags & ~FLAG_CONVERGED;
  }
  if ((*s).escape_age == NOT_ESCAPED && f < R.escape_loss) { (*s).escape_age = (*s).age; }
}

fn evaluate_particle(p: u32) {
  var s = state[p];
  evaluate_into(p, &s);
  state[p] = s;
}
