// Shared by every kernel: the particle index, the counter-based random generator and small
// helpers. Concatenated in front of each kernel, after the generated prelude of constants
// (src/gpu/prelude.ts: flags, random streams, sizes), never copied.

const PI: f32 = 3.14159265358979;

// Particle index from a possibly two-dimensional dispatch of WORKGROUP_SIZE-wide workgroups
// (dispatchSize in src/gpu/bindings.ts folds large counts into y).
fn particle_index(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
}

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
  return sqrt(-2.0 * log(u1)) * cos2pi(u2);
}

// Checked on the bits: shader compilers may assume float comparisons never see NaN or Inf.
fn is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// (cos, sin) of 2 pi x, portable to about 1e-7: WGSL only promises sin and cos to 2^-11
// absolute, and only near [-pi, pi]. The period and quadrant are removed exactly, then short
// Taylor series cover [-pi/4, pi/4].
fn cossin2pi(x: f32) -> vec2f {
  let t = x - round(x);
  let q = round(4.0 * t);
  let th = 2.0 * PI * (t - 0.25 * q);
  let t2 = th * th;
  let s = th * (1.0 + t2 * (-1.0 / 6.0 + t2 * (1.0 / 120.0 + t2 * (-1.0 / 5040.0 + t2 * (1.0 / 362880.0)))));
  let c = 1.0 + t2 * (-0.5 + t2 * (1.0 / 24.0 + t2 * (-1.0 / 720.0 + t2 * (1.0 / 40320.0))));
  // Quadrant by selects, not a switch: no divergent branches.
  let k = i32(q) & 3;
  let r1 = select(vec2f(c, s), vec2f(-s, c), k == 1);
  let r2 = select(r1, vec2f(-c, -s), k == 2);
  return select(r2, vec2f(s, -c), k == 3);
}

fn cos2pi(x: f32) -> f32 {
  return cossin2pi(x).x;
}

fn sin2pi(x: f32) -> f32 {
  return cossin2pi(x).y;
}
