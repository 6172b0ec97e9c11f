/**
 * Central-difference step for Hessian-vector products along a unit direction at x: large
 * enough that f32 rounding of the gradients stays small, small enough that the O(h^2) error of
 * non-quadratic landscapes does too. shaders/curvature.wgsl computes the same.
 */
export function differenceStep(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return 5e-3 * Math.max(1, Math.sqrt(s / Math.max(1, x.length)));
}
