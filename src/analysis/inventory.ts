/**
 * An inventory of critical points from a search's end points: points whose gradient did not
 * vanish are dropped, points that found the same critical point are merged (and counted), and
 * each distinct point is classified by its Hessian's exact index. The Hessian comes from outside
 * (Analyzer.hessianAt on the GPU, or a twin in tests), so this stays plain TypeScript.
 */
import { NEGATIVE_CUTOFF } from './Analyzer';

export type CriticalKind = 'minimum' | 'saddle' | 'maximum' | 'degenerate';

export interface HessianSpectrum {
  /** Ascending; every eigenvalue when complete. */
  eigenvalues: Float64Array;
  complete: boolean;
  /** Number of negative eigenvalues (an estimate when not complete). */
  index: number;
}

export interface FoundPoints {
  points: ArrayLike<number>[];
  loss: ArrayLike<number>;
  gradNorm: ArrayLike<number>;
}

export interface InventoryOptions {
  /** Points with |grad f| above this are not critical points (yet): dropped. */
  gradTol: number;
  /** Points closer than this (per coordinate, root mean square, times max(1, rms |x|)) are one. */
  mergeTol: number;
  hessian: (x: Float32Array) => Promise<HessianSpectrum>;
  /** Eigenvalues with |lambda| at most this count as zero besides the relative cut-off. Default sqrt(gradTol). */
  zeroTol?: number;
}

export interface CriticalPointEntry {
  /** The merged points' representative: the one with the smallest gradient. */
  point: Float32Array;
  loss: number;
  gradNorm: number;
  /** Eigenvalues below -max(NEGATIVE_CUTOFF max |lambda|, zeroTol): exact when `exact`. */
  index: number;
  /** Eigenvalues within the cut-off of zero (a flat direction: the index alone does not decide the kind). */
  zeroEigenvalues: number;
  kind: CriticalKind;
  /** Starts that ended here. */
  count: number;
  lambdaMin: number;
  lambdaMax: number;
  /** Every eigenvalue was found: the index is exact up to rounding. */
  exact: boolean;
}

/** Root-mean-square distance per coordinate between a and b, relative to max(1, rms a, rms b). */
export function scaledDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`Points of ${a.length} and ${b.length} coordinates cannot be compared.`);
  let dd = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dd += (a[i] - b[i]) ** 2;
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  const n = Math.max(1, a.length);
  return Math.sqrt(dd / n) / Math.max(1, Math.sqrt(aa / n), Math.sqrt(bb / n));
}

/** Classification of one spectrum: index, flat directions and kind. */
export function classify(spectrum: HessianSpectrum, zeroTol: number): Pick<CriticalPointEntry, 'index' | 'zeroEigenvalues' | 'kind' | 'lambdaMin' | 'lambdaMax' | 'exact'> {
  const values = spectrum.eigenvalues;
  if (!values.length) throw new RangeError('A Hessian spectrum needs at least one eigenvalue.');
  const lambdaMin = Math.min(...values);
  const lambdaMax = Math.max(...values);
  const cut = Math.max(NEGATIVE_CUTOFF * Math.max(Math.abs(lambdaMin), Math.abs(lambdaMax)), zeroTol);
  const negative = values.filter((v) => v < -cut).length;
  const zero = values.filter((v) => Math.abs(v) <= cut || !Number.isFinite(v)).length;
  if (!spectrum.complete) {
    // Ritz values only: the index is the probe's estimate, at least the negative Ritz values.
    const index = Math.max(negative, spectrum.index);
    const kind: CriticalKind = lambdaMin > cut ? 'minimum' : lambdaMax < -cut ? 'maximum' : index > 0 ? 'saddle' : 'degenerate';
    return { index, zeroEigenvalues: zero, kind, lambdaMin, lambdaMax, exact: false };
  }
  const kind: CriticalKind = zero > 0 ? 'degenerate' : negative === 0 ? 'minimum' : negative === values.length ? 'maximum' : 'saddle';
  return { index: negative, zeroEigenvalues: zero, kind, lambdaMin, lambdaMax, exact: true };
}

/** Distinct critical points among the found points, classified, sorted by loss. */
export async function buildInventory(found: FoundPoints, options: InventoryOptions): Promise<CriticalPointEntry[]> {
  const { gradTol, mergeTol } = options;
  if (!(gradTol > 0)) throw new RangeError(`gradTol must be positive; got ${gradTol}.`);
  if (!(mergeTol >= 0)) throw new RangeError(`mergeTol must be 0 or more; got ${mergeTol}.`);
  const m = found.points.length;
  if (found.loss.length !== m || found.gradNorm.length !== m) {
    throw new RangeError(`points, loss and gradNorm must have one entry per point: ${m}, ${found.loss.length}, ${found.gradNorm.length}.`);
  }
  const zeroTol = options.zeroTol ?? Math.sqrt(gradTol);
  // Best converged first, so each cluster is represented by its most accurate point.
  const order = Array.from({ length: m }, (_, i) => i)
    .filter((i) => found.gradNorm[i] <= gradTol && Number.isFinite(found.loss[i]) && Array.from(found.points[i]).every(Number.isFinite))
    .sort((a, b) => found.gradNorm[a] - found.gradNorm[b]);
  const clusters: { rep: number; count: number }[] = [];
  for (const i of order) {
    const near = clusters.find((c) => scaledDistance(found.points[c.rep], found.points[i]) <= mergeTol);
    if (near) near.count++;
    else clusters.push({ rep: i, count: 1 });
  }
  const entries: CriticalPointEntry[] = [];
  for (const { rep, count } of clusters) {
    const point = Float32Array.from(found.points[rep]);
    entries.push({ point, loss: found.loss[rep], gradNorm: found.gradNorm[rep], count, ...classify(await options.hessian(point), zeroTol) });
  }
  return entries.sort((a, b) => a.loss - b.loss);
}

/** Entries per kind, and per index (what a readout would print). */
export function inventoryCounts(entries: CriticalPointEntry[]): { byKind: Record<CriticalKind, number>; byIndex: Map<number, number> } {
  const byKind: Record<CriticalKind, number> = { minimum: 0, saddle: 0, maximum: 0, degenerate: 0 };
  const byIndex = new Map<number, number>();
  for (const e of entries) {
    byKind[e.kind]++;
    byIndex.set(e.index, (byIndex.get(e.index) ?? 0) + 1);
  }
  return { byKind, byIndex };
}
