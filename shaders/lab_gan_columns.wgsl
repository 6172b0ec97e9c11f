// One GAN's samples, (x, y) pairs GAN after GAN as the trainer writes them, copied
// coordinate-major (all x, then all y) as the birthday test reads samples. Twin: toColumns in
// src/lab/gan/columnsReference.ts.

struct ColumnParams {
  first: u32,
  count: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> CP: ColumnParams;
@group(0) @binding(1) var<storage, read> pairs: array<vec2f>;
@group(0) @binding(2) var<storage, read_write> columns: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= CP.count) { return; }
  let p = pairs[CP.first + i];
  columns[i] = p.x;
  columns[CP.count + i] = p.y;
}
