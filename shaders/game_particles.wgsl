// Game particles: storage and helpers shared by the placement and step kernels
// (shaders/game_init.wgsl, shaders/game_step.wgsl). Particle p is one (x, y) pair, m + n
// coordinates stored coordinate-major (z[d * n + p], x first) so neighbouring threads read
// neighbouring words. The METHOD_* and GAME_* constants come from src/games/gameKernels.ts.

// The method is fixed per pipeline: each pipeline holds only its own update rule.
override METHOD: u32 = METHOD_GDA;

struct GameRun {
  // Particles.
  n: u32,
  // Steps this dispatch takes.
  steps: u32,
  // Placement: GAME_PLACE_START (a fresh cloud) or GAME_PLACE_KEEP (method state only).
  placement: u32,
  seed: u32,
  eta_x: f32,
  eta_y: f32,
  momentum: f32,
  bound: f32,
  sigma: f32,
  _pad0: f32,
  _pad1: f32,
  _pad2: f32,
}

// What the CPU reads back per particle.
struct GameParticle {
  value: f32,
  // Distance to game_equilibrium.
  distance: f32,
  flags: u32,
  // Steps taken.
  age: u32,
  // The age at which it was flagged diverged (0: not, or out of bounds from the start).
  diverged_at: u32,
}

@group(0) @binding(2) var<uniform> R: GameRun;
@group(0) @binding(3) var<storage, read_write> game_pos: array<f32>;
// The extragradient's look-ahead point.
@group(0) @binding(4) var<storage, read_write> game_half: array<f32>;
// Gradients taken before any coordinate of the block moves (simultaneous updates).
@group(0) @binding(5) var<storage, read_write> game_grad: array<f32>;
@group(0) @binding(6) var<storage, read_write> game_velocity: array<f32>;
// The raw gradient at the previous iterate (optimistic methods).
@group(0) @binding(7) var<storage, read_write> game_previous: array<f32>;
@group(0) @binding(8) var<storage, read_write> game_state: array<GameParticle>;

// The game reads the look-ahead point while this is set.
var<private> read_half: bool = false;

fn game_slot(p: u32, d: u32) -> u32 {
  return d * R.n + p;
}

fn coord_x(p: u32, i: u32) -> f32 {
  if (read_half) { return game_half[game_slot(p, i)]; }
  return game_pos[game_slot(p, i)];
}

fn coord_y(p: u32, j: u32) -> f32 {
  return coord_x(p, GAME_M + j);
}

// df/dz_d: x's partial derivatives first, then y's.
fn game_grad_at(p: u32, d: u32) -> f32 {
  if (d < GAME_M) { return game_grad_x(p, d); }
  return game_grad_y(p, d - GAME_M);
}

// The move is -descent_step(d) * (df/dz_d): x descends with eta_x, y ascends with eta_y.
fn descent_step(d: u32) -> f32 {
  return select(-R.eta_y, R.eta_x, d < GAME_M);
}

fn out_of_bounds(v: f32) -> bool {
  return !is_finite(v) || abs(v) > R.bound;
}

// Value and distance to the equilibrium at the particle's position.
fn measure(p: u32, s: ptr<function, GameParticle>) {
  var dd = 0.0;
  for (var d = 0u; d < GAME_M + GAME_N; d++) {
    let e = game_pos[game_slot(p, d)] - game_equilibrium(d);
    dd += e * e;
  }
  (*s).distance = sqrt(dd);
  (*s).value = game_value(p);
}
