/**
 * The core of the explorer's programmatic API (src/explorer/Explorer.ts adds the analyses):
 * settings, stepping, particles, the drawn plane, listeners and the GPU resources behind them.
 */
import * as THREE from 'three/webgpu';
import type { ParticleSnapshot, Summary } from '../engine';
import type { SweepRow } from '../optimizers/sweep';
import { countGpuObjects, gpuMemory, type GpuMemory, type GpuObjectCounts } from '../gpu/instrument';
import { SceneView } from '../view/SceneView';
import { ViewMapping } from '../view/ViewMapping';
import { makeColormapTexture } from '../view/colormaps';
import { LiveSystem } from './LiveSystem';
import { planChange } from './changePlan';
import { SliceAnalysis } from './SliceAnalysis';
import type { InventoryReport } from '../analysis/PathAnalyzer';
import { pickSlicePoint, pointOnPlane, screenOfSlicePoint } from './picking';
import {
  applyPatch, boxOf, paramsArray, runOf, SCHEMA, toQuery, type ExplorerSettings, type Row,
} from '../settings';
import { checkArgs } from './arguments';
import { initSpec, pathSettingsOf, type NetworkReport } from './LiveSystem';
import { LiveLoop, type SummaryListener } from './LiveLoop';
import { WorkQueue } from './WorkQueue';

export type SettingsListener = (settings: Readonly<ExplorerSettings>) => void;

export class ExplorerBase {
  protected settings: ExplorerSettings;
  protected live!: LiveSystem;
  private readonly mapping = new ViewMapping();
  private readonly colormap: THREE.DataTexture;
  private readonly settingsListeners = new Set<SettingsListener>();
  protected readonly queue: WorkQueue;
  private readonly loop: LiveLoop;
  /** What the plane is made from when particles decide it, and the curvature readouts. */
  protected readonly sliceAnalysis = new SliceAnalysis();
  private readonly gpuCounts: GpuObjectCounts;
  /** Aborted by destroy(): removes the window listeners, which would otherwise keep a destroyed explorer alive. */
  private readonly unbind = new AbortController();

  protected constructor(
    /**
     * The GPU device everything runs on (the page's, not the explorer's to destroy). Destroying
     * it, `explorer.device.destroy()`, is how tests provoke a lost device: the page then starts a
     * new explorer with the same settings, and calls pending on this one reject with a DeviceLostError.
     */
    readonly device: GPUDevice,
    readonly view: SceneView,
    settings: ExplorerSettings,
  ) {
    this.settings = settings;
    this.colormap = makeColormapTexture(settings.colormap);
    this.gpuCounts = countGpuObjects(device);
    this.queue = new WorkQueue(device);
    this.loop = new LiveLoop(device, view, this.mapping, this.queue, {
      live: () => this.live,
      stepsPerFrame: () => (this.settings.playing ? this.settings.stepsPerFrame : null),
    });
    // A new surface range moves the loss axis labels.
    this.mapping.onChange(() => this.live?.updateAxes(this.settings));
  }

  /** A copy of every current setting. */
  get(): ExplorerSettings {
    return structuredClone(this.settings);
  }

  /** Every setting's row: type, default, range or choices, label, folder, URL name, what a change triggers. */
  get schema(): Readonly<Record<string, Row>> {
    return SCHEMA;
  }

  /** The settings that differ from the defaults, as a URL query string. */
  query(): string {
    return toQuery(this.settings);
  }

  /**
   * Changes settings. Bad values throw a RangeError that names them, and nothing changes.
   * Structural changes rebuild GPU resources; the returned promise resolves when they are ready.
   */
  async set(patch: Partial<ExplorerSettings>): Promise<void> {
    const prev = this.settings;
    const next = applyPatch(prev, patch);
    // Each row says what its change sets off; only that runs (a colour map never touches the engine).
    const plan = planChange(prev, next);
    if (!plan.keys.length) return;
    const { triggers } = plan;
    this.settings = next;
    // Readouts of another landscape, dimension or parameters would mislead: they go.
    if (triggers.has('rebuild') || triggers.has('params')) this.sliceAnalysis.clear();
    try {
      if (triggers.has('rebuild')) {
        await this.queue.exclusive(() => this.rebuild());
      } else {
        if (triggers.has('params')) {
          this.live.sim.setLandscapeParams(paramsArray(next));
          this.live.surface.invalidate();
        }
        // The escape threshold follows the saddle's loss, so new parameters reach the run too.
        if (triggers.has('run') || triggers.has('params')) this.live.sim.setRun(runOf(next));
        if (triggers.has('reset')) this.resetParticles();
        if (triggers.has('paths')) await this.queue.withFramesHeld(() => this.live.paths.configure(pathSettingsOf(this.settings)));
        if (plan.recomputeSlice) await this.queue.withFramesHeld(() => this.computeSlice());
        if (plan.movePlane) {
          this.live.surface.setPlane(this.plane());
          this.live.clearTrails();
        }
        // Marks follow the plane (or go, with the readouts of other parameters).
        if (plan.movePlane || plan.recomputeSlice || triggers.has('params')) this.markCriticalPoints(this.sliceAnalysis.results.criticalPoints);
        if (plan.movePlane && next.sliceDirections !== 'trajectory') this.live.marks.setPath(null);
      }
    } catch (e) {
      // A rebuild that failed (e.g. past the device's limits) goes back to what worked.
      this.settings = prev;
      if (triggers.has('rebuild')) await this.queue.exclusive(() => this.rebuild());
      throw e;
    }
    if (plan.updateView) this.applyViewSettings();
    this.settingsListeners.forEach((l) => l(this.get()));
  }

  play(): void {
    this.setPlaying(true);
  }

  pause(): void {
    this.setPlaying(false);
  }

  private setPlaying(playing: boolean): void {
    if (this.settings.playing === playing) return;
    // A new object, never a change in place: resolved settings are cached per object.
    this.settings = { ...this.settings, playing };
    this.settingsListeners.forEach((l) => l(this.get()));
  }

  /** Re-places every particle (same seed: same start) and restarts the step count. */
  reset(): void {
    this.resetParticles();
  }

  /** Queues one frame's worth of single steps while paused (the panel's Step button). */
  stepOnce(): void {
    this.loop.stepOnce();
  }

  /**
   * Pauses, then advances exactly n steps and resolves with the summary after them.
   * The same seed and the same calls give the same particles, step for step.
   */
  async step(n: number): Promise<Summary> {
    checkArgs('step', { n: [n, 'count'] });
    this.pause();
    return this.queue.exclusive(async () => {
      await this.live.sim.step(n);
      this.live.clearTrails();
      const s = await this.live.sim.summary();
      this.loop.publish(s);
      return s;
    });
  }

  /** Statistics at the current step, read from the GPU now. */
  async summary(): Promise<Summary> {
    return this.queue.exclusive(() => this.live.sim.summary());
  }

  /** Every particle's position, loss, gradient norm and flags (a full read-back: for scripts, not per frame). */
  async particles(): Promise<ParticleSnapshot> {
    return this.queue.exclusive(() => this.live.sim.particles());
  }

  /**
   * Networks trained on data: `count` networks' held-out readouts (NaN: diverged), measured on
   * the GPU now, with their means and medians; null for landscapes without metrics.
   */
  async networks(count = 256): Promise<NetworkReport | null> {
    checkArgs('networks', { count: [count, 'positive-count'] });
    return this.queue.exclusive(() => this.live.networks(count));
  }

  /** A step-size sweep now, per step size (particles, diverged, median loss, reached targetLoss, median steps); null without a sweep. */
  async sweep(): Promise<SweepRow[] | null> {
    const s = this.settings;
    return s.lrSweepCount > 1 ? this.queue.exclusive(() => this.live.sweep(s)) : null;
  }

  /** One particle's coordinates (a network's parameters), read back now: a small read, for views that follow one network. */
  async particle(index: number): Promise<Float32Array> {
    checkArgs('particle', { index: [index, 'index', this.settings.count] });
    return this.queue.exclusive(() => this.live.sim.particlePosition(index));
  }

  /** The most recent summary the frame loop read back. */
  get lastSummary(): Summary | null {
    return this.loop.latest;
  }

  /** Drops settings.dropCount particles around slice point (a, b). */
  drop(a: number, b: number, count = this.settings.dropCount): void {
    checkArgs('drop', { a: [a, 'finite'], b: [b, 'finite'], count: [count, 'positive-count'] });
    const [lo, hi] = boxOf(this.settings);
    const center = pointOnPlane(this.plane(), a, b);
    this.live.sim.spawn({ kind: 'gaussian', center, sigma: this.settings.dropSpread * (hi - lo) }, count);
  }

  /** Drops particles where a ray through the canvas pixel meets the surface; returns (a, b) or null. */
  dropAt(clientX: number, clientY: number): [number, number] | null {
    checkArgs('dropAt', { clientX: [clientX, 'finite'], clientY: [clientY, 'finite'] });
    const ab = pickSlicePoint(this.view.rayAt(clientX, clientY), this.mapping, this.settings, this.plane());
    if (ab) this.drop(ab[0], ab[1]);
    return ab;
  }

  /** Where slice point (a, b) appears on screen (client pixels), on the surface as drawn now. */
  screenOf(a: number, b: number): { x: number; y: number } {
    checkArgs('screenOf', { a: [a, 'finite'], b: [b, 'finite'] });
    return screenOfSlicePoint(this.view, this.mapping, this.settings, this.plane(), a, b);
  }

  /**
   * Times one frame's two halves on the GPU queue (for the benchmark): the compute work
   * (steps, projection, statistics) and the draw, in milliseconds of wall-clock time.
   */
  async timeFrame(steps = this.settings.stepsPerFrame): Promise<{ compute: number; draw: number }> {
    checkArgs('timeFrame', { steps: [steps, 'count'] });
    // The live loop stands still meanwhile, so its frames do not share the queue with these.
    return this.queue.withFramesHeld(() => this.live.timeFrame(steps));
  }

  /**
   * Centres the drawn plane on the particle with the lowest loss now (sets sliceCenter to 'best').
   * Resolves with that particle's position.
   */
  async recentreOnBest(): Promise<Float32Array | null> {
    if (this.settings.sliceCenter !== 'best') await this.set({ sliceCenter: 'best' });
    else await this.refreshSlice();
    return this.sliceAnalysis.best;
  }

  /**
   * Recomputes what the plane is made from for the particles as they are now (best particle,
   * mean, principal components, Hessian eigenvectors at the centre) and redraws the slice.
   */
  async refreshSlice() {
    await this.queue.withFramesHeld(() => this.computeSlice());
    this.settingsListeners.forEach((l) => l(this.get()));
    return this.plane();
  }

  /** Computes the plane; a path or three particles the automatic box would cut get a box that holds them (kept in the settings, so links reproduce it). */
  protected async computeSlice(lenient = false): Promise<void> {
    await this.sliceAnalysis.compute(this.live, this.settings, lenient);
    const box = this.sliceAnalysis.fittedBox(this.settings);
    if (box) {
      this.settings = { ...this.settings, box };
      this.live.surface.setPlane(this.plane());
      this.applyViewSettings();
    }
  }

  /**
   * The drawn plane: the chosen centre `point`, the origin `center` and directions u, v (the
   * surface is center + a u + b v; along the axes center has x1 = x2 = 0, so a, b are x1, x2).
   */
  slice() {
    return this.plane();
  }

  /** Marks an inventory's points on the slice at their projections (exactly where they are when D = 2 along the axes). */
  protected markCriticalPoints(report: InventoryReport | null): void {
    const plane = this.plane();
    const dot = (x: ArrayLike<number>, w: ArrayLike<number>) => {
      let t = 0;
      for (let d = 0; d < x.length; d++) t += (x[d] - plane.center[d]) * w[d];
      return t;
    };
    this.live.marks.setPoints((report?.points ?? []).map((p) => ({ a: dot(p.point, plane.u), b: dot(p.point, plane.v), loss: p.loss, kind: p.kind })));
  }

  protected plane() {
    return this.sliceAnalysis.plane(this.settings);
  }

  /** Tells the view which pixels panels cover, so the surface centres in the rest. */
  setSafeArea(left: number, right: number, refit = false): void {
    checkArgs('setSafeArea', { left: [left, 'non-negative'], right: [right, 'non-negative'] });
    this.view.setSafeArea(left, right, refit);
  }

  /** A PNG data URL of the canvas, drawn now. */
  screenshot(): string {
    return this.view.screenshot();
  }

  onSummary(listener: SummaryListener): () => void {
    return this.loop.onSummary(listener);
  }

  onSettings(listener: SettingsListener): () => void {
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }

  /** Operations one step of every particle costs (particles x one evaluation's estimate). */
  get workPerStep(): number {
    return this.live.sim.count * this.live.sim.binding.evaluationCost;
  }

  /** The surface's loss range as drawn, [min, max]. */
  get surfaceRange(): [number, number] {
    return this.mapping.heights;
  }

  /**
   * Whether another view covers the explorer (a lab, src/ui/LabHost.ts): while covered and
   * paused it draws no frame, so the GPU is free for what covers it; a step or play still draws.
   */
  get covered(): boolean {
    return this.loop.covered;
  }

  set covered(on: boolean) {
    this.loop.covered = on;
  }

  /** Frames drawn so far. */
  get frameCount(): number {
    return this.loop.count;
  }

  /** GPU objects created on the device so far, by kind (steady frames create none). */
  gpuObjectsCreated(): GpuObjectCounts {
    return { ...this.gpuCounts };
  }

  /**
   * GPU buffers and textures this page holds on the device now: `liveBuffers` and `liveBytes`
   * (created, not yet destroyed), `liveTextures`, and how many were destroyed so far. Changing
   * the landscape, dimension or sizes and back returns them to the same numbers: a rebuild frees
   * everything the one before it made.
   */
  gpuMemory(): GpuMemory {
    return gpuMemory(this.device);
  }

  get mappingForOverlay(): ViewMapping {
    return this.mapping;
  }

  /** Stops the loop and frees every GPU object the explorer made (not the device, which is the caller's). */
  destroy(): void {
    this.unbind.abort();
    this.loop.stop();
    this.live?.destroy();
    this.colormap.dispose();
    this.view.destroy();
  }

  /** Replaces the GPU resources; frames are held meanwhile so nothing records into destroyed buffers. */
  protected rebuild(): Promise<void> {
    // Work already submitted finishes before the old buffers go.
    return this.queue.holdingFrames(async () => {
      this.live?.destroy();
      const sliceData = this.sliceAnalysis.sliceData(this.settings.dim);
      this.live = await LiveSystem.create(this.device, this.view, this.mapping, this.colormap, this.settings, sliceData);
      if (SliceAnalysis.needsCompute(this.settings)) await this.computeSlice(true);
      this.loop.forget();
      this.applyViewSettings();
    });
  }

  private resetParticles(): void {
    this.live.sim.setSeed(this.settings.seed);
    this.live.sim.reset(initSpec(this.settings));
    this.live.clearTrails();
  }

  protected applyViewSettings(): void {
    this.live.applySettings(this.settings, this.mapping.heights);
    this.view.setCameraMode(this.settings.camera);
    this.view.autoRotate = this.settings.autoRotate;
  }

  protected start(): void {
    this.loop.start();
    window.addEventListener(
      'resize',
      () => this.view.resize(),
      { signal: this.unbind.signal },
    );
  }
}
