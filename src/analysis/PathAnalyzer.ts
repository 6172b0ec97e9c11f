/**
 * Trajectory and landscape analysis of one simulation: sharpness tracked along the path and
 * recorded paths (both path probes, recorded at exact multiples of their interval), the loss
 * along segments and fitted curves between points, the critical points the landscape has, and
 * the noise stability of a trained network. GPU subsystems are made on first use and kept, like
 * the Analyzer's.
 */
import type { GpuSimulation } from '../engine/GpuSimulation';
import { SharpnessTracker, summarizeSharpness, type SharpnessSeries, type SharpnessSummary } from './SharpnessTracker';
import { TrajectoryRecorder } from './TrajectoryRecorder';
import type { TrajectoryPlane } from './trajectoryPca';
import { PathProfile, type PathProfileResult } from './PathProfile';
import { BezierFit } from './BezierFit';
import { curveBarrier, DEFAULT_PROFILE_POINTS, type BezierFitOptions } from './curveReference';
import { CriticalPointSearch, type SearchResult } from './CriticalPointSearch';
import { buildInventory, type CriticalPointEntry } from './inventory';
import { NoiseStability } from './NoiseStability';
import type { NoiseMeasureOptions, NoiseStabilityResult } from './noiseStabilityReference';
import type { Analyzer } from './Analyzer';
import { filterNormalizedDirections } from './filterNormalize';
import { gaussian, mulberry32 } from '../landscapes/seeded';

export interface PathSettings {
  /** Track sharpness every `every` steps at `samples` particles; null: off. */
  sharpness: { every: number; samples: number } | null;
  /** Record the paths of `particles` particles every `every` steps; null: off. */
  paths: { every: number; particles: number } | null;
}

export interface SharpnessReport extends SharpnessSeries {
  median: SharpnessSummary;
}

export interface CurveReport {
  /** The loss along the straight segment a → b (t from −0.25 to 1.25 unless asked otherwise). */
  segment: PathProfileResult & { barrier: number };
  /** The loss along the fitted quadratic Bézier curve a → c → b, and the fit. */
  curve: PathProfileResult & { barrier: number; control: Float32Array; fitLoss: number[]; fitEvery: number };
}

export interface DirectionProfiles {
  /** Where each point sits: θ + α d. */
  alpha: Float64Array;
  /** Loss along the filter-normalised direction. */
  filter: Float32Array;
  /** Loss along the plain random direction of the same length. */
  plain: Float32Array;
  /** |d| of both directions, and |θ| for scale. */
  directionLength: number;
  centreNorm: number;
}

export interface InventoryReport {
  /** Starts searched, and how many ended at a point with |∇f| below gradTol. */
  searched: number;
  converged: number;
  gradTol: number;
  points: CriticalPointEntry[];
}

export interface InventoryOptions {
  /** Starts, sampled evenly from the particles (default 256). */
  points?: number;
  /** Newton or gradient-norm iterations per start (default 200). */
  iterations?: number;
  /** A point is critical when |∇f| is below this (default 1e-4). */
  gradTol?: number;
  /** Points closer than this (root mean square per coordinate, relative) are one (default 1e-3). */
  mergeTol?: number;
  seed?: number;
}

export class PathAnalyzer {
  private tracker: SharpnessTracker | null = null;
  private recorder: TrajectoryRecorder | null = null;
  private removeProbes: (() => void)[] = [];
  private profile: PathProfile | null = null;
  private fitter: { fit: BezierFit; samples: number } | null = null;
  private search: { search: CriticalPointSearch; points: number } | null = null;
  private noise: { noise: NoiseStability; draws: number } | null = null;

  constructor(
    private readonly sim: GpuSimulation,
    private readonly analyzer: Analyzer,
  ) {}

  /** Starts or stops the path probes as `settings` say; what they recorded so far is dropped. */
  async configure(settings: PathSettings): Promise<void> {
    this.stopProbes();
    const { sim } = this;
    if (settings.sharpness) {
      const tracker = await SharpnessTracker.create(sim.device, sim.engine, sim.binding, { samples: settings.sharpness.samples });
      this.tracker = tracker;
      this.removeProbes.push(sim.addProbe({ every: settings.sharpness.every, encode: (e, step) => void tracker.encode(e, step), clear: () => tracker.clear() }));
    }
    if (settings.paths) {
      const n = Math.min(settings.paths.particles, sim.count);
      const stride = Math.max(1, Math.floor(sim.count / n));
      const recorder = await TrajectoryRecorder.create(sim.device, sim.engine, { particles: Array.from({ length: n }, (_, i) => i * stride), every: settings.paths.every });
      this.recorder = recorder;
      this.removeProbes.push(sim.addProbe({ every: settings.paths.every, encode: (e, step) => recorder.encode(e, step), clear: () => recorder.clear() }));
    }
  }

  get trackingSharpness(): boolean {
    return this.tracker !== null;
  }

  /** The particles whose paths are recorded (empty when none are). */
  get recordedParticles(): number[] {
    return this.recorder ? Array.from(this.recorder.particles) : [];
  }

  /** The sharpness series so far, with its medians per record; null when not tracking. */
  async sharpness(): Promise<SharpnessReport | null> {
    if (!this.tracker) return null;
    const series = await this.tracker.read();
    return { ...series, median: summarizeSharpness(series) };
  }

  /** The plane of recorded path `which`: centred at its end, along its top two principal components. */
  async trajectoryPlane(which: number): Promise<TrajectoryPlane> {
    if (!this.recorder) throw new RangeError('No paths are recorded: set recordPaths (the Trajectories folder) and run some steps first.');
    const n = this.recorder.particles.length;
    if (!Number.isInteger(which) || which < 0 || which >= n) throw new RangeError(`Path ${which} was refused: ${n} paths are recorded (0 to ${n - 1}).`);
    if (this.recorder.records < 2) throw new RangeError('The path has fewer than 2 recorded points yet: run some steps first.');
    return this.recorder.plane(which);
  }

  /** The loss along the segment from a to b (t = 0 at a, 1 at b). */
  async segment(a: ArrayLike<number>, b: ArrayLike<number>, options: { points?: number; from?: number; to?: number } = {}): Promise<PathProfileResult & { barrier: number }> {
    const profile = await this.profileOf(options.points ?? DEFAULT_PROFILE_POINTS);
    const r = await profile.segment(a, b, options);
    return { ...r, barrier: curveBarrier(r) };
  }

  /** Fits a quadratic Bézier curve from a to b by SGD on its control point, and profiles it beside the segment. */
  async connect(
    a: ArrayLike<number>,
    b: ArrayLike<number>,
    options: Partial<BezierFitOptions> & { samplesPerStep?: number; points?: number } = {},
  ): Promise<CurveReport> {
    const samples = options.samplesPerStep ?? 16;
    if (!this.fitter || this.fitter.samples !== samples) {
      this.fitter?.fit.destroy();
      this.fitter = { fit: await BezierFit.create(this.sim.device, this.sim.binding, { samplesPerStep: samples }), samples };
    }
    const fit = await this.fitter.fit.fit(a, b, { steps: options.steps ?? 500, lr: options.lr ?? 0.01, seed: options.seed ?? 1, control: options.control, recordEvery: options.recordEvery });
    const segment = await this.segment(a, b, { points: options.points });
    const profile = await this.profileOf(options.points ?? DEFAULT_PROFILE_POINTS);
    const curve = await profile.bezier(a, fit.control, b, { points: options.points });
    return {
      segment,
      curve: { ...curve, barrier: curveBarrier(curve), control: fit.control, fitLoss: fit.curveLoss, fitEvery: fit.recordEvery },
    };
  }

  /**
   * Critical points of every index: searches from sampled particles (Newton's method on the
   * gradient for D ≤ 8, descent on |∇f|² above), keeps the points whose gradient vanished,
   * merges duplicates and classifies each by the Hessian's index there.
   */
  async criticalPoints(options: InventoryOptions = {}): Promise<InventoryReport> {
    const points = Math.max(1, Math.min(options.points ?? 256, this.sim.count));
    if (!this.search || this.search.points !== points) {
      this.search?.search.destroy();
      this.search = { search: await CriticalPointSearch.create(this.sim.device, this.sim.engine, { points }), points };
    }
    const flush = this.sim.device.createCommandEncoder({ label: 'PathAnalyzer.flush' });
    this.sim.encode(flush, 0);
    this.sim.device.queue.submit([flush.finish()]);
    const found: SearchResult = await this.search.search.run({ iterations: options.iterations ?? 200, seed: options.seed ?? 0 });
    const gradTol = options.gradTol ?? 1e-4;
    const entries = await buildInventory(found, {
      gradTol,
      mergeTol: options.mergeTol ?? 1e-3,
      hessian: async (x) => {
        const h = await this.analyzer.hessianAt(x);
        return { eigenvalues: h.eigenvalues, complete: h.complete, index: h.index };
      },
    });
    const converged = Array.from(found.gradNorm).filter((g) => g < gradTol).length;
    return { searched: found.points.length, converged, gradTol, points: entries };
  }

  /**
   * Loss profiles f(θ + α d) through `centre` for α from −span to span: along a seeded random
   * direction filter-normalised at θ (Li et al. 2018) and along a plain seeded random direction
   * of the same length, side by side.
   */
  async directionProfiles(centre: Float32Array, seed: number, options: { span?: number; points?: number } = {}): Promise<DirectionProfiles> {
    const { landscape, dim, params } = this.sim.binding;
    const span = options.span ?? 1;
    if (!(span > 0 && Number.isFinite(span))) throw new RangeError(`span = ${span} was refused: it must be a finite number > 0.`);
    const [filter] = filterNormalizedDirections(centre, landscape, params, dim, seed);
    const length = Math.hypot(...filter);
    const rand = mulberry32(seed * 2654435761 + 31);
    const plain = Float64Array.from({ length: dim }, () => gaussian(rand));
    const scale = length / Math.hypot(...plain);
    plain.forEach((x, i) => (plain[i] = x * scale));
    const along = async (d: Float64Array) => {
      const a = Float32Array.from(centre, (x, i) => x - span * d[i]);
      const b = Float32Array.from(centre, (x, i) => x + span * d[i]);
      return (await this.segment(a, b, { points: options.points ?? DEFAULT_PROFILE_POINTS, from: 0, to: 1 })).loss;
    };
    const filterLoss = Float32Array.from(await along(filter));
    const plainLoss = Float32Array.from(await along(plain));
    const points = filterLoss.length;
    return {
      alpha: Float64Array.from({ length: points }, (_, i) => span * (2 * i / (points - 1) - 1)),
      filter: filterLoss,
      plain: plainLoss,
      directionLength: length,
      centreNorm: Math.hypot(...centre),
    };
  }

  /** Noise stability of `network` and of `initial` (the same particle at its start), side by side. */
  async noiseStability(
    network: Float32Array,
    initial: Float32Array,
    options: NoiseMeasureOptions & { draws?: number },
  ): Promise<{ trained: NoiseStabilityResult; initial: NoiseStabilityResult }> {
    const draws = options.draws ?? 8;
    if (!this.noise || this.noise.draws !== draws) {
      this.noise?.noise.destroy();
      this.noise = { noise: await NoiseStability.create(this.sim.device, this.sim.binding, { draws }), draws };
    }
    const trained = await this.noise.noise.measure(network, options);
    const start = await this.noise.noise.measure(initial, options);
    return { trained, initial: start };
  }

  private async profileOf(points: number): Promise<PathProfile> {
    if (!this.profile || this.profile.capacity < points) {
      this.profile?.destroy();
      this.profile = await PathProfile.create(this.sim.device, this.sim.binding, Math.max(points, DEFAULT_PROFILE_POINTS));
    }
    return this.profile;
  }

  private stopProbes(): void {
    this.removeProbes.forEach((remove) => remove());
    this.removeProbes = [];
    this.tracker?.destroy();
    this.recorder?.destroy();
    this.tracker = null;
    this.recorder = null;
  }

  destroy(): void {
    this.stopProbes();
    this.profile?.destroy();
    this.fitter?.fit.destroy();
    this.search?.search.destroy();
    this.noise?.noise.destroy();
  }
}
