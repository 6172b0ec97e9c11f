/** The game lab's chart: median distance to the equilibrium over steps, one line per method, log y. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartAxis, logDecadeAxis } from '../../ui/chartStyle';
import { METHOD_LABELS } from '../../games';
import { cssColor, methodColor } from './methodColors';
import type { DistanceRecords } from './distanceRecords';

export class DistanceChart {
  private plot: uPlot | null = null;
  private readonly legend: HTMLElement;
  private readonly holder: HTMLElement;
  private readonly title: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    root.classList.add('game-lab-chart');
    const title = (this.title = document.createElement('div'));
    title.className = 'game-lab-chart-title';
    this.legend = document.createElement('div');
    this.legend.className = 'game-lab-legend';
    this.holder = document.createElement('div');
    root.replaceChildren(title, this.legend, this.holder);
  }

  /** A new chart for these records' methods, `width` × `height` pixels. */
  rebuild(records: DistanceRecords, width: number, height: number): void {
    this.plot?.destroy();
    // uPlot sizes its own elements a moment later: the holder keeps the height now, for the lab's layout.
    this.holder.style.height = `${height}px`;
    const font = getComputedStyle(this.root).fontSize;
    const axis = { ...chartAxis(64), font: `${font} system-ui` };
    const logAxis = { ...logDecadeAxis(64, 2 * parseFloat(font)), font: axis.font };
    this.plot = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [{ ...axis, label: 'step', labelFont: axis.font, labelSize: 28 }, logAxis],
        series: [{}, ...records.methods.map((m) => ({ label: METHOD_LABELS[m], stroke: cssColor(methodColor(m)), width: 3 }))],
      },
      [[], ...records.methods.map(() => [])],
      this.holder,
    );
    this.legend.replaceChildren(
      ...records.methods.map((m) => {
        const item = document.createElement('span');
        item.style.color = cssColor(methodColor(m));
        item.textContent = `━ ${METHOD_LABELS[m]}`;
        return item;
      }),
    );
    this.update(records);
  }

  update(records: DistanceRecords): void {
    // A log axis has no place for 0 or NaN: such points are left out (null).
    const clean = (a: number[]) => a.map((v) => (v > 0 && Number.isFinite(v) ? v : null));
    this.plot?.setData([records.steps, ...records.medians.map(clean)] as uPlot.AlignedData);
    this.title.replaceChildren('distance to the equilibrium over steps (median over particles, log scale); now at step ',
      Object.assign(document.createElement('b'), { textContent: String(records.steps.at(-1) ?? 0) }));
  }

  destroy(): void {
    this.plot?.destroy();
    this.root.replaceChildren();
  }
}
