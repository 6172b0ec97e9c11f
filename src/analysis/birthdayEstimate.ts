/**
 * From duplicate counts to a support size (Arora & Zhang 2017, "Do GANs learn the distribution?
 * Some theory and empirics"): if batches of s samples from a distribution over N equally likely
 * points hold a duplicate with probability ½, then N follows from the birthday formula.
 *
 * 1. s½ from the sweep. The empirical curve (k of B batches of size s held a duplicate, at every
 *    size swept) is fitted by maximum likelihood with the exact curve's own shape,
 *    P(s) = 1 − Π_{i=1}^{s−1} (1 − i/N), one parameter, so sizes where p is 0 or 1 count too and
 *    no size is interpolated across alone; s½ is where the fitted curve crosses ½. The usual
 *    straight line −ln(1 − p) = s(s − 1)/(2N) is the same curve for large N, but fitted over a
 *    sweep it pulls s½ low where N is small: −3 % in s½ (−7 % in N) at N = 10, −1 % in N at 100.
 * 2. N from s½ by the exact formula Π_{i=1}^{s−1} (1 − i/N) = ½ (a sum of log1p, increasing in N,
 *    solved by bisection on log N; between whole sizes ln N is interpolated linearly in s). The
 *    usual rule of thumb N ≈ s½² (Arora & Zhang's) and its refinement N ≈ s½²/(2 ln 2), from
 *    P ≈ 1 − exp(−s²/2N), are reported beside it: the usual one is about 1.39 times too large.
 *
 * A non-uniform distribution gives the N of a uniform one with the same collision probability:
 * 1/Σ p_i² (the effective support). No batch with a duplicate gives a lower bound on N, every batch
 * with one an upper bound: each the N at which what was seen has probability 5 %.
 */

/** Counts at one batch size: `withDuplicates` of `batches` batches held a pair under the threshold. */
export interface DuplicateCount {
  size: number;
  batches: number;
  withDuplicates: number;
}

export interface SupportEstimate {
  /**
   * 'estimate': N from s½; 'at-least': no batch held a duplicate, N is a lower bound;
   * 'at-most': every batch held one, N is an upper bound.
   */
  kind: 'estimate' | 'at-least' | 'at-most';
  /** The support size by the exact formula, or the bound. */
  support: number;
  /** The batch size at which half the batches hold a duplicate (null for a bound). */
  halfSize: number | null;
  /** 95 % likelihood interval of the support (null for a bound); Infinity when the data allow any larger N. */
  range: [number, number] | null;
  /** The usual rule N ≈ s½² (null for a bound). */
  usualRule: number | null;
  /** N ≈ s½² / (2 ln 2) (null for a bound). */
  refinedRule: number | null;
}

/** ln P(no duplicate among s draws from N equally likely points) = Σ_{i=1}^{s−1} ln(1 − i/N), for real N; −Infinity when N ≤ s − 1. */
export function logNoDuplicate(size: number, support: number): number {
  if (support <= size - 1) return -Infinity;
  let sum = 0;
  for (let i = 1; i < size; i++) sum += Math.log1p(-i / support);
  return sum;
}

/** The exact probability that s draws from N equally likely points hold a duplicate. */
export function duplicateProbability(size: number, support: number): number {
  return -Math.expm1(logNoDuplicate(size, support));
}

/** The N with Σ_{i<s} ln(1 − i/N) = target (< 0), for integer s ≥ 2: bisection on ln N over (s − 1, s²/(2|target|) + s]. */
function solveSupport(size: number, target: number): number {
  let lo = Math.log(size - 1);
  // Above t at the upper end: ln(1 − i/N) ≥ −i/(N − s), so the sum is at least −m/(N − s) = −|t|(s − 1)/s.
  let hi = Math.log((size * size) / (2 * -target) + size);
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (logNoDuplicate(size, Math.exp(mid)) < target) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The exact birthday formula backwards: the support N at which a batch of s holds a duplicate
 * with probability ½. For a fractional s (a fitted s½), ln N is interpolated linearly between the
 * two whole sizes around it; below 2, between N = 1 at s = 1 and N = 2 at s = 2.
 */
export function supportForHalf(size: number): number {
  if (!(size > 1)) return 1;
  const below = Math.floor(size);
  const at = (s: number) => (s === 1 ? 1 : solveSupport(s, -Math.LN2));
  const a = at(below);
  if (below === size) return a;
  return Math.exp(Math.log(a) + (size - below) * (Math.log(at(below + 1)) - Math.log(a)));
}

/** The inverse of supportForHalf: the (fractional) batch size at which N points give a duplicate with probability ½. */
export function halfSizeFor(support: number): number {
  if (!(support > 1)) return 1;
  let s = Math.max(1, Math.floor(Math.sqrt(2 * Math.LN2 * support)));
  while (s > 1 && supportForHalf(s) > support) s--;
  while (supportForHalf(s + 1) <= support) s++;
  const [a, b] = [Math.log(supportForHalf(s)), Math.log(supportForHalf(s + 1))];
  return s + (Math.log(support) - a) / (b - a);
}

/** The log-likelihood of support e^u for binomial counts under the exact formula (−Infinity where impossible). */
function logLikelihood(counts: readonly DuplicateCount[], u: number): number {
  const n = Math.exp(u);
  let sum = 0;
  for (const { size, batches, withDuplicates: k } of counts) {
    const clean = logNoDuplicate(size, n);
    if (k > 0) sum += k * Math.log(-Math.expm1(clean));
    if (batches > k) sum += (batches - k) * clean;
  }
  return sum;
}

/** Half the 95 % χ²₁ quantile: the likelihood interval is where the log-likelihood is within this of its peak. */
const HALF_CHI2_95 = 3.841458820694124 / 2;
/** The probability at which the bounds are set (95 % one-sided). */
const BOUND_LEVEL = 0.05;
/** Grid points on ln N before the peak and the interval's ends are refined. */
const GRID = 240;

/** Where f (true at `inside`, false at `outside`) changes, by bisection. */
function edge(f: (u: number) => boolean, inside: number, outside: number): number {
  for (let i = 0; i < 100 && Math.abs(outside - inside) > 1e-12; i++) {
    const mid = (inside + outside) / 2;
    if (f(mid)) inside = mid;
    else outside = mid;
  }
  return (inside + outside) / 2;
}

/**
 * The support size from the duplicate counts of a sweep over batch sizes (see the file's
 * comment): an estimate with its 95 % likelihood interval when some batch held a duplicate and
 * some did not, otherwise a 95 % bound.
 */
export function estimateSupport(counts: readonly DuplicateCount[]): SupportEstimate {
  const rows = counts.filter((c) => c.batches > 0 && c.size >= 2);
  if (!rows.length) throw new RangeError('Birthday estimate: no batch size with batches to estimate from.');
  const seen = rows.reduce((n, c) => n + c.withDuplicates, 0);
  const clean = rows.reduce((n, c) => n + c.batches - c.withDuplicates, 0);
  const bound = (kind: 'at-least' | 'at-most', support: number): SupportEstimate => ({ kind, support, halfSize: null, range: null, usualRule: null, refinedRule: null });
  if (seen === 0) return bound('at-least', supportBound(rows, 'at-least'));
  if (clean === 0) return bound('at-most', supportBound(rows, 'at-most'));

  // ln N from 0 to well past where the largest batch would almost never hold a duplicate.
  const largest = Math.max(...rows.map((c) => c.size));
  const top = Math.log(1e4 * largest * largest);
  const grid = Array.from({ length: GRID + 1 }, (_, i) => (top * i) / GRID);
  const values = grid.map((u) => logLikelihood(rows, u));
  const best = values.indexOf(Math.max(...values));
  // Golden-section search between the grid neighbours of the best grid point.
  let [lo, hi] = [grid[Math.max(0, best - 1)], grid[Math.min(GRID, best + 1)]];
  const ratio = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > 1e-10) {
    const [a, b] = [hi - ratio * (hi - lo), lo + ratio * (hi - lo)];
    if (logLikelihood(rows, a) >= logLikelihood(rows, b)) hi = b;
    else lo = a;
  }
  const peak = (lo + hi) / 2;
  const within = (u: number) => logLikelihood(rows, u) >= logLikelihood(rows, peak) - HALF_CHI2_95;
  const below = grid.slice(0, best + 1).reverse().find((u) => u < peak && !within(u));
  const above = grid.slice(best).find((u) => u > peak && !within(u));
  const support = Math.exp(peak);
  const halfSize = halfSizeFor(support);
  return {
    kind: 'estimate',
    support,
    halfSize,
    range: [below === undefined ? 1 : Math.exp(edge(within, peak, below)), above === undefined ? Infinity : Math.exp(edge(within, peak, above))],
    usualRule: halfSize * halfSize,
    refinedRule: (halfSize * halfSize) / (2 * Math.LN2),
  };
}

/**
 * 'at-least': the N below which seeing no duplicate in any batch had probability under 5 %;
 * 'at-most': the N above which seeing one in every batch had. Exact formula, bisection on ln N.
 */
export function supportBound(counts: readonly DuplicateCount[], kind: 'at-least' | 'at-most'): number {
  const target = Math.log(BOUND_LEVEL);
  const logChance = (n: number) =>
    counts.reduce((sum, c) => {
      const clean = logNoDuplicate(c.size, n);
      return sum + c.batches * (kind === 'at-least' ? clean : Math.log(-Math.expm1(clean)));
    }, 0);
  const largest = Math.max(...counts.map((c) => c.size));
  // 'at-least': the chance grows with N; 'at-most': it shrinks. Bracket, then bisect on ln N.
  let lo = Math.log(Math.max(1, largest - 1));
  let hi = lo + 1;
  const above = (n: number) => (kind === 'at-least' ? logChance(n) < target : logChance(n) >= target);
  while (above(Math.exp(hi)) && hi < 200) hi += 2;
  if (kind === 'at-most') lo = Math.log(1);
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (above(Math.exp(mid))) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
