/**
 * The scene on screen, bottom centre: title and claim, the step's caption, the live readout
 * that measures the claim, the readout as each earlier step left it, and previous/next buttons
 * (the arrow keys do the same). Text only: scene files never reach the page as HTML.
 */
import type { SceneState } from '../scenes';
import type { ScenePlayer } from '../scenes/ScenePlayer';
import { READOUTS } from '../scenes/readouts';

export class SceneCaption {
  private readonly unsubscribe: () => void;

  constructor(private readonly el: HTMLElement, private readonly player: ScenePlayer) {
    this.unsubscribe = player.onChange((s) => this.render(s));
    this.render(player.current);
  }

  private render(s: SceneState | null): void {
    const el = this.el;
    el.hidden = !s;
    el.replaceChildren();
    if (!s) return;
    const { scene, step } = s;
    const add = <K extends keyof HTMLElementTagNameMap>(parent: HTMLElement, tag: K, cls: string, text = '') => {
      const node = document.createElement(tag);
      node.className = cls;
      node.textContent = text;
      parent.appendChild(node);
      return node;
    };
    // Words on the left, the measurement on the right: the box stays low, clear of the surface.
    const words = add(el, 'div', 'scene-words');
    const head = add(words, 'div', 'scene-head');
    add(head, 'h1', 'scene-title', scene.title);
    add(head, 'span', 'scene-count', `step ${step + 1} of ${scene.steps.length}`);
    add(words, 'p', 'scene-claim', scene.claim);
    add(words, 'p', 'scene-step', scene.steps[step]?.caption ?? '');
    const side = add(el, 'div', 'scene-side');
    const readout = add(side, 'div', 'scene-readout');
    add(readout, 'span', 'scene-readout-label', READOUTS[scene.readout].label);
    add(readout, 'span', 'scene-readout-value', s.busy ? '…' : (s.readout?.headline ?? '—'));
    add(readout, 'span', 'scene-readout-detail', s.error ? `Not shown: ${s.error}` : (s.readout?.detail ?? ''));
    const earlier = s.measured.map((m, i) => (m && i !== step ? `step ${i + 1}: ${m.headline}` : null)).filter(Boolean);
    if (earlier.length) add(side, 'p', 'scene-history', `Earlier: ${earlier.join(' · ')}`);
    const nav = add(side, 'div', 'scene-nav');
    const button = (label: string, title: string, onClick: () => void, disabled: boolean) => {
      const b = add(nav, 'button', '', label);
      b.title = title;
      b.disabled = disabled;
      b.onclick = onClick;
    };
    button('◀ previous', 'previous step (←)', () => void this.player.previous(), step === 0);
    button('next ▶', 'next step (→)', () => void this.player.next(), step === scene.steps.length - 1);
    button('close', 'leave the scene (Esc)', () => this.player.close(), false);
  }

  destroy(): void {
    this.unsubscribe();
    this.el.hidden = true;
    this.el.replaceChildren();
  }
}

/** The keys, listed on screen in classroom mode. */
export function renderKeyLegend(el: HTMLElement, scene: boolean): void {
  const keys: [string, string][] = [
    ...(scene ? ([['← →', 'previous / next step'], ['Esc', 'leave the scene']] as [string, string][]) : []),
    ['space', 'play / pause'],
    ['s', 'one step'],
    ['r', 'reset particles'],
    ['c', 'classroom mode'],
    ['h', 'panel'],
  ];
  el.replaceChildren(
    ...keys.map(([key, what]) => {
      const row = document.createElement('span');
      const k = document.createElement('kbd');
      k.textContent = key;
      row.append(k, ` ${what}`);
      return row;
    }),
  );
}
