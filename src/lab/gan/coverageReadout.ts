/**
 * What the lab says about mode coverage, as text and colour: a label over each small multiple
 * (modes covered, and modes reached when that differs; coloured collapsed / blurred / partial /
 * every mode, so a generator still spread over the modes is not shown as a collapsed one), and a
 * summary per group with the histogram of modes covered. Text only (textContent), never HTML from data.
 */
import type { CoverageSummary, ModeCoverage } from '../../gan/modeCoverage';

export interface GanCoverage extends ModeCoverage {
  gan: number;
  group: 'plain' | 'unrolled';
}

export interface CoverageReport {
  generatorSteps: number;
  modes: number;
  perGan: GanCoverage[];
  summary: CoverageSummary;
  /** Per group, when the GANs are split half plain, half unrolled. */
  groups: Partial<Record<'plain' | 'unrolled', CoverageSummary>>;
}

export type CoverageClass = 'all' | 'partial' | 'blurred' | 'collapsed';

/**
 * A cell's state. Covering at most half the modes is "collapsed" in the counts (modeCoverage's
 * rule); the cell says "blurred" instead when the samples still reach more than half the modes,
 * i.e. they are spread over them but not yet sharp within 3σ.
 */
export function coverageClass(c: Pick<ModeCoverage, 'covered' | 'reached'>, modes: number): CoverageClass {
  if (c.covered === modes) return 'all';
  if (c.covered > modes / 2) return 'partial';
  return c.reached > modes / 2 ? 'blurred' : 'collapsed';
}

/** One label per GAN laid over the grid canvas (cols × rows cells, as the points shader lays them). */
export function renderCellLabels(el: HTMLElement, report: CoverageReport | null, gans: number, cols: number, focus: number): void {
  el.style.gridTemplateColumns = `repeat(${cols}, 1fr)`;
  el.style.gridTemplateRows = `repeat(${Math.ceil(gans / cols)}, 1fr)`;
  while (el.children.length > gans) el.lastChild!.remove();
  while (el.children.length < gans) el.appendChild(document.createElement('div'));
  for (let g = 0; g < gans; g++) {
    const cell = el.children[g] as HTMLElement;
    const c = report?.perGan[g];
    cell.className = `gan-cell ${c ? coverageClass(c, report!.modes) : ''} ${g === focus ? 'focus' : ''}`;
    cell.textContent = c ? `${c.covered}/${report!.modes}${c.reached !== c.covered ? ` (${c.reached})` : ''}` : '';
    cell.title = c
      ? `GAN ${g} (${c.group}, ${coverageClass(c, report!.modes)}): covers ${c.covered} of ${report!.modes} modes, reaches ${c.reached}; ` +
        `${(100 * c.highQuality).toFixed(0)} % high quality`
      : `GAN ${g}`;
    cell.dataset.gan = String(g);
  }
}

function summaryLine(name: string, s: CoverageSummary, modes: number): string {
  const hist = s.histogram.map((n, k) => (n ? `${k}:${n}` : '')).filter(Boolean).join('  ');
  return `${name}: ${s.collapsed} of ${s.gans} collapsed (≤ ${modes / 2} modes; ${s.collapsed - s.fewReached} of them blurred, reaching more), ` +
    `${s.allModes} cover all ${modes}; ` +
    `median ${s.medianCovered} modes; ${(100 * s.meanHighQuality).toFixed(0)} % high quality; ` +
    `${s.meanReached.toFixed(1)} modes reached on average, ${s.fewReached} reach ≤ ${modes / 2}.  Modes covered → GANs: ${hist}`;
}

export function renderSummary(el: HTMLElement, report: CoverageReport | null): void {
  if (!report) {
    el.textContent = 'Mode coverage: measuring…';
    return;
  }
  const reach = report.perGan[0]?.reachRadius;
  const lines = [
    `After ${report.generatorSteps} generator steps (1,000 samples per GAN; a mode is covered when 1/5 of its fair share lands within 3σ, ` +
    `reached when as many land within ${reach === undefined ? 'reach' : reach.toFixed(2)} of it (half the closest modes' spacing); cells: covered/modes (reached)):`,
  ];
  const groups = Object.entries(report.groups);
  if (groups.length > 1) for (const [name, s] of groups) lines.push(summaryLine(name, s!, report.modes));
  else lines.push(summaryLine('all GANs', report.summary, report.modes));
  el.replaceChildren(...lines.map((t) => Object.assign(document.createElement('p'), { textContent: t })));
}
