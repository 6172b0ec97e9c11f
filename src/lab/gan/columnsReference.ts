/**
 * Samples as pairs (x, y, x, y, …, the trainer's layout) to coordinate-major columns (all x, then
 * all y: the birthday test's layout): the float64 twin of shaders/lab_gan_columns.wgsl.
 */
export function toColumns(pairs: ArrayLike<number>, first: number, count: number): Float64Array {
  const out = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    out[i] = pairs[2 * (first + i)];
    out[count + i] = pairs[2 * (first + i) + 1];
  }
  return out;
}
