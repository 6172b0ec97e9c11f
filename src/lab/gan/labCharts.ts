/**
 * The lab's two charts (uPlot, in the readout charts' style): the focused GAN's D and G losses
 * over generator steps, and the birthday test's duplicate probability against the batch size s,
 * measured (points) and as the exact formula predicts for the estimated support (lines).
 */
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { BirthdayReport } from '../../analysis/BirthdayTest';
import { chartAxis } from '../../ui/chartStyle';
import { chartScaleFor, ScaledChart } from '../../ui/ScaledChart';

export const BIRTHDAY_TARGETS = ['focus', 'real', 'plain', 'unrolled'] as const;
export type BirthdayTarget = (typeof BIRTHDAY_TARGETS)[number];
const TARGET_COLOURS: Record<BirthdayTarget, string> = { focus: '#7fd1ff', real: '#e8eaf0', plain: '#ff6b6b', unrolled: '#7ee787' };

const size = (el: HTMLElement, height: number) => ({ width: Math.max(200, el.clientWidth), height });
/** Classroom mode letters the charts for a projector, as the explorer's. */
const scaleNow = () => chartScaleFor(document.body.classList.contains('classroom'));

export class LossChart {
  private readonly chart: ScaledChart;
  constructor(private readonly el: HTMLElement) {
    this.chart = new ScaledChart(el, (k) => ({
      ...size(el, Math.round(170 * k)),
      legend: { show: true },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [chartAxis(undefined, k), chartAxis(44, k)],
      series: [{ label: 'generator steps' }, { label: 'D loss', stroke: '#ffb454', width: 2 }, { label: 'G loss', stroke: '#7fd1ff', width: 2 }],
    }), [[], [], []], scaleNow());
  }
  /** Cheap unless classroom mode changed since the chart was drawn (the lab asks every frame). */
  restyle(): void {
    this.chart.rescale(scaleNow());
  }
  update(steps: number[], lossD: number[], lossG: number[]): void {
    this.chart.setSize(size(this.el, Math.round(170 * this.chart.currentScale)));
    this.chart.setData([steps, lossD, lossG]);
  }
  destroy(): void {
    this.chart.destroy();
  }
}

export class BirthdayChart {
  private readonly chart: ScaledChart;
  constructor(private readonly el: HTMLElement, private readonly sizes: number[]) {
    const series: uPlot.Series[] = [{ label: 'batch size s' }];
    for (const t of BIRTHDAY_TARGETS) {
      series.push({ label: `${t} measured`, stroke: TARGET_COLOURS[t], width: 0, points: { show: true, size: 9, fill: TARGET_COLOURS[t] } });
      series.push({ label: `${t} formula`, stroke: TARGET_COLOURS[t], width: 1.5, dash: [6, 4], points: { show: false } });
    }
    this.chart = new ScaledChart(el, (k) => ({
      ...size(el, Math.round(200 * k)),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, distr: 3 }, y: { range: [0, 1] } },
      axes: [chartAxis(undefined, k), chartAxis(40, k)],
      series,
    }), [sizes, ...BIRTHDAY_TARGETS.flatMap(() => [sizes.map(() => null), sizes.map(() => null)])], scaleNow());
  }
  restyle(): void {
    this.chart.rescale(scaleNow());
  }
  /** Each target's duplicate share per size (a group's: the mean over its GANs), and the formula's curve where it has one. */
  update(results: Partial<Record<BirthdayTarget, BirthdayReport[]>>): void {
    const data: (number | null)[][] = [];
    for (const t of BIRTHDAY_TARGETS) {
      const reports = results[t] ?? [];
      const at = (s: number, pick: (r: BirthdayReport['sizes'][number]) => number | null) => {
        const values = reports.map((r) => r.sizes.find((x) => x.size === s)).filter((x) => x !== undefined).map(pick);
        return values.length && values.every((v) => v !== null) ? (values as number[]).reduce((a, b) => a + b, 0) / values.length : null;
      };
      data.push(this.sizes.map((s) => at(s, (x) => x.duplicateShare)));
      data.push(this.sizes.map((s) => at(s, (x) => x.predicted)));
    }
    this.chart.setSize(size(this.el, Math.round(200 * this.chart.currentScale)));
    this.chart.setData([this.sizes, ...data] as uPlot.AlignedData);
  }
  destroy(): void {
    this.chart.destroy();
  }
}

export const targetColour = (t: BirthdayTarget) => TARGET_COLOURS[t];
