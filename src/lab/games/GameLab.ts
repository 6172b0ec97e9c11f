/**
 * The min-max games lab: one panel per method side by side (the plane with f, its field and the
 * particles, every method from the same starts), the distance to the equilibrium over steps, and
 * each method's measured per-step factor against the closed form. Runs on the explorer's device;
 * the simulations are src/games' GameSimulation, drawn from their own position buffers.
 */
import { GameSimulation, METHOD_LABELS } from '../../games';
import type { Explorer } from '../../explorer/Explorer';
import type { Lab, LabOptions } from '../index';
import { settingsFromQuery, settingsQuery } from '../labQuery';
import { notify } from '../../ui/notice';
import { closedFormFactor, DistanceRecords } from './distanceRecords';
import { DistanceChart } from './DistanceChart';
import { LabControls } from './LabControls';
import { DEFAULT_LAB_SETTINGS, extentOf, labGame, mergeSettings, needsRebuild, type GameLabSettings } from './labSettings';
import { methodColor } from './methodColors';
import { PanelLabels, type MethodReadout } from './PanelLabels';
import { PanelRenderer } from './PanelRenderer';
import { PlaneField } from './PlaneField';
import './gameLab.css';

/** A chart record every this many frames while playing: one small read-back per method. */
const SAMPLE_EVERY_FRAMES = 10;
/** step(n) records this many times along the way, so the measured factor has a window. */
const RECORDS_PER_STEP_CALL = 20;
/** Most steps one step(n) call takes. */
export const MAX_STEPS_PER_CALL = 100_000;
const GAP_PX = 16;
const CHART_HEIGHT_PX = 230;
/** The steps in which layout tries panel sizes. */
const SIDE_STEP_PX = 4;
const MIN_SIDE_PX = 140;
const MAX_SIDE_PX = 620;

interface Built {
  settings: GameLabSettings;
  simulations: GameSimulation[];
  field: PlaneField;
  records: DistanceRecords;
}

export class GameLab implements Lab {
  readonly api: object;
  private built: Built;
  private playingNow = true;
  private destroyed = false;
  private frameHandle = 0;
  private frames = 0;
  private sampling = false;
  private needsDraw = true;
  private side = 200;
  /** What the caption, titles, readouts and chart took at the last layout (they wrap with the panels' width). */
  private reserved = 0;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly resize: ResizeObserver;

  private constructor(
    private readonly device: GPUDevice,
    private readonly canvas: HTMLCanvasElement,
    private readonly context: GPUCanvasContext,
    private readonly main: HTMLElement,
    private readonly renderer: PanelRenderer,
    private readonly labels: PanelLabels,
    private readonly chart: DistanceChart,
    built: Built,
  ) {
    this.built = built;
    this.api = this.controlled();
    this.resize = new ResizeObserver(() => this.layout());
    this.resize.observe(main);
  }

  static async open(root: HTMLElement, explorer: Explorer, options: LabOptions): Promise<GameLab> {
    const { device } = explorer;
    const defaults = { ...DEFAULT_LAB_SETTINGS, methods: [...DEFAULT_LAB_SETTINGS.methods] };
    const { settings, refused } = settingsFromQuery(options.query ?? new URLSearchParams(), defaults, mergeSettings);
    if (refused.length) notify(refused.join('\n'), 'error', true);
    const el = (className: string, parent: HTMLElement, tag = 'div') => {
      const e = document.createElement(tag);
      e.className = className;
      parent.appendChild(e);
      return e;
    };
    const page = el('game-lab', root);
    const controlsRoot = el('game-lab-controls', page);
    const main = el('game-lab-main', page);
    const caption = el('game-lab-caption', main);
    const titleRow = el('game-lab-titles', main);
    const canvas = el('game-lab-canvas', main, 'canvas') as HTMLCanvasElement;
    const labels = new PanelLabels(caption, titleRow, el('game-lab-readouts', main));
    const chart = new DistanceChart(el('game-lab-chart', main));
    const context = canvas.getContext('webgpu');
    if (!context) throw new Error('The game lab needs a WebGPU canvas, and this browser gave none.');
    const format = navigator.gpu.getPreferredCanvasFormat();
    context.configure({ device, format, alphaMode: 'premultiplied' });
    const renderer = await PanelRenderer.create(device, format);
    const built = await GameLab.build(device, settings);
    const lab = new GameLab(device, canvas, context, main, renderer, labels, chart, built);
    lab.install(built);
    const controls = new LabControls(controlsRoot, lab.controlled());
    lab.onDestroy = () => controls.destroy();
    // A change made through window.lab (a script, a test) shows in the controls too.
    lab.onSettings = () => {
      controls.refresh();
      options.changed();
    };
    await lab.sample();
    lab.frameHandle = requestAnimationFrame(lab.frame);
    return lab;
  }

  private onDestroy = () => {};
  private onSettings = () => {};

  /** Simulations (one per method, the same starts) and the plane for `settings`. */
  private static async build(device: GPUDevice, settings: GameLabSettings): Promise<Built> {
    const game = labGame(settings);
    const spec = { game: settings.game, m: settings.m, n: settings.n, matrix: settings.matrix, scale: settings.scale };
    const hyper = { etaX: settings.etaX, etaY: settings.etaY, momentum: settings.momentum };
    // Compiled side by side; whatever was made is freed if any part fails.
    const made = await Promise.allSettled([
      ...settings.methods.map((method) =>
        GameSimulation.create(device, { game: spec, count: settings.count, method, hyper, start: { sigma: settings.spread }, seed: settings.seed })),
      PlaneField.create(device, game, extentOf(settings)),
    ]);
    const failed = made.find((r) => r.status === 'rejected');
    const values = made.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed) {
      values.forEach((v) => v.destroy());
      throw failed.reason;
    }
    const simulations = values.slice(0, -1) as GameSimulation[];
    const field = values.at(-1) as PlaneField;
    return { settings, simulations, field, records: new DistanceRecords(settings.methods) };
  }

  /** Makes `next` the lab's, freeing what the one before held. */
  private install(next: Built, previous?: Built): void {
    this.built = next;
    this.renderer.setPanels(next.field, next.simulations.map((simulation) => ({ simulation, color: methodColor(simulation.method) })));
    this.labels.rebuild(next.settings, extentOf(next.settings));
    previous?.simulations.forEach((s) => s.destroy());
    previous?.field.destroy();
    this.layout();
  }

  /**
   * Panels as large as the width and the height left by the words and the chart allow. The words
   * wrap with the panels' width (narrower panels, more lines), so sizes are tried from the widest
   * down until one fits; when none does, the widest, and the column scrolls.
   */
  private layout(): void {
    const k = this.built.simulations.length;
    const width = Math.max(this.main.clientWidth - 8, 320);
    const widest = Math.floor(Math.max(MIN_SIDE_PX, Math.min((width - GAP_PX * (k - 1)) / k, MAX_SIDE_PX)));
    let side = widest;
    for (let s = widest; s >= MIN_SIDE_PX; s -= SIDE_STEP_PX) {
      this.labels.layout(k, s, GAP_PX);
      // A pixel or two spare: heights are fractional, and a scroll bar for half a pixel would show.
      if (s + this.besidePanels() <= this.main.clientHeight - 2) {
        side = s;
        break;
      }
    }
    this.applySide(k, side);
    this.reserved = this.besidePanels();
    this.needsDraw = true;
  }

  private applySide(k: number, side: number): void {
    this.side = side;
    this.canvas.width = k * side + (k - 1) * GAP_PX;
    this.canvas.height = side;
    this.labels.layout(k, side, GAP_PX);
    this.built.field.writeView(side, Math.max(2.5, side / 110));
    this.chart.rebuild(this.built.records, this.canvas.width, CHART_HEIGHT_PX);
  }

  /** Height of everything in the main column but the panels' canvas, with the gaps between. */
  private besidePanels(): number {
    const children = [...this.main.children] as HTMLElement[];
    const gap = parseFloat(getComputedStyle(this.main).rowGap) || 0;
    return children.reduce((h, c) => h + (c === this.canvas ? 0 : c.offsetHeight), 0) + gap * (children.length - 1);
  }

  private readonly frame = () => {
    if (this.destroyed) return;
    this.frameHandle = requestAnimationFrame(this.frame);
    if (this.playingNow) {
      this.draw(this.built.settings.stepsPerFrame);
      if (++this.frames % SAMPLE_EVERY_FRAMES === 0 && !this.sampling) {
        this.sampling = true;
        this.sample().finally(() => (this.sampling = false));
      }
    } else if (this.needsDraw) this.draw(0);
  };

  /** Records `steps` steps of every method, then the panels, in one submit. */
  private draw(steps: number): void {
    const encoder = this.device.createCommandEncoder({ label: 'GameLab.frame' });
    for (const s of this.built.simulations) s.encode(encoder, steps);
    this.built.field.encode(encoder);
    this.renderer.encode(encoder, this.context.getCurrentTexture().createView(), { side: this.side, gap: GAP_PX });
    this.device.queue.submit([encoder.finish()]);
    this.needsDraw = false;
  }

  /** One record of every method's distances (a small read-back each), shown in the chart and readouts. */
  private async sample(): Promise<void> {
    const built = this.built;
    const gone = () => built !== this.built || this.destroyed;
    // Closing the lab (or a rebuild) destroys the read-back buffers under a pending read: not an error.
    const readouts = await Promise.all(built.simulations.map((s) => s.readouts())).catch((e: unknown) => {
      if (gone()) return null;
      throw e;
    });
    if (!readouts || gone()) return;
    built.records.add(readouts);
    this.chart.update(built.records);
    this.labels.show(this.methodReadouts());
    // Readouts that now take more or fewer lines change the room the panels have.
    if (this.besidePanels() !== this.reserved) this.layout();
  }

  private methodReadouts(): MethodReadout[] {
    const { settings, records, field } = this.built;
    const last = records.steps.length - 1;
    return settings.methods.map((method, k) => ({
      method,
      label: METHOD_LABELS[method],
      step: records.steps[last] ?? 0,
      median: records.medians[k][last] ?? NaN,
      diverged: records.divergedShares[k][last] ?? NaN,
      measuredFactor: records.measuredFactor(k),
      closedFormFactor: closedFormFactor(settings, method, field.game.matrix),
    }));
  }

  /** Runs `work` after every change asked for before it. */
  private queued<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private fresh(): Promise<void> {
    this.built.records = new DistanceRecords(this.built.settings.methods);
    this.needsDraw = true;
    this.layout();
    return this.sample();
  }

  set(patch: Partial<GameLabSettings>): Promise<GameLabSettings> {
    return this.queued(async () => {
      const before = this.built.settings;
      const next = mergeSettings(before, patch);
      if (needsRebuild(before, next)) {
        this.install(await GameLab.build(this.device, next), this.built);
        this.onSettings();
        await this.sample();
        return this.get();
      }
      this.built.settings = next;
      for (const s of this.built.simulations) {
        s.setHyperparameters({ etaX: next.etaX, etaY: next.etaY, momentum: next.momentum });
        if (next.spread !== before.spread || next.seed !== before.seed) {
          s.setStart({ sigma: next.spread });
          s.reset(next.seed);
        }
      }
      this.built.field.setExtent(extentOf(next));
      this.labels.rebuild(next, extentOf(next));
      this.onSettings();
      // New step sizes, starts or view: the measured factor starts over from here.
      const changed = (Object.keys(next) as (keyof GameLabSettings)[]).filter((k) => String(next[k]) !== String(before[k]));
      if (changed.some((k) => k !== 'stepsPerFrame')) await this.fresh();
      return this.get();
    });
  }

  /** The settings that differ from the defaults, for the page's link. */
  query(): Record<string, string> {
    return settingsQuery(this.built.settings, DEFAULT_LAB_SETTINGS as GameLabSettings);
  }

  get(): GameLabSettings {
    return { ...this.built.settings, methods: [...this.built.settings.methods] };
  }

  /** Every method `n` steps further (stepping by hand pauses); resolves with the readouts after them. */
  step(n: number): Promise<MethodReadout[]> {
    if (!(Number.isInteger(n) && n >= 0 && n <= MAX_STEPS_PER_CALL)) {
      return Promise.reject(new RangeError(`n = ${n} was refused: step takes a whole number from 0 to MAX_STEPS_PER_CALL = ${MAX_STEPS_PER_CALL}.`));
    }
    this.pause();
    return this.queued(async () => {
      const chunk = Math.max(1, Math.ceil(n / RECORDS_PER_STEP_CALL));
      for (let left = n; left > 0; left -= chunk) {
        await Promise.all(this.built.simulations.map((s) => s.step(Math.min(chunk, left))));
        await this.sample();
      }
      this.needsDraw = true;
      return this.methodReadouts();
    });
  }

  /** Every particle back to its start (the same seed, the same cloud); the chart starts over. */
  reset(): Promise<MethodReadout[]> {
    return this.queued(async () => {
      this.built.simulations.forEach((s) => s.reset());
      await this.fresh();
      return this.methodReadouts();
    });
  }

  /** The readouts now (a fresh record first). */
  readouts(): Promise<MethodReadout[]> {
    return this.queued(async () => {
      await this.sample();
      return this.methodReadouts();
    });
  }

  play(): void {
    this.playingNow = true;
  }

  pause(): void {
    this.playingNow = false;
    this.needsDraw = true;
  }

  /** The panels drawn now, as a PNG data URL. */
  screenshot(): string {
    this.draw(0);
    return this.canvas.toDataURL('image/png');
  }

  get playing(): boolean {
    return this.playingNow;
  }

  /** The chart's data: record steps and each method's median distance at them. */
  history(): { steps: number[]; medians: Record<string, number[]> } {
    const { records } = this.built;
    return { steps: [...records.steps], medians: Object.fromEntries(records.methods.map((m, k) => [m, [...records.medians[k]]])) };
  }

  private controlled() {
    const bind = <K extends 'get' | 'set' | 'play' | 'pause' | 'reset' | 'step' | 'readouts' | 'history' | 'screenshot'>(k: K) =>
      (this[k] as (...args: never[]) => unknown).bind(this) as GameLab[K];
    const lab = this;
    return {
      get: bind('get'), set: bind('set'), play: bind('play'), pause: bind('pause'), reset: bind('reset'), step: bind('step'),
      readouts: bind('readouts'), history: bind('history'), screenshot: bind('screenshot'),
      get playing() {
        return lab.playing;
      },
    };
  }

  destroy(): void {
    this.destroyed = true;
    cancelAnimationFrame(this.frameHandle);
    this.resize.disconnect();
    this.onDestroy();
    this.chart.destroy();
    this.renderer.destroy();
    this.built.simulations.forEach((s) => s.destroy());
    this.built.field.destroy();
    this.context.unconfigure();
  }
}
