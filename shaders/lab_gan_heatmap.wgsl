// The discriminator's D(x) on the lab's grid (lab_gan_discriminator.wgsl) drawn under the focused
// view: one triangle covering the canvas, each pixel coloured from its grid cell: blue where D
// says "fake" (D < ½), dark at ½, amber where D says "real".

struct HeatDraw {
  resolution: u32,
  _pad0: u32,
  canvas: vec2f,
}

@group(0) @binding(0) var<uniform> HD: HeatDraw;
@group(0) @binding(1) var<storage, read> heat: array<f32>;

@vertex
fn vs(@builtin(vertex_index) v: u32) -> @builtin(position) vec4f {
  let xy = vec2f(f32((v << 1u) & 2u), f32(v & 2u)) * 2.0 - 1.0;
  return vec4f(xy, 0.0, 1.0);
}

@fragment
fn fs(@builtin(position) frag: vec4f) -> @location(0) vec4f {
  let uv = frag.xy / HD.canvas;
  let res = HD.resolution;
  let cx = min(u32(uv.x * f32(res)), res - 1u);
  // Grid row 0 is the bottom of the plane; frag.y grows downwards.
  let cy = min(u32((1.0 - uv.y) * f32(res)), res - 1u);
  let d = heat[cy * res + cx];
  let base = vec3f(0.07, 0.08, 0.11);
  let real = vec3f(0.85, 0.55, 0.12);
  let fake = vec3f(0.12, 0.35, 0.85);
  let t = 2.0 * d - 1.0;
  let colour = select(mix(base, fake, -t), mix(base, real, t), t >= 0.0);
  return vec4f(colour, 1.0);
}
