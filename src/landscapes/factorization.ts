/**
 * Scalar factorization, f(x, y) = ½(1 − xy)²: the smallest landscape with the edge of stability
 * in it. The minima form the valley xy = 1, where the Hessian [[y², 2xy − 1], [2xy − 1, x²]] has
 * eigenvalues 0 and x² + y²: the valley is flat along itself and sharpest far from its balanced
 * point (1, 1). Gradient flow keeps x² − y² fixed, so it ends where the valley meets that
 * hyperbola; gradient descent with a step η above 2 / (that sharpness) cannot settle there and
 * is thrown (catapulted) along the valley until the sharpness is below 2/η.
 */
import type { Landscape } from './types';
import scalarFactorizationWgsl from '../../shaders/landscapes/scalar_factorization.wgsl?raw';

export const scalarFactorization: Landscape = {
  id: 'scalar-factorization',
  name: 'Scalar factorization',
  formula: 'f(x, y) = ½(1 − xy)²  (every point of xy = 1 is a minimum; sharpness there x² + y²)',
  dims: { min: 2, max: 2, default: 2 },
  wgsl: scalarFactorizationWgsl,
  params: [],
  box: [-4, 4],
  bound: 1e6,
  // The valley is a whole curve: these are its balanced points, the flattest minima.
  minima: () => [
    { x: [1, 1], f: 0 },
    { x: [-1, -1], f: 0 },
  ],
  // The origin is a saddle (f = ½, index 1) but not offered as one: the escape readout's default
  // margin (½) would set its threshold at a loss of 0, which no particle passes.
  evaluate(x, grad) {
    const r = x[0] * x[1] - 1;
    if (grad) {
      grad[0] = r * x[1];
      grad[1] = r * x[0];
    }
    return 0.5 * r * r;
  },
};

/** The exact Hessian at (x, y), row-major. */
export function scalarFactorizationHessian(x: number, y: number): [number, number, number, number] {
  const off = 2 * x * y - 1;
  return [y * y, off, off, x * x];
}

/** Top Hessian eigenvalue (the sharpness) at (x, y). */
export function scalarFactorizationSharpness(x: number, y: number): number {
  const [a, b, , d] = scalarFactorizationHessian(x, y);
  return (a + d) / 2 + Math.hypot((a - d) / 2, b);
}

/**
 * Where gradient flow from (x, y) ends: the point of the valley with the same x² − y² (a
 * conserved quantity of the flow), on the side of the start's sign of x + y. Its sharpness is
 * √((x² − y²)² + 4).
 */
export function gradientFlowLimit(x: number, y: number): { x: number; y: number; sharpness: number } {
  const c = x * x - y * y;
  const root = Math.sqrt(c * c + 4);
  const sign = x + y >= 0 ? 1 : -1;
  const xx = Math.sqrt((c + root) / 2);
  const yy = Math.sqrt((root - c) / 2);
  return { x: sign * xx, y: sign * yy, sharpness: root };
}
