// Particle storage shared by the init and step kernels. Coordinates are stored
// coordinate-major (x[d * n + p]) so neighbouring threads read neighbouring words.
// The OPT_* and NOISE_* codes come from the prelude (src/gpu/prelude.ts).

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
  noise_scale: f32,
  pgd_threshold: f32,
  pgd_radius: f32,
  converge_tol: f32,
  bound: f32,
  // Loss below which a particle counts as escaped (from a saddle); -3.4e38 when not tracked.
  escape_loss: f32,
  // Step-size sweep: particle p takes lr * exp(log_ratio * (p mod count) / (count - 1)); count 1: lr.
  lr_sweep_count: u32,
  lr_sweep_log_ratio: f32,
  // The step size and every optimizer's hyperparameters: struct Hyperparameters, generated
  // from the optimizer registry (src/optimizers/wgsl.ts). A struct in a uniform starts on 16 bytes.
  @align(16) hp: Hyperparameters,
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

fn add_grad(p: u32, d: u32, g: f32) {
  if (in_registers) { reg_g[d] += g; } else { grad[d * R.n + p] += g; }
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

// Loss and gradient at the particle's position into s; a non-finite result marks it diverged.
fn evaluate_into(p: u32, s: ptr<function, ParticleState>) {
  batch_full = false;
  batch_particle = p;
  batch_step = (*s).age;
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
