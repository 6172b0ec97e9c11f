/**
 * The GAN lab's settings: what a user sets, checked (RangeError naming the setting and its
 * limit), turned into the trainer's spec and runs; and the presets. Defaults follow Metz et al.
 * 2017 (8 Gaussians on a ring of radius 2, σ = 0.02; ReLU networks, Adam with β₁ = 0.5;
 * unrolling K = 5) with smaller networks (32 units, not 128) so that software WebGPU keeps up.
 * D has two hidden layers like G: on the float64 twin a 1 × 32 D at step size 10⁻³ left 16 of 16
 * generators on no mode after 6,000 steps, where 2 × 32 covered 4.5 modes on average (README).
 * The unrolled steps' size defaults to D's step size: on the twin, unrolled SGD steps of 10⁻²
 * (D's Adam at 5·10⁻³) left the generators near no mode after 5,000 steps. The presets at
 * lrD = lrG / 10 are Metz et al.'s step sizes, where unrolling shows (README, the twin): plain
 * GANs hop among one to three modes, unrolled ones (steps of 10⁻²) reach all eight, blurred, in
 * the first 8,000 steps. The two 5× presets are the extremes of the H100 count in the
 * README: a faster D keeps most GANs collapsed, a faster G lets most cover the modes.
 */
import {
  checkRun, checkSpec, GAN_ACTIVATIONS, GAN_LOSSES, GAN_MAX_UNROLL, MAX_STEPS_PER_DISPATCH, type GanActivation, type GanLoss, type GanRun, type GanSpec,
} from '../../gan/ganConfig';
import { GRID_25, RING_8, type MixtureSpec } from '../../gan/mixtures';

/** Most GANs side by side in the lab (an 8 × 8 grid of small multiples). */
export const LAB_MAX_GANS = 64;

export interface GanLabSettings {
  mixture: 'ring' | 'grid';
  sigma: number;
  gHidden: number;
  gWidth: number;
  dHidden: number;
  dWidth: number;
  latent: number;
  activation: GanActivation;
  loss: GanLoss;
  lrG: number;
  lrD: number;
  /** Discriminator steps per generator step. */
  k: number;
  /** Unrolled discriminator steps the generator looks through (0: a plain GAN). */
  unroll: number;
  unrollLr: number;
  batch: number;
  gans: number;
  /** First half plain, second half unrolled with `unroll`, GAN g and g + gans/2 sharing a seed. */
  split: boolean;
  seed: number;
  stepsPerFrame: number;
  /** The GAN shown large. */
  focus: number;
}

export const DEFAULT_SETTINGS: GanLabSettings = {
  mixture: 'ring', sigma: RING_8.sigma, gHidden: 2, gWidth: 32, dHidden: 2, dWidth: 32, latent: 4, activation: 'relu',
  loss: 'nonSaturating', lrG: 1e-3, lrD: 1e-3, k: 1, unroll: 0, unrollLr: 1e-3, batch: 64, gans: 16, split: false, seed: 1,
  stepsPerFrame: 2, focus: 0,
};

export const PRESETS: Record<string, Partial<GanLabSettings>> = {
  'plain GAN': { unroll: 0, split: false, k: 1, lrG: 1e-3, lrD: 1e-3, loss: 'nonSaturating' },
  'plain, lrD = lrG / 10': { unroll: 0, split: false, k: 1, lrG: 1e-3, lrD: 1e-4, loss: 'nonSaturating' },
  'unrolled (K = 5), lrD = lrG / 10': { unroll: 5, unrollLr: 1e-2, split: false, k: 1, lrG: 1e-3, lrD: 1e-4, loss: 'nonSaturating' },
  'half plain, half unrolled, lrD = lrG / 10': { unroll: 5, unrollLr: 1e-2, split: true, k: 1, lrG: 1e-3, lrD: 1e-4, loss: 'nonSaturating' },
  'plain, lrD = 5 × lrG': { unroll: 0, split: false, k: 1, lrG: 1e-3, lrD: 5e-3, loss: 'nonSaturating' },
  'plain, lrG = 5 × lrD': { unroll: 0, split: false, k: 1, lrG: 5e-3, lrD: 1e-3, loss: 'nonSaturating' },
};

/** Settings that need a new trainer (the networks' shapes, the data, the number of GANs); the others only new runs. */
export const SHAPE_KEYS: readonly (keyof GanLabSettings)[] = ['mixture', 'sigma', 'gHidden', 'gWidth', 'dHidden', 'dWidth', 'latent', 'activation', 'batch', 'gans'];

export function mixtureOf(s: GanLabSettings): MixtureSpec {
  return { ...(s.mixture === 'grid' ? GRID_25 : RING_8), sigma: s.sigma };
}

export function specOf(s: GanLabSettings): GanSpec {
  return {
    mixture: mixtureOf(s), latent: s.latent, generator: { hidden: s.gHidden, width: s.gWidth }, discriminator: { hidden: s.dHidden, width: s.dWidth },
    activation: s.activation, batch: s.batch, beta1: 0.5, beta2: 0.999, epsilon: 1e-8,
  };
}

/** The GAN's group: 'plain' or 'unrolled' (by its own unroll K). */
export const groupOf = (run: GanRun) => (run.unroll > 0 ? 'unrolled' : 'plain');

export function runsOf(s: GanLabSettings): GanRun[] {
  const half = s.gans / 2;
  return Array.from({ length: s.gans }, (_, g) => {
    const second = s.split && g >= half;
    return {
      seed: s.seed + (s.split ? g % half : g), lrG: s.lrG, lrD: s.lrD, dSteps: s.k,
      unroll: s.split ? (second ? s.unroll : 0) : s.unroll, unrollLr: s.unrollLr, loss: s.loss,
    };
  });
}

const wholeIn = (key: string, v: unknown, lo: number, hi: number, limit: string) => {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi)) {
    throw new RangeError(`${key} = ${String(v)} was refused: it must be a whole number from ${lo} to ${limit} = ${hi}.`);
  }
};

/** The settings after `patch`, checked whole; throws a RangeError naming the first bad setting (nothing changes then). */
export function applyPatch(current: GanLabSettings, patch: Partial<GanLabSettings>): GanLabSettings {
  if (typeof patch !== 'object' || patch === null) throw new RangeError('set() takes an object of settings, e.g. { unroll: 5 }.');
  const unknown = Object.keys(patch).filter((k) => !(k in DEFAULT_SETTINGS));
  if (unknown.length) throw new RangeError(`No setting ${unknown.join(', ')}. The settings are: ${Object.keys(DEFAULT_SETTINGS).join(', ')}.`);
  const next = { ...current, ...patch };
  if (next.mixture !== 'ring' && next.mixture !== 'grid') throw new RangeError(`mixture = ${String(next.mixture)} was refused: it must be 'ring' (8 Gaussians) or 'grid' (25).`);
  // A new mixture comes with its own spread (the ring's 0.02, the grid's 0.05) unless σ is set with it.
  if (next.mixture !== current.mixture && patch.sigma === undefined) next.sigma = (next.mixture === 'grid' ? GRID_25 : RING_8).sigma;
  if (!GAN_ACTIVATIONS.includes(next.activation)) throw new RangeError(`activation = ${String(next.activation)} was refused: it must be one of ${GAN_ACTIVATIONS.join(', ')}.`);
  if (!GAN_LOSSES.includes(next.loss)) throw new RangeError(`loss = ${String(next.loss)} was refused: it must be one of ${GAN_LOSSES.join(', ')}.`);
  wholeIn('gans', next.gans, 1, LAB_MAX_GANS, 'LAB_MAX_GANS');
  if (typeof next.split !== 'boolean') throw new RangeError(`split = ${String(next.split)} was refused: it must be true or false.`);
  if (next.split && next.gans % 2) throw new RangeError(`gans = ${next.gans} was refused with split on: half plain and half unrolled needs an even number of GANs.`);
  if (next.split && next.unroll === 0) throw new RangeError('unroll = 0 was refused with split on: the unrolled half needs unroll K of 1 or more.');
  wholeIn('unroll', next.unroll, 0, GAN_MAX_UNROLL, 'GAN_MAX_UNROLL');
  wholeIn('stepsPerFrame', next.stepsPerFrame, 1, MAX_STEPS_PER_DISPATCH, 'MAX_STEPS_PER_DISPATCH');
  wholeIn('focus', next.focus, 0, next.gans - 1, 'gans − 1');
  wholeIn('seed', next.seed, 0, 0xffffffff - LAB_MAX_GANS, '2^32 − 1 − LAB_MAX_GANS');
  if (!(typeof next.sigma === 'number' && next.sigma > 0 && next.sigma <= 0.5)) throw new RangeError(`sigma = ${String(next.sigma)} was refused: it must be a number above 0 and at most 0.5.`);
  const spec = specOf(next);
  const renamed: Record<string, string> = {
    'generator.hidden': 'gHidden', 'generator.width': 'gWidth', 'discriminator.hidden': 'dHidden', 'discriminator.width': 'dWidth',
    dSteps: 'k', lrG: 'lrG', lrD: 'lrD', unrollLr: 'unrollLr',
  };
  // The trainer's own checks name its limits; the lab's setting names replace its field names.
  const rename = (e: unknown) => {
    if (!(e instanceof RangeError)) throw e;
    let message = e.message.replace(/^runs\[\d+\]\./, '');
    for (const [from, to] of Object.entries(renamed)) if (message.startsWith(`${from} =`)) message = to + message.slice(from.length);
    throw new RangeError(message);
  };
  try {
    checkSpec(spec);
    runsOf(next).forEach((r, i) => checkRun(r, i));
  } catch (e) {
    rename(e);
  }
  return next;
}
