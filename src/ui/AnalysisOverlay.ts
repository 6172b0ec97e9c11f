/**
 * The high-dimension readouts, bottom left: networks' held-out readouts, a step-size sweep's
 * curves, saddle-escape (or target) times, the Hessian at the slice's centre (extreme
 * eigenvalues, index, spectrum) and the census of particles near minima and saddles with their
 * index against their loss. Each part appears once there is something to show.
 */
import uPlot from 'uplot';
import type { Summary } from '../engine';
import type { AnalysisResults, Explorer } from '../explorer/Explorer';
import type { SweepRow } from '../optimizers/sweep';
import { landscapeOf } from '../settings';
import { formatNumber } from '../view/ticks';
import { chartAxis } from './chartStyle';
import { chartBox, chartScaleFor, ScaledChart } from './ScaledChart';

/** Networks whose held-out readouts the live panel measures (spread over the cloud). */
const NETWORKS_SAMPLED = 64;

const KIND_COLORS = { minimum: '#7fd1ff', saddle: '#ff6b6b', elsewhere: 'rgba(200,200,200,0.55)', diverged: '#666' } as const;

export class AnalysisOverlay {
  private readonly el: Record<string, HTMLElement> = {};
  private readonly escapeChart: ScaledChart;
  private readonly spectrumChart: ScaledChart;
  private readonly censusChart: ScaledChart;
  private readonly sweepChart: ScaledChart;
  private networksBusy = false;
  private networksRead = 0;
  private sweepBusy = false;
  private sweepRead = 0;
  private escapeWidth = 1;
  private spectrum = { lo: 0, hi: 1 };

  constructor(private readonly root: HTMLElement, private readonly explorer: Explorer) {
    root.innerHTML = `
      <section data-k="networks" hidden>
        <h2 data-k="networks-heading">Networks on their data</h2>
        <dl data-k="networks-list"></dl>
      </section>
      <section data-k="sweep" hidden>
        <h2>Step-size sweep</h2>
        <dl>
          <dt>best step size</dt><dd data-k="sweep-best">—</dd>
          <dt>diverged from</dt><dd data-k="sweep-diverged">—</dd>
        </dl>
        <div class="chart-title" data-k="sweep-title">median loss (log, <span style="color:#7fd1ff">blue</span>) and
          <span style="color:#ff6b6b">share diverged</span> against the step size (log)</div>
        <div data-k="sweep-chart"></div>
      </section>
      <section data-k="escape" hidden>
        <h2 data-k="escape-heading">Saddle escape</h2>
        <dl>
          <dt>escaped</dt><dd data-k="escaped">—</dd>
          <dt>mean escape time</dt><dd data-k="escape-mean">—</dd>
        </dl>
        <div class="chart-title" data-k="escape-title">particles by escape time (steps)</div>
        <div data-k="escape-chart"></div>
      </section>
      <section data-k="hessian" hidden>
        <h2>Hessian at the slice centre</h2>
        <dl>
          <dt>λ min, λ max</dt><dd data-k="lambda">—</dd>
          <dt>index (λ &lt; 0)</dt><dd data-k="index">—</dd>
          <dt>|∇f| there</dt><dd data-k="centre-grad">—</dd>
        </dl>
        <div class="chart-title" data-k="spectrum-title">eigenvalues</div>
        <div data-k="spectrum-chart"></div>
      </section>
      <section data-k="census" hidden>
        <h2>Particles near critical points</h2>
        <dl>
          <dt style="color:${KIND_COLORS.minimum}">near minima</dt><dd data-k="minima">—</dd>
          <dt style="color:${KIND_COLORS.saddle}">near saddles</dt><dd data-k="saddles">—</dd>
          <dt>elsewhere</dt><dd data-k="elsewhere">—</dd>
        </dl>
        <div class="chart-title" data-k="census-title">estimated index (negative eigenvalues) against loss</div>
        <div data-k="census-chart"></div>
      </section>`;
    root.querySelectorAll<HTMLElement>('[data-k]').forEach((e) => (this.el[e.dataset.k!] = e));
    const bars = (color: string) => ({ stroke: color, fill: `${color}88`, paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 0 }) });
    const k = chartScaleFor(explorer.get().classroom);
    const chart = (target: HTMLElement, series: uPlot.Series[], scales: uPlot.Scales, xLabel: (t: number) => string) =>
      new ScaledChart(target, (scale) => chartOptions(scale, series, scales, xLabel), series.map(() => [] as number[]) as unknown as uPlot.AlignedData, k);
    this.escapeChart = chart(this.el['escape-chart'], [{}, bars('#ffb454')], { x: { time: false } }, (t) => formatNumber(t * this.escapeWidth));
    this.spectrumChart = chart(this.el['spectrum-chart'], [{}, bars('#c792ea')], { x: { time: false, range: [0, 1] } }, (t) => {
      const { lo, hi } = this.spectrum;
      const v = lo + t * (hi - lo);
      // A tick that lands on zero up to rounding reads 0.
      return formatNumber(Math.abs(v) < 1e-4 * (hi - lo) ? 0 : v);
    });
    const points = (color: string) => ({ stroke: color, fill: color, paths: () => null, points: { show: true, size: 5, width: 0, fill: color } });
    this.censusChart = chart(
      this.el['census-chart'],
      [{}, points(KIND_COLORS.minimum), points(KIND_COLORS.saddle), points(KIND_COLORS.elsewhere)],
      { x: { time: false }, y: { range: (_u, _lo, hi) => [0, Math.max(1, hi)] } },
      (t) => formatNumber(t),
    );
    this.sweepChart = new ScaledChart(this.el['sweep-chart'], (scale) => ({
      ...chartBox(scale, 90),
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false }, loss: {}, share: { range: [0, 1] } },
      axes: [
        { ...chartAxis(30, scale), values: (_u, ticks) => ticks.map((t) => formatNumber(10 ** t)) },
        // log10 of the loss on a linear scale (uPlot's own log scale loops on ranges of tens of decades).
        { ...chartAxis(50, scale), scale: 'loss', values: (_u, ticks) => ticks.map((t) => formatNumber(10 ** t)) },
        { ...chartAxis(30, scale), scale: 'share', side: 1, grid: { show: false }, values: (_u, ticks) => ticks.map((t) => `${Math.round(100 * t)}%`) },
      ],
      series: [{}, { scale: 'loss', stroke: '#7fd1ff', width: 2, points: { show: true, size: 4 } }, { scale: 'share', stroke: '#ff6b6b', width: 1.5 }],
    }), [[], [], []], k);
    explorer.onSummary((s) => {
      this.updateEscape(s);
      void this.updateSweep();
      void this.updateNetworks();
    });
    explorer.onAnalysis((r) => this.updateAnalysis(r));
    explorer.onSettings((settings) => {
      this.refreshVisibility();
      // Classroom mode letters the charts for a projector.
      for (const c of [this.escapeChart, this.spectrumChart, this.censusChart, this.sweepChart]) c.rescale(chartScaleFor(settings.classroom));
    });
  }

  private refreshVisibility(): void {
    this.root.hidden = [...this.root.querySelectorAll('section')].every((s) => s.hidden);
  }

  /**
   * Networks trained on data: medians of their held-out readouts (training loss and accuracy on
   * all m, test loss and accuracy), measured on the GPU for NETWORKS_SAMPLED networks every two seconds.
   */
  private async updateNetworks(): Promise<void> {
    const s = this.explorer.get();
    const metrics = landscapeOf(s).metrics;
    if (this.el.networks.hidden === Boolean(metrics)) {
      this.el.networks.hidden = !metrics;
      this.el['networks-list'].replaceChildren();
      this.refreshVisibility();
    }
    if (!metrics || this.networksBusy || performance.now() - this.networksRead < 2000) return;
    this.networksBusy = true;
    try {
      const r = await this.explorer.networks(NETWORKS_SAMPLED);
      this.networksRead = performance.now();
      if (!r || this.explorer.get().landscape !== s.landscape) return;
      const diverged = r.values.length - r.summary[0].finite;
      this.el['networks-heading'].textContent = `Networks on their data (medians of ${r.values.length}${diverged ? `, ${diverged} diverged` : ''})`;
      const rows = r.summary.flatMap((m) => {
        const dt = document.createElement('dt');
        dt.textContent = m.name;
        const dd = document.createElement('dd');
        dd.textContent = !Number.isFinite(m.median) ? '—' : m.name.includes('accuracy') ? `${(100 * m.median).toFixed(1)} %` : formatNumber(m.median);
        return [dt, dd];
      });
      this.el['networks-list'].replaceChildren(...rows);
    } catch {
      // A rebuild or a lost device: the next summary tries again.
    } finally {
      this.networksBusy = false;
    }
  }

  /** A sweep's curves, read about once a second while one runs (a few bytes per particle). */
  private async updateSweep(): Promise<void> {
    const s = this.explorer.get();
    const on = s.lrSweepCount > 1;
    if (this.el.sweep.hidden === on) {
      this.el.sweep.hidden = !on;
      this.refreshVisibility();
    }
    if (!on || this.sweepBusy || performance.now() - this.sweepRead < 1000) return;
    this.sweepBusy = true;
    try {
      const rows = await this.explorer.sweep();
      this.sweepRead = performance.now();
      if (!rows) return;
      const finite = rows.filter((r) => Number.isFinite(r.medianLoss));
      const best = finite.reduce<SweepRow | null>((b, r) => (!b || r.medianLoss < b.medianLoss ? r : b), null);
      this.el['sweep-best'].textContent = best ? `${formatNumber(best.lr)} (median loss ${formatNumber(best.medianLoss)})` : '—';
      const firstDiverged = rows.find((r) => r.diverged > r.particles / 2);
      this.el['sweep-diverged'].textContent = firstDiverged ? `${formatNumber(firstDiverged.lr)} (over half)` : 'none';
      this.sweepChart.setData([
        rows.map((r) => Math.log10(r.lr)),
        // A zero loss is drawn at 1e-30.
        rows.map((r) => (Number.isFinite(r.medianLoss) ? Math.log10(Math.max(r.medianLoss, 1e-30)) : null)),
        rows.map((r) => r.diverged / r.particles),
      ] as unknown as uPlot.AlignedData);
    } catch {
      // A rebuild or a lost device: the next summary tries again.
    } finally {
      this.sweepBusy = false;
    }
  }

  private updateEscape(s: Summary): void {
    const e = s.escape;
    this.el.escape.hidden = !e.tracked;
    this.refreshVisibility();
    if (!e.tracked) return;
    // A target loss set by hand is a "steps to reach" readout; otherwise it is the known saddle's.
    const target = this.explorer.get().targetLoss;
    this.el['escape-heading'].textContent = target === null ? 'Saddle escape' : `Steps to reach loss < ${formatNumber(target)}`;
    this.el.escaped.textContent = `${((100 * e.escaped) / s.count).toFixed(1)} %`;
    this.el['escape-mean'].textContent = e.escaped ? `${formatNumber(e.meanSteps)} steps` : 'none yet';
    this.escapeWidth = e.binWidth;
    this.escapeChart.setData([Array.from(e.counts, (_, i) => i + 0.5), Array.from(e.counts)]);
  }

  private updateAnalysis(r: AnalysisResults): void {
    const dim = this.explorer.get().dim;
    this.el.hessian.hidden = !r.hessian;
    this.el.census.hidden = !r.curvature;
    if (r.hessian) {
      const h = r.hessian;
      this.el.hessian.hidden = false;
      this.el.lambda.textContent = `${formatNumber(h.min.value)}, ${formatNumber(h.max.value)}`;
      this.el.index.textContent = h.complete ? `${h.index} of ${dim}` : `≈ ${h.index} of ${dim} (≥ ${h.indexLowerBound})`;
      this.el['centre-grad'].textContent = formatNumber(h.gradNorm);
      this.el['spectrum-title'].textContent = h.complete
        ? `all ${dim} eigenvalues (count per bin)`
        : `estimated spectral density from ${h.steps} Lanczos steps`;
      this.spectrum = h.spectrum;
      const n = h.spectrum.counts.length;
      this.spectrumChart.setData([h.spectrum.counts.map((_, i) => (i + 0.5) / n), h.spectrum.counts]);
    }
    if (r.curvature) {
      const c = r.curvature;
      this.el.census.hidden = false;
      const pct = (k: number) => `${k} (${((100 * k) / c.samples).toFixed(0)} %)`;
      this.el.minima.textContent = pct(c.nearMinima);
      this.el.saddles.textContent = pct(c.nearSaddles);
      this.el.elsewhere.textContent = pct(c.elsewhere);
      this.el['census-title'].textContent =
        `estimated index (of D = ${dim}) against loss, ${c.samples} particles; near = |∇f| < ${formatNumber(c.gradTol)}`;
      const live = c.points.filter((p) => p.kind !== 'diverged').sort((a, b) => a.loss - b.loss);
      const ys = (kind: string) => live.map((p) => (p.kind === kind ? p.indexFraction * dim : null));
      this.censusChart.setData([live.map((p) => p.loss), ys('minimum'), ys('saddle'), ys('elsewhere')]);
    }
    this.refreshVisibility();
  }
}

function chartOptions(scale: number, series: uPlot.Series[], scales: uPlot.Scales, xLabel: (t: number) => string): uPlot.Options {
  const axis = () => chartAxis(30, scale);
  return {
    ...chartBox(scale, 80),
    legend: { show: false },
    cursor: { show: false },
    scales,
    axes: [{ ...axis(), values: (_u, ticks) => ticks.map(xLabel) }, axis()],
    series,
  };
}
