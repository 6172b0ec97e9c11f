/**
 * The curvature and cloud readouts of one simulation: the Hessian at a point (eigenpairs, index,
 * spectrum), the particle cloud's mean and principal components, and a census of sampled
 * particles near minima and saddles. GPU subsystems are made on first use and kept.
 */
import type { GpuSimulation } from '../engine/GpuSimulation';
import { FLAG_DIVERGED } from '../engine/types';
import { CloudCovariance } from './CloudCovariance';
import { CurvatureSampler, type CurvatureSample } from './CurvatureSampler';
import { HessianProbe } from './HessianProbe';
import { lanczos } from './lanczos';
import { NetworkReadout, type NetworkReadings } from './NetworkReadout';

/** Up to this dimension the Hessian readout finds every eigenvalue (D products); past it, the extremes and an estimate. */
export const EXACT_SPECTRUM_MAX_DIM = 256;
const SPECTRUM_BINS = 32;

/** An eigenvalue below -NEGATIVE_CUTOFF * max |eigenvalue| counts as negative (not rounding noise at a flat direction). */
export const NEGATIVE_CUTOFF = 1e-3;

export interface Eigenpair {
  value: number;
  vector: Float32Array;
}

export interface HessianReport {
  point: Float32Array;
  loss: number;
  gradNorm: number;
  /** Hessian-vector products used. */
  steps: number;
  /** Every eigenvalue was found (D <= 256): the index and spectrum are exact up to rounding. */
  complete: boolean;
  /** Ritz values, ascending: every eigenvalue when complete. */
  eigenvalues: Float64Array;
  /** Number of negative eigenvalues: exact when complete, else the quadrature estimate. */
  index: number;
  /** Negative Ritz values: by interlacing, the index is at least this. */
  indexLowerBound: number;
  min: Eigenpair;
  max: Eigenpair;
  /** Eigenvalues per bin over [lo, hi]; estimated (weights x D) when not complete. */
  spectrum: { lo: number; hi: number; counts: number[] };
}

export interface PrincipalComponents {
  mean: Float32Array;
  live: number;
  /** Variance along each component, largest first. */
  variances: [number, number];
  vectors: [Float32Array, Float32Array];
}

export interface CurvaturePoint {
  particle: number;
  loss: number;
  gradNorm: number;
  lambdaMin: number;
  lambdaMax: number;
  /** About (negative eigenvalues) / D at the particle. */
  indexFraction: number;
  kind: 'minimum' | 'saddle' | 'elsewhere' | 'diverged';
}

export interface CurvatureCensus {
  samples: number;
  /** "Near a critical point": gradient norm below this. */
  gradTol: number;
  nearMinima: number;
  nearSaddles: number;
  elsewhere: number;
  diverged: number;
  /** Mean index fraction over live samples. */
  meanIndexFraction: number;
  points: CurvaturePoint[];
}

export class Analyzer {
  private probe: HessianProbe | null = null;
  private covariance: CloudCovariance | null = null;
  private sampler: CurvatureSampler | null = null;
  /** The sample count the sampler was made for (it may hold fewer: particles, memory). */
  private samplerAsked = 0;
  private readout: NetworkReadout | null = null;

  constructor(private readonly sim: GpuSimulation) {}

  /** The Hessian at x: extreme eigenpairs, index and spectrum, from Lanczos on GPU products. */
  async hessianAt(x: ArrayLike<number>, options: { steps?: number; seed?: number } = {}): Promise<HessianReport> {
    const dim = this.sim.dim;
    this.probe ??= await HessianProbe.create(this.sim.device, this.sim.binding);
    this.probe.setPoint(x);
    const steps = options.steps ?? (dim <= EXACT_SPECTRUM_MAX_DIM ? dim : 128);
    const r = await lanczos(this.probe, { steps, restart: true, seed: options.seed ?? 1 });
    const values = r.values;
    const top = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
    const cutoff = -NEGATIVE_CUTOFF * top;
    const lowerBound = values.filter((v) => v < cutoff).length;
    let index = lowerBound;
    if (!r.complete) {
      const fraction = values.reduce((s, v, k) => (v < cutoff ? s + r.weights[k] : s), 0);
      index = Math.max(lowerBound, Math.round(fraction * dim));
    }
    const lo = values[0];
    const hi = values[values.length - 1];
    const counts = new Array<number>(SPECTRUM_BINS).fill(0);
    const width = hi - lo || 1;
    values.forEach((v, k) => {
      const bin = Math.min(SPECTRUM_BINS - 1, Math.floor(((v - lo) / width) * SPECTRUM_BINS));
      counts[bin] += r.complete ? 1 : r.weights[k] * dim;
    });
    const gradient = this.probe.gradient;
    return {
      point: Float32Array.from(x),
      loss: this.probe.loss,
      gradNorm: Math.hypot(...gradient),
      steps: r.steps,
      complete: r.complete,
      eigenvalues: values,
      index,
      indexLowerBound: lowerBound,
      min: { value: lo, vector: Float32Array.from(r.vectors[0]) },
      max: { value: hi, vector: Float32Array.from(r.vectors[values.length - 1]) },
      spectrum: { lo, hi, counts },
    };
  }

  /** The live particles' mean position, computed now on the GPU. */
  async mean(): Promise<{ mean: Float32Array; live: number }> {
    this.covariance ??= await CloudCovariance.create(this.sim.device, this.sim.engine);
    await this.flushSteps();
    return this.covariance.mean();
  }

  /** The cloud's two leading principal components (Lanczos on the GPU covariance). */
  async principalComponents(options: { seed?: number } = {}): Promise<PrincipalComponents> {
    const { mean, live } = await this.mean();
    const cov = this.covariance!;
    if (live < 3) throw new RangeError(`Principal components need at least 3 live particles; ${live} are live.`);
    const r = await lanczos(cov, { steps: Math.min(this.sim.dim, 40), restart: true, seed: options.seed ?? 1 });
    const n = r.values.length;
    const second = n > 1 ? r.vectors[n - 2] : orthogonalTo(r.vectors[n - 1]);
    return {
      mean,
      live,
      variances: [r.values[n - 1], n > 1 ? r.values[n - 2] : 0],
      vectors: [Float32Array.from(r.vectors[n - 1]), Float32Array.from(second)],
    };
  }

  /** Curvature at up to `samples` particles spread over the population. */
  async curvature(options: { samples: number; steps: number; seed: number; gradTol: number }): Promise<CurvatureCensus> {
    if (!this.sampler || this.samplerAsked !== options.samples) {
      this.sampler?.destroy();
      this.sampler = await CurvatureSampler.create(this.sim.device, this.sim.engine, this.sim.binding, options.samples);
      this.samplerAsked = options.samples;
    }
    const samples = await this.sampler.measure(options.steps, options.seed);
    return census(samples, options.gradTol);
  }

  /**
   * Networks trained on data: the landscape's metrics (training loss on the whole set, held-out
   * loss, accuracies) of up to `count` networks spread over the cloud; null for landscapes
   * without metrics.
   */
  async networks(count = 256): Promise<NetworkReadings | null> {
    if (!this.sim.binding.landscape.metrics) return null;
    if (!this.readout || this.readout.capacity < Math.min(count, this.sim.count)) {
      this.readout?.destroy();
      this.readout = await NetworkReadout.create(this.sim.device, this.sim.engine, Math.max(count, 256));
    }
    await this.flushSteps();
    return this.readout!.measure(count);
  }

  /** Pending placements reach the particle buffers before they are read. */
  private async flushSteps(): Promise<void> {
    const encoder = this.sim.device.createCommandEncoder({ label: 'Analyzer.flush' });
    this.sim.encode(encoder, 0);
    this.sim.device.queue.submit([encoder.finish()]);
  }

  destroy(): void {
    this.probe?.destroy();
    this.covariance?.destroy();
    this.sampler?.destroy();
    this.readout?.destroy();
  }
}

/** Sorts sampled particles into near a minimum, near a saddle, elsewhere, diverged. */
export function census(samples: CurvatureSample[], gradTol: number): CurvatureCensus {
  const points: CurvaturePoint[] = samples.map((s) => {
    const live = !(s.flags & FLAG_DIVERGED) && Number.isFinite(s.lambdaMin) && Number.isFinite(s.lambdaMax);
    const cutoff = -NEGATIVE_CUTOFF * Math.max(Math.abs(s.lambdaMin), Math.abs(s.lambdaMax));
    const kind: CurvaturePoint['kind'] = !live
      ? 'diverged'
      : s.gradNorm >= gradTol
        ? 'elsewhere'
        : s.lambdaMin < cutoff
          ? 'saddle'
          : 'minimum';
    return {
      particle: s.particle,
      loss: s.loss,
      gradNorm: s.gradNorm,
      lambdaMin: s.lambdaMin,
      lambdaMax: s.lambdaMax,
      indexFraction: s.negativeWeight,
      kind,
    };
  });
  const count = (k: CurvaturePoint['kind']) => points.filter((p) => p.kind === k).length;
  const live = points.filter((p) => p.kind !== 'diverged');
  return {
    samples: samples.length,
    gradTol,
    nearMinima: count('minimum'),
    nearSaddles: count('saddle'),
    elsewhere: count('elsewhere'),
    diverged: count('diverged'),
    meanIndexFraction: live.length ? live.reduce((s, p) => s + p.indexFraction, 0) / live.length : NaN,
    points,
  };
}

/** A unit vector orthogonal to u (for a cloud whose covariance has rank one). */
function orthogonalTo(u: Float64Array): Float64Array {
  const e = new Float64Array(u.length);
  const k = Math.abs(u[0]) < 0.9 ? 0 : 1;
  e[k] = 1;
  const c = u[k];
  for (let i = 0; i < u.length; i++) e[i] -= c * u[i];
  const n = Math.hypot(...e);
  return e.map((x) => x / n);
}
