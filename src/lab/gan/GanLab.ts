/**
 * The GAN lab (issue 12): many GANs on a Gaussian mixture trained side by side on the GPU, the
 * focused one large with its discriminator's heat map, all of them as small multiples coloured by
 * the modes they cover, and the birthday-paradox support test on a generator, a group or the
 * true data. Frames encode training, samples, the heat map and both views into one encoder and
 * create no GPU object; only losses, a coverage sample and the birthday counts come back.
 */
import type { Explorer } from '../../explorer/Explorer';
import { GanTrainer, type GanRecord } from '../../gan/GanTrainer';
import { coverageSummary, modeCoverage } from '../../gan/modeCoverage';
import { modeCentres } from '../../gan/mixtures';
import { notify } from '../../ui/notice';
import type { Lab, LabOptions } from '../index';
import { settingsFromQuery, settingsQuery } from '../labQuery';
import { coverageReport, birthdayRun, type BirthdayRequestOptions, type BirthdayResult } from './labMeasures';
import { DiscriminatorMap } from './DiscriminatorMap';
import { windowFor } from './discriminatorGrid';
import { buildLayout, type GanLabElements } from './ganLabLayout';
import { GanViews } from './GanViews';
import { applyPatch, DEFAULT_SETTINGS, mixtureOf, runsOf, SHAPE_KEYS, specOf, type GanLabSettings } from './labSettings';
import { LabBirthday } from './LabBirthday';
import { BirthdayChart, LossChart } from './labCharts';
import { renderCellLabels, renderSummary, type CoverageReport } from './coverageReadout';
import { LabControls } from './LabControls';

/** Generator samples drawn per GAN each frame, and their latents' seed (fixed: the cloud moves only as G learns). */
const DRAW_SAMPLES = 512;
const DRAW_SEED = 7;
const HEAT_RESOLUTION = 128;
/** Frames between heat-map updates; ms between loss reads and coverage reads while playing. */
const HEAT_EVERY = 4;
const LOSS_EVERY_MS = 400;
/** Loss points lab.train(n) adds to the chart (at most; one per step when n is smaller). */
const LOSS_POINTS_PER_TRAIN = 50;
const COVERAGE_EVERY_MS = 3000;

/** What is rebuilt when the networks' shapes, the data or the number of GANs change. */
interface Built {
  trainer: GanTrainer;
  map: DiscriminatorMap;
  views: GanViews;
  modes: GPUBuffer;
}

export class GanLab {
  private settings: GanLabSettings = { ...DEFAULT_SETTINGS };
  private built: Built | null = null;
  private playing = false;
  /** The settings change in progress (set() runs them in order). */
  private queued: Promise<unknown> = Promise.resolve();
  private busy = false;
  private frames = 0;
  private raf = 0;
  private lastLossRead = 0;
  private lastCoverageRead = 0;
  private reading = false;
  private history = { steps: [] as number[], lossD: [] as number[], lossG: [] as number[] };
  private coverage: CoverageReport | null = null;
  private birthdayResults: BirthdayResult['byTarget'] = {};
  private lastBirthday: Promise<unknown> = Promise.resolve();
  private readonly lossChart: LossChart;
  private readonly birthdayChart: BirthdayChart;
  private readonly controls: LabControls;

  private constructor(
    private readonly device: GPUDevice,
    private readonly ui: GanLabElements,
    private readonly birthday: LabBirthday,
    initial: GanLabSettings,
    private readonly changed: () => void,
  ) {
    this.settings = initial;
    this.lossChart = new LossChart(ui.lossChart);
    this.birthdayChart = new BirthdayChart(ui.birthdayChart, birthday.sizes);
    this.controls = new LabControls(ui, this.settings, {
      set: (patch) => this.set(patch).catch((e: Error) => { notify(e.message); this.controls.show(this.settings); }),
      play: () => this.play(),
      pause: () => this.pause(),
      reset: () => void this.reset(),
      birthday: (target) => void this.runBirthday({ target }).catch((e: Error) => notify(e.message)),
    });
    ui.cells.onclick = (e) => {
      const gan = Number((e.target as HTMLElement).dataset.gan);
      if (Number.isInteger(gan)) void this.set({ focus: gan }).catch((err: Error) => notify(err.message));
    };
  }

  static async open(root: HTMLElement, explorer: Explorer, options: LabOptions): Promise<Lab> {
    const { settings, refused } = settingsFromQuery(options.query ?? new URLSearchParams(), DEFAULT_SETTINGS, applyPatch);
    if (refused.length) notify(refused.join('\n'), 'error', true);
    const ui = buildLayout(root);
    const lab = new GanLab(explorer.device, ui, await LabBirthday.create(explorer.device), settings, options.changed);
    try {
      await lab.rebuild();
    } catch (e) {
      lab.destroy();
      throw e;
    }
    lab.raf = requestAnimationFrame(lab.frame);
    return { api: lab.api(), query: () => settingsQuery(lab.settings, DEFAULT_SETTINGS), destroy: () => lab.destroy() };
  }

  private api() {
    const lab = this;
    return {
      /** Changes settings (see labSettings.ts); a bad value is refused with a RangeError naming it, and nothing changes. */
      set: (patch: Partial<GanLabSettings>) => this.set(patch),
      get: () => ({ ...this.settings, playing: this.playing }),
      /** Trains every GAN `steps` generator steps now (paused first): the same settings give the same result. */
      train: (steps: number) => this.train(steps),
      reset: () => this.reset(),
      play: () => this.play(),
      pause: () => this.pause(),
      /** Every GAN's modes covered and high-quality share from 1,000 fresh samples each, with the summary (per group when split). */
      coverage: () => this.readCoverage(),
      /** The birthday test on the focused GAN, a group ('plain', 'unrolled': each GAN, then the median) or the real data. */
      birthday: (options: BirthdayRequestOptions = {}) => this.runBirthday(options),
      /** The focused GAN's losses as read so far, and its step count. */
      losses: () => this.readLosses().then(() => ({ ...this.history })),
      /** Draws a frame now and returns the view ('focus' or 'grid') as a PNG data URL. */
      snapshot: (view: 'focus' | 'grid' = 'focus') => this.snapshot(view),
      /** Frames drawn since the lab opened. */
      get frameCount() {
        return lab.frames;
      },
    };
  }

  /** Changes one after another: two quick changes that both rebuild must not build two trainers at once. */
  private set(patch: Partial<GanLabSettings>): Promise<void> {
    const run = () => this.applySettings(patch);
    const result = this.queued.then(run, run);
    this.queued = result.catch(() => undefined);
    return result;
  }

  private async applySettings(patch: Partial<GanLabSettings>): Promise<void> {
    const next = applyPatch(this.settings, patch);
    const reshape = SHAPE_KEYS.some((k) => next[k] !== this.settings[k]);
    const rerun = (['lrG', 'lrD', 'k', 'unroll', 'unrollLr', 'loss', 'split', 'seed'] as const).some((k) => next[k] !== this.settings[k]);
    // A larger unroll than the trainer was sized for needs a new trainer too.
    const rebuild = reshape || !this.built || next.unroll > this.built.trainer.maxUnroll;
    const prev = this.settings;
    this.settings = next;
    this.controls.show(next);
    try {
      if (rebuild) await this.rebuild();
      else if (rerun) {
        this.built!.trainer.setRuns(runsOf(next));
        await this.reset();
      } else if (next.focus !== prev.focus) {
        this.clearHistory();
        renderCellLabels(this.ui.cells, this.coverage, next.gans, this.cols(), next.focus);
      }
    } catch (e) {
      this.settings = prev;
      this.controls.show(prev);
      // The failed rebuild freed the trainer that worked: build it again as it was.
      if (rebuild) await this.rebuild();
      throw e;
    }
    this.changed();
  }

  private async rebuild(): Promise<void> {
    const wasPlaying = this.playing;
    this.playing = false;
    this.busy = true;
    await this.device.queue.onSubmittedWorkDone();
    this.freeBuilt();
    const s = this.settings;
    const trainer = await GanTrainer.create(this.device, { spec: specOf(s), runs: runsOf(s), maxUnroll: s.unroll });
    try {
      const map = await DiscriminatorMap.create(this.device, trainer, HEAT_RESOLUTION);
      const centres = modeCentres(mixtureOf(s));
      const modes = this.device.createBuffer({ label: 'GanLab.modes', size: 8 * centres.length, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      this.device.queue.writeBuffer(modes, 0, new Float32Array(centres.flat()));
      this.birthday.setMixture(mixtureOf(s));
      const views = new GanViews(this.device, [this.ui.focusCanvas, this.ui.gridCanvas], {
        samples: trainer.samplesBuffer, real: this.birthday.realPairs, modes, heat: map.heat, heatResolution: HEAT_RESOLUTION,
      });
      this.built = { trainer, map, views, modes };
    } catch (e) {
      trainer.destroy();
      throw e;
    } finally {
      this.busy = false;
    }
    this.clearHistory();
    this.coverage = null;
    this.playing = wasPlaying;
  }

  private clearHistory(): void {
    this.history = { steps: [], lossD: [], lossG: [] };
    this.lossChart.update([], [], []);
  }

  private freeBuilt(): void {
    if (!this.built) return;
    const { trainer, map, views, modes } = this.built;
    views.destroy();
    map.destroy();
    trainer.destroy();
    modes.destroy();
    this.built = null;
  }

  private play(): void {
    this.playing = true;
    this.controls.showPlaying(true);
  }

  private pause(): void {
    this.playing = false;
    this.controls.showPlaying(false);
  }

  private async reset(): Promise<void> {
    this.built?.trainer.reset();
    this.clearHistory();
    this.coverage = null;
    renderCellLabels(this.ui.cells, null, this.settings.gans, this.cols(), this.settings.focus);
    renderSummary(this.ui.summary, null);
  }

  private async train(steps: number): Promise<{ generatorSteps: number }> {
    if (!(Number.isInteger(steps) && steps >= 0 && steps <= 100_000)) throw new RangeError(`train(steps): steps = ${steps} was refused: it must be a whole number from 0 to 100,000.`);
    this.pause();
    await this.device.queue.onSubmittedWorkDone();
    const trainer = this.built!.trainer;
    // In chunks, the losses read after each, so the chart draws the run and not only its end.
    const chunk = Math.max(1, Math.ceil(steps / LOSS_POINTS_PER_TRAIN));
    let records: GanRecord[];
    let done = 0;
    do {
      await trainer.train(Math.min(chunk, steps - done));
      done += chunk;
      records = await trainer.readRecords();
      this.recordLosses(records);
    } while (done < steps);
    return { generatorSteps: records[this.settings.focus].generatorSteps };
  }

  private cols(): number {
    return Math.ceil(Math.sqrt(this.settings.gans));
  }

  private readonly frame = (now: number) => {
    this.raf = requestAnimationFrame(this.frame);
    this.lossChart.restyle();
    this.birthdayChart.restyle();
    if (this.busy || !this.built) return;
    this.encodeFrame();
    this.busy = true;
    this.device.queue.onSubmittedWorkDone().then(() => (this.busy = false), () => undefined);
    if (this.playing && now - this.lastLossRead > LOSS_EVERY_MS) {
      this.lastLossRead = now;
      void this.readLosses();
    }
    if (this.playing && now - this.lastCoverageRead > COVERAGE_EVERY_MS) {
      this.lastCoverageRead = now;
      void this.readCoverage().catch(() => undefined);
    }
  };

  private encodeFrame(): void {
    const { trainer, map, views } = this.built!;
    const s = this.settings;
    const encoder = this.device.createCommandEncoder({ label: 'GanLab.frame' });
    if (this.playing) trainer.encode(encoder, s.stepsPerFrame);
    trainer.encodeSamples(encoder, DRAW_SAMPLES, DRAW_SEED);
    const window = windowFor(mixtureOf(s).radius * (s.mixture === 'grid' ? 2 : 1));
    if (this.frames % HEAT_EVERY === 0 || !this.playing) map.encode(encoder, s.focus, window);
    views.encode(encoder, {
      focus: s.focus, gans: s.gans, perGan: DRAW_SAMPLES, cols: this.cols(), window, realShown: 256, modes: mixtureOf(s).modes,
    }, true);
    this.device.queue.submit([encoder.finish()]);
    this.frames++;
  }

  private async snapshot(view: 'focus' | 'grid'): Promise<string> {
    while (this.busy || !this.built) await new Promise((r) => setTimeout(r, 10));
    this.encodeFrame();
    return (view === 'focus' ? this.ui.focusCanvas : this.ui.gridCanvas).toDataURL('image/png');
  }

  private async readLosses(): Promise<void> {
    if (!this.built || this.reading) return;
    this.reading = true;
    try {
      this.recordLosses(await this.built.trainer.readRecords());
    } finally {
      this.reading = false;
    }
  }

  /** The focused GAN's losses as a new chart point, when it has trained past the last one. */
  private recordLosses(records: GanRecord[]): void {
    const r = records[this.settings.focus];
    if (r && r.generatorSteps > (this.history.steps.at(-1) ?? 0)) {
      this.history.steps.push(r.generatorSteps);
      this.history.lossD.push(r.lossD);
      this.history.lossG.push(r.lossG);
      this.lossChart.update(this.history.steps, this.history.lossD, this.history.lossG);
    }
    this.ui.status.textContent = `${this.playing ? '▶ training' : '❚❚ paused'} · step ${r?.generatorSteps ?? 0} · ${this.settings.gans} GANs`;
  }

  private async readCoverage(): Promise<CoverageReport> {
    const built = this.built!;
    const report = await coverageReport(built.trainer, mixtureOf(this.settings), modeCoverage, coverageSummary);
    this.coverage = report;
    renderCellLabels(this.ui.cells, report, this.settings.gans, this.cols(), this.settings.focus);
    renderSummary(this.ui.summary, report);
    return report;
  }

  private runBirthday(options: BirthdayRequestOptions): Promise<BirthdayResult> {
    const threshold = options.threshold ?? (Number(this.ui.threshold.value) || undefined);
    const run = async () => {
      const wasPlaying = this.playing;
      this.pause();
      this.ui.birthdayTable.textContent = 'Birthday test: measuring…';
      try {
        const result = await birthdayRun(this.birthday, this.built!.trainer, this.settings, { ...options, threshold });
        Object.assign(this.birthdayResults, result.byTarget);
        this.birthdayChart.update(this.birthdayResults);
        this.controls.showBirthday(this.birthdayResults);
        return result;
      } finally {
        if (wasPlaying) this.play();
      }
    };
    const result = this.lastBirthday.then(run, run);
    this.lastBirthday = result.catch(() => undefined);
    return result;
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.freeBuilt();
    this.birthday.destroy();
    this.lossChart.destroy();
    this.birthdayChart.destroy();
    this.controls.destroy();
  }
}
