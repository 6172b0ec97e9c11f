/**
 * Per-step growth or shrink factors of the distance to the equilibrium on the bilinear game
 * f = xᵀAy, in closed form. In the singular-vector coordinates of A the dynamics split into
 * independent planes, one per singular value σ; on each the field is F(z) = B z with
 * B = [[0, ηx σ], [−ηy σ, 0]] (step sizes folded in), whose eigenvalues are ±iμ, μ = √(ηx ηy) σ.
 * Every method is a linear recurrence in B, so on the eigenvector of eigenvalue b = iμ its iterates
 * are λ^k with λ a root of the method's characteristic polynomial; the asymptotic per-step factor is
 * the spectral radius ρ = max |λ| (b = −iμ gives the conjugate roots, the same moduli):
 *
 * - gda: λ = 1 − b, ρ = √(1 + μ²) > 1 (spirals out). With ηx = ηy every step scales the
 *   distance by exactly this (the one-step map is a scaled rotation).
 * - alternating: (λ − 1)² + μ² λ = 0, so λ² − (2 − μ²) λ + 1 = 0: the roots multiply to 1 and for
 *   μ ≤ 2 are a conjugate pair, ρ = 1 (cycles). It preserves exactly
 *   E(x, y) = ‖x‖²/ηx + ‖y‖²/ηy − xᵀAy (x updated first), positive definite for μ_max < 2, so
 *   orbits stay on ellipses. For μ > 2, ρ = ((μ² − 2) + √((μ² − 2)² − 4)) / 2.
 * - extragradient: λ = 1 − b + b², ρ = √(1 − μ² + μ⁴) (< 1 for 0 < μ < 1).
 * - optimistic: λ² − (1 − 2b) λ − b = 0, λ = ((1 − 2b) ± √(1 + 4b²)) / 2. For μ ≤ ½:
 *   ρ = √((1 + √(1 − 4μ²)) / 2) < 1; for μ > ½: ρ = ½ √(1 + (2μ + √(4μ² − 1))²), below 1 up to μ = 1/√3.
 * - momentum (simultaneous heavy ball, β): λ² − (1 + β − b) λ + β = 0.
 * - alternating-momentum: with P(λ) = (λ − 1)(λ − β), P(λ)² + μ² λ³ = 0 (a quartic).
 * - optimistic-momentum: λ² − (1 + β − 2b) λ + (β − b) = 0.
 */
import type { GameMethod } from './methods';

/** A complex number [re, im]. */
export type Complex = readonly [number, number];

const add = (a: Complex, b: Complex): Complex => [a[0] + b[0], a[1] + b[1]];
const sub = (a: Complex, b: Complex): Complex => [a[0] - b[0], a[1] - b[1]];
const mul = (a: Complex, b: Complex): Complex => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const scale = (a: Complex, s: number): Complex => [a[0] * s, a[1] * s];
const div = (a: Complex, b: Complex): Complex => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
export const modulus = (a: Complex): number => Math.hypot(a[0], a[1]);

/** The principal square root. */
function csqrt(a: Complex): Complex {
  const r = modulus(a);
  const re = Math.sqrt((r + a[0]) / 2);
  const im = Math.sqrt(Math.max(0, (r - a[0]) / 2));
  return [re, a[1] < 0 ? -im : im];
}

/** Both roots of λ² + c1 λ + c0 = 0. */
export function quadraticRoots(c1: Complex, c0: Complex): [Complex, Complex] {
  const disc = csqrt(sub(mul(c1, c1), scale(c0, 4)));
  return [scale(add(scale(c1, -1), disc), 0.5), scale(sub(scale(c1, -1), disc), 0.5)];
}

/**
 * Every root of the monic polynomial λ^k + c[k−1] λ^{k−1} + … + c[0] (coefficients lowest first),
 * by Durand–Kerner iteration: enough for the degree-4 characteristic polynomials here.
 */
export function polynomialRoots(c: readonly Complex[]): Complex[] {
  const k = c.length;
  const evaluate = (z: Complex) => {
    let v: Complex = [1, 0];
    for (let i = k - 1; i >= 0; i--) v = add(mul(v, z), c[i]);
    return v;
  };
  // Starting points on a circle of radius past every root (Cauchy's bound), not symmetric to the axes.
  const radius = 1 + Math.max(...c.map(modulus));
  let roots: Complex[] = Array.from({ length: k }, (_, i) => {
    const t = (2 * Math.PI * i) / k + 0.4;
    return [radius * Math.cos(t), radius * Math.sin(t)] as Complex;
  });
  for (let iter = 0; iter < 2000; iter++) {
    let change = 0;
    roots = roots.map((r, i) => {
      let den: Complex = [1, 0];
      roots.forEach((s, j) => {
        if (j !== i) den = mul(den, sub(r, s));
      });
      const next = sub(r, div(evaluate(r), den));
      change = Math.max(change, modulus(sub(next, r)));
      return next;
    });
    if (change < 1e-15) break;
  }
  return roots;
}

export interface FactorSettings {
  etaX: number;
  etaY: number;
  /** The singular value of A whose plane is followed. */
  sigma: number;
  /** β (momentum methods only). */
  momentum?: number;
}

/** The characteristic polynomial's coefficients (monic, lowest first) for the eigenvalue b = iμ of B. */
export function characteristicPolynomial(method: GameMethod, mu: number, beta = 0): Complex[] {
  const b: Complex = [0, mu];
  const one: Complex = [1, 0];
  switch (method) {
    case 'gda':
      return [sub(b, one)];
    case 'alternating':
      return [one, [mu * mu - 2, 0]];
    case 'extragradient':
      return [sub(sub(b, one), mul(b, b))];
    case 'optimistic':
      return [scale(b, -1), scale(sub(one, scale(b, 2)), -1)];
    case 'momentum':
      return [[beta, 0], scale(sub([1 + beta, 0], b), -1)];
    case 'optimistic-momentum':
      return [sub([beta, 0], b), scale(sub([1 + beta, 0], scale(b, 2)), -1)];
    case 'alternating-momentum': {
      // (λ² − (1 + β) λ + β)² + μ² λ³, expanded.
      const s = 1 + beta;
      return [[beta * beta, 0], [-2 * s * beta, 0], [s * s + 2 * beta, 0], [mu * mu - 2 * s, 0]];
    }
  }
}

/** max |λ| over the characteristic polynomial's roots. */
export function spectralRadius(coefficients: readonly Complex[]): number {
  const roots = coefficients.length === 1 ? [scale(coefficients[0], -1)] : coefficients.length === 2
    ? quadraticRoots(coefficients[1], coefficients[0])
    : polynomialRoots(coefficients);
  return Math.max(...roots.map(modulus));
}

/** The asymptotic per-step factor of the distance to the equilibrium on the plane of singular value σ. */
export function perStepFactor(method: GameMethod, s: FactorSettings): number {
  const mu = Math.sqrt(s.etaX * s.etaY) * s.sigma;
  const mu2 = mu * mu;
  switch (method) {
    case 'gda':
      return Math.sqrt(1 + mu2);
    case 'alternating':
      return mu <= 2 ? 1 : (mu2 - 2 + Math.sqrt((mu2 - 2) ** 2 - 4)) / 2;
    case 'extragradient':
      return Math.sqrt(1 - mu2 + mu2 * mu2);
    case 'optimistic':
      return mu <= 0.5 ? Math.sqrt((1 + Math.sqrt(1 - 4 * mu2)) / 2) : 0.5 * Math.sqrt(1 + (2 * mu + Math.sqrt(4 * mu2 - 1)) ** 2);
    default:
      return spectralRadius(characteristicPolynomial(method, mu, s.momentum ?? 0));
  }
}

/** The alternating method's invariant ‖x‖²/ηx + ‖y‖²/ηy − xᵀAy on the bilinear game. */
export function alternatingInvariant(
  matrix: ArrayLike<number>, m: number, n: number, z: ArrayLike<number>, etaX: number, etaY: number,
): number {
  let e = 0;
  for (let i = 0; i < m; i++) e += (z[i] * z[i]) / etaX;
  for (let j = 0; j < n; j++) e += (z[m + j] * z[m + j]) / etaY;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) e -= z[i] * matrix[i * n + j] * z[m + j];
  return e;
}
