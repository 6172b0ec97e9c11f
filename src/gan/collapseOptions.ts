/**
 * The mode-collapse experiment's settings, shared by the GPU run (./collapseExperiment.ts) and the
 * float64 twin's (./collapseTwin.ts): what the GANs share, and the groups they are trained in.
 * Each per-GAN setting (lrG, lrD, k, unroll, unrollLr, loss) may be one value or a list; the
 * groups are every combination of the listed values, each group `gans` GANs with the same seeds.
 */
import { checkRun, DEFAULT_RUN, type GanActivation, type GanLoss, type GanRun, type GanSpec } from './ganConfig';
import { GRID_25, RING_8 } from './mixtures';
import type { CoverageSummary } from './modeCoverage';

/** The sample seed of every coverage read-back (GPU and twin draw the same latents). */
export const COVERAGE_SEED = 12345;

type OneOrMany<T> = T | T[];

export interface CollapseOptions {
  mixture: 'ring' | 'grid';
  /** GANs per group. */
  gans: number;
  steps: number;
  /** Unroll K of the unrolled groups (a list: one group per K); a plain group (K = 0) is always trained beside them. */
  unroll: OneOrMany<number>;
  unrollLr: OneOrMany<number>;
  width: number;
  /** Hidden layers of the generator, and of the discriminator unless dHidden says otherwise. */
  hidden: number;
  /** Hidden layers of the discriminator (default: hidden). */
  dHidden?: number;
  latent: number;
  batch: number;
  activation: GanActivation;
  loss: OneOrMany<GanLoss>;
  lrG: OneOrMany<number>;
  lrD: OneOrMany<number>;
  dSteps: OneOrMany<number>;
  samples: number;
  seed: number;
  /** Read coverage every this many steps (0: only at the end). */
  every: number;
}

export const COLLAPSE_DEFAULTS: CollapseOptions = {
  mixture: 'ring', gans: 64, steps: 2000, unroll: 5, unrollLr: 1e-3, width: 32, hidden: 2, latent: 4, batch: 64,
  activation: 'relu', loss: 'nonSaturating', lrG: 1e-3, lrD: 1e-3, dSteps: 1, samples: 1000, seed: 1, every: 0,
};

/** What every GAN of the experiment shares. */
export function collapseSpec(o: CollapseOptions): GanSpec {
  return {
    mixture: o.mixture === 'grid' ? GRID_25 : RING_8, latent: o.latent,
    generator: { hidden: o.hidden, width: o.width }, discriminator: { hidden: o.dHidden ?? o.hidden, width: o.width },
    activation: o.activation, batch: o.batch, beta1: 0.5, beta2: 0.999, epsilon: 1e-8,
  };
}

/** One group of the experiment: its settings (all but the seed) and a name that shows what it varies. */
export interface CollapseGroup {
  name: string;
  run: Omit<GanRun, 'seed'>;
}

const list = <T>(v: OneOrMany<T>): T[] => {
  const values = Array.isArray(v) ? v : [v];
  if (values.length === 0) throw new RangeError('An empty list of values was refused: give at least one.');
  return [...new Set(values)];
};

/**
 * Every combination of the listed settings, K first (the plain group, then each K > 0 of
 * `unroll`): plain groups ignore unrollLr, so they appear once per combination of the others.
 * The name gives K and each setting listed with more than one value. A bad value is refused
 * (RangeError) naming the group and the limit.
 */
export function collapseGroups(o: CollapseOptions): CollapseGroup[] {
  const axes = {
    unroll: [0, ...list(o.unroll).filter((k) => k !== 0)], unrollLr: list(o.unrollLr),
    lrG: list(o.lrG), lrD: list(o.lrD), dSteps: list(o.dSteps), loss: list(o.loss),
  };
  const groups: CollapseGroup[] = [];
  for (const lrG of axes.lrG) for (const lrD of axes.lrD) for (const dSteps of axes.dSteps) for (const loss of axes.loss) {
    for (const unroll of axes.unroll) for (const unrollLr of unroll === 0 ? [axes.unrollLr[0]] : axes.unrollLr) {
      const run = { ...DEFAULT_RUN, lrG, lrD, dSteps, loss, unroll, unrollLr };
      const parts = [unroll === 0 ? 'plain' : `K=${unroll}`];
      if (unroll > 0 && axes.unrollLr.length > 1) parts.push(`unrollLr=${unrollLr}`);
      if (axes.lrG.length > 1) parts.push(`lrG=${lrG}`);
      if (axes.lrD.length > 1) parts.push(`lrD=${lrD}`);
      if (axes.dSteps.length > 1) parts.push(`k=${dSteps}`);
      if (axes.loss.length > 1) parts.push(loss);
      const name = parts.join(' ');
      try {
        checkRun({ ...run, seed: o.seed }, 0);
      } catch (e) {
        throw e instanceof RangeError ? new RangeError(`Group '${name}': ${e.message.replace(/^runs\[0\]\./, '')}`) : e;
      }
      groups.push({ name, run });
    }
  }
  return groups;
}

/** `gans` GANs per group, group after group; GAN i of every group has seed + i (the same initial weights). */
export function collapseRuns(o: CollapseOptions): GanRun[] {
  return collapseGroups(o).flatMap(({ run }) => Array.from({ length: o.gans }, (_, i) => ({ ...run, seed: o.seed + i })));
}

export interface CollapseGroupRow extends CoverageSummary {
  name: string;
}

export interface CollapseRow {
  step: number;
  seconds: number;
  groups: CollapseGroupRow[];
}

/** Each group's coverage summary from the coverage of every GAN, in collapseRuns' order. */
export function groupRows<C>(o: CollapseOptions, coverage: C[], summarise: (c: C[]) => CoverageSummary): CollapseGroupRow[] {
  return collapseGroups(o).map(({ name }, k) => ({ name, ...summarise(coverage.slice(k * o.gans, (k + 1) * o.gans)) }));
}
