// Points of the plane drawn as round sprites straight from a storage buffer of (x, y) pairs, in
// a grid of cells (one cell for the focused view, one per GAN for the small multiples). Instance
// i is point i % per_cell of cell i / per_cell, read at source_first + cell * source_step + j
// (source_step 0: every cell draws the same points, as the modes).

struct PointParams {
  per_cell: u32,
  source_first: u32,
  source_step: u32,
  cols: u32,
  cells: u32,
  _pad0: u32,
  // Clip-space size of one pixel, and the sprite's radius in pixels.
  pixel: vec2f,
  colour: vec4f,
  centre: vec2f,
  half_extent: f32,
  radius: f32,
}

@group(0) @binding(0) var<uniform> PP: PointParams;
@group(0) @binding(1) var<storage, read> points: array<vec2f>;

struct PointOut {
  @builtin(position) position: vec4f,
  @location(0) corner: vec2f,
}

const CORNERS = array<vec2f, 6>(vec2f(-1, -1), vec2f(1, -1), vec2f(1, 1), vec2f(-1, -1), vec2f(1, 1), vec2f(-1, 1));

@vertex
fn vs(@builtin(vertex_index) v: u32, @builtin(instance_index) i: u32) -> PointOut {
  let cell = i / PP.per_cell;
  let p = points[PP.source_first + cell * PP.source_step + i % PP.per_cell];
  let rows = (PP.cells + PP.cols - 1u) / PP.cols;
  let size = vec2f(2.0 / f32(PP.cols), 2.0 / f32(rows));
  let origin = vec2f(-1.0 + (f32(cell % PP.cols) + 0.5) * size.x, 1.0 - (f32(cell / PP.cols) + 0.5) * size.y);
  let local = (p - PP.centre) / PP.half_extent;
  let corner = CORNERS[v];
  var out: PointOut;
  out.corner = corner;
  // A point outside its cell (or not a number) is not drawn: it would land in a neighbour's.
  let inside = all(abs(local) <= vec2f(1.0));
  out.position = select(vec4f(2.0, 2.0, 0.0, 1.0), vec4f(origin + 0.5 * size * local + corner * PP.radius * PP.pixel, 0.0, 1.0), inside);
  return out;
}

@fragment
fn fs(in: PointOut) -> @location(0) vec4f {
  let r = length(in.corner);
  if (r > 1.0) { discard; }
  // A soft rim keeps dense clouds readable.
  let a = PP.colour.a * (1.0 - smoothstep(0.6, 1.0, r));
  return vec4f(PP.colour.rgb * a, a);
}
