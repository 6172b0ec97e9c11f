/**
 * The experiments' live table, in the readout column: one row per student width as it finishes,
 * the width being trained and its progress, a cancel button, and the result as CSV and JSON once
 * done. Runs go through the scripting API (src/experiments), like a user's own script would.
 */
import type { Explorer } from '../explorer/Explorer';
import {
  overparameterizationCsv, overparameterizationDefaults, runOverparameterization,
  type ExperimentHooks, type OverparameterizationOptions, type OverparameterizationResult, type OverparameterizationRow,
} from '../experiments/overparameterization';
import { formatNumber } from '../view/ticks';
import { notify } from './notice';

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} %`;

export class ExperimentView {
  private running: AbortController | null = null;
  /** Object URLs of the offered files, revoked when new ones replace them. */
  private urls: string[] = [];
  private readonly table: HTMLTableSectionElement;
  private readonly status: HTMLElement;
  private readonly actions: HTMLElement;
  /** The latest result, for scripts (also offered as files). */
  result: OverparameterizationResult | null = null;

  constructor(private readonly root: HTMLElement, private readonly explorer: Explorer) {
    root.innerHTML = `
      <h2>Overparameterization: does a wider student learn the teacher?</h2>
      <div class="status" data-k="status"></div>
      <table>
        <thead><tr><th>n</th><th>success</th><th>stuck</th><th>diverged</th><th>moving</th><th>stuck at loss</th></tr></thead>
        <tbody></tbody>
      </table>
      <div class="actions" data-k="actions"></div>`;
    this.table = root.querySelector('tbody')!;
    this.status = root.querySelector('[data-k="status"]')!;
    this.actions = root.querySelector('[data-k="actions"]')!;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs the experiment for the current setup's teacher, count, step size and the experiment settings. */
  async runOverparameterization(
    partial: Partial<OverparameterizationOptions> = {},
    hooks: ExperimentHooks = {},
  ): Promise<OverparameterizationResult> {
    if (this.running) throw new Error('An experiment is already running: cancel it first.');
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
    this.running = new AbortController();
    this.root.hidden = false;
    this.table.replaceChildren();
    this.actions.replaceChildren(this.button('cancel', () => this.running?.abort()));
    this.status.textContent = `teacher k = ${k}, ${options.inits.toLocaleString('en-US')} starts per width, ${options.steps.toLocaleString('en-US')} steps, η = ${options.lr}`;
    try {
      const result = await runOverparameterization(this.explorer, options, {
        signal: hooks.signal ? AbortSignal.any([hooks.signal, this.running.signal]) : this.running.signal,
        onRow: (row) => {
          this.addRow(row);
          hooks.onRow?.(row);
        },
        onProgress: (n, step) => {
          this.status.textContent = `training n = ${n}: step ${step.toLocaleString('en-US')} of ${options.steps.toLocaleString('en-US')}`;
          hooks.onProgress?.(n, step);
        },
      });
      this.result = result;
      this.status.textContent = result.cancelled
        ? `cancelled after ${result.rows.length} width(s)`
        : `done: success = loss < ${options.successLoss}, stuck = |∇f| < ${options.gradTol} above it`;
      this.offerFiles(result);
      return result;
    } catch (e) {
      this.status.textContent = `stopped: ${(e as Error).message}`;
      notify((e as Error).message);
      throw e;
    } finally {
      this.running = null;
    }
  }

  private addRow(r: OverparameterizationRow): void {
    const tr = document.createElement('tr');
    const stuckAt = r.stuckLoss ? `${formatNumber(r.stuckLoss.min)} – ${formatNumber(r.stuckLoss.max)}` : '—';
    for (const text of [String(r.n), pct(r.success, r.inits), pct(r.stuck, r.inits), pct(r.diverged, r.inits), pct(r.moving, r.inits), stuckAt]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.appendChild(td);
    }
    this.table.appendChild(tr);
  }

  private offerFiles(result: OverparameterizationResult): void {
    this.urls.forEach((u) => URL.revokeObjectURL(u));
    this.urls = [];
    const file = (name: string, type: string, text: string) => {
      const a = document.createElement('a');
      a.textContent = name;
      a.download = name;
      a.href = URL.createObjectURL(new Blob([text], { type }));
      this.urls.push(a.href);
      return a;
    };
    this.actions.replaceChildren(
      file('overparameterization.csv', 'text/csv', overparameterizationCsv(result)),
      file('overparameterization.json', 'application/json', JSON.stringify(result, null, 1)),
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
