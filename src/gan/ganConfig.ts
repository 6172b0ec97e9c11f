/**
 * What a GAN is here, shared by the GPU trainer (./GanTrainer.ts) and its float64 twin
 * (./ganReference.ts): the two networks' shapes, the per-GAN training settings, the limits and
 * their checks, the parameter layout, and the random-number streams and draw numbering both use.
 */
import type { MixtureSpec } from './mixtures';
import { checkMixture } from './mixtures';

export * from './streams';

/** Most units in a hidden layer: the training kernel's workgroup has as many threads as the widest layer has units. */
export const GAN_MAX_WIDTH = 128;
/** Most hidden layers per network (2 to 4 weight layers). */
export const GAN_MAX_HIDDEN = 3;
export const GAN_MAX_LATENT = 16;
export const GAN_MAX_BATCH = 256;
/** Most discriminator steps per generator step, and most unrolled inner steps. */
export const GAN_MAX_D_STEPS = 10;
export const GAN_MAX_UNROLL = 10;
/** Most generator steps in one dispatch of the GanTrainer (one uniform slot per count, 1 to this). */
export const MAX_STEPS_PER_DISPATCH = 32;
/** Slope of the leaky ReLU below zero. */
export const LEAKY_SLOPE = 0.2;
/** Norm of the parameter perturbation of the finite-difference Hessian-vector products of unrolling. */
export const HVP_STEP = 1e-3;

export const GAN_ACTIVATIONS = ['tanh', 'relu', 'leakyRelu'] as const;
export type GanActivation = (typeof GAN_ACTIVATIONS)[number];
export const GAN_LOSSES = ['nonSaturating', 'minimax'] as const;
export type GanLoss = (typeof GAN_LOSSES)[number];

export interface NetworkShape {
  /** Hidden layers, 1 to GAN_MAX_HIDDEN. */
  hidden: number;
  /** Units per hidden layer, 1 to GAN_MAX_WIDTH. */
  width: number;
}

/** What every GAN of one trainer shares. */
export interface GanSpec {
  mixture: MixtureSpec;
  /** Latent dimension, 1 to GAN_MAX_LATENT. */
  latent: number;
  generator: NetworkShape;
  discriminator: NetworkShape;
  activation: GanActivation;
  /** Minibatch size (real and fake samples each), 1 to GAN_MAX_BATCH. */
  batch: number;
  /** Adam's decay rates and ε (PyTorch's conventions). */
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** What may differ between GANs. */
export interface GanRun {
  /** Seeds the GAN's initial weights and every sample it draws. */
  seed: number;
  /** Adam step sizes of the generator and discriminator. */
  lrG: number;
  lrD: number;
  /** Discriminator steps per generator step (k), 1 to GAN_MAX_D_STEPS. */
  dSteps: number;
  /** Unrolled SGD steps of the discriminator seen by the generator's loss (K; 0: plain GAN). */
  unroll: number;
  /** Step size of the unrolled SGD steps. */
  unrollLr: number;
  loss: GanLoss;
}

export const DEFAULT_RUN: Omit<GanRun, 'seed'> = { lrG: 1e-3, lrD: 1e-3, dSteps: 1, unroll: 0, unrollLr: 1e-2, loss: 'nonSaturating' };

/** One dense layer of a network: its parameters start at `offset`, one row of fanIn weights and a bias per unit. */
export interface DenseLayer {
  fanIn: number;
  fanOut: number;
  offset: number;
}

/** Dense layers in → hidden × width → out, rows (weights then bias) laid out unit after unit, from `start`. */
export function networkLayers(inputs: number, shape: NetworkShape, outputs: number, start = 0): DenseLayer[] {
  const sizes = [inputs, ...Array<number>(shape.hidden).fill(shape.width), outputs];
  const layers: DenseLayer[] = [];
  let offset = start;
  for (let l = 1; l < sizes.length; l++) {
    layers.push({ fanIn: sizes[l - 1], fanOut: sizes[l], offset });
    offset += (sizes[l - 1] + 1) * sizes[l];
  }
  return layers;
}

const parameterCount = (layers: DenseLayer[]) => layers.reduce((n, l) => n + (l.fanIn + 1) * l.fanOut, 0);

/** Both networks' layers in one parameter vector: the generator's, then the discriminator's. */
export interface GanLayout {
  generator: DenseLayer[];
  discriminator: DenseLayer[];
  /** Parameters of the generator (G) and discriminator (D); G + D in all. */
  g: number;
  d: number;
}

export function ganLayout(spec: GanSpec): GanLayout {
  const generator = networkLayers(spec.latent, spec.generator, 2);
  const g = parameterCount(generator);
  const discriminator = networkLayers(2, spec.discriminator, 1, g);
  return { generator, discriminator, g, d: parameterCount(discriminator) };
}

const whole = (name: string, v: number, lo: number, hi: number, limit: string) => {
  if (!(Number.isInteger(v) && v >= lo && v <= hi)) {
    throw new RangeError(`${name} = ${v} was refused: it must be a whole number from ${lo} to ${limit} = ${hi}.`);
  }
};
const positive = (name: string, v: number, hi = Infinity) => {
  if (!(Number.isFinite(v) && v > 0 && v <= hi)) {
    throw new RangeError(`${name} = ${v} was refused: it must be a number above 0${hi < Infinity ? ` and at most ${hi}` : ''}.`);
  }
};

/** Throws a RangeError naming the limit for any setting out of range; nothing is changed. */
export function checkSpec(spec: GanSpec): void {
  checkMixture(spec.mixture);
  whole('latent', spec.latent, 1, GAN_MAX_LATENT, 'GAN_MAX_LATENT');
  for (const [name, net] of [['generator', spec.generator], ['discriminator', spec.discriminator]] as const) {
    whole(`${name}.hidden`, net.hidden, 1, GAN_MAX_HIDDEN, 'GAN_MAX_HIDDEN');
    whole(`${name}.width`, net.width, 1, GAN_MAX_WIDTH, 'GAN_MAX_WIDTH');
  }
  if (!GAN_ACTIVATIONS.includes(spec.activation)) {
    throw new RangeError(`activation = ${String(spec.activation)} was refused: it must be one of ${GAN_ACTIVATIONS.join(', ')}.`);
  }
  whole('batch', spec.batch, 1, GAN_MAX_BATCH, 'GAN_MAX_BATCH');
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(spec[key] >= 0 && spec[key] < 1)) throw new RangeError(`${key} = ${spec[key]} was refused: it must be in [0, 1).`);
  }
  positive('epsilon', spec.epsilon, 1);
}

export function checkRun(run: GanRun, index: number): void {
  const at = (name: string) => `runs[${index}].${name}`;
  whole(at('seed'), run.seed, 0, 0xffffffff, '2^32 − 1');
  positive(at('lrG'), run.lrG, 10);
  positive(at('lrD'), run.lrD, 10);
  whole(at('dSteps'), run.dSteps, 1, GAN_MAX_D_STEPS, 'GAN_MAX_D_STEPS');
  whole(at('unroll'), run.unroll, 0, GAN_MAX_UNROLL, 'GAN_MAX_UNROLL');
  positive(at('unrollLr'), run.unrollLr, 10);
  if (!GAN_LOSSES.includes(run.loss)) throw new RangeError(`${at('loss')} = ${String(run.loss)} was refused: it must be one of ${GAN_LOSSES.join(', ')}.`);
}

/** Draws (fresh minibatches of real samples and latents) one generator step uses: k D steps, K unrolled, 1 for G. */
export const drawsPerStep = (run: GanRun) => run.dSteps + run.unroll + 1;

/** Initial weight scale: gain / sqrt(fanIn), gain √2 for the ReLUs (He) and 1 for tanh; biases start at 0. */
export const initScale = (activation: GanActivation, fanIn: number) => (activation === 'tanh' ? 1 : Math.SQRT2) / Math.sqrt(fanIn);

/** Floating-point operations of one generator step of one GAN (for the work budget): forward and backward passes. */
export function stepCost(spec: GanSpec, run: Pick<GanRun, 'dSteps' | 'unroll'>): number {
  const { g, d } = ganLayout(spec);
  const b = spec.batch;
  // G forward on b rows, D forward and backward on 2b rows, Adam: one D step; the G step alike.
  const dStep = 2 * b * g + 6 * 2 * b * d + 20 * d;
  const gStep = 6 * b * g + 6 * b * d + 20 * g;
  // An unrolled step, and twice that again for the two gradients of each Hessian-vector product.
  const unrolled = run.unroll * 3 * (6 * b * g + 6 * 2 * b * d + 10 * (g + d));
  return run.dSteps * dStep + gStep + unrolled;
}
