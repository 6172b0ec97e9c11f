// Networks trained on data: each sampled particle's landscape_metrics (training loss on the
// whole set, held-out loss, accuracies: see the landscape's `metrics`), from the particle
// buffer where the step kernel left it. Reading k is particle first + k * stride; one dispatch
// does readings base .. base + count - 1 (costly readouts come in several submits).

struct ReadoutParams {
  n: u32,
  first: u32,
  stride: u32,
  base: u32,
  count: u32,
}

@group(0) @binding(1) var<uniform> RO: ReadoutParams;
@group(0) @binding(2) var<storage, read> pos: array<f32>;
@group(0) @binding(3) var<storage, read_write> readings: array<vec4f>;
@group(0) @binding(4) var<storage, read> particles: array<ParticleState>;

fn readout_particle(k: u32) -> u32 {
  return (RO.first + k * RO.stride) % RO.n;
}

fn coord(k: u32, d: u32) -> f32 {
  return pos[d * RO.n + readout_particle(k)];
}

// Metrics need no gradient.
fn set_grad(k: u32, d: u32, g: f32) {}
fn add_grad(k: u32, d: u32, g: f32) {}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = particle_index(gid, nwg);
  if (i >= RO.count) { return; }
  let k = RO.base + i;
  // A diverged network reads as NaN: counted apart, never averaged in.
  if ((particles[readout_particle(k)].flags & FLAG_DIVERGED) != 0u) {
    // A NaN written at run time: as a constant expression WGSL refuses it.
    var nan_bits = 0x7fc00000u;
    readings[k] = vec4f(bitcast<f32>(nan_bits));
    return;
  }
  readings[k] = landscape_metrics(k);
}
