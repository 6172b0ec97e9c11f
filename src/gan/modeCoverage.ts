/**
 * Mode coverage of a generator's samples on a Gaussian mixture (on read-back samples, in
 * TypeScript): a sample is high quality when it lies within 3σ of some mode's centre (and then
 * belongs to the nearest such mode); a mode is covered when at least `minShare` of its fair
 * share of the samples (n / modes) belong to it. Over many GANs, a GAN is collapsed when it covers
 * at most half of the modes.
 *
 * Covering asks for sharp samples as well as spread ones, so a generator still blurred around
 * every mode covers none. Modes reached tells the two apart: a sample reaches its nearest mode
 * when it lies within half the distance between the two closest centres (or 3σ, if wider, or
 * with a single mode), and a mode is reached with as many samples as covering needs.
 */
import { modeCentres, type MixtureSpec } from './mixtures';

/** A mode counts as covered with at least this share of its fair share n / modes: 1/5 (25 of 1,000 samples on 8 modes). */
export const DEFAULT_MIN_SHARE = 0.2;
/** Radius, in σ, within which a sample belongs to a mode. */
export const QUALITY_RADIUS = 3;

export interface ModeCoverage {
  /** Samples within 3σ of each mode. */
  counts: number[];
  /** Modes with at least `threshold` samples. */
  covered: number;
  /** Samples within the reach radius of each mode (their nearest). */
  reachCounts: number[];
  /** Modes with at least `threshold` samples within reach. */
  reached: number;
  /** Half the distance between the two closest centres, or 3σ if wider (or with one mode). */
  reachRadius: number;
  /** Samples a mode needs to count as covered. */
  threshold: number;
  /** Share of samples within 3σ of some mode. */
  highQuality: number;
  samples: number;
}

/** Coverage of `samples` (x, y pairs) on `mixture`. */
export function modeCoverage(samples: ArrayLike<number>, mixture: MixtureSpec, minShare = DEFAULT_MIN_SHARE): ModeCoverage {
  if (!(minShare > 0 && minShare <= 1)) throw new RangeError(`minShare = ${minShare} was refused: it must be above 0 and at most 1.`);
  const centres = modeCentres(mixture);
  const n = Math.floor(samples.length / 2);
  const counts = new Array<number>(centres.length).fill(0);
  const reachCounts = new Array<number>(centres.length).fill(0);
  const r2 = (QUALITY_RADIUS * mixture.sigma) ** 2;
  // A single mode has no neighbour: its reach is its 3σ.
  const half = closestCentres(centres) / 2;
  const reachRadius = Math.max(Number.isFinite(half) ? half : 0, QUALITY_RADIUS * mixture.sigma);
  let good = 0;
  for (let s = 0; s < n; s++) {
    const [x, y] = [samples[2 * s], samples[2 * s + 1]];
    // The nearest centre (the last of equals, as the high-quality count always took it).
    let best = -1;
    let bestD = Infinity;
    centres.forEach(([cx, cy], k) => {
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d <= bestD) [best, bestD] = [k, d];
    });
    if (best >= 0 && bestD <= reachRadius ** 2) reachCounts[best]++;
    if (best >= 0 && bestD <= r2) {
      counts[best]++;
      good++;
    }
  }
  const threshold = Math.max(1, Math.ceil((minShare * n) / centres.length));
  const atLeast = (c: number[]) => c.filter((k) => k >= threshold).length;
  return { counts, covered: atLeast(counts), reachCounts, reached: atLeast(reachCounts), reachRadius, threshold, highQuality: n ? good / n : 0, samples: n };
}

/** Distance between the two closest centres (Infinity for a single mode). */
function closestCentres(centres: [number, number][]): number {
  let d = Infinity;
  for (let i = 0; i < centres.length; i++) {
    for (let j = i + 1; j < centres.length; j++) d = Math.min(d, Math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1]));
  }
  return d;
}

export interface CoverageSummary {
  gans: number;
  /** GANs covering at most half the modes. */
  collapsed: number;
  /** GANs covering every mode. */
  allModes: number;
  meanCovered: number;
  medianCovered: number;
  meanHighQuality: number;
  /** Modes reached, on average, and GANs reaching at most half the modes (collapsed even allowing for blur). */
  meanReached: number;
  fewReached: number;
  /** How many GANs cover exactly k modes, k = 0 … modes. */
  histogram: number[];
}

export function coverageSummary(coverages: ModeCoverage[], modes: number): CoverageSummary {
  const covered = coverages.map((c) => c.covered).sort((a, b) => a - b);
  const n = coverages.length;
  const histogram = new Array<number>(modes + 1).fill(0);
  for (const c of covered) histogram[c]++;
  const mid = n ? (n % 2 ? covered[(n - 1) / 2] : (covered[n / 2 - 1] + covered[n / 2]) / 2) : NaN;
  return {
    gans: n,
    collapsed: covered.filter((c) => c <= modes / 2).length,
    allModes: covered.filter((c) => c === modes).length,
    meanCovered: n ? covered.reduce((a, b) => a + b, 0) / n : NaN,
    medianCovered: mid,
    meanHighQuality: n ? coverages.reduce((a, c) => a + c.highQuality, 0) / n : NaN,
    meanReached: n ? coverages.reduce((a, c) => a + c.reached, 0) / n : NaN,
    fewReached: coverages.filter((c) => c.reached <= modes / 2).length,
    histogram,
  };
}
