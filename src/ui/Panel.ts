/**
 * The lil-gui panel: a thin layer that reads settings from the explorer's API and writes every
 * change back through explorer.set(); a rejected value shows why and the panel snaps back.
 */
import GUI, { type Controller } from 'lil-gui';
import type { Explorer } from '../explorer/Explorer';
import type { ExplorerSettings } from '../explorer/settings';
import { LANDSCAPES, landscapeById } from '../landscapes';
import { NOISE_NAMES, NOISES, OPTIMIZER_NAMES, OPTIMIZERS } from '../optimizers';
import { COLORMAPS } from '../view/colormaps';
import { notify } from './notice';
import { WORK_PER_SUBMIT } from '../gpu/workBudget';

const COUNTS = [256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304];

export class Panel {
  readonly gui = new GUI({ title: 'Loss-landscape explorer' });
  private readonly model: ExplorerSettings & Record<string, unknown>;
  private readonly paramsFolder: GUI;
  private dimController!: Controller;
  private readonly logControllers: Controller[] = [];
  private viewBox: { from: number; to: number };
  /** The landscape and dimension the parameter folder was built for. */
  private shown = '';

  constructor(private readonly explorer: Explorer) {
    this.model = { ...explorer.get() } as ExplorerSettings & Record<string, unknown>;
    const g = this.gui;

    const land = g.addFolder('Landscape');
    land.add(this.model, 'landscape', Object.fromEntries(LANDSCAPES.map((l) => [l.name, l.id]))).name('function')
      .onChange((id: string) => this.apply({ landscape: id }));
    this.dimController = land.add(this.model, 'dim', 2, 4096, 1).name('dimension D').onFinishChange((v: number) => this.apply({ dim: v }));
    this.paramsFolder = land.addFolder('Parameters');
    // The view box: the same interval on both drawn axes; particles keep their positions.
    this.viewBox = { from: 0, to: 0 };
    land.add(this.viewBox, 'from').name('view box from').onFinishChange(() => this.applyBox());
    land.add(this.viewBox, 'to').name('view box to').onFinishChange(() => this.applyBox());
    land.add(this.model, 'logScale').name('log height').onChange((v: boolean) => this.apply({ logScale: v }));

    const slice = g.addFolder('Slice');
    slice.add(this.model, 'sliceCenter', {
      'known minimum': 'minimum', origin: 'origin', 'best particle': 'best', 'particles\' mean': 'mean', 'known saddle': 'saddle',
    }).name('centre').onChange((v: ExplorerSettings['sliceCenter']) => this.apply({ sliceCenter: v }));
    slice.add(this.model, 'sliceDirections', {
      'axes x₁, x₂': 'axes', 'random directions': 'random', 'principal components': 'pca', 'Hessian λmin, λmax eigenvectors': 'hessian',
    }).name('directions').onChange((v: ExplorerSettings['sliceDirections']) => this.apply({ sliceDirections: v }));
    slice.add(this.model, 'sliceSeed', 0, 9999, 1).name('direction seed').onFinishChange((v: number) => this.apply({ sliceSeed: v }));
    slice.add(this.model, 'particleHeight', { 'their own loss': 'loss', 'the slice\'s loss': 'slice' })
      .name('particles at').onChange((v: ExplorerSettings['particleHeight']) => this.apply({ particleHeight: v }));
    this.button(slice, 'recompute from particles now', () => explorer.refreshSlice());
    slice.close();

    const curv = g.addFolder('Curvature and saddles');
    this.button(curv, 'Hessian at the slice centre', () => explorer.hessian());
    this.button(curv, 'which particles sit near saddles?', () => explorer.curvature());
    curv.add(this.model, 'curvatureSamples', 16, 4096, 1).name('particles sampled').onFinishChange((v: number) => this.apply({ curvatureSamples: v }));
    curv.add(this.model, 'curvatureSteps', 2, 32, 1).name('Lanczos steps each').onFinishChange((v: number) => this.apply({ curvatureSteps: v }));
    curv.add(this.model, 'criticalGradTol', 0.001, 1, 0.001).name('near: |∇f| below').onFinishChange((v: number) => this.apply({ criticalGradTol: v }));
    curv.add(this.model, 'escapeMargin', 0.01, 5, 0.01).name('escaped: loss below saddle by')
      .onFinishChange((v: number) => this.apply({ escapeMargin: v }));
    curv.close();

    const parts = g.addFolder('Particles');
    parts.add(this.model, 'count', COUNTS).name('count').onChange((v: number) => this.apply({ count: Number(v) }));
    parts.add(this.model, 'init', {
      'uniform in the box': 'uniform', 'Gaussian at the centre': 'gaussian', 'grid (basins)': 'grid', 'at the known saddle': 'saddle',
    }).name('start').onChange((v: ExplorerSettings['init']) => this.apply({ init: v }));
    parts.add(this.model, 'initSigma', 0, 2, 0.0001).name('start spread σ').onFinishChange((v: number) => this.apply({ initSigma: v }));
    parts.add(this.model, 'seed', 0, 9999, 1).onFinishChange((v: number) => this.apply({ seed: v }));
    parts.add(this.model, 'dropCount', 1, 4096, 1).name('dropped per click').onFinishChange((v: number) => this.apply({ dropCount: v }));

    const opt = g.addFolder('Optimizer');
    opt.add(this.model, 'optimizer', invert(OPTIMIZER_NAMES, OPTIMIZERS)).onChange((v: ExplorerSettings['optimizer']) => this.apply({ optimizer: v }));
    this.logSlider(opt, 'lr', 'step size', -6, 1);
    opt.add(this.model, 'momentum', 0, 0.999, 0.001).onFinishChange((v: number) => this.apply({ momentum: v }));
    opt.add(this.model, 'beta1', 0, 0.999, 0.001).name('Adam β₁').onFinishChange((v: number) => this.apply({ beta1: v }));
    opt.add(this.model, 'beta2', 0, 0.9999, 0.0001).name('Adam β₂').onFinishChange((v: number) => this.apply({ beta2: v }));
    opt.add(this.model, 'rho', 0, 0.999, 0.001).name('RMSProp ρ').onFinishChange((v: number) => this.apply({ rho: v }));
    opt.add(this.model, 'noise', invert(NOISE_NAMES, NOISES)).onChange((v: ExplorerSettings['noise']) => this.apply({ noise: v }));
    this.logSlider(opt, 'noiseScale', 'noise σ / temperature', -4, 1);
    this.logSlider(opt, 'kickThreshold', 'kick when |∇f| <', -4, 1);
    this.logSlider(opt, 'kickRadius', 'kick radius', -4, 0);
    opt.add(this.model, 'kickInterval', 1, 500, 1).name('kick at most every').onFinishChange((v: number) => this.apply({ kickInterval: v }));
    opt.add(this.model, 'stepsPerFrame', 1, 256, 1).name('steps per frame').onFinishChange((v: number) => this.apply({ stepsPerFrame: v }));

    const view = g.addFolder('View');
    view.add(this.model, 'colormap', Object.keys(COLORMAPS)).name('colour map').onChange((v: ExplorerSettings['colormap']) => this.apply({ colormap: v }));
    view.add(this.model, 'colorBy', { 'minimum reached': 'basin', 'loss': 'loss', 'white': 'plain' }).name('colour particles by').onChange((v: ExplorerSettings['colorBy']) => this.apply({ colorBy: v }));
    view.add(this.model, 'contours').onChange((v: boolean) => this.apply({ contours: v }));
    view.add(this.model, 'showSurface').name('surface').onChange((v: boolean) => this.apply({ showSurface: v }));
    view.add(this.model, 'wireframe').onChange((v: boolean) => this.apply({ wireframe: v }));
    view.add(this.model, 'hideDiverged').name('hide diverged').onChange((v: boolean) => this.apply({ hideDiverged: v }));
    view.add(this.model, 'pointSize', 0.002, 0.08, 0.001).name('point size').onChange((v: number) => this.apply({ pointSize: v }));
    view.add(this.model, 'trailLength', 2, 512, 1).name('trail length').onFinishChange((v: number) => this.apply({ trailLength: v }));
    view.add(this.model, 'trailCount', 0, 4096, 1).name('trails shown').onFinishChange((v: number) => this.apply({ trailCount: v }));
    view.add(this.model, 'surfaceGrid', [64, 128, 256, 512, 1024]).name('surface grid').onChange((v: number) => this.apply({ surfaceGrid: Number(v) }));
    view.add(this.model, 'camera', { '3-D orbit': '3d', 'top-down 2-D': 'top' }).onChange((v: ExplorerSettings['camera']) => this.apply({ camera: v }));
    view.add(this.model, 'autoRotate').name('auto-rotate').onChange((v: boolean) => this.apply({ autoRotate: v }));

    const run = g.addFolder('Run');
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

    this.rebuildParams();
    this.refreshDim();
    this.syncBox(explorer.get());
    this.gui.controllersRecursive().forEach((c) => c.updateDisplay());
    explorer.onSettings((s) => this.sync(s));
  }

  private logSlider(folder: GUI, key: 'lr' | 'noiseScale' | 'kickThreshold' | 'kickRadius', label: string, lo: number, hi: number): void {
    const proxy = { value: Math.log10(this.model[key] as number) };
    const c = folder.add(proxy, 'value', lo, hi, 0.01).decimals(2);
    const rename = () => c.name(`${label} = ${format(10 ** proxy.value)}`);
    rename();
    c.onChange(rename);
    c.onFinishChange((v: number) => this.apply({ [key]: Number((10 ** v).toPrecision(3)) }));
    (c as Controller & { syncFrom?: (s: ExplorerSettings) => void }).syncFrom = (s) => {
      proxy.value = Math.log10(s[key] as number);
      rename();
      c.updateDisplay();
    };
    this.logControllers.push(c);
  }

  private applyBox(): void {
    const { from, to } = this.viewBox;
    void this.apply({ box: [Number(from), Number(to)] });
  }

  private syncBox(s: ExplorerSettings): void {
    const [lo, hi] = s.box ?? landscapeById(s.landscape).box;
    this.viewBox.from = lo;
    this.viewBox.to = hi;
  }

  private rebuildParams(): void {
    for (const c of [...this.paramsFolder.controllers]) c.destroy();
    const s = this.explorer.get();
    this.shown = `${s.landscape}/${s.dim}`;
    const landscape = landscapeById(s.landscape);
    const values: Record<string, number> = {};
    for (const p of landscape.params) {
      values[p.key] = s.params[p.key] ?? p.default;
      const max = p.perCoordinate ? Math.min(p.max, s.dim) : p.max;
      this.paramsFolder.add(values, p.key, p.min, max, p.integer ? 1 : (max - p.min) / 1000).name(p.label)
        .onFinishChange((v: number) => this.apply({ params: { [p.key]: v } }));
    }
    this.paramsFolder.show(landscape.params.length > 0);
  }

  private refreshDim(): void {
    const landscape = landscapeById(this.model.landscape);
    const fixed = landscape.dims.min === landscape.dims.max;
    this.dimController.enable(!fixed);
    this.dimController.name(fixed ? `dimension D (${landscape.name} is 2-D only)` : 'dimension D');
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
    const landscapeChanged = `${s.landscape}/${s.dim}` !== this.shown;
    Object.assign(this.model, s);
    this.syncBox(s);
    this.gui.controllersRecursive().forEach((c) => c.updateDisplay());
    this.logControllers.forEach((c) => (c as Controller & { syncFrom?: (s: ExplorerSettings) => void }).syncFrom?.(s));
    if (landscapeChanged) {
      this.rebuildParams();
      this.refreshDim();
    }
  }
}

function invert<K extends string>(names: Record<K, string>, keys: readonly K[]): Record<string, K> {
  return Object.fromEntries(keys.map((k) => [names[k], k]));
}

function format(v: number): string {
  return v >= 0.01 && v < 1000 ? Number(v.toPrecision(3)).toString() : v.toExponential(1);
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
