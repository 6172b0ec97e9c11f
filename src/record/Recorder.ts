/**
 * Deterministic recordings and PNG captures of the explorer. Frames are drawn offline: for each,
 * exactly stepsPerFrame steps (through the live frame's own path, so particles and trails look as
 * they do live), the camera for that frame's time, the view at the recording's size, the readouts
 * composed over it, then the encoder. The live loop is held meanwhile, so a slow machine records
 * the same frames as a fast one, only slower.
 */
import type { Summary } from '../engine';
import type { LiveSystem } from '../explorer/LiveSystem';
import type { WorkQueue } from '../explorer/WorkQueue';
import type { ExplorerSettings } from '../settings';
import type { CameraMode, CameraPose, SceneView } from '../view/SceneView';
import type { ViewMapping } from '../view/ViewMapping';
import { poseAt } from './cameraPath';
import { Compositor } from './Compositor';
import { checkSize, resolveRecordOptions, type CompositeOptions, type FrameHook, type RecordOptions, type RecordPlan } from './options';
import { LossHistory } from './readouts';
import { hasWebCodecs, PngSequence, VideoFile, type FrameSink } from './sinks';

/** What a recorder needs of the explorer: its view, queue and current system. */
export interface RecordHost {
  readonly device: GPUDevice;
  readonly view: SceneView;
  readonly queue: WorkQueue;
  readonly mapping: ViewMapping;
  live(): LiveSystem;
  settings(): ExplorerSettings;
  setPlaying(playing: boolean): void;
}

const MAX_KEYFRAMES = 64;

/** A scene player's timeline, `window.sceneTimeline(frame, fps)`, if the page has one: what a recording without beforeFrame follows. */
function sceneTimeline(): FrameHook | undefined {
  const timeline = (window as { sceneTimeline?: unknown }).sceneTimeline;
  return typeof timeline === 'function' ? (timeline as FrameHook) : undefined;
}

export class Recorder {
  private readonly keys: CameraPose[] = [];
  private running = false;

  constructor(private readonly host: RecordHost) {}

  /** Stores the current view as the next keyframe of a camera path; returns how many there are. */
  addKeyframe(): number {
    if (this.keys.length >= MAX_KEYFRAMES) throw new RangeError(`addCameraKeyframe(): a path holds at most ${MAX_KEYFRAMES} keyframes; clear them first.`);
    this.keys.push(this.host.view.cameraPose());
    return this.keys.length;
  }

  clearKeyframes(): void {
    this.keys.length = 0;
  }

  get keyframes(): readonly CameraPose[] {
    return this.keys.map((k) => structuredClone(k));
  }

  /** Whether a recording is running now. */
  get busy(): boolean {
    return this.running;
  }

  /** Records a video (or PNG frames without WebCodecs); see RecordOptions. */
  async record(options: RecordOptions = {}): Promise<Blob | Blob[]> {
    const { host } = this;
    const plan = resolveRecordOptions(options, host.device.limits.maxTextureDimension2D, host.settings().stepsPerFrame);
    if (plan.camera === 'path' && this.keys.length < 2) {
      throw new RangeError(`record(): camera = 'path' needs at least 2 camera keyframes (there are ${this.keys.length}): add them with addCameraKeyframe().`);
    }
    if (this.running) throw new Error('record(): a recording is already running; cancel it first.');
    options.signal?.throwIfAborted();
    const hook = options.beforeFrame ?? sceneTimeline();
    this.running = true;
    let sink: FrameSink | null = null;
    const compositor = new Compositor(plan.width, plan.height, Boolean(options.onFrame));
    const playing = host.settings().playing;
    const starts = new Map<CameraMode, CameraPose>();
    try {
      sink = plan.png || !hasWebCodecs() ? new PngSequence() : await VideoFile.open(plan, compositor.canvas);
      const output = sink;
      // Frames stay held throughout; each frame's GPU work is queued like any other, so a scene
      // player's settings changes between frames go through the queue too.
      return await host.queue.holdingFrames(async () => {
        host.view.holdSize(plan.width, plan.height, compositor.margins(host.settings(), plan));
        const history = new LossHistory();
        const began = performance.now();
        for (let frame = 0; frame < plan.frames; frame++) {
          options.signal?.throwIfAborted();
          const text = await hook?.(frame, plan.fps);
          if (text?.title !== undefined) plan.title = text.title;
          if (text?.caption !== undefined) plan.caption = text.caption;
          options.signal?.throwIfAborted();
          const mode = host.view.cameraMode;
          if (!starts.has(mode)) starts.set(mode, host.view.cameraPose());
          await host.queue.exclusive(async () => {
            const summary = await this.advance(plan.stepsPerFrame);
            history.push(summary);
            if (plan.camera !== 'still') host.view.setCameraPose(poseAt({ motion: plan.camera, orbitSpeed: plan.orbitSpeed, keyframes: this.keys }, starts.get(mode)!, frame, plan.frames, plan.fps));
            this.compose(compositor, summary, history, plan);
          });
          options.onFrame?.(frame, compositor.pixels());
          await output.add(compositor.canvas, frame / plan.fps);
          const done = frame + 1;
          options.onProgress?.({ frame: done, frames: plan.frames, secondsLeft: ((performance.now() - began) / 1000 / done) * (plan.frames - done) });
        }
        return output.finish();
      });
    } catch (e) {
      await sink?.cancel().catch(() => undefined);
      throw e;
    } finally {
      for (const [mode, pose] of starts) host.view.setCameraPose(pose, mode);
      host.view.releaseSize();
      if (host.settings().playing !== playing) host.setPlaying(playing);
      this.running = false;
    }
  }

  /** A PNG of the composed view now at `scale` times the canvas's CSS size (no steps taken). */
  async capturePng(scale = 1, options: CompositeOptions = {}): Promise<Blob> {
    const { host } = this;
    if (typeof scale !== 'number' || !(scale >= 1 && scale <= 4)) throw new RangeError(`capturePng(): scale = ${String(scale)} was refused: it must be a number from 1 to 4.`);
    const { width, height } = host.view.cssSize;
    const [w, h] = [Math.round(width * scale), Math.round(height * scale)];
    const limit = host.device.limits.maxTextureDimension2D;
    if (w > limit || h > limit) {
      const most = Math.floor((100 * limit) / Math.max(width, height)) / 100;
      throw new RangeError(`capturePng(): scale = ${scale} gives ${w} × ${h} pixels, past this device's largest texture (maxTextureDimension2D = ${limit}); use a scale up to ${most}.`);
    }
    checkSize('capturePng', w, h, limit);
    if (this.running) throw new Error('capturePng(): a recording is running; wait for it or cancel it first.');
    const compositor = new Compositor(w, h);
    await host.queue.withFramesHeld(async () => {
      const summary = await host.live().sim.summary();
      host.view.holdSize(w, h, compositor.margins(host.settings(), options));
      try {
        this.compose(compositor, summary, null, options);
      } finally {
        host.view.releaseSize();
      }
    });
    return compositor.png();
  }

  /** Draws the view and composes the frame in one go: a WebGPU canvas keeps its image only until the task ends. */
  private compose(compositor: Compositor, summary: Summary, history: LossHistory | null, options: CompositeOptions | RecordPlan): void {
    const { host } = this;
    host.view.renderStill();
    compositor.draw(host.view, { settings: host.settings(), summary, mapping: host.mapping, history }, options);
  }

  /**
   * One frame's steps, projection and statistics, as the live loop records them (a frame that
   * carries more steps than one submit should takes the rest first), then the surface's new
   * height range if it was re-evaluated. Resolves with the summary after the steps.
   */
  private async advance(steps: number): Promise<Summary> {
    const { device, mapping } = this.host;
    const live = this.host.live();
    const last = Math.min(steps, live.sim.stepsPerSubmit);
    if (steps > last) await live.sim.step(steps - last);
    const encoder = device.createCommandEncoder({ label: 'Recorder.frame' });
    const result = live.frame(encoder, last, true);
    device.queue.submit([encoder.finish()]);
    if (result.surfaceChanged) mapping.setHeights(await live.readSurfaceRange());
    return result.summary ? result.summary.read() : live.sim.summary();
  }
}
