/**
 * The readouts a class can read from the back row: step, losses, converged and diverged shares,
 * frame rate, a live loss chart and a histogram of particle losses (uPlot: small and fast).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Summary } from '../engine';
import type { Explorer } from '../explorer/Explorer';
import { landscapeOf } from '../settings';
import { OPTIMIZER_NAMES } from '../optimizers';
import { formatNumber, withoutRepeats } from '../view/ticks';
import { histogramLoss } from '../engine/summarize';
import { chartAxis, logDecadeAxis } from './chartStyle';
import { chartBox, chartScaleFor, ScaledChart } from './ScaledChart';

const HISTORY = 600;
const REFRESH_MS = 100;

export class Overlay {
  private readonly values: Record<string, HTMLElement> = {};
  private readonly lossChart: ScaledChart;
  private readonly histChart: ScaledChart;
  private steps: number[] = [];
  private means: number[] = [];
  private mins: number[] = [];
  private lastDraw = 0;
  private logY = true;
  private histogram = { lo: 0, hi: 1, log: false };

  constructor(root: HTMLElement, private readonly explorer: Explorer, engineNote?: string) {
    root.innerHTML = `
      <h1 data-k="title"></h1>
      <div class="formula" data-k="formula"></div>
      ${engineNote ? `<div class="engine">${engineNote}</div>` : ''}
      <dl>
        <dt>step</dt><dd data-k="step">0</dd>
        <dt>mean loss</dt><dd data-k="mean">—</dd>
        <dt>min loss</dt><dd data-k="min">—</dd>
        <dt>converged</dt><dd data-k="converged">—</dd>
        <dt>diverged</dt><dd data-k="diverged">—</dd>
        <dt>particles</dt><dd data-k="count">—</dd>
        <dt>frames / s</dt><dd data-k="fps">—</dd>
      </dl>
      <div class="chart-title">loss over steps: <span style="color:#7fd1ff">mean</span>, <span style="color:#ffb454">min</span></div>
      <div data-k="loss-chart"></div>
      <div class="chart-title">particles by loss (histogram)</div>
      <div data-k="hist-chart"></div>`;
    root.querySelectorAll<HTMLElement>('[data-k]').forEach((el) => (this.values[el.dataset.k!] = el));
    this.values.formula.onclick = () => this.values.formula.classList.toggle('open');
    const k = chartScaleFor(explorer.get().classroom);
    this.histChart = new ScaledChart(this.values['hist-chart'], (scale) => this.histogramOptions(scale), [[], []], k);
    this.lossChart = new ScaledChart(this.values['loss-chart'], (scale) => this.lossOptions(scale), [[], [], []], k);
    this.describe();
    explorer.onSummary((s, fps) => this.update(s, fps));
    explorer.onSettings(() => this.describe());
  }

  private histogramOptions(k: number): uPlot.Options {
    const axis = (size?: number) => chartAxis(size, k);
    return {
      ...chartBox(k, 90),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [0, 1] }, y: { range: (_u, _lo, hi) => [0, Math.max(1, hi)] } },
      // Bins are placed by position t in [0, 1]; ticks name the loss there (log-spaced with log height).
      // A label equal to the one before it is left out: when every loss is (nearly) the same, one label, not five.
      axes: [
        // Labels such as 3.58e−4 need more room between ticks as the type grows.
        { ...axis(), space: Math.round(52 * k * k), values: (_u, ticks) => withoutRepeats(ticks.map((t) => formatNumber(histogramLoss(this.histogram, t)))) },
        axis(),
      ],
      series: [{}, { stroke: '#7fd1ff', fill: 'rgba(127,209,255,0.45)', paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 0 }) }],
    };
  }

  private lossOptions(k: number): uPlot.Options {
    return {
      ...chartBox(k, 110),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, y: this.logY ? { distr: 3 } : {} },
      axes: [chartAxis(undefined, k), this.logY ? logDecadeAxis(undefined, undefined, k) : chartAxis(undefined, k)],
      series: [{}, { stroke: '#7fd1ff', width: 2 }, { stroke: '#ffb454', width: 2 }],
    };
  }

  private describe(): void {
    const s = this.explorer.get();
    const l = landscapeOf(s);
    this.values.title.textContent = `${l.name}${l.dims.max > 2 ? `, D = ${s.dim}` : ''} · ${OPTIMIZER_NAMES[s.optimizer]}`;
    this.values.formula.textContent = l.formula;
    this.values.formula.title = `${l.formula}\n(click to show or fold the whole formula)`;
    this.values.count.textContent = s.count.toLocaleString('en-US');
    // Log axes need positive losses: landscapes whose minimum is negative get a linear one.
    const minima = l.minima(s.dim, l.params.map((p) => s.params[p.key] ?? p.default));
    const logY = minima.length > 0 && minima.every((m) => m.f >= 0);
    if (logY !== this.logY) {
      this.logY = logY;
      // The history was drawn for the other axis (a log one cannot show losses ≤ 0): the chart starts over.
      [this.steps, this.means, this.mins] = [[], [], []];
      this.lossChart.setData([[], [], []]);
      this.lossChart.redraw();
    }
    // Classroom mode letters the charts for a projector.
    this.lossChart.rescale(chartScaleFor(s.classroom));
    this.histChart.rescale(chartScaleFor(s.classroom));
  }

  private update(s: Summary, fps: number): void {
    if (s.step < (this.steps.at(-1) ?? -1)) {
      this.steps = [];
      this.means = [];
      this.mins = [];
    }
    if (s.step !== this.steps.at(-1) && s.live > 0) {
      this.steps.push(s.step);
      this.means.push(this.logY ? Math.max(s.meanLoss, 1e-12) : s.meanLoss);
      this.mins.push(this.logY ? Math.max(s.minLoss, 1e-12) : s.minLoss);
      if (this.steps.length > HISTORY) {
        // Keep the whole run visible: drop every other point of the older half.
        const keep = (_: number, i: number) => i >= HISTORY / 2 || i % 2 === 0;
        this.steps = this.steps.filter(keep);
        this.means = this.means.filter(keep);
        this.mins = this.mins.filter(keep);
      }
    }
    const now = performance.now();
    if (now - this.lastDraw < REFRESH_MS) return;
    this.lastDraw = now;
    const pct = (k: number) => (s.count ? `${((100 * k) / s.count).toFixed(1)} %` : '—');
    this.values.step.textContent = s.step.toLocaleString('en-US');
    this.values.mean.textContent = formatNumber(s.meanLoss);
    this.values.min.textContent = formatNumber(s.minLoss);
    this.values.converged.textContent = pct(s.converged);
    this.values.diverged.textContent = pct(s.diverged);
    this.values.fps.textContent = fps ? fps.toFixed(0) : '—';
    this.values.diverged.style.color = s.diverged ? 'var(--error)' : '';
    this.lossChart.setData([this.steps, this.means, this.mins]);
    this.histogram = s.histogram;
    const { counts } = s.histogram;
    this.histChart.setData([Array.from(counts, (_, i) => (i + 0.5) / counts.length), Array.from(counts)]);
  }
}
