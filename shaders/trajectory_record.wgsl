// Records the chosen particles' coordinates and loss into one slot of the path store. Each slot
// has its own uniform, written once when the recorder is made and picked by a dynamic offset, so
// several records encoded into one submit each land in their own slot. Thinning a full store
// only relabels slots on the CPU (which slot holds which record): records never move.
// Twin: a copy (tests compare the store with the engine's positions exactly).

struct RecordParams {
  slot: u32,
  // Particles in the engine: positions are coordinate-major, x[d * n + p].
  n: u32,
  chosen_count: u32,
  dim: u32,
}

@group(0) @binding(0) var<uniform> TR: RecordParams;
@group(0) @binding(1) var<storage, read> pos: array<f32>;
@group(0) @binding(2) var<storage, read> particles: array<ParticleState>;
@group(0) @binding(3) var<storage, read> chosen: array<u32>;
// Slot, chosen particle, coordinate: one particle's record is dim contiguous floats, so a path
// is gathered in time order by buffer copies.
@group(0) @binding(4) var<storage, read_write> store: array<f32>;
// Slot, chosen particle.
@group(0) @binding(5) var<storage, read_write> store_loss: array<f32>;

// One invocation per (chosen particle, coordinate).
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = particle_index(gid, nwg);
  if (i >= TR.chosen_count * TR.dim) { return; }
  let j = i / TR.dim;
  let d = i % TR.dim;
  let p = chosen[j];
  let row = TR.slot * TR.chosen_count + j;
  store[row * TR.dim + d] = pos[d * TR.n + p];
  if (d == 0u) { store_loss[row] = particles[p].loss; }
}
