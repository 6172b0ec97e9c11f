// The focused GAN's discriminator D(x) = sigmoid(logit) on a square grid of the plane, for the
// lab's heat map (after gan_networks.wgsl, whose forward pass it runs). Workgroups take chunks of
// HM.rows grid points in turn; each chunk's layer outputs sit in the workgroup's own part of
// `scratch` (a buffer of the lab's, not the trainer's). Twin: src/lab/gan/discriminatorGrid.ts.

struct HeatParams {
  gan: u32,
  resolution: u32,
  // Grid points per chunk, and chunks between one workgroup's turns (the workgroups dispatched).
  rows: u32,
  workgroups: u32,
  centre: vec2f,
  half_extent: f32,
  _pad0: f32,
}

@group(1) @binding(0) var<uniform> HM: HeatParams;
@group(1) @binding(1) var<storage, read_write> heat: array<f32>;

// Centre of grid cell i (row-major, row 0 at the bottom) in the plane.
fn heat_point(i: u32) -> vec2f {
  let res = HM.resolution;
  let cell = (vec2f(f32(i % res), f32(i / res)) + 0.5) / f32(res);
  return HM.centre + HM.half_extent * (2.0 * cell - 1.0);
}

@compute @workgroup_size(GAN_THREADS)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid3: vec3u) {
  let lid = lid3.x;
  let n = discriminator_net();
  let total = HM.resolution * HM.resolution;
  let step = HM.rows * GP.stride;
  let act0 = wid.x * (n.hidden + 2u) * step;
  let last = act0 + (n.hidden + 1u) * step;
  for (var first = wid.x * HM.rows; first < total; first += HM.workgroups * HM.rows) {
    let rows = min(HM.rows, total - first);
    for (var r = lid; r < rows; r += GAN_THREADS) {
      let x = heat_point(first + r);
      scratch[act0 + r * GP.stride] = x.x;
      scratch[act0 + r * GP.stride + 1u] = x.y;
    }
    gan_sync();
    net_forward(n, HM.gan * GP.net_stride + GP.g_params, act0, step, last, rows, lid);
    for (var r = lid; r < rows; r += GAN_THREADS) {
      heat[first + r] = sigmoid(scratch[last + r * GP.stride]);
    }
    gan_sync();
  }
}
