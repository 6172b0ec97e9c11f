/**
 * The lab's two measurements on read-back numbers: mode coverage of every GAN from a small sample
 * read-back, and the birthday test on a GAN, a group of GANs or the real data (LabBirthday).
 */
import type { BirthdayReport } from '../../analysis/BirthdayTest';
import type { BirthdayOptions } from '../../analysis/birthdayReference';
import type { GanTrainer } from '../../gan/GanTrainer';
import type { MixtureSpec } from '../../gan/mixtures';
import type { coverageSummary as Summary, modeCoverage as Coverage } from '../../gan/modeCoverage';
import type { CoverageReport, GanCoverage } from './coverageReadout';
import type { BirthdayTarget } from './labCharts';
import { groupOf, mixtureOf, type GanLabSettings } from './labSettings';
import type { LabBirthday } from './LabBirthday';

/** Samples per GAN for coverage (modeCoverage's own example size), and their latents' seed. */
export const COVERAGE_SAMPLES = 1000;
const COVERAGE_SEED = 11;
/** Latent seed of the birthday test's generator samples. */
const BIRTHDAY_SEED = 13;

export async function coverageReport(trainer: GanTrainer, mixture: MixtureSpec, coverage: typeof Coverage, summarize: typeof Summary): Promise<CoverageReport> {
  const [samples, records] = await Promise.all([trainer.readSamples(COVERAGE_SAMPLES, COVERAGE_SEED), trainer.readRecords()]);
  const runs = trainer.getRuns();
  const perGan: GanCoverage[] = runs.map((run, gan) => ({
    ...coverage(samples.subarray(2 * COVERAGE_SAMPLES * gan, 2 * COVERAGE_SAMPLES * (gan + 1)), mixture),
    gan,
    group: groupOf(run),
  }));
  const groups: CoverageReport['groups'] = {};
  for (const g of ['plain', 'unrolled'] as const) {
    const members = perGan.filter((c) => c.group === g);
    if (members.length) groups[g] = summarize(members, mixture.modes);
  }
  return { generatorSteps: records[0].generatorSteps, modes: mixture.modes, perGan, summary: summarize(perGan, mixture.modes), groups };
}

export interface BirthdayRequestOptions extends BirthdayOptions {
  /** 'focus' (default), 'real' (the true mixture), or a group: 'plain' or 'unrolled'. */
  target?: BirthdayTarget;
  /** For 'focus': this GAN instead of the focused one. */
  gan?: number;
  /** For a group: at most this many of its GANs (default 8: software WebGPU takes about a second each). */
  gans?: number;
}

export interface BirthdayResult {
  target: BirthdayTarget;
  threshold: number;
  /** GANs measured (none for 'real'). */
  gans: number[];
  reports: BirthdayReport[];
  /** The estimate (or bound) of each report's support, and their median. */
  supports: number[];
  medianSupport: number;
  byTarget: Partial<Record<BirthdayTarget, BirthdayReport[]>>;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

export async function birthdayRun(birthday: LabBirthday, trainer: GanTrainer, settings: GanLabSettings, options: BirthdayRequestOptions): Promise<BirthdayResult> {
  const { target = 'focus', gan, gans: most = 8, ...test } = options;
  if (!['focus', 'real', 'plain', 'unrolled'].includes(target)) throw new RangeError(`birthday target = ${String(target)} was refused: it must be 'focus', 'real', 'plain' or 'unrolled'.`);
  if (!(Number.isInteger(most) && most >= 1)) throw new RangeError(`birthday gans = ${most} was refused: it must be a whole number of at least 1.`);
  const threshold = test.threshold ?? mixtureOf(settings).sigma;
  const chosen = (() => {
    if (target === 'real') return [];
    if (target === 'focus') return [gan ?? settings.focus];
    const members = trainer.getRuns().flatMap((r, g) => (groupOf(r) === target ? [g] : []));
    if (!members.length) throw new RangeError(`birthday target = '${target}' was refused: no GAN is ${target} now (set split: true, or unroll ${target === 'plain' ? '0' : '≥ 1'}).`);
    return members.slice(0, most);
  })();
  const reports: BirthdayReport[] = [];
  if (target === 'real') reports.push(await birthday.measureReal({ ...test, threshold }));
  for (const g of chosen) reports.push(await birthday.measureGan(trainer, g, BIRTHDAY_SEED, { ...test, threshold }));
  const supports = reports.map((r) => r.estimate.support);
  return { target, threshold, gans: chosen, reports, supports, medianSupport: median(supports), byTarget: { [target]: reports } };
}
