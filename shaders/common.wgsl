// Shared by every kernel: particle flags, the counter-based random generator and
// small helpers. Concatenated in front of each kernel, never copied.

const PI: f32 = 3.14159265358979;
const FLAG_DIVERGED: u32 = 1u;
const FLAG_CONVERGED: u32 = 2u;

// Random streams keep init, gradient noise, Langevin noise and kicks independent.
const STREAM_INIT: u32 = 0u;
const STREAM_NOISE: u32 = 1u;
const STREAM_KICK: u32 = 2u;

// pcg4d (Jarzynski and Olano, "Hash Functions for GPU Rendering", 2020): a counter-based
// generator, so a particle's noise at a step is a pure function of (seed, particle, step, coordinate).
fn pcg4d(v_in: vec4u) -> vec4u {
  var v = v_in * 1664525u + 1013904223u;
  v.x += v.y * v.w; v.y += v.z * v.x; v.z += v.x * v.y; v.w += v.y * v.z;
  v = v ^ (v >> vec4u(16u));
  v.x += v.y * v.w; v.y += v.z * v.x; v.z += v.x * v.y; v.w += v.y * v.z;
  return v;
}

fn rng_bits(seed: u32, stream: u32, particle: u32, step: u32, coord: u32) -> vec4u {
  return pcg4d(vec4u(particle, step, coord ^ (stream << 24u), seed));
}

// Uniform in [0, 1) with 24 bits.
fn u01(bits: u32) -> f32 {
  return f32(bits >> 8u) * (1.0 / 16777216.0);
}

fn rand_uniform(seed: u32, stream: u32, particle: u32, step: u32, coord: u32) -> f32 {
  return u01(rng_bits(seed, stream, particle, step, coord).x);
}

// Standard normal by Box-Muller; u1 is in (0, 1] so the log is finite.
fn rand_normal(seed: u32, stream: u32, particle: u32, step: u32, coord: u32) -> f32 {
  let b = rng_bits(seed, stream, particle, step, coord);
  let u1 = f32((b.x >> 8u) + 1u) * (1.0 / 16777216.0);
  let u2 = u01(b.y);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * PI * u2);
}

// Checked on the bits: shader compilers may assume float comparisons never see NaN or Inf.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}
