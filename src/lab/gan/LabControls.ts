/**
 * The GAN lab's controls: a lil-gui of every setting (a change goes through the lab's set(),
 * which refuses a bad value by name), the presets, play/pause and reset; the birthday test's
 * buttons and threshold; and the birthday results as a table.
 */
import GUI, { type Controller } from 'lil-gui';
import type { BirthdayReport } from '../../analysis/BirthdayTest';
import { GAN_ACTIVATIONS, GAN_LOSSES, GAN_MAX_HIDDEN, GAN_MAX_LATENT, GAN_MAX_UNROLL, GAN_MAX_WIDTH, GAN_MAX_BATCH, GAN_MAX_D_STEPS } from '../../gan/ganConfig';
import { button, type GanLabElements } from './ganLabLayout';
import { BIRTHDAY_TARGETS, targetColour, type BirthdayTarget } from './labCharts';
import { LAB_MAX_GANS, mixtureOf, PRESETS, type GanLabSettings } from './labSettings';

export interface ControlActions {
  set(patch: Partial<GanLabSettings>): void;
  play(): void;
  pause(): void;
  reset(): void;
  birthday(target: BirthdayTarget): void;
}

const fmt = (n: number) => (n >= 1e5 ? n.toExponential(1) : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));

export class LabControls {
  private readonly gui: GUI;
  private readonly draft: GanLabSettings;
  private readonly controllers: Controller[] = [];
  private readonly playButton: Controller;
  private readonly state = { playing: false };

  constructor(private readonly ui: GanLabElements, settings: GanLabSettings, actions: ControlActions) {
    this.draft = { ...settings };
    this.gui = new GUI({ container: ui.panel, title: 'GAN settings' });
    const act = {
      playPause: () => (this.state.playing ? actions.pause() : actions.play()),
      reset: () => actions.reset(),
    };
    this.playButton = this.gui.add(act, 'playPause').name('▶ play');
    this.gui.add(act, 'reset').name('↺ reset (fresh weights)');
    const presets = this.gui.addFolder('Presets');
    for (const [name, patch] of Object.entries(PRESETS)) presets.add({ apply: () => actions.set(patch) }, 'apply').name(name);
    const add = (folder: GUI, key: keyof GanLabSettings, ...args: unknown[]) => {
      const c = (folder.add as (o: object, k: string, ...a: unknown[]) => Controller)(this.draft, key, ...args);
      c.onFinishChange((v: unknown) => actions.set({ [key]: v }));
      this.controllers.push(c);
      return c;
    };
    const data = this.gui.addFolder('Data and networks');
    add(data, 'mixture', { '8 on a ring': 'ring', '25 on a grid': 'grid' });
    add(data, 'sigma', 0.005, 0.5).name('σ of each mode');
    add(data, 'gHidden', 1, GAN_MAX_HIDDEN, 1).name('G hidden layers');
    add(data, 'gWidth', 1, GAN_MAX_WIDTH, 1).name('G width');
    add(data, 'dHidden', 1, GAN_MAX_HIDDEN, 1).name('D hidden layers');
    add(data, 'dWidth', 1, GAN_MAX_WIDTH, 1).name('D width');
    add(data, 'latent', 1, GAN_MAX_LATENT, 1).name('latent dimension');
    add(data, 'activation', [...GAN_ACTIVATIONS]);
    const training = this.gui.addFolder('Training');
    add(training, 'loss', { 'non-saturating': GAN_LOSSES[0], minimax: GAN_LOSSES[1] });
    add(training, 'lrG').name('lrG (Adam)');
    add(training, 'lrD').name('lrD (Adam)');
    add(training, 'k', 1, GAN_MAX_D_STEPS, 1).name('k: D steps per G step');
    add(training, 'unroll', 0, GAN_MAX_UNROLL, 1).name('unroll K (0 = plain)');
    add(training, 'unrollLr').name('unrolled step size');
    add(training, 'batch', 1, GAN_MAX_BATCH, 1);
    const many = this.gui.addFolder('Many GANs');
    add(many, 'gans', 1, LAB_MAX_GANS, 1).name('GANs');
    add(many, 'split').name('half plain, half unrolled');
    add(many, 'seed').name('seed');
    add(many, 'focus').name('focused GAN');
    add(many, 'stepsPerFrame', 1, 32, 1).name('G steps per frame');

    ui.threshold.value = String(mixtureOf(settings).sigma);
    button(ui.birthdayButtons, 'fine: σ', () => (ui.threshold.value = String(this.draft.sigma)));
    button(ui.birthdayButtons, 'coarse: mode size', () => (ui.threshold.value = String(mixtureOf(this.draft).radius / 4)));
    const names: Record<BirthdayTarget, string> = { focus: 'focused GAN', real: 'real data', plain: 'plain GANs', unrolled: 'unrolled GANs' };
    for (const t of BIRTHDAY_TARGETS) button(ui.birthdayButtons, `test ${names[t]}`, () => actions.birthday(t)).style.borderColor = targetColour(t);
  }

  /** Shows `settings` (after a change, or a refused one put back). */
  show(settings: GanLabSettings): void {
    Object.assign(this.draft, settings);
    for (const c of this.controllers) c.updateDisplay();
  }

  showPlaying(playing: boolean): void {
    this.state.playing = playing;
    this.playButton.name(playing ? '❚❚ pause' : '▶ play');
  }

  showBirthday(results: Partial<Record<BirthdayTarget, BirthdayReport[]>>): void {
    const table = document.createElement('table');
    const head = table.insertRow();
    for (const h of ['samples of', 'threshold', 'support N (exact)', '95 % range', 's½', 's½² rule']) head.appendChild(Object.assign(document.createElement('th'), { textContent: h }));
    for (const t of BIRTHDAY_TARGETS) {
      for (const [i, r] of (results[t] ?? []).entries()) {
        const e = r.estimate;
        const row = table.insertRow();
        const cells = [
          `${t}${(results[t]!.length > 1 ? ` #${i + 1}` : '')}`,
          String(r.threshold),
          e.kind === 'estimate' ? fmt(e.support) : `${e.kind === 'at-least' ? '≥' : '≤'} ${fmt(e.support)}`,
          e.range ? `${fmt(e.range[0])} – ${e.range[1] === Infinity ? '∞' : fmt(e.range[1])}` : '',
          e.halfSize === null ? '' : e.halfSize.toFixed(1),
          e.usualRule === null ? '' : fmt(e.usualRule),
        ];
        for (const text of cells) row.insertCell().textContent = text;
        row.style.color = targetColour(t);
      }
    }
    this.ui.birthdayTable.replaceChildren(table);
  }

  destroy(): void {
    this.gui.destroy();
  }
}
