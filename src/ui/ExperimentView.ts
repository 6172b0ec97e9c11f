/**
 * The experiments' live table, in the readout column: a title, one row per configuration as it
 * finishes, what is being trained and its progress, a cancel button, and the result as CSV and
 * JSON once done. Runs go through the scripting API (src/experiments), like a user's own script
 * would; this file only turns their rows into table cells.
 */
import type { Explorer } from '../explorer/Explorer';
import {
  overparameterizationCsv, overparameterizationDefaults, runOverparameterization,
  type ExperimentHooks, type OverparameterizationOptions, type OverparameterizationResult, type OverparameterizationRow,
} from '../experiments/overparameterization';
import {
  depthAccelerationCsv, runDepthAcceleration, type DepthAccelerationOptions, type DepthAccelerationResult, type DepthHooks, type DepthRow,
} from '../experiments/depthAcceleration';
import {
  runWidthGeneralization, widthGeneralizationCsv, type Spread, type WidthGeneralizationOptions, type WidthGeneralizationResult,
  type WidthHooks, type WidthRow,
} from '../experiments/widthGeneralization';
import { formatNumber } from '../view/ticks';
import { notify } from './notice';

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;
const count = (n: number) => n.toLocaleString('en-US');
const median = (s: Spread, percent = false) => (Number.isFinite(s.median) ? (percent ? `${(100 * s.median).toFixed(1)} %` : formatNumber(s.median)) : '—');

type ExperimentResult = OverparameterizationResult | DepthAccelerationResult | WidthGeneralizationResult;

/** What one run shows: its title, columns and files. */
interface TableSpec {
  title: string;
  columns: string[];
  status: string;
  file: string;
}

export class ExperimentView {
  private running: AbortController | null = null;
  /** Object URLs of the offered files, revoked when new ones replace them. */
  private urls: string[] = [];
  /** The latest result of any experiment, for scripts (also offered as files). */
  result: ExperimentResult | null = null;

  constructor(private readonly root: HTMLElement, private readonly explorer: Explorer) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs the overparameterization experiment for the current setup's teacher, count, step size and the experiment settings. */
  async runOverparameterization(
    partial: Partial<OverparameterizationOptions> = {},
    hooks: ExperimentHooks = {},
  ): Promise<OverparameterizationResult> {
    const s = this.explorer.get();
    const network = s.landscape === 'teacher-student';
    const k = partial.teacherWidth ?? (network ? s.params.teacherWidth ?? 6 : 6);
    const options: OverparameterizationOptions = {
      ...overparameterizationDefaults(k),
      widths: Array.from({ length: s.experimentWidths }, (_, i) => k + i),
      inits: s.count,
      steps: s.experimentSteps,
      lr: s.lr,
      successLoss: s.successLoss,
      gradTol: s.convergeTol,
      extraInputs: network ? s.params.extraInputs ?? 0 : 0,
      teacher: network ? s.params.teacher ?? 0 : 0,
      init: s.init.includes('-') ? s.init : 'xavier-normal',
      initGain: s.initGain,
      seed: s.seed,
      ...partial,
    };
    const spec: TableSpec = {
      title: 'Overparameterization: does a wider student learn the teacher?',
      columns: ['n', 'success', 'stuck', 'diverged', 'moving', 'stuck at loss'],
      status: `teacher k = ${k}, ${count(options.inits)} starts per width, ${count(options.steps)} steps, η = ${options.lr}`,
      file: 'overparameterization',
    };
    const cells = (r: OverparameterizationRow) => [
      String(r.n), pct(r.success, r.inits), pct(r.stuck, r.inits), pct(r.diverged, r.inits), pct(r.moving, r.inits),
      r.stuckLoss ? `${formatNumber(r.stuckLoss.min)} – ${formatNumber(r.stuckLoss.max)}` : '—',
    ];
    return this.run(spec, overparameterizationCsv, (signal, table) =>
      runOverparameterization(this.explorer, options, {
        signal: any(signal, hooks.signal),
        onRow: (row) => (table.add(cells(row)), hooks.onRow?.(row)),
        onProgress: (n, step) => {
          table.progress(`training n = ${n}: step ${count(step)} of ${count(options.steps)}`);
          hooks.onProgress?.(n, step);
        },
      }).then((r) => ({ result: r, done: `done: success = loss < ${options.successLoss}, stuck = |∇f| < ${options.gradTol} above it` })),
    );
  }

  /** Depth as acceleration: deep linear networks, best swept step size per depth, p = 2 and 4. */
  async runDepthAcceleration(partial: Partial<DepthAccelerationOptions> = {}, hooks: DepthHooks = {}): Promise<DepthAccelerationResult> {
    const spec: TableSpec = {
      title: 'Depth as acceleration: steps to fit, deep linear networks',
      columns: ['p', 'depth N', 'D', 'best η', 'steps to target', 'step sizes that got there'],
      status: 'sweeping step sizes per depth',
      file: 'depth-acceleration',
    };
    const cells = (r: DepthRow) => [
      String(r.p), String(r.depth), String(r.dim), r.bestLr === null ? '—' : formatNumber(r.bestLr),
      r.steps === null ? 'not reached' : count(r.steps), `${r.sweep.filter((pt) => Number.isFinite(pt.medianSteps)).length} of ${r.sweep.length}`,
    ];
    return this.run(spec, depthAccelerationCsv, (signal, table) =>
      runDepthAcceleration(this.explorer, partial, {
        signal: any(signal, hooks.signal),
        onRow: (row) => (table.add(cells(row)), hooks.onRow?.(row)),
        onProgress: (p, depth, step) => {
          table.progress(`p = ${p}, depth ${depth}: step ${count(step)}`);
          hooks.onProgress?.(p, depth, step);
        },
      }).then((r) => ({ result: r, done: `done: target (L − L*) / (L₀ − L*) < ${r.options.ratio}, median over ${r.options.seeds} starts` })),
    );
  }

  /** Width and generalization: MLPs of growing width on one noisy data set, train against held-out metrics. */
  async runWidthGeneralization(
    partial: Partial<WidthGeneralizationOptions> = {},
    hooks: WidthHooks = {},
  ): Promise<WidthGeneralizationResult> {
    const spec: TableSpec = {
      title: 'Width and generalization: do wider networks overfit?',
      columns: ['width', 'D', 'train loss', 'train acc.', 'test loss', 'test acc.'],
      status: 'training MLPs width by width',
      file: 'width-generalization',
    };
    const cells = (r: WidthRow) => [
      String(r.width), String(r.dim), median(r.trainLoss), median(r.trainAccuracy, true), median(r.testLoss), median(r.testAccuracy, true),
    ];
    return this.run(spec, widthGeneralizationCsv, (signal, table) =>
      runWidthGeneralization(this.explorer, partial, {
        signal: any(signal, hooks.signal),
        onRow: (row) => (table.add(cells(row)), hooks.onRow?.(row)),
        onProgress: (width, step) => {
          table.progress(`width ${width}: step ${count(step)}`);
          hooks.onProgress?.(width, step);
        },
      }).then((r) => ({ result: r, done: `done: medians over ${r.options.networks} networks per width` })),
    );
  }

  private async run<R extends ExperimentResult>(
    spec: TableSpec,
    csv: (r: R) => string,
    body: (signal: AbortSignal, table: { add(cells: string[]): void; progress(text: string): void }) => Promise<{ result: R; done: string }>,
  ): Promise<R> {
    if (this.running) throw new Error('An experiment is already running: cancel it first.');
    this.running = new AbortController();
    this.root.hidden = false;
    const head = document.createElement('h2');
    head.textContent = spec.title;
    const status = document.createElement('div');
    status.className = 'status';
    status.textContent = spec.status;
    const table = document.createElement('table');
    const headRow = table.createTHead().insertRow();
    for (const c of spec.columns) headRow.appendChild(document.createElement('th')).textContent = c;
    const body_ = table.createTBody();
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(this.button('cancel', () => this.running?.abort()));
    this.root.replaceChildren(head, status, table, actions);
    try {
      const { result, done } = await body(this.running.signal, {
        add: (cells) => {
          const tr = body_.insertRow();
          for (const text of cells) tr.insertCell().textContent = text;
        },
        progress: (text) => (status.textContent = text),
      });
      this.result = result;
      status.textContent = result.cancelled ? `cancelled after ${result.rows.length} row(s)` : done;
      this.offerFiles(actions, spec.file, csv(result), result);
      return result;
    } catch (e) {
      status.textContent = `stopped: ${(e as Error).message}`;
      notify((e as Error).message);
      throw e;
    } finally {
      this.running = null;
    }
  }

  private offerFiles(actions: HTMLElement, name: string, csv: string, result: unknown): void {
    this.urls.forEach((u) => URL.revokeObjectURL(u));
    this.urls = [];
    const file = (fileName: string, type: string, text: string) => {
      const a = document.createElement('a');
      a.textContent = fileName;
      a.download = fileName;
      a.href = URL.createObjectURL(new Blob([text], { type }));
      this.urls.push(a.href);
      return a;
    };
    actions.replaceChildren(
      file(`${name}.csv`, 'text/csv', csv),
      file(`${name}.json`, 'application/json', JSON.stringify(result, null, 1)),
      this.button('close', () => (this.root.hidden = true)),
    );
  }

  private button(label: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.textContent = label;
    b.onclick = onClick;
    return b;
  }
}

/** Aborts when either signal does. */
function any(own: AbortSignal, other?: AbortSignal): AbortSignal {
  return other ? AbortSignal.any([own, other]) : own;
}
