/**
 * The overlay's readouts and the colour bar, drawn into a 2-D canvas for recordings and PNGs:
 * the same numbers as the live overlay, sized to the frame so they read on a projector.
 */
import type { Summary } from '../engine';
import type { ExplorerSettings } from '../settings';
import { landscapeOf } from '../settings';
import { OPTIMIZER_NAMES } from '../optimizers';
import { COLORMAPS } from '../view/colormaps';
import { formatNumber } from '../view/ticks';
import type { ViewMapping } from '../view/ViewMapping';

export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export const COLORS = { panel: 'rgba(20, 22, 28, 0.82)', text: '#e8eaf0', muted: '#aab2c2', mean: '#7fd1ff', min: '#ffb454', error: '#ff6b6b' };
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const READOUTS_WIDTH = 400;
/** What the readouts and the colour bar (with its ticks) cover, at scale 1: the 3-D view centres in the rest. */
export const READOUTS_MARGIN = 16 + READOUTS_WIDTH + 30;
export const COLOR_BAR_MARGIN = 130;

/** Mean and minimum loss per recorded frame, for the chart. */
export class LossHistory {
  readonly steps: number[] = [];
  readonly means: number[] = [];
  readonly mins: number[] = [];

  push(s: Summary): void {
    // A step count that went back is a new run (a reset, a scene's next step): its chart starts afresh.
    if (s.step < (this.steps.at(-1) ?? 0)) for (const a of [this.steps, this.means, this.mins]) a.length = 0;
    if (s.live === 0 || s.step === this.steps.at(-1)) return;
    this.steps.push(s.step);
    this.means.push(s.meanLoss);
    this.mins.push(s.minLoss);
  }
}

/** `text` cut with an ellipsis to fit `width` pixels in the context's current font. */
export function fitText(ctx: Context2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** Words into at most `most` lines of `max` pixels; the rest cut with an ellipsis. */
export function wrapText(ctx: Context2D, text: string, max: number, most = 2): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width <= max || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > most) lines.splice(most - 1, lines.length, lines.slice(most - 1).join(' '));
  return lines.map((l) => fitText(ctx, l, max));
}

function roundedBox(ctx: Context2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  ctx.fill();
}

/** Draws the readouts box at the top left (scale u: 1 at 1280 x 720); returns its right edge. */
export function drawReadouts(ctx: Context2D, u: number, s: ExplorerSettings, summary: Summary | null, history: LossHistory | null): number {
  const x = 16 * u;
  const y = 16 * u;
  const w = READOUTS_WIDTH * u;
  const pad = 14 * u;
  const row = 27 * u;
  const landscape = landscapeOf(s);
  const title = `${landscape.name}${landscape.dims.max > 2 ? `, D = ${s.dim}` : ''} · ${OPTIMIZER_NAMES[s.optimizer]}`;
  const pct = (k: number) => (summary && summary.count ? `${((100 * k) / summary.count).toFixed(1)} %` : '—');
  const rows: [string, string, string?][] = [
    ['step', summary ? summary.step.toLocaleString('en-US') : '—'],
    ['mean loss', summary ? formatNumber(summary.meanLoss) : '—'],
    ['min loss', summary ? formatNumber(summary.minLoss) : '—'],
    ['converged', pct(summary?.converged ?? 0)],
    ['diverged', pct(summary?.diverged ?? 0), summary?.diverged ? COLORS.error : undefined],
    ['particles', s.count.toLocaleString('en-US')],
  ];
  const chart = history && history.steps.length > 1;
  ctx.font = `650 ${22 * u}px ${FONT}`;
  const titleLines = wrapText(ctx, title, w - 2 * pad);
  const titleH = titleLines.length * 28 * u;
  const h = pad * 2 + titleH + 26 * u + rows.length * row + (chart ? 150 * u : 0);
  ctx.fillStyle = COLORS.panel;
  roundedBox(ctx, x, y, w, h, 10 * u);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillStyle = COLORS.text;
  titleLines.forEach((line, i) => ctx.fillText(line, x + pad, y + pad + i * 28 * u));
  ctx.fillStyle = COLORS.muted;
  ctx.font = `${16 * u}px ${FONT}`;
  ctx.fillText(fitText(ctx, landscape.formula, w - 2 * pad), x + pad, y + pad + titleH + 2 * u);
  let top = y + pad + titleH + 26 * u;
  ctx.font = `${20 * u}px ${FONT}`;
  for (const [label, value, colour] of rows) {
    ctx.textAlign = 'left';
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(label, x + pad, top);
    ctx.textAlign = 'right';
    ctx.fillStyle = colour ?? COLORS.text;
    ctx.fillText(value, x + w - pad, top);
    top += row;
  }
  if (chart) drawLossChart(ctx, u, history, x + pad, top + 6 * u, w - 2 * pad, 140 * u);
  return x + w;
}

/** Mean and minimum loss over the steps recorded so far; log-scaled when every value is positive. */
function drawLossChart(ctx: Context2D, u: number, history: LossHistory, x: number, y: number, w: number, h: number): void {
  ctx.textAlign = 'left';
  ctx.font = `${16 * u}px ${FONT}`;
  ctx.fillStyle = COLORS.muted;
  ctx.fillText('loss over steps:', x, y);
  const label = ctx.measureText('loss over steps: ').width;
  ctx.fillStyle = COLORS.mean;
  ctx.fillText('mean', x + label, y);
  ctx.fillStyle = COLORS.min;
  ctx.fillText('min', x + label + ctx.measureText('mean  ').width, y);
  const plotTop = y + 24 * u;
  const plotH = h - 24 * u - 20 * u;
  const values = [...history.means, ...history.mins].filter(Number.isFinite);
  if (!values.length) return;
  const log = values.every((v) => v > 0);
  const f = (v: number) => (log ? Math.log10(v) : v);
  let lo = Math.min(...values.map(f));
  let hi = Math.max(...values.map(f));
  if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
  const [s0, s1] = [history.steps[0], history.steps[history.steps.length - 1]];
  const px = (step: number) => x + ((step - s0) / Math.max(1, s1 - s0)) * w;
  const py = (v: number) => plotTop + (1 - (f(v) - lo) / (hi - lo)) * plotH;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.25)';
  ctx.lineWidth = Math.max(1, u);
  ctx.strokeRect(x, plotTop, w, plotH);
  for (const [series, colour] of [[history.means, COLORS.mean], [history.mins, COLORS.min]] as const) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * u;
    ctx.beginPath();
    let drawing = false;
    series.forEach((v, i) => {
      if (!Number.isFinite(v)) return void (drawing = false);
      if (drawing) ctx.lineTo(px(history.steps[i]), py(v));
      else ctx.moveTo(px(history.steps[i]), py(v));
      drawing = true;
    });
    ctx.stroke();
  }
  ctx.font = `${14 * u}px ${FONT}`;
  ctx.fillStyle = COLORS.muted;
  const axis = (v: number) => formatNumber(log ? 10 ** v : v);
  ctx.textAlign = 'right';
  ctx.fillText(axis(hi), x + w - 4 * u, plotTop + 3 * u);
  ctx.textBaseline = 'bottom';
  ctx.fillText(axis(lo), x + w - 4 * u, plotTop + plotH - 3 * u);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(s0.toLocaleString('en-US'), x, plotTop + plotH + 3 * u);
  ctx.textAlign = 'right';
  ctx.fillText(`step ${s1.toLocaleString('en-US')}`, x + w, plotTop + plotH + 3 * u);
}

/** Whether the live page shows the colour bar: the surface or the particles are coloured by loss. */
export function showsColorBar(s: ExplorerSettings): boolean {
  return s.showSurface || s.colorBy === 'loss';
}

/** The colour bar at the bottom right, with the losses it stands for, as the live page shows it. */
export function drawColorBar(ctx: Context2D, u: number, width: number, height: number, s: ExplorerSettings, mapping: ViewMapping): void {
  if (!showsColorBar(s)) return;
  const w = 26 * u;
  const h = 0.38 * height;
  const x = width - 28 * u - w;
  const y = height - 40 * u - h;
  const gradient = ctx.createLinearGradient(0, y + h, 0, y);
  for (let i = 0; i <= 10; i++) gradient.addColorStop(i / 10, COLORMAPS[s.colormap](i / 10));
  ctx.fillStyle = gradient;
  ctx.fillRect(x, y, w, h);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.5)';
  ctx.lineWidth = Math.max(1, u);
  ctx.strokeRect(x, y, w, h);
  ctx.shadowColor = '#000';
  ctx.shadowBlur = 4 * u;
  ctx.fillStyle = COLORS.text;
  ctx.font = `${18 * u}px ${FONT}`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) ctx.fillText(formatNumber(mapping.lossAt(i / 4)), x - 8 * u, y + h - (i / 4) * h);
  ctx.textBaseline = 'bottom';
  ctx.fillStyle = COLORS.muted;
  ctx.fillText(s.logScale ? 'loss (log scale)' : 'loss', x + w, y - 10 * u);
  ctx.shadowBlur = 0;
}
