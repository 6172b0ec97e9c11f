/**
 * The game lab's controls (lil-gui inside the lab): game, sizes, methods, step sizes, particles,
 * play, reset. Every change goes through the lab's set(), which refuses a bad value whole; the
 * refusal is shown (notify) and the controls go back to what the lab holds.
 */
import GUI from 'lil-gui';
import { GAME_IDS, GAME_METHODS, GAMES, METHOD_LABELS, type GameMethod } from '../../games';
import { notify } from '../../ui/notice';
import { LAB_MAX_DIM, LAB_MAX_STEPS_PER_FRAME, type GameLabSettings } from './labSettings';

export interface ControlledLab {
  get(): GameLabSettings;
  set(patch: Partial<GameLabSettings>): Promise<unknown>;
  play(): void;
  pause(): void;
  reset(): Promise<unknown>;
  step(n: number): Promise<unknown>;
  readonly playing: boolean;
}


export class LabControls {
  private readonly gui: GUI;
  private readonly shown: GameLabSettings;
  /** One checkbox per method (a separate object: 'momentum' is both a method and a setting). */
  private readonly methodShown: Record<GameMethod, boolean>;
  private readonly actions: { playPause: () => void; reset: () => void; step100: () => void };

  constructor(root: HTMLElement, private readonly lab: ControlledLab) {
    this.gui = new GUI({ container: root, title: 'min-max game' });
    this.shown = this.lab.get();
    this.methodShown = this.methodsFromLab();
    const change = (patch: Partial<GameLabSettings>) =>
      this.lab.set(patch).then(
        () => this.refresh(),
        (e: Error) => {
          notify(e.message);
          this.refresh();
        },
      );
    const g = this.gui;
    const field = <K extends keyof GameLabSettings>(key: K) => (v: GameLabSettings[K]) => change({ [key]: v } as Partial<GameLabSettings>);
    g.add(this.shown, 'game', Object.fromEntries(GAME_IDS.map((id) => [GAMES[id].label, id]))).name('game').onFinishChange(field('game'));
    g.add(this.shown, 'm', 1, LAB_MAX_DIM, 1).name('m (size of x)').onFinishChange(field('m'));
    g.add(this.shown, 'n', 1, LAB_MAX_DIM, 1).name('n (size of y)').onFinishChange(field('n'));
    g.add(this.shown, 'matrix', ['identity', 'gaussian']).name('matrix A').onFinishChange(field('matrix'));
    const methods = g.addFolder('methods, side by side');
    for (const method of GAME_METHODS) {
      methods.add(this.methodShown, method).name(METHOD_LABELS[method]).onFinishChange(() =>
        change({ methods: GAME_METHODS.filter((m) => this.methodShown[m]) }),
      );
    }
    const steps = g.addFolder('steps');
    steps.add(this.shown, 'etaX').name('ηx (x, minimising)').onFinishChange(field('etaX'));
    steps.add(this.shown, 'etaY').name('ηy (y, maximising)').onFinishChange(field('etaY'));
    steps.add(this.shown, 'momentum', -0.95, 0.95, 0.05).name('momentum β').onFinishChange(field('momentum'));
    steps.add(this.shown, 'stepsPerFrame', 1, LAB_MAX_STEPS_PER_FRAME, 1).name('steps per frame').onFinishChange(field('stepsPerFrame'));
    const cloud = g.addFolder('particles');
    cloud.add(this.shown, 'count').name('per method').onFinishChange(field('count'));
    cloud.add(this.shown, 'spread').name('start spread').onFinishChange(field('spread'));
    cloud.add(this.shown, 'seed').name('seed').onFinishChange(field('seed'));
    cloud.add(this.shown, 'extent').name('view half-width (0: auto)').onFinishChange(field('extent'));
    this.actions = {
      playPause: () => (this.lab.playing ? this.lab.pause() : this.lab.play()),
      reset: () => void this.lab.reset().catch((e: Error) => notify(e.message)),
      step100: () => void this.lab.step(100).catch((e: Error) => notify(e.message)),
    };
    g.add(this.actions, 'playPause').name('play / pause');
    g.add(this.actions, 'step100').name('100 steps');
    g.add(this.actions, 'reset').name('reset (same starts)');
  }

  private methodsFromLab(): Record<GameMethod, boolean> {
    const { methods } = this.lab.get();
    return Object.fromEntries(GAME_METHODS.map((m) => [m, methods.includes(m)])) as Record<GameMethod, boolean>;
  }

  /** The controls show what the lab holds. */
  refresh(): void {
    Object.assign(this.shown, this.lab.get());
    Object.assign(this.methodShown, this.methodsFromLab());
    this.gui.controllersRecursive().forEach((c) => c.updateDisplay());
  }

  destroy(): void {
    this.gui.destroy();
  }
}
