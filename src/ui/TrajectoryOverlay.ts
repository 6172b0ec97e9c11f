/**
 * The trajectory and landscape-analysis readouts: sharpness along the path against 2/η (the edge
 * of stability), the plane of a recorded path, the loss between two particles (segment and fitted
 * curve), a trained network's noise stability beside its start's, and the critical-point
 * inventory. Each part appears once there is something to show.
 */
import uPlot from 'uplot';
import type { AnalysisResults, Explorer } from '../explorer/Explorer';
import type { CriticalKind } from '../analysis/inventory';
import { formatNumber } from '../view/ticks';
import { MARK_COLORS } from '../view/SliceMarks';
import { chartAxis } from './chartStyle';
import { chartBox, chartScaleFor, ScaledChart } from './ScaledChart';

const SHARPNESS_COLOR = '#c792ea';
const LOSS_COLOR = '#7fd1ff';
const EDGE_COLOR = '#ff6b6b';
const CURVE_COLOR = '#ffb454';
const KINDS: CriticalKind[] = ['minimum', 'saddle', 'maximum', 'degenerate'];

export class TrajectoryOverlay {
  private readonly el: Record<string, HTMLElement> = {};
  private readonly sharpnessChart: ScaledChart;
  private readonly profileChart: ScaledChart;
  private readonly noiseChart: ScaledChart;
  private readonly directionsChart: ScaledChart;
  private sharpnessBusy = false;
  private sharpnessRead = 0;

  constructor(private readonly root: HTMLElement, private readonly explorer: Explorer) {
    root.innerHTML = `
      <section data-k="sharpness" hidden>
        <h2>Sharpness along the path</h2>
        <dl>
          <dt>sharpness now (median)</dt><dd data-k="sharp-now">—</dd>
          <dt>2/η</dt><dd data-k="sharp-edge">—</dd>
          <dt>largest so far</dt><dd data-k="sharp-max">—</dd>
        </dl>
        <div class="chart-title"><span style="color:${SHARPNESS_COLOR}">sharpness λmax</span> (median of
          <span data-k="sharp-count">—</span>), <span style="color:${EDGE_COLOR}">2/η</span> and
          <span style="color:${LOSS_COLOR}">loss (log, right)</span> against the step</div>
        <div data-k="sharp-chart"></div>
      </section>
      <section data-k="trajectory" hidden>
        <h2>Plane of a path</h2>
        <dl>
          <dt>variance along PC 1, PC 2</dt><dd data-k="traj-explained">—</dd>
          <dt>points recorded</dt><dd data-k="traj-points">—</dd>
        </dl>
      </section>
      <section data-k="interpolation" hidden>
        <h2 data-k="interp-heading">Between two particles</h2>
        <dl>
          <dt style="color:${LOSS_COLOR}">segment: barrier</dt><dd data-k="interp-segment">—</dd>
          <dt style="color:${CURVE_COLOR}">fitted curve: barrier</dt><dd data-k="interp-curve">—</dd>
        </dl>
        <div class="chart-title">loss (log) along t: 0 at the first, 1 at the second</div>
        <div data-k="interp-chart"></div>
      </section>
      <section data-k="directions" hidden>
        <h2 data-k="dir-heading">Flatness around a network</h2>
        <div class="chart-title">loss (log) at θ + α d: d <span style="color:${CURVE_COLOR}">filter-normalised</span> and
          <span style="color:${LOSS_COLOR}">plain random</span>, the same length</div>
        <div data-k="dir-chart"></div>
      </section>
      <section data-k="noise" hidden>
        <h2 data-k="noise-heading">Noise stability</h2>
        <div class="chart-title">relative change at each later layer ÷ ε, noise injected at hidden layer 1:
          <span style="color:${CURVE_COLOR}">trained</span>, <span style="color:${LOSS_COLOR}">at its start</span></div>
        <div data-k="noise-chart"></div>
        <table data-k="noise-table"></table>
      </section>
      <section data-k="inventory" hidden>
        <h2 data-k="inv-heading">Critical points</h2>
        <dl data-k="inv-counts"></dl>
        <table data-k="inv-table"></table>
      </section>`;
    root.querySelectorAll<HTMLElement>('[data-k]').forEach((e) => (this.el[e.dataset.k!] = e));
    const log10 = (t: number) => formatNumber(10 ** t);
    const k = chartScaleFor(explorer.get().classroom);
    this.sharpnessChart = new ScaledChart(this.el['sharp-chart'], (scale) => ({
      ...chartBox(scale, 110),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, s: {}, loss: {} },
      axes: [
        { ...chartAxis(30, scale), values: (_u, ticks) => ticks.map(formatNumber) },
        { ...chartAxis(40, scale), scale: 's', values: (_u, ticks) => ticks.map(formatNumber) },
        { ...chartAxis(40, scale), scale: 'loss', side: 1, grid: { show: false }, values: (_u, ticks) => ticks.map(log10) },
      ],
      series: [
        {},
        { scale: 's', stroke: SHARPNESS_COLOR, width: 2 },
        { scale: 's', stroke: EDGE_COLOR, width: 1.5, dash: [6, 4] },
        { scale: 'loss', stroke: LOSS_COLOR, width: 1 },
      ],
    }), [[], [], [], []], k);
    const logLoss = (_u: uPlot, ticks: number[]) => ticks.map(log10);
    const plainX = (_u: uPlot, ticks: number[]) => ticks.map(formatNumber);
    const line = (color: string, points = false): uPlot.Series => ({ stroke: color, width: 2, ...(points ? { points: { show: true, size: 5 } } : {}) });
    this.profileChart = lineChart(this.el['interp-chart'], 100, plainX, logLoss, [line(LOSS_COLOR), line(CURVE_COLOR)], k);
    const layerX = (_u: uPlot, ticks: number[]) => ticks.map((t) => (Number.isInteger(t) ? layerName(t, this.layers) : ''));
    this.noiseChart = lineChart(this.el['noise-chart'], 90, layerX, logLoss, [line(CURVE_COLOR, true), line(LOSS_COLOR, true)], k);
    this.directionsChart = lineChart(this.el['dir-chart'], 90, plainX, logLoss, [line(CURVE_COLOR), line(LOSS_COLOR)], k);
    explorer.onSummary(() => void this.updateSharpness());
    explorer.onAnalysis((r) => this.updateAnalysis(r));
    explorer.onSettings((settings) => {
      this.updateVisibility();
      // Classroom mode letters the charts for a projector.
      for (const c of [this.sharpnessChart, this.profileChart, this.noiseChart, this.directionsChart]) c.rescale(chartScaleFor(settings.classroom));
    });
  }

  private layers = 1;

  private updateVisibility(): void {
    const s = this.explorer.get();
    if (!s.trackSharpness) this.el.sharpness.hidden = true;
    this.root.hidden = [...this.root.querySelectorAll('section')].every((e) => e.hidden);
  }

  /** Sharpness read about once a second while tracked (a few kilobytes of history). */
  private async updateSharpness(): Promise<void> {
    const s = this.explorer.get();
    if (!s.trackSharpness || this.sharpnessBusy || performance.now() - this.sharpnessRead < 1000) return;
    this.sharpnessBusy = true;
    try {
      const r = await this.explorer.sharpness();
      this.sharpnessRead = performance.now();
      if (!r || !r.steps.length) return;
      const m = r.median;
      const last = m.sharpness.length - 1;
      this.el['sharp-now'].textContent = formatNumber(m.sharpness[last]);
      this.el['sharp-edge'].textContent = formatNumber(r.edge);
      this.el['sharp-max'].textContent = formatNumber(Math.max(...Array.from(m.sharpness).filter(Number.isFinite)));
      this.el['sharp-count'].textContent = `${r.particles.length} particles`;
      this.sharpnessChart.setData([
        m.steps,
        Array.from(m.sharpness, (v) => (Number.isFinite(v) ? v : null)),
        m.steps.map(() => r.edge),
        Array.from(m.loss, (v) => (Number.isFinite(v) && v > 0 ? Math.log10(v) : null)),
      ] as unknown as uPlot.AlignedData);
      this.el.sharpness.hidden = false;
    } catch {
      // A rebuild or a lost device: the next summary tries again.
    } finally {
      this.sharpnessBusy = false;
      this.updateVisibility();
    }
  }

  private updateAnalysis(r: AnalysisResults): void {
    this.el.trajectory.hidden = !r.trajectory;
    if (r.trajectory) {
      const [e1, e2] = r.trajectory.explained;
      this.el['traj-explained'].textContent = `${(100 * e1).toFixed(1)} %, ${(100 * e2).toFixed(1)} % (together ${(100 * (e1 + e2)).toFixed(1)} %)`;
      this.el['traj-points'].textContent = `${r.trajectory.a.length} (steps ${r.trajectory.steps[0]} to ${r.trajectory.steps[r.trajectory.steps.length - 1]})`;
    }
    this.el.interpolation.hidden = !r.interpolation;
    if (r.interpolation) {
      const { segment, curve, ends } = r.interpolation;
      const name = (e: number | null) => (e === null ? 'a point' : `particle ${e}`);
      this.el['interp-heading'].textContent = `Between ${name(ends[0])} and ${name(ends[1])}`;
      this.el['interp-segment'].textContent = formatNumber(segment.barrier);
      this.el['interp-curve'].textContent = curve ? formatNumber(curve.barrier) : '— (not fitted)';
      const logOf = (v: number) => (Number.isFinite(v) && v > 0 ? Math.log10(v) : null);
      // Both curves on the segment's t grid: the fitted curve is drawn where its own t falls.
      const ts = Array.from(new Set([...segment.t, ...(curve?.t ?? [])])).sort((a, b) => a - b);
      const at = (p: { t: ArrayLike<number>; loss: ArrayLike<number> }) => {
        const map = new Map<number, number>();
        for (let i = 0; i < p.t.length; i++) map.set(p.t[i], p.loss[i]);
        return ts.map((t) => (map.has(t) ? logOf(map.get(t)!) : null));
      };
      this.profileChart.setData([ts, at(segment), curve ? at(curve) : ts.map(() => null)] as unknown as uPlot.AlignedData);
    }
    this.el.directions.hidden = !r.directions;
    if (r.directions) {
      const d = r.directions;
      const logOf = (v: number) => (Number.isFinite(v) && v > 0 ? Math.log10(v) : null);
      this.el['dir-heading'].textContent = `Flatness around network ${d.particle} (|d| = ${formatNumber(d.directionLength)}, |θ| = ${formatNumber(d.centreNorm)})`;
      this.directionsChart.setData([Array.from(d.alpha), Array.from(d.filter, logOf), Array.from(d.plain, logOf)] as unknown as uPlot.AlignedData);
    }
    this.el.noise.hidden = !r.noiseStability;
    if (r.noiseStability) {
      const { trained, initial, particle } = r.noiseStability;
      this.layers = trained.layers;
      this.el['noise-heading'].textContent = `Noise stability of network ${particle} (ε = ${formatNumber(trained.epsilon)}, ${trained.inputs} inputs)`;
      const js = Array.from({ length: trained.layers + 1 }, (_, j) => j);
      const row = (res: typeof trained) => js.map((j) => {
        const v = res.attenuation[0]?.[j];
        return Number.isFinite(v) && v > 0 ? Math.log10(v) : null;
      });
      this.noiseChart.setData([js, row(trained), row(initial)] as unknown as uPlot.AlignedData);
      const head = `<tr><th>matrix</th><th>stable rank</th><th>at start</th><th>cushion (median)</th><th>at start</th></tr>`;
      const rows = trained.stableRank.map((sr, i) =>
        `<tr><td>W${i + 1}</td><td>${formatNumber(sr)}</td><td>${formatNumber(initial.stableRank[i])}</td>` +
        `<td>${formatNumber(trained.cushion.median[i])}</td><td>${formatNumber(initial.cushion.median[i])}</td></tr>`);
      this.el['noise-table'].innerHTML = head + rows.join('');
    }
    this.el.inventory.hidden = !r.criticalPoints;
    if (r.criticalPoints) {
      const inv = r.criticalPoints;
      this.el['inv-heading'].textContent = `Critical points: ${inv.points.length} distinct, from ${inv.converged} of ${inv.searched} searches`;
      this.el['inv-counts'].innerHTML = KINDS.map((k) => {
        const n = inv.points.filter((p) => p.kind === k).length;
        return n ? `<dt style="color:${MARK_COLORS[k]}">${k === 'degenerate' ? 'degenerate' : `${k === 'maximum' ? 'maxima' : k === 'minimum' ? 'minima' : 'saddles'}`}</dt><dd>${n}</dd>` : '';
      }).join('');
      const head = '<tr><th>loss</th><th>index</th><th>kind</th><th>found by</th></tr>';
      const rows = inv.points.slice(0, 12).map((p) =>
        `<tr><td>${formatNumber(p.loss)}</td><td>${p.index}${p.exact ? '' : ' ≈'}</td><td style="color:${MARK_COLORS[p.kind]}">${p.kind}</td><td>${p.count}</td></tr>`);
      this.el['inv-table'].innerHTML = head + rows.join('') + (inv.points.length > 12 ? `<tr><td colspan="4">… ${inv.points.length - 12} more (explorer.criticalPoints())</td></tr>` : '');
    }
    this.updateVisibility();
  }
}

type TickFormat = (u: uPlot, ticks: number[]) => string[];

/** A small line chart on the readouts' dark panel: x and y tick formats, one line per series. */
function lineChart(target: HTMLElement, height: number, x: TickFormat, y: TickFormat, series: uPlot.Series[], scale: number): ScaledChart {
  return new ScaledChart(target, (k) => ({
    ...chartBox(k, height),
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [{ ...chartAxis(30, k), values: x }, { ...chartAxis(44, k), values: y }],
    series: [{}, ...series],
  }), [[], ...series.map(() => [])] as unknown as uPlot.AlignedData, scale);
}

function layerName(j: number, layers: number): string {
  return j >= layers ? 'out' : `h${j + 1}`;
}
