/**
 * Plays a lecture scene on an explorer: opens it at its first step, moves between steps (each
 * step's state is the scene's settings plus every step's up to it, so going back undoes a step),
 * runs a step's actions, measures the scene's readout about once a second, and keeps the
 * readout's value at the end of each step seen, so the claim's comparison stays on screen.
 * The arrow keys, the on-screen buttons, ?scene= links, scripts (window.scenes) and recordings
 * all go through it.
 */
import type { Explorer } from '../explorer/Explorer';
import { READOUTS, type ReadoutValue } from './readouts';
import { poseAt, stateAt, timeline, type Scene } from './types';
import type { CameraPose } from '../view/SceneView';
import { sceneById } from './index';
import { settingsFrom, type ExplorerSettings } from '../settings';
import { landscapeById } from '../landscapes';

/**
 * Every setting for step i: the scene's over the defaults, as a link with them would start (so
 * what another scene or the user changed before never leaks in, and a scene looks the same
 * however it is reached), keeping only the viewer's classroom mode. A landscape's parameters are
 * all named, the scene's or their defaults, since a patch's parameters merge into the current ones.
 */
function sceneSettings(scene: Scene, i: number, current: ExplorerSettings): ExplorerSettings {
  const state = settingsFrom({ ...stateAt(scene, i), classroom: current.classroom });
  const l = landscapeById(state.landscape);
  state.params = Object.fromEntries(l.params.map((q) => [q.key, state.params[q.key] ?? q.default]));
  return { ...state, playing: false };
}

export interface SceneState {
  scene: Scene;
  /** The step shown, 0-based. */
  step: number;
  readout: ReadoutValue | null;
  /** The readout as each step was left (or as it is now, for the step shown), by step index. */
  measured: (ReadoutValue | null)[];
  /** Set while a step's settings or action are being applied. */
  busy: boolean;
  /** The last step's action or settings failed: why (the scene stays usable). */
  error: string | null;
}

export type SceneListener = (state: SceneState | null) => void;

const MEASURE_EVERY_MS = 1000;

export class ScenePlayer {
  private state: SceneState | null = null;
  private readonly listeners = new Set<SceneListener>();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The measurement running (measurements never overlap: each reads the GPU). */
  private measuring: Promise<unknown> = Promise.resolve();
  /** Serialises step changes: a key held down queues them, each waits for the one before. */
  private chain: Promise<void> = Promise.resolve();
  /** The 3-D camera as the scene found it: steps without a pose of their own (and none before) go back to it. */
  private startPose: CameraPose | null = null;
  /** The latest result of each step action (the birthday test's readout reads its own). */
  readonly actionResults: Record<string, unknown> = {};
  /** The step a recording shows at its current frame. */
  private recordedStep = -1;

  constructor(private readonly explorer: Explorer) {}

  /** The scene shown and its step, or null. */
  get current(): SceneState | null {
    return this.state && { ...this.state, measured: [...this.state.measured] };
  }

  /** Opens scene `id` at step `step` (default the first); rejects with a RangeError naming the scenes for an unknown id. */
  async open(id: string, step = 0): Promise<void> {
    const scene = sceneById(id);
    this.state = { scene, step: -1, readout: null, measured: scene.steps.map(() => null), busy: false, error: null };
    this.startPose = this.explorer.view.cameraPose('3d');
    for (const key of Object.keys(this.actionResults)) delete this.actionResults[key];
    this.startMeasuring();
    return this.goTo(step);
  }

  /** Leaves the scene; the explorer keeps its settings. */
  close(): void {
    this.state = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.emit();
  }

  next(): Promise<void> {
    return this.state ? this.goTo(Math.min(this.state.step + 1, this.state.scene.steps.length - 1)) : Promise.resolve();
  }

  previous(): Promise<void> {
    return this.state ? this.goTo(Math.max(this.state.step - 1, 0)) : Promise.resolve();
  }

  /** Shows step i (0-based): its settings, reset, run and action, in that order. */
  goTo(i: number): Promise<void> {
    const run = this.chain.then(() => this.enter(i));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async enter(i: number): Promise<void> {
    const s = this.state;
    if (!s) return;
    const steps = s.scene.steps;
    if (!Number.isInteger(i) || i < 0 || i >= steps.length) throw new RangeError(`Scene "${s.scene.id}" has steps 1 to ${steps.length}; got step ${i + 1}.`);
    if (i === s.step) return;
    // The step being left keeps its last measurement.
    if (s.step >= 0) s.measured[s.step] = s.readout;
    const forward = i === s.step + 1;
    const step = steps[i];
    s.step = i;
    s.busy = true;
    s.error = null;
    this.emit();
    try {
      const before = this.explorer.get();
      await this.explorer.set(sceneSettings(s.scene, i, before));
      const after = this.explorer.get();
      const rebuilt = before.landscape !== after.landscape || before.dim !== after.dim || JSON.stringify(before.params) !== JSON.stringify(after.params);
      // Jumping (not one step forward) re-places the particles, so a step looks the same however it is reached.
      if (step.reset || (!forward && !rebuilt) || i === 0) this.explorer.reset();
      this.applyPose(s.scene, i);
      if (step.advance) await this.explorer.step(step.advance);
      if (step.action) await this.runAction(step.action);
      if (step.play ?? true) this.explorer.play();
    } catch (e) {
      s.error = (e as Error).message;
    } finally {
      s.busy = false;
      this.emit();
      void this.measure();
    }
  }

  private applyPose(scene: Scene, i: number): void {
    const pose = poseAt(scene, i);
    const base = this.startPose ?? this.explorer.view.cameraPose('3d');
    this.explorer.view.setCameraPose(pose ? { ...base, position: pose.position, target: pose.target ?? base.target } : base, '3d');
  }

  private async runAction(action: NonNullable<Scene['steps'][number]['action']>): Promise<void> {
    const e = this.explorer;
    switch (action) {
      case 'criticalPoints': await e.criticalPoints(); break;
      case 'noiseStability': await e.noiseStability(); break;
      case 'flatness': await e.flatness(); break;
      case 'hessian': await e.hessian(); break;
      case 'curvature': await e.curvature(); break;
      case 'refreshSlice': await e.refreshSlice(); break;
      case 'interpolate': await e.interpolate(); break;
      case 'birthdayTest': this.actionResults.birthdayTest = await e.birthdayTest(); break;
    }
  }

  /** Measures the readout now (also every second while a scene is open); a measurement already running is waited for, then this one taken. */
  measure(): Promise<ReadoutValue | null> {
    const run = this.measuring.then(() => this.measureNow());
    this.measuring = run.catch(() => null);
    return run;
  }

  private async measureNow(): Promise<ReadoutValue | null> {
    const s = this.state;
    if (!s) return null;
    try {
      const value = await READOUTS[s.scene.readout].measure(this.explorer, this.actionResults);
      if (this.state === s && !s.busy) {
        s.readout = value;
        s.measured[s.step] = value;
        this.emit();
      }
      return value;
    } catch {
      // A rebuild or a lost device in between: the next measurement is taken on what is there then.
      return null;
    }
  }

  private startMeasuring(): void {
    if (this.timer) clearInterval(this.timer);
    // A measurement still running (a slow read in software) is not queued again behind itself.
    let pending = false;
    this.timer = setInterval(() => {
      if (pending) return;
      pending = true;
      void this.measure().finally(() => (pending = false));
    }, MEASURE_EVERY_MS);
  }

  /**
   * For recordings (`explorer.record({ beforeFrame })`): puts the scene at the step its
   * timeline shows at `frame` (each step lasts its `seconds`), so a recording plays the scene
   * through in order, the same way every time.
   */
  readonly timeline = async (frame: number, fps: number): Promise<{ title: string; caption: string } | undefined> => {
    const s = this.state;
    if (!s) return undefined;
    const { starts } = timeline(s.scene);
    const t = frame / fps;
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1] <= t) i++;
    if (frame === 0) this.recordedStep = -1;
    if (i !== this.recordedStep) {
      this.recordedStep = i;
      if (frame === 0) s.step = -1;
      await this.goTo(i);
      // Recorded frames are stepped by the recorder, not the live loop.
      this.explorer.pause();
    }
    // The readout, measured every half second of the recording's own time (frames, not the clock).
    if (frame % Math.max(1, Math.round(fps / 2)) === 0) await this.measure();
    const now = this.state;
    if (!now) return undefined;
    const readout = now.readout ? ` — ${now.readout.headline}` : '';
    return { title: `${now.scene.title}${readout}`, caption: now.scene.steps[now.step]?.caption ?? '' };
  };

  /** Seconds a recording of the current scene lasts (every step's seconds). */
  get recordingSeconds(): number {
    return this.state ? timeline(this.state.scene).length : 0;
  }

  onChange(listener: SceneListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const state = this.current;
    this.listeners.forEach((l) => l(state));
  }

  destroy(): void {
    this.close();
    this.listeners.clear();
  }
}
