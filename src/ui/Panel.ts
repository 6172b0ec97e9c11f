/**
 * The lil-gui panel, built from the settings table: each row with a folder becomes a control of
 * its type, with its label, range and tooltip. Every change goes through explorer.set(); a
 * refused value shows why and the panel snaps back. Rows the current setup does not use (another
 * optimizer's hyperparameters, another noise's) are hidden.
 */
import GUI, { type Controller } from 'lil-gui';
import type { Explorer } from '../explorer/Explorer';
import { FOLDERS, SCHEMA, type ExplorerSettings, type Folder, type Row } from '../settings';
import type { NumberRow } from '../settings/rows';
import { landscapeById } from '../landscapes';
import { notify } from './notice';
import { WORK_PER_SUBMIT } from '../gpu/workBudget';
import { logControl } from './logControl';
import { describeBirthday } from './birthdayText';

type Model = Record<string, unknown>;

export class Panel {
  readonly gui = new GUI({ title: 'Loss-landscape explorer' });
  private readonly folders = new Map<Folder, GUI>();
  private readonly model: Model;
  /** Per control: how to refresh it from the settings (shown, enabled, displayed). */
  private readonly refreshers: ((s: ExplorerSettings) => void)[] = [];
  private paramsFolder!: GUI;
  private readonly viewBox = { from: 0, to: 0 };
  /** The landscape and dimension the parameter folder was built for. */
  private shown = '';

  constructor(
    private readonly explorer: Explorer,
    experiments: { overparameterization?: () => Promise<unknown>; depthAcceleration?: () => Promise<unknown>; widthGeneralization?: () => Promise<unknown> } = {},
  ) {
    this.model = { ...explorer.get() };
    for (const name of FOLDERS) this.folders.set(name, this.gui.addFolder(name));
    const curvature = this.folder('Curvature and saddles');
    this.button(curvature, 'Hessian at the slice centre', () => explorer.hessian());
    this.button(curvature, 'which particles sit near saddles?', () => explorer.curvature());
    this.button(curvature, 'list the critical points', () => explorer.criticalPoints());
    this.button(curvature, 'birthday test: how many distinct points?', async () => notify(describeBirthday(await explorer.birthdayTest()), 'info', true));
    for (const [key, row] of Object.entries(SCHEMA)) {
      if (row.folder) this.addRow(this.folder(row.folder), key, row);
    }
    const paths = this.folder('Trajectories');
    this.button(paths, 'loss from A to B', () => explorer.interpolate());
    this.button(paths, 'fit a curve from A to B', () => explorer.interpolate(undefined, undefined, { curve: true }));
    this.button(paths, 'plane through A, B, C', () => explorer.planeThrough());
    this.button(paths, "the best network's noise stability", () => explorer.noiseStability());
    this.button(paths, "the best network's flatness", () => explorer.flatness());
    this.button(this.folder('Slice'), 'recompute from particles now', () => explorer.refreshSlice());
    const labels = {
      overparameterization: 'run the overparameterization experiment',
      depthAcceleration: 'run the depth-acceleration experiment',
      widthGeneralization: 'run the width-and-generalization experiment',
    } as const;
    for (const [key, label] of Object.entries(labels)) {
      const run = experiments[key as keyof typeof labels];
      if (run) this.button(this.folder('Experiments'), label, run);
    }
    this.addActions(this.folder('Run'));
    for (const closed of ['Slice', 'Curvature and saddles', 'Trajectories', 'Noise', 'Experiments'] as const) this.folder(closed).close();

    this.sync(explorer.get());
    explorer.onSettings((s) => this.sync(s));
  }

  /** The panel folder of that name (main.ts adds the scene, record and export controls to theirs). */
  folder(name: Folder): GUI {
    return this.folders.get(name)!;
  }

  private addRow(folder: GUI, key: string, row: Row): void {
    const label = row.unit ? `${row.label} (${row.unit})` : row.label;
    let c: Controller;
    switch (row.type) {
      case 'choice':
        c = folder.add(this.model, key, invert(row.choices)).onChange((v: string) => this.apply({ [key]: v }));
        break;
      case 'boolean':
        c = folder.add(this.model, key).onChange((v: boolean) => this.apply({ [key]: v }));
        break;
      case 'number':
        c = this.addNumber(folder, key, row);
        break;
      case 'record':
        this.paramsFolder = folder.addFolder('Parameters');
        return;
      case 'text':
        // Read when the box is left (or Enter): a half-typed function is not an error yet.
        c = folder.add(this.model, key).onFinishChange((v: string) => this.apply({ [key]: v }));
        break;
      case 'interval':
        // The view box: the same interval on both drawn axes; particles keep their positions.
        folder.add(this.viewBox, 'from').name(`${label} from`).onFinishChange(() => this.applyBox());
        folder.add(this.viewBox, 'to').name(`${label} to`).onFinishChange(() => this.applyBox());
        return;
      default:
        return;
    }
    c.name(label);
    c.domElement.title = row.help;
    this.refreshers.push((s) => {
      const settings = s as unknown as Model;
      c.show(row.shownWhen ? row.shownWhen(settings) : true);
      const disabled = row.disabledWhen?.(settings) ?? null;
      c.enable(disabled === null);
      c.name(disabled ? `${label} (${disabled})` : label);
    });
  }

  private addNumber(folder: GUI, key: string, row: NumberRow): Controller {
    if (row.log) return logControl(folder, this.model, key, row, (v) => this.apply({ [key]: v }), this.refreshers);
    if (row.presets) {
      const listed = (extra: number[]) =>
        Object.fromEntries([...new Set([...row.presets!, ...extra])].sort((a, b) => a - b).map((v) => [v.toLocaleString('en-US'), v]));
      const c = folder.add(this.model, key, listed([])).onChange((v: number) => this.apply({ [key]: Number(v) }));
      // A value set from a script that is not a preset joins the list, so the box shows it.
      this.refreshers.push((s) => {
        const v = s[key as keyof ExplorerSettings] as number;
        if (!row.presets!.includes(v)) c.options(listed([v]));
      });
      return c;
    }
    // Ranges a slider cannot cover usefully (seeds) get a plain number box.
    const wide = row.max - row.min > 1e5;
    const c = wide ? folder.add(this.model, key) : folder.add(this.model, key, row.min, row.max, row.integer ? 1 : (row.step ?? (row.max - row.min) / 1000));
    return c.onFinishChange((v: number) => this.apply({ [key]: v }));
  }

  private addActions(run: GUI): void {
    const explorer = this.explorer;
    const actions = {
      playPause: () => (explorer.get().playing ? explorer.pause() : explorer.play()),
      step: () => explorer.stepOnce(),
      reset: () => explorer.reset(),
      screenshot: () => download(explorer.screenshot(), `landscape-${explorer.get().landscape}.png`),
      link: () => copyLink(),
    };
    run.add(actions, 'playPause').name('play / pause  (space)');
    run.add(actions, 'step').name('single step  (s)');
    run.add(actions, 'reset').name('reset particles  (r)');
    run.add(actions, 'screenshot').name('save PNG');
    run.add(actions, 'link').name('copy link to this setup');
  }

  private applyBox(): void {
    const { from, to } = this.viewBox;
    void this.apply({ box: [Number(from), Number(to)] });
  }

  private rebuildParams(s: ExplorerSettings): void {
    for (const c of [...this.paramsFolder.controllers]) c.destroy();
    this.shown = `${s.landscape}/${s.dim}`;
    const landscape = landscapeById(s.landscape);
    const values: Record<string, number> = {};
    for (const p of landscape.params) {
      values[p.key] = s.params[p.key] ?? p.default;
      if (p.choices) {
        this.paramsFolder.add(values, p.key, Object.fromEntries(p.choices.map((label, i) => [label, i]))).name(p.label)
          .onChange((v: number) => this.apply({ params: { [p.key]: Number(v) } }));
        continue;
      }
      const max = p.perCoordinate ? Math.min(p.max, s.dim) : p.max;
      this.paramsFolder.add(values, p.key, p.min, max, p.integer ? 1 : (max - p.min) / 1000).name(p.label)
        .onFinishChange((v: number) => this.apply({ params: { [p.key]: v } }));
    }
    this.paramsFolder.show(landscape.params.length > 0);
  }

  /** A button for an explorer action that takes a while: it says so and waits; a failure shows why. */
  private button(folder: GUI, label: string, action: () => Promise<unknown>): void {
    const c: Controller = folder.add({ go: () => {
      c.name(`${label}: working…`).disable();
      action()
        .catch((e: Error) => notify(e.message))
        .finally(() => c.name(label).enable());
    } }, 'go').name(label);
  }

  private async apply(patch: Partial<ExplorerSettings>): Promise<void> {
    try {
      await this.explorer.set(patch);
      this.warnIfHeavy(patch);
    } catch (e) {
      notify((e as Error).message);
      this.sync(this.explorer.get());
    }
  }

  /** A setup whose single step is far past what a frame should carry gets told so, with the remedy. */
  private warnIfHeavy(patch: Partial<ExplorerSettings>): void {
    if (!('dim' in patch || 'count' in patch || 'landscape' in patch || 'params' in patch)) return;
    const work = this.explorer.workPerStep;
    if (work <= 8 * WORK_PER_SUBMIT) return;
    const s = this.explorer.get();
    notify(
      `One step of ${s.count.toLocaleString('en-US')} particles here is about ${(work / 1e9).toFixed(1)} billion operations: ` +
        'instant on a discrete GPU, seconds per frame in software WebGPU. Fewer particles keep it live.',
      'info',
    );
  }

  private sync(s: ExplorerSettings): void {
    Object.assign(this.model, s);
    [this.viewBox.from, this.viewBox.to] = s.box ?? landscapeById(s.landscape).box;
    this.refreshers.forEach((r) => r(s));
    if (`${s.landscape}/${s.dim}` !== this.shown) this.rebuildParams(s);
    this.gui.controllersRecursive().forEach((c) => c.updateDisplay());
  }
}

function invert(choices: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(choices).map(([value, label]) => [label, value]));
}

function download(dataUrl: string, name: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = name;
  a.click();
}

function copyLink(): void {
  const url = location.href;
  navigator.clipboard?.writeText(url).then(
    () => notify('Link copied: it reopens this exact setup.', 'info'),
    () => notify(`Copy this link: ${url}`, 'info', true),
  );
}
