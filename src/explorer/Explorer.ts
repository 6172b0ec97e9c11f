/**
 * The explorer's programmatic API, exposed as `window.explorer`. The panel, the keyboard, the
 * URL and the tests all drive the explorer through these methods and nothing else: the core
 * (settings, steps, particles, plane, listeners) in ExplorerBase, the analyses here.
 */
import { countGpuObjects } from '../gpu/instrument';
import { SceneView } from '../view/SceneView';
import type { AnalysisListener, AnalysisResults, InterpolationResult, NoiseStabilityReport } from './SliceAnalysis';
import type { CurvatureCensus, HessianReport, PrincipalComponents } from '../analysis/Analyzer';
import type { DirectionProfiles, InventoryOptions, InventoryReport, SharpnessReport } from '../analysis/PathAnalyzer';
import type { TrajectoryPlane } from '../analysis/trajectoryPca';
import { settingsFrom, type ExplorerSettings } from '../settings';
import { checkArgs } from './arguments';
import { initialPosition } from './LiveSystem';
import { ExplorerBase } from './ExplorerBase';

export type { SummaryListener } from './LiveLoop';
export type { SettingsListener } from './ExplorerBase';
export type { NetworkReport } from './LiveSystem';
export type { AnalysisListener, AnalysisResults, InterpolationResult, NoiseStabilityReport } from './SliceAnalysis';

export class Explorer extends ExplorerBase {
  /** Builds the explorer in `container` on `device`, with settings merged over the defaults. */
  static async create(
    container: HTMLElement,
    device: GPUDevice,
    settings: Partial<ExplorerSettings> = {},
    options: { software?: boolean } = {},
  ): Promise<Explorer> {
    const full = settingsFrom(settings);
    countGpuObjects(device);
    const view = await SceneView.create(container, device, !options.software);
    const explorer = new Explorer(device, view, full);
    await explorer.rebuild();
    explorer.applyViewSettings();
    explorer.start();
    return explorer;
  }

  /**
   * The Hessian at the slice's chosen centre point (or at `at`): its extreme eigenpairs, index and spectrum,
   * from Hessian-vector products on the GPU. Every eigenvalue up to D = 256; past that the
   * extremes, a lower bound and an estimate of the index. Also shown in the overlay.
   */
  async hessian(at?: ArrayLike<number>, options: { steps?: number; seed?: number } = {}): Promise<HessianReport> {
    checkArgs('hessian', { at: [at, 'point-or-undefined', this.settings.dim], options: [options, 'hessian-options', this.settings.dim] });
    const point = at ? Array.from(at) : this.plane().point;
    return this.queue.withFramesHeld(() => this.sliceAnalysis.hessian(this.live, point, options));
  }

  /** The particle cloud's mean and two leading principal components, now. */
  async principalComponents(): Promise<PrincipalComponents> {
    return this.queue.withFramesHeld(() => this.live.analyzer.principalComponents());
  }

  /**
   * Curvature at settings.curvatureSamples particles spread over the population: how many sit
   * near minima, near saddles (gradient norm below criticalGradTol), or elsewhere, with each
   * sample's loss and estimated index fraction. Also shown in the overlay.
   */
  async curvature(): Promise<CurvatureCensus> {
    return this.queue.withFramesHeld(() => this.sliceAnalysis.curvature(this.live, this.settings));
  }

  /**
   * Sharpness along the path (settings.trackSharpness): per record its step, each tracked
   * particle's top Hessian eigenvalue and loss (NaN: diverged), their medians, and the edge of
   * stability 2/η for the current step size. Null when not tracking.
   */
  async sharpness(): Promise<(SharpnessReport & { edge: number }) | null> {
    const r = await this.queue.withFramesHeld(() => this.live.paths.sharpness());
    return r && { ...r, edge: 2 / this.settings.lr };
  }

  /** The plane of recorded path `path` (settings.recordPaths): its end, top two principal components, their share of the path's variance, and the path in the plane. */
  async trajectoryPlane(path = this.settings.slicePath): Promise<TrajectoryPlane> {
    return this.queue.withFramesHeld(() => this.live.paths.trajectoryPlane(path));
  }

  /**
   * The loss along the segment between two particles (indices, default particles A and B) or
   * points, t = 0 at the first and 1 at the second, from t = −0.25 to 1.25; with `curve: true`
   * also along a quadratic Bézier curve whose control point is trained by SGD (Garipov et al.
   * 2018). Also shown in the readouts.
   */
  async interpolate(
    from: number | ArrayLike<number> = this.settings.pointA,
    to: number | ArrayLike<number> = this.settings.pointB,
    options: { points?: number; curve?: boolean; steps?: number; lr?: number; samplesPerStep?: number; seed?: number } = {},
  ): Promise<InterpolationResult> {
    const { dim, count } = this.settings;
    checkArgs('interpolate', { from: [from, 'particle-or-point', dim, count], to: [to, 'particle-or-point', dim, count], options: [options, 'options'] });
    return this.queue.withFramesHeld(async () => {
      const position = (e: number | ArrayLike<number>) => (typeof e === 'number' ? this.live.sim.particlePosition(e) : Promise.resolve(Float32Array.from(e)));
      const [a, b] = [await position(from), await position(to)];
      const ends: [number | null, number | null] = [typeof from === 'number' ? from : null, typeof to === 'number' ? to : null];
      const result: InterpolationResult = options.curve
        ? { ends, ...(await this.live.paths.connect(a, b, { ...options, seed: options.seed ?? this.settings.seed })) }
        : { ends, segment: await this.live.paths.segment(a, b, options), curve: null };
      this.sliceAnalysis.publish({ interpolation: result });
      return result;
    });
  }

  /** Turns the drawn plane to the one through particles a, b and c (centred at a), with a view box that holds all three. */
  async planeThrough(a = this.settings.pointA, b = this.settings.pointB, c = this.settings.pointC) {
    const n = this.settings.count;
    checkArgs('planeThrough', { a: [a, 'index', n], b: [b, 'index', n], c: [c, 'index', n] });
    await this.set({ sliceDirections: 'points', pointA: a, pointB: b, pointC: c, box: null });
    return this.plane();
  }

  /**
   * An inventory of critical points: searches from `points` sampled particles for points where
   * the gradient vanishes (minima, saddles and maxima alike), merges duplicates and classifies
   * each by its Hessian's index. Marked on the slice and listed in the readouts.
   */
  async criticalPoints(options: InventoryOptions = {}): Promise<InventoryReport> {
    checkArgs('criticalPoints', { options: [options, 'options'] });
    return this.queue.withFramesHeld(async () => {
      const report = await this.live.paths.criticalPoints({ seed: this.settings.seed, ...options });
      this.sliceAnalysis.publish({ criticalPoints: report });
      this.markCriticalPoints(report);
      return report;
    });
  }

  /**
   * Noise stability of a trained network (particle `particle`, default the best) and of the same
   * network at its start: Gaussian noise of relative size ε injected at each layer's output, its
   * relative size at every later layer, each weight matrix's stable rank and the layer cushion
   * (Arora et al. 2018). MLP landscapes only.
   */
  async noiseStability(particle?: number, options: { epsilon?: number; draws?: number; inputs?: 'train' | 'test'; seed?: number } = {}): Promise<NoiseStabilityReport> {
    if (particle !== undefined) checkArgs('noiseStability', { particle: [particle, 'index', this.settings.count] });
    checkArgs('noiseStability', { options: [options, 'options'] });
    const s = this.settings;
    return this.queue.withFramesHeld(async () => {
      const p = particle ?? (await this.live.sim.summary()).best;
      if (p < 0) throw new RangeError('noiseStability(): every network has diverged; reset the particles first.');
      const trained = await this.live.sim.particlePosition(p);
      const r = await this.live.paths.noiseStability(trained, initialPosition(s, p), { epsilon: options.epsilon ?? 0.01, seed: options.seed ?? s.seed, inputs: options.inputs, draws: options.draws });
      const report = { particle: p, ...r };
      this.sliceAnalysis.publish({ noiseStability: report });
      return report;
    });
  }

  /**
   * Flatness around a network (particle `particle`, default the best): the loss f(θ + α d) for α
   * from −span to span along a random direction filter-normalised at θ (Li et al. 2018) and along a
   * plain random direction of the same length, side by side. Network landscapes only.
   */
  async flatness(particle?: number, options: { span?: number; points?: number; seed?: number } = {}): Promise<DirectionProfiles & { particle: number }> {
    if (particle !== undefined) checkArgs('flatness', { particle: [particle, 'index', this.settings.count] });
    checkArgs('flatness', { options: [options, 'options'] });
    return this.queue.withFramesHeld(async () => {
      const p = particle ?? (await this.live.sim.summary()).best;
      if (p < 0) throw new RangeError('flatness(): every particle has diverged; reset the particles first.');
      const centre = await this.live.sim.particlePosition(p);
      const report = { particle: p, ...(await this.live.paths.directionProfiles(centre, options.seed ?? this.settings.sliceSeed, options)) };
      this.sliceAnalysis.publish({ directions: report });
      return report;
    });
  }


  /** The latest Hessian and curvature readouts (null until first asked for). */
  get analysisResults(): AnalysisResults {
    return this.sliceAnalysis.results;
  }

  onAnalysis(listener: AnalysisListener): () => void {
    return this.sliceAnalysis.onChange(listener);
  }
}
