/**
 * The live loop: once per display frame it records the steps, projection and statistics of the
 * current LiveSystem into one encoder, submits, draws, and keeps the bookkeeping of what comes
 * back: at most one summary in flight (staging buffers stay free for scripts), the surface's
 * height range for the view mapping, queued single steps, and the summary listeners.
 */
import type { Summary } from '../engine';
import type { SceneView } from '../view/SceneView';
import type { ViewMapping } from '../view/ViewMapping';
import { FrameLoop } from './FrameLoop';
import type { LiveSystem } from './LiveSystem';
import type { WorkQueue } from './WorkQueue';

export type SummaryListener = (summary: Summary, fps: number) => void;

export interface LiveLoopSource {
  /** The system to draw now (it changes at rebuilds). */
  live(): LiveSystem | undefined;
  /** Steps per frame while playing, or null while paused. */
  stepsPerFrame(): number | null;
}

export class LiveLoop {
  private readonly loop = new FrameLoop(() => this.frame());
  private readonly listeners = new Set<SummaryListener>();
  private pendingSteps = 0;
  private summaryPending = false;
  private latestSummary: Summary | null = null;
  /** Another view covers the explorer: no frame is drawn unless a step is queued. */
  covered = false;

  constructor(
    private readonly device: GPUDevice,
    private readonly view: SceneView,
    private readonly mapping: ViewMapping,
    private readonly queue: WorkQueue,
    private readonly source: LiveLoopSource,
  ) {}

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  /** Frames drawn so far. */
  get count(): number {
    return this.loop.count;
  }

  get fps(): number {
    return this.loop.fps;
  }

  /** The most recent summary read back (by a frame or a script). */
  get latest(): Summary | null {
    return this.latestSummary;
  }

  /** Queues one step for the next frame while paused. */
  stepOnce(): void {
    this.pendingSteps += 1;
  }

  /** A new system: what was read back or in flight belonged to the old one. */
  forget(): void {
    this.latestSummary = null;
    this.summaryPending = false;
  }

  publish(s: Summary): void {
    this.latestSummary = s;
    this.listeners.forEach((l) => l(s, this.loop.fps));
  }

  onSummary(listener: SummaryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records, submits and draws one frame; returns false when frames are held. */
  private frame(): boolean {
    const live = this.source.live();
    if (!live || this.queue.framesHeld) return false;
    // Drawing a hidden view would only take the GPU from what covers it (in software, most of it).
    if (this.covered && this.pendingSteps === 0 && this.source.stepsPerFrame() === null) return false;
    // A frame never carries more landscape work than one submit should (see gpu/workBudget).
    const steps = Math.min(this.source.stepsPerFrame() ?? this.pendingSteps, live.sim.stepsPerSubmit);
    this.pendingSteps = 0;
    const encoder = this.device.createCommandEncoder({ label: 'LiveLoop.frame' });
    const result = live.frame(encoder, steps, !this.summaryPending);
    this.device.queue.submit([encoder.finish()]);
    this.view.render();
    const current = () => live === this.source.live();
    if (result.summary) {
      this.summaryPending = true;
      result.summary
        .read()
        .then((s) => current() && this.publish(s))
        .catch(() => undefined)
        .finally(() => current() && (this.summaryPending = false));
    }
    if (result.surfaceChanged) {
      live
        .readSurfaceRange()
        .then((range) => current() && this.mapping.setHeights(range))
        // The system went (a rebuild, a lost device) before the range came back: it no longer matters.
        .catch(() => undefined);
    }
    return true;
  }
}
