/**
 * The mode-collapse experiment's settings, shared by the GPU run (./collapseExperiment.ts) and the
 * float64 twin's (./collapseTwin.ts): what the GANs share, and the plain and unrolled groups.
 */
import { DEFAULT_RUN, type GanActivation, type GanLoss, type GanRun, type GanSpec } from './ganConfig';
import { GRID_25, RING_8 } from './mixtures';
import type { CoverageSummary } from './modeCoverage';

/** The sample seed of every coverage read-back (GPU and twin draw the same latents). */
export const COVERAGE_SEED = 12345;

export interface CollapseOptions {
  mixture: 'ring' | 'grid';
  /** GANs per group (plain, unrolled). */
  gans: number;
  steps: number;
  /** Unroll K of the second group. */
  unroll: number;
  unrollLr: number;
  width: number;
  hidden: number;
  latent: number;
  batch: number;
  activation: GanActivation;
  loss: GanLoss;
  lrG: number;
  lrD: number;
  dSteps: number;
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
  const net = { hidden: o.hidden, width: o.width };
  return {
    mixture: o.mixture === 'grid' ? GRID_25 : RING_8, latent: o.latent, generator: net, discriminator: net,
    activation: o.activation, batch: o.batch, beta1: 0.5, beta2: 0.999, epsilon: 1e-8,
  };
}

/** `gans` plain GANs, then `gans` unrolled ones with the same seeds in the same order (GAN g and g + gans share seed + g). */
export function collapseRuns(o: CollapseOptions): GanRun[] {
  const base: Omit<GanRun, 'seed' | 'unroll'> = { ...DEFAULT_RUN, lrG: o.lrG, lrD: o.lrD, dSteps: o.dSteps, unrollLr: o.unrollLr, loss: o.loss };
  return Array.from({ length: 2 * o.gans }, (_, g) => ({ ...base, seed: o.seed + (g % o.gans), unroll: g < o.gans ? 0 : o.unroll }));
}

export interface CollapseRow {
  step: number;
  seconds: number;
  plain: CoverageSummary;
  unrolled: CoverageSummary;
}

