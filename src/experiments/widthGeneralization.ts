/**
 * Width and generalization, through the explorer's scripting API: MLPs of growing width trained
 * on the same small, noisy 2-D data set, many seeds per width at once (one network per
 * particle). After the step budget the GPU measures every network's training loss and accuracy
 * on the whole training set and its loss and accuracy on held-out points. The question from the
 * lecture: do wider networks, which fit the training set better, generalize worse?
 */
import type { Explorer } from '../explorer/Explorer';
import { DATASETS } from '../landscapes/datasets';
import type { ExplorerSettings } from '../settings';

export interface WidthGeneralizationOptions {
  /** Data set name (one of DATASETS). */
  dataset: string;
  trainPoints: number;
  testPoints: number;
  labelNoise: number;
  dataSeed: number;
  hiddenLayers: number;
  widths: number[];
  /** Networks (seeds) per width. */
  networks: number;
  steps: number;
  optimizer: ExplorerSettings['optimizer'];
  lr: number;
  /** Minibatch size (at least trainPoints: full batch). */
  batchSize: number;
  init: ExplorerSettings['init'];
  seed: number;
}

/** Median and quartiles over the networks that did not diverge. */
export interface Spread {
  median: number;
  q1: number;
  q3: number;
}

export interface WidthRow {
  width: number;
  /** Parameters per network. */
  dim: number;
  networks: number;
  diverged: number;
  trainLoss: Spread;
  trainAccuracy: Spread;
  testLoss: Spread;
  testAccuracy: Spread;
  seconds: number;
}

export interface WidthGeneralizationResult {
  options: WidthGeneralizationOptions;
  rows: WidthRow[];
  cancelled: boolean;
}

export interface WidthHooks {
  onRow?(row: WidthRow): void;
  onProgress?(width: number, step: number): void;
  signal?: AbortSignal;
}

export function widthGeneralizationDefaults(): WidthGeneralizationOptions {
  return {
    dataset: 'two moons', trainPoints: 64, testPoints: 1000, labelNoise: 0.1, dataSeed: 1, hiddenLayers: 1,
    widths: [1, 2, 4, 8, 16, 32, 64], networks: 64, steps: 4000, optimizer: 'adam', lr: 0.01, batchSize: 64,
    init: 'xavier-normal', seed: 1,
  };
}

const CHUNK = 500;

export async function runWidthGeneralization(
  explorer: Explorer,
  partial: Partial<WidthGeneralizationOptions> = {},
  hooks: WidthHooks = {},
): Promise<WidthGeneralizationResult> {
  const o = { ...widthGeneralizationDefaults(), ...partial };
  const dataset = DATASETS.indexOf(o.dataset as (typeof DATASETS)[number]);
  if (dataset < 0) throw new RangeError(`Unknown data set "${o.dataset}". Known: ${DATASETS.join(', ')}.`);
  const rows: WidthRow[] = [];
  for (const width of o.widths) {
    if (hooks.signal?.aborted) return { options: o, rows, cancelled: true };
    const started = performance.now();
    await explorer.set({
      landscape: 'mlp',
      params: {
        dataset, trainPoints: o.trainPoints, testPoints: o.testPoints, labelNoise: o.labelNoise, dataSeed: o.dataSeed,
        hiddenLayers: o.hiddenLayers, width, batchSize: Math.min(o.batchSize, o.trainPoints),
      },
      count: o.networks, init: o.init, initGain: 1, seed: o.seed, optimizer: o.optimizer, noise: 'none', lr: o.lr, lrSweepCount: 1,
      convergeTol: 0,
    });
    explorer.reset();
    for (let done = 0; done < o.steps; ) {
      if (hooks.signal?.aborted) return { options: o, rows, cancelled: true };
      const k = Math.min(CHUNK, o.steps - done);
      await explorer.step(k);
      done += k;
      hooks.onProgress?.(width, done);
    }
    const report = await explorer.networks(o.networks);
    if (!report) throw new Error('The MLP landscape gave no metrics.');
    const column = (j: number) => report.values.map((v) => v[j]);
    const row: WidthRow = {
      width,
      dim: explorer.get().dim,
      networks: report.values.length,
      diverged: report.values.filter((v) => !Number.isFinite(v[0])).length,
      trainLoss: spread(column(0)),
      trainAccuracy: spread(column(1)),
      testLoss: spread(column(2)),
      testAccuracy: spread(column(3)),
      seconds: (performance.now() - started) / 1000,
    };
    rows.push(row);
    hooks.onRow?.(row);
  }
  return { options: o, rows, cancelled: false };
}

/** Median and quartiles of the finite values (NaN when none). */
export function spread(values: number[]): Spread {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  const at = (q: number) => {
    if (!xs.length) return NaN;
    const i = q * (xs.length - 1);
    const lo = Math.floor(i);
    return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (i - lo);
  };
  return { median: at(0.5), q1: at(0.25), q3: at(0.75) };
}

export function widthGeneralizationCsv(result: WidthGeneralizationResult): string {
  const head = 'width,dim,networks,diverged,train_loss,train_loss_q1,train_loss_q3,train_acc,test_loss,test_loss_q1,test_loss_q3,test_acc,seconds';
  const lines = result.rows.map((r) =>
    [r.width, r.dim, r.networks, r.diverged, r.trainLoss.median, r.trainLoss.q1, r.trainLoss.q3, r.trainAccuracy.median,
      r.testLoss.median, r.testLoss.q1, r.testLoss.q3, r.testAccuracy.median, r.seconds.toFixed(1)].join(','),
  );
  return [head, ...lines].join('\n');
}
