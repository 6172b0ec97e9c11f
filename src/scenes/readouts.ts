/**
 * The measurements a scene's readout can show, by name: each reads the explorer through its
 * public API and returns a headline value and a line saying what it is. Scenes pick one by name,
 * so a new scene needs no code; a new kind of measurement is one entry here.
 */
import { FLAG_DIVERGED } from '../engine/types';
import type { Explorer } from '../explorer/Explorer';
import type { BirthdayReport } from '../analysis/BirthdayTest';

export interface ReadoutValue {
  /** The number the claim is about, formatted (large on screen). */
  headline: string;
  /** What the number is, in words. */
  detail: string;
  /** The raw number, for charts, tests and the per-step record (NaN when there is none yet). */
  value: number;
}

export interface ReadoutKind {
  /** What the readout measures, shown above it. */
  label: string;
  /**
   * Measures now, through the explorer's API: a summary or a small read-back, about once a second;
   * or reads what a step's action found (`actions`, by action name).
   */
  measure(explorer: Explorer, actions: Readonly<Record<string, unknown>>): Promise<ReadoutValue | null>;
}

const percent = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.1 ? 1 : 0)} %`;
const num = (x: number) => (!Number.isFinite(x) ? '—' : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toPrecision(3));
const whole = (x: number) => x.toLocaleString('en-US');

/** Loss of every live (not diverged) particle, read back now. */
async function liveLosses(explorer: Explorer): Promise<Float64Array> {
  const p = await explorer.particles();
  const out: number[] = [];
  for (let i = 0; i < p.count; i++) if ((p.flags[i] & FLAG_DIVERGED) === 0 && Number.isFinite(p.loss[i])) out.push(p.loss[i]);
  return Float64Array.from(out).sort();
}

const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];

export const READOUTS: Record<string, ReadoutKind> = {
  birthday: {
    label: 'distinct points in the cloud, by the birthday paradox',
    async measure(_explorer, actions) {
      const r = actions.birthdayTest as BirthdayReport | undefined;
      if (!r) return { headline: '—', detail: 'the test runs at the next step', value: NaN };
      const e = r.estimate;
      if (e.kind !== 'estimate') return { headline: `${e.kind === 'at-least' ? '>' : '<'} ${num(e.support)}`, detail: e.kind === 'at-least' ? 'no batch held two particles at one point' : 'every batch held two particles at one point', value: NaN };
      const range = e.range ? ` (95 %: ${num(e.range[0])}–${num(e.range[1])})` : '';
      return { headline: num(e.support), detail: `by the exact birthday formula${range}, from s½ = ${num(e.halfSize ?? NaN)}; the usual s½² rule says ${num(e.usualRule ?? NaN)}`, value: e.support };
    },
  },
  'share-below': {
    label: 'share of particles below the success loss',
    async measure(explorer) {
      const s = explorer.get();
      const losses = await liveLosses(explorer);
      const total = s.count;
      let below = 0;
      for (const l of losses) if (l < s.successLoss) below++;
      return { headline: percent(below / total), detail: `${whole(below)} of ${whole(total)} reach loss < ${num(s.successLoss)}`, value: below / total };
    },
  },
  'mean-loss': {
    label: 'mean loss over live particles',
    async measure(explorer) {
      const summary = await explorer.summary();
      return { headline: num(summary.meanLoss), detail: `at step ${whole(summary.step)}; lowest ${num(summary.minLoss)}`, value: summary.meanLoss };
    },
  },
  'loss-spread': {
    label: 'spread of the loss across particles',
    async measure(explorer) {
      const losses = await liveLosses(explorer);
      if (!losses.length) return null;
      const median = quantile(losses, 0.5);
      const spread = (quantile(losses, 0.9) - quantile(losses, 0.1)) / Math.abs(median);
      return { headline: percent(spread), detail: `(90th − 10th percentile) ÷ median, D = ${explorer.get().dim}; median ${num(median)}`, value: spread };
    },
  },
  escape: {
    label: 'particles escaped from the saddle',
    async measure(explorer) {
      const summary = await explorer.summary();
      const e = summary.escape;
      if (!e.tracked) return { headline: '—', detail: 'escape is tracked for particles started at the known saddle', value: NaN };
      const share = e.escaped / summary.count;
      const mean = e.escaped ? `, after ${num(e.meanSteps)} steps on average` : '';
      return { headline: percent(share), detail: `${whole(e.escaped)} of ${whole(summary.count)} escaped by step ${whole(summary.step)}${mean}`, value: share };
    },
  },
  sharpness: {
    label: 'sharpness (top Hessian eigenvalue) against 2/η',
    async measure(explorer) {
      const r = await explorer.sharpness();
      const n = r?.median.steps.length ?? 0;
      if (!r || !n) return { headline: '—', detail: 'waiting for the first measurement', value: NaN };
      const last = r.median.sharpness[n - 1];
      return { headline: `${num(last)} / ${num(r.edge)}`, detail: `median sharpness at step ${whole(r.median.steps[n - 1])}, against the edge 2/η = ${num(r.edge)} (${percent(last / r.edge)})`, value: last / r.edge };
    },
  },
  'critical-points': {
    label: 'critical points found',
    async measure(explorer) {
      const r = explorer.analysisResults.criticalPoints;
      if (!r) return { headline: '—', detail: 'run the search (next step)', value: NaN };
      const count = (k: string) => r.points.filter((p) => p.kind === k).length;
      const [min, sad, max] = [count('minimum'), count('saddle'), count('maximum')];
      return { headline: `${min} · ${sad} · ${max}`, detail: `minima · saddles · maxima, from ${whole(r.searched)} searches (${whole(r.converged)} converged)`, value: r.points.length };
    },
  },
  'noise-stability': {
    label: 'noise left at the output, per unit of noise injected',
    async measure(explorer) {
      const r = explorer.analysisResults.noiseStability;
      if (!r) return { headline: '—', detail: 'measured when the network is trained (next step)', value: NaN };
      const out = (x: typeof r.trained) => x.pooled[0][x.layers];
      const trained = out(r.trained) / r.trained.epsilon;
      const initial = out(r.initial) / r.initial.epsilon;
      return { headline: `${num(trained)} vs ${num(initial)}`, detail: `trained network vs the same network at its start (noise of size ε = ${num(r.trained.epsilon)} after hidden layer 1)`, value: trained / initial };
    },
  },
};
