/**
 * The words around the game lab's panels: what the plane shows, each method's name over its
 * panel and its readouts under it (median distance, share diverged, measured ρ against the closed form).
 * The step they were read at is the chart's (DistanceChart).
 */
import { GAMES, METHOD_LABELS, type GameMethod } from '../../games';
import { formatNumber } from '../../view/ticks';
import { cssColor, methodColor } from './methodColors';
import type { GameLabSettings } from './labSettings';

export interface MethodReadout {
  method: GameMethod;
  label: string;
  step: number;
  /** Median distance to the equilibrium over the live particles. */
  median: number;
  /** Share of the particles diverged, 0..1. */
  diverged: number;
  /** Per-step factor of the median distance over the later half of the records. */
  measuredFactor: number;
  /** The closed form's on the bilinear game (NaN where it does not apply). */
  closedFormFactor: number;
}

const factor = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '—');

export class PanelLabels {
  private readouts: HTMLElement[] = [];

  constructor(
    private readonly caption: HTMLElement,
    private readonly titleRow: HTMLElement,
    private readonly readoutRow: HTMLElement,
  ) {}

  /** New panels: their titles, and the caption for the game and square shown. */
  rebuild(s: GameLabSettings, extent: number): void {
    const cell = (parent: HTMLElement, className: string) => {
      const el = document.createElement('div');
      el.className = className;
      parent.appendChild(el);
      return el;
    };
    this.titleRow.replaceChildren();
    this.readoutRow.replaceChildren();
    s.methods.forEach((m) => {
      const el = cell(this.titleRow, 'game-lab-title');
      el.textContent = METHOD_LABELS[m];
      el.style.color = cssColor(methodColor(m));
    });
    this.readouts = s.methods.map(() => cell(this.readoutRow, 'game-lab-readout'));
    const slice = s.m > 1 || s.n > 1
      ? ` The slice through the equilibrium along x₁ and y₁ (the other ${s.m + s.n - 2} coordinates at their equilibrium values); particles shown by their (x₁, y₁).`
      : '';
    this.caption.textContent =
      `${GAMES[s.game].label}, m = ${s.m}, n = ${s.n}. Plane (x₁ → minimising, y₁ ↑ maximising), ±${formatNumber(extent)} about the equilibrium (ring). ` +
      `Arrows: where the dynamics move, F = (−∂f/∂x₁, +∂f/∂y₁). Colour: f below f* blue, above it orange.${slice}`;
  }

  /** Lays the titles and readouts out over and under panels `side` pixels wide, `gap` apart. */
  layout(count: number, side: number, gap: number): void {
    for (const row of [this.titleRow, this.readoutRow]) {
      row.style.gridTemplateColumns = `repeat(${count}, ${side}px)`;
      row.style.columnGap = `${gap}px`;
    }
  }

  show(readouts: readonly MethodReadout[]): void {
    readouts.forEach((r, k) => {
      const el = this.readouts[k];
      if (!el) return;
      el.replaceChildren();
      const line = (name: string, value: string) => {
        const row = document.createElement('div');
        const b = document.createElement('b');
        b.textContent = value;
        row.append(`${name} `, b);
        el.appendChild(row);
      };
      // Short lines, one each from about 200 px, so the panels keep their height on a short
      // (projector) screen; the step, the same for every method, is shown once, by the chart.
      line('median distance', formatNumber(r.median));
      line('diverged', `${(100 * r.diverged).toFixed(0)}%`);
      line('ρ measured', factor(r.measuredFactor));
      line('ρ closed form', factor(r.closedFormFactor));
    });
  }
}
