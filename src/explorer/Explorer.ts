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
import { BirthdayTest, type BirthdayReport } from '../analysis/BirthdayTest';
import { resolveBirthdayOptions, type BirthdayOptions } from '../analysis/birthdayReference';
import { settingsFrom, type ExplorerSettings } from '../settings';
import { checkArgs } from './arguments';
import { initialPosition } from './LiveSystem';
import { ExplorerBase } from './ExplorerBase';
import * as exporting from '../export';
import { Recorder } from '../record/Recorder';
import type { CompositeOptions, RecordOptions } from '../record/options';
import type { CameraPose } from '../view/SceneView';

export type { SummaryListener } from './LiveLoop';
export type { SettingsListener } from './ExplorerBase';
export type { NetworkReport } from './LiveSystem';
export type { AnalysisListener, AnalysisResults, InterpolationResult, NoiseStabilityReport } from './SliceAnalysis';
export type { BirthdayReport } from '../analysis/BirthdayTest';
export type { CompositeOptions, RecordOptions, RecordProgress } from '../record/options';

export class Explorer extends ExplorerBase {
  /** Recordings and PNG captures, with the camera keyframes of a recorded path. */
  private readonly recorder = new Recorder({
    device: this.device,
    view: this.view,
    queue: this.queue,
    mapping: this.mappingForOverlay,
    live: () => this.live,
    settings: () => this.settings,
    setPlaying: (playing) => (playing ? this.play() : this.pause()),
  });

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

  /**
   * The birthday-paradox support test (Arora & Zhang 2017) on the particle cloud, all D
   * coordinates: for each batch size s in `sizes`, `batches` batches of s distinct particles,
   * every pair's distance on the GPU, pairs closer than `threshold` counted. Per size the share of
   * batches holding such a pair and each batch's closest pair; the size s½ at which half of them
   * do, the support size the exact birthday formula gives for it, and the usual s½² rule beside
   * it. No batch (or every batch) with a duplicate gives a bound instead of a number. Defaults:
   * sizes 2, 4, … up to 1,024, 64 batches, threshold 1e-3, the run's seed.
   */
  async birthdayTest(options: BirthdayOptions = {}): Promise<BirthdayReport> {
    checkArgs('birthdayTest', { options: [options, 'options'] });
    const resolved = resolveBirthdayOptions(options, { count: this.settings.count, dim: this.settings.dim }, this.settings.seed);
    return this.queue.withFramesHeld(async () => {
      const sim = this.live.sim;
      // Placements still pending land in the position buffer first.
      await sim.step(0);
      const capacity = { maxBatchSize: resolved.sizes.at(-1)!, batches: resolved.batches };
      const test = await BirthdayTest.create(this.device, { count: sim.count, dim: sim.dim }, capacity);
      try {
        return await test.sweep(sim.engine.pos, resolved);
      } finally {
        test.destroy();
      }
    });
  }


  /**
   * Records a video offline, frame by frame: each frame exactly `stepsPerFrame` steps, the camera
   * for its time (still, orbit, or the keyframe path), the view at `width` x `height` with the
   * readouts, colour bar, title and caption composed over it. Resolves with the MP4 (H.264) or
   * WebM (VP9) file; a browser without WebCodecs (or `png: true`) gets the frames as PNG images.
   * The live loop waits meanwhile; `signal` cancels, leaving view, camera and playing state as
   * they were. Sizes past the device or the encoder's support are refused with a RangeError.
   */
  async record(options: RecordOptions = {}): Promise<Blob | Blob[]> {
    return this.recorder.record(options);
  }

  /** A PNG of the view with its readouts, colour bar and optional title and caption, at 1 to 4 times the canvas's size. */
  async capturePng(scale = 1, options: CompositeOptions = {}): Promise<Blob> {
    return this.recorder.capturePng(scale, options);
  }

  /** Stores the current view as the next keyframe of a recording's camera path (camera: 'path'); returns how many there are. */
  addCameraKeyframe(): number {
    return this.recorder.addKeyframe();
  }

  clearCameraKeyframes(): void {
    this.recorder.clearKeyframes();
  }

  /** The camera path's keyframes: each a position, target, up direction and zoom. */
  get cameraKeyframes(): readonly CameraPose[] {
    return this.recorder.keyframes;
  }

  /** Whether a recording is running. */
  get recording(): boolean {
    return this.recorder.busy;
  }

  /** The run's summaries over time, for the series exports (a new system, or the step count going back, starts it afresh). */
  private readonly history = (() => {
    const history = new exporting.SummaryHistory();
    this.onSummary((s) => history.record(s, this.live));
    return history;
  })();

  /** Re-places every particle (same seed: same start), restarts the step count and the summary history. */
  override reset(): void {
    super.reset();
    this.history.clear();
  }

  /**
   * The summaries read back since the run began (by frames and step()), oldest first: step, counts
   * (live, converged, diverged), best particle, loss mean/min/max, mean gradient norm, escapes. At
   * most 4096 records: when full, every other one goes (the first and the newest stay) and new ones
   * are kept half as often. A reset or a rebuild starts afresh.
   */
  summaryHistory(): exporting.SummaryRecord[] {
    return this.history.all();
  }

  /** The summary history as a CSV or JSON file (a File: a Blob with a suggested name). */
  exportSeries(format: exporting.TableFormat = 'csv'): File {
    return exporting.seriesFile(this.history.all(), format, this.runDescription());
  }

  /**
   * Every particle as a CSV or JSON file: index, coordinates x1..xD, loss, gradient norm, diverged,
   * converged, age, escape age. Refused with a RangeError past 10 million numbers (count × (D + 7)).
   */
  async exportParticles(format: exporting.TableFormat = 'csv'): Promise<File> {
    exporting.checkTableFormat('exportParticles', format);
    exporting.checkParticleExportSize(this.settings.count, this.settings.dim);
    const snapshot = await this.particles();
    return exporting.particlesFile(snapshot, format, this.runDescription());
  }

  /**
   * The surface as drawn (world positions, log height included, colour-map vertex colours) as a
   * binary glTF (.glb) file, its heights read back once; waits for a surface still being evaluated.
   */
  async exportSurface(): Promise<File> {
    const { heights, grid } = await exporting.readSurfaceHeights(this.device, this.queue, () => this.live.surface);
    const { logScale, colormap } = this.settings;
    return exporting.surfaceFile(heights, grid, { ...this.runDescription(), logScale, colormap });
  }

  /** Every setting, the URL query and a version, as a JSON file that importSetup() reads back. */
  exportSetup(): File {
    return exporting.setupFile(this.settings);
  }

  /**
   * Restores a setup from exportSetup() (its JSON text or the parsed object). Every field is checked
   * first, settings through the same validation as set(): an unknown or bad one is named in a
   * RangeError, and nothing changes.
   */
  async importSetup(setup: string | object): Promise<void> {
    const target = exporting.parseSetup(setup);
    await this.set(exporting.importPatch(this.settings, target));
    this.settings = exporting.withTargetParams(this.settings, target);
  }

  /** The full URL that opens the current setup: this page's address with query(). */
  setupUrl(): string {
    return exporting.setupUrlOf(window.location, this.query());
  }

  private runDescription(): exporting.RunDescription {
    return { landscape: this.settings.landscape, dim: this.settings.dim, query: this.query() };
  }

  /** The latest Hessian and curvature readouts (null until first asked for). */
  get analysisResults(): AnalysisResults {
    return this.sliceAnalysis.results;
  }

  onAnalysis(listener: AnalysisListener): () => void {
    return this.sliceAnalysis.onChange(listener);
  }
}
