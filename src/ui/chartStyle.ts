/** The look every readout chart shares (uPlot axes on the dark panels). */
import type uPlot from 'uplot';

/** How much larger charts are drawn in classroom mode (type and all), for a projector. */
export const CLASSROOM_CHART_SCALE = 1.4;

/** An axis `size` px deep with 11 px labels, both times `scale` (CLASSROOM_CHART_SCALE in classroom mode). */
export function chartAxis(size = 34, scale = 1): uPlot.Axis {
  return {
    stroke: '#9aa3b5',
    grid: { stroke: 'rgba(255,255,255,0.08)' },
    ticks: { stroke: 'rgba(255,255,255,0.2)' },
    font: `${Math.round(11 * scale)}px system-ui`,
    size: Math.round(size * scale),
  };
}

/**
 * A log axis (uPlot distr 3) marked at powers of ten only, every k-th of them so that marks stay
 * `minPx` apart on a short chart (uPlot's own marks every decade and its minor lines crowd one),
 * labelled 1000, 1, 0.01, and 1e-4 beyond.
 */
export function logDecadeAxis(size = 40, minPx = 18, scale = 1): uPlot.Axis {
  return {
    ...chartAxis(size, scale),
    splits: (u, _axis, min, max) => decadeSplits(min, max, u.bbox.height / devicePixelRatio, minPx),
    // Every mark chosen above is labelled (uPlot's own log filter would blank some).
    filter: (_u, splits) => splits,
    values: (_u, splits) => splits.map((v) => (v == null ? '' : formatDecade(v))),
  };
}

/** Powers of ten within [min, max], every k-th (counted down from the largest) so that marks stay minPx apart over heightPx. */
export function decadeSplits(min: number, max: number, heightPx: number, minPx: number): number[] {
  if (!(min > 0 && max > min && Number.isFinite(max))) return [];
  const [logMin, logMax] = [Math.log10(min), Math.log10(max)];
  const lo = Math.ceil(logMin - 1e-9);
  const hi = Math.floor(logMax + 1e-9);
  // Less than a decade shown: its two ends.
  if (lo > hi) return [min, max];
  const perDecade = heightPx / (logMax - logMin);
  const every = Math.max(1, Math.ceil(minPx / perDecade));
  const splits: number[] = [];
  for (let e = lo; e <= hi; e++) if ((hi - e) % every === 0) splits.push(Number(`1e${e}`));
  return splits;
}

/** A power of ten as written out from 0.01 to 1000, and as 1e-4, 1e6 beyond; anything else to 3 significant digits. */
export function formatDecade(v: number): string {
  const e = Math.log10(v);
  if (!Number.isInteger(Math.round(e * 1e9) / 1e9)) return Number(v.toPrecision(3)).toString();
  const k = Math.round(e);
  return k >= -2 && k <= 3 ? Number(`1e${k}`).toString() : `1e${k}`;
}
