/**
 * The plane through three points of R^D, as a slice (origin + α u + β v): the view of Garipov et
 * al. (2018, Fig. 1) through two minima and a third point, such as a trained Bézier control
 * point. Origin a, u along b − a, v the part of c − a orthogonal to u (Gram–Schmidt).
 */
import type { SlicePlane } from '../engine/SurfaceEvaluator';

/** c − a shorter than this share of the points' spread, off the line through a and b, counts as on it. */
export const COLLINEAR_TOLERANCE = 1e-6;
/** Room around the three points in the box, as a share of the larger of its two spans. */
export const DEFAULT_PLANE_MARGIN = 0.25;

export interface PlaneThroughPoints extends SlicePlane {
  /** The plane's origin: a itself. */
  center: number[];
  u: Float64Array;
  v: Float64Array;
  /** In-plane coordinates (α, β) of a, b and c: a = (0, 0), b = (|b − a|, 0), c with β > 0. */
  coordinates: { a: [number, number]; b: [number, number]; c: [number, number] };
}

const norm = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
};

function checkPoints(a: ArrayLike<number>, b: ArrayLike<number>, c: ArrayLike<number>): void {
  if (a.length < 2) throw new RangeError(`A plane needs a dimension of at least 2; the points have ${a.length} coordinates.`);
  for (const [name, x] of [['b', b], ['c', c]] as const) {
    if (x.length !== a.length) throw new RangeError(`${name} has ${x.length} coordinates but a has ${a.length}: the points must have the same dimension.`);
  }
  for (const [name, x] of [['a', a], ['b', b], ['c', c]] as const) {
    for (let d = 0; d < x.length; d++) {
      if (!Number.isFinite(x[d])) throw new RangeError(`${name}[${d}] = ${x[d]} is not a finite number.`);
    }
  }
}

/**
 * The plane through a, b and c with a box (aRange along u, bRange along v) holding all three
 * and `margin` of room. Refuses coincident or collinear points with a RangeError saying which.
 */
export function planeThrough(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: ArrayLike<number>,
  margin = DEFAULT_PLANE_MARGIN,
): PlaneThroughPoints {
  checkPoints(a, b, c);
  if (!Number.isFinite(margin) || margin < 0) throw new RangeError(`margin = ${margin} was refused: it must be a finite number of at least 0.`);
  const dim = a.length;
  const ab = Float64Array.from({ length: dim }, (_, d) => b[d] - a[d]);
  const ac = Float64Array.from({ length: dim }, (_, d) => c[d] - a[d]);
  const scale = Math.max(norm(a), norm(b), norm(c), 1);
  const lengthAB = norm(ab);
  if (lengthAB <= Number.EPSILON * scale) throw new RangeError('a and b coincide: they span no direction for the plane.');
  if (norm(ac) <= Number.EPSILON * scale) throw new RangeError('c coincides with a: three distinct points are needed for a plane.');
  const u = ab.map((x) => x / lengthAB);
  let alpha = 0;
  for (let d = 0; d < dim; d++) alpha += ac[d] * u[d];
  const w = ac.map((x, d) => x - alpha * u[d]);
  // Gram–Schmidt once more: one pass loses orthogonality when c − a is nearly along u.
  let again = 0;
  for (let d = 0; d < dim; d++) again += w[d] * u[d];
  for (let d = 0; d < dim; d++) w[d] -= again * u[d];
  alpha += again;
  const beta = norm(w);
  const spread = Math.max(lengthAB, norm(ac));
  if (beta <= COLLINEAR_TOLERANCE * spread) {
    throw new RangeError(
      `a, b and c are collinear (c lies ${beta.toExponential(2)} off the line through a and b, ` +
        `within COLLINEAR_TOLERANCE (${COLLINEAR_TOLERANCE}) of their spread): they span no plane.`,
    );
  }
  const v = w.map((x) => x / beta);
  const alphas = [0, lengthAB, alpha];
  const betas = [0, 0, beta];
  const lo = (xs: number[]) => Math.min(...xs);
  const hi = (xs: number[]) => Math.max(...xs);
  const room = margin * Math.max(hi(alphas) - lo(alphas), hi(betas) - lo(betas));
  return {
    center: Array.from(a),
    u,
    v,
    aRange: [lo(alphas) - room, hi(alphas) + room],
    bRange: [lo(betas) - room, hi(betas) + room],
    coordinates: { a: [0, 0], b: [lengthAB, 0], c: [alpha, beta] },
  };
}

/** The point of R^D at in-plane coordinates (α, β). */
export function planePoint(plane: Pick<SlicePlane, 'center' | 'u' | 'v'>, alpha: number, beta: number): Float64Array {
  return Float64Array.from({ length: plane.center.length }, (_, d) => plane.center[d] + alpha * plane.u[d] + beta * plane.v[d]);
}
