/**
 * The float64 twin of GAN training on the GPU (shaders/gan_train.wgsl): the same initial
 * weights, the same minibatches from the counter-based generator, the same losses, Adam, k
 * discriminator steps per generator step, and unrolled discriminator steps with the same
 * finite-difference Hessian-vector products. For tests at small sizes, and as the definition.
 *
 * Losses, with a = D's logit: L_D = mean softplus(−a_real) + mean softplus(a_fake); the
 * generator's non-saturating loss mean softplus(−a_fake) = −mean log D(G(z)), or the minimax
 * loss −mean softplus(a_fake) = mean log(1 − D(G(z))).
 */
import { randNormal } from '../engine/rng';
import { backward, forward, sigmoid, softplus } from './denseNetwork';
import {
  checkRun, checkSpec, drawsPerStep, ganLayout, HVP_STEP, initScale, type GanLayout, type GanLoss, type GanRun, type GanSpec,
} from './ganConfig';
import { mixtureSample } from './mixtures';
import { GAN_STREAM_INIT, GAN_STREAM_LATENT, GAN_STREAM_SAMPLE } from './streams';

/** One minibatch: `batch` real samples (x, y) and `batch` latent vectors. */
export interface Batch {
  real: Float64Array;
  latent: Float64Array;
}

export function drawBatch(spec: GanSpec, seed: number, draw: number): Batch {
  const { batch, latent } = spec;
  const real = new Float64Array(2 * batch);
  const z = new Float64Array(batch * latent);
  for (let b = 0; b < batch; b++) {
    real.set(mixtureSample(spec.mixture, seed, b, draw), 2 * b);
    for (let j = 0; j < latent; j++) z[b * latent + j] = randNormal(seed, GAN_STREAM_LATENT, b, draw, j);
  }
  return { real, latent: z };
}

/** Initial parameters (G then D): weight i is N(0, 1) from (seed, GAN_STREAM_INIT, i) times initScale; biases 0. */
export function initialParameters(spec: GanSpec, seed: number): Float64Array {
  const layout = ganLayout(spec);
  const theta = new Float64Array(layout.g + layout.d);
  for (const layer of [...layout.generator, ...layout.discriminator]) {
    const scale = initScale(spec.activation, layer.fanIn);
    for (let u = 0; u < layer.fanOut; u++) {
      const row = layer.offset + u * (layer.fanIn + 1);
      for (let v = 0; v < layer.fanIn; v++) theta[row + v] = scale * randNormal(seed, GAN_STREAM_INIT, row + v, 0, 0);
    }
  }
  return theta;
}

/** The generator's outputs for `rows` latent vectors, with every layer's output. */
function generate(spec: GanSpec, layout: GanLayout, theta: Float64Array, latent: Float64Array, rows: number) {
  return forward(theta, layout.generator, spec.activation, latent, rows);
}

/**
 * L_D on a minibatch, and its gradient (added into `grad`) w.r.t. all parameters: D's directly,
 * G's through the fake samples (what the cross term of unrolling needs).
 */
export function discriminatorLoss(spec: GanSpec, theta: Float64Array, batch: Batch, grad?: Float64Array): number {
  const layout = ganLayout(spec);
  const B = spec.batch;
  const gOuts = generate(spec, layout, theta, batch.latent, B);
  const input = new Float64Array(4 * B);
  input.set(batch.real, 0);
  input.set(gOuts.at(-1)!, 2 * B);
  const dOuts = forward(theta, layout.discriminator, spec.activation, input, 2 * B);
  const logits = dOuts.at(-1)!;
  let loss = 0;
  const delta = new Float64Array(2 * B);
  for (let b = 0; b < B; b++) {
    const [ar, af] = [logits[b], logits[B + b]];
    loss += (softplus(-ar) + softplus(af)) / B;
    delta[b] = (sigmoid(ar) - 1) / B;
    delta[B + b] = sigmoid(af) / B;
  }
  if (grad) {
    const dx = backward(theta, layout.discriminator, spec.activation, dOuts, delta, 2 * B, grad);
    backward(theta, layout.generator, spec.activation, gOuts, dx.subarray(2 * B), B, grad);
  }
  return loss;
}

/** The generator's loss on a minibatch's latents, and its gradient (added into `grad`) w.r.t. all parameters. */
export function generatorLoss(spec: GanSpec, theta: Float64Array, batch: Batch, lossKind: GanLoss, grad?: Float64Array): number {
  const layout = ganLayout(spec);
  const B = spec.batch;
  const gOuts = generate(spec, layout, theta, batch.latent, B);
  const dOuts = forward(theta, layout.discriminator, spec.activation, gOuts.at(-1)!, B);
  const logits = dOuts.at(-1)!;
  let loss = 0;
  const delta = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const a = logits[b];
    if (lossKind === 'nonSaturating') {
      loss += softplus(-a) / B;
      delta[b] = (sigmoid(a) - 1) / B;
    } else {
      loss -= softplus(a) / B;
      delta[b] = -sigmoid(a) / B;
    }
  }
  if (grad) {
    const dx = backward(theta, layout.discriminator, spec.activation, dOuts, delta, B, grad);
    backward(theta, layout.generator, spec.activation, gOuts, dx, B, grad);
  }
  return loss;
}

/** Parameters after K unrolled SGD steps of D (G's part unchanged): θ^{j+1} = θ^j − η ∇_D L_D(θ^j; batch j). */
export function unrolledHistory(spec: GanSpec, theta: Float64Array, run: Pick<GanRun, 'unrollLr'>, batches: Batch[]): Float64Array[] {
  const { g } = ganLayout(spec);
  const history = [theta];
  for (const batch of batches) {
    const prev = history.at(-1)!;
    const grad = new Float64Array(prev.length);
    discriminatorLoss(spec, prev, batch, grad);
    const next = Float64Array.from(prev);
    for (let i = g; i < next.length; i++) next[i] -= run.unrollLr * grad[i];
    history.push(next);
  }
  return history;
}

/**
 * The unrolled generator loss L_G(θ_G, θ_D^K(θ_G)) and its gradient w.r.t. θ_G (the first g
 * entries of the result), by reverse mode through the K inner steps: λ_K = ∂L_G/∂θ_D^K,
 * λ_j = λ_{j+1} − η H_DD(θ^j) λ_{j+1}, and ∂L/∂θ_G gains −η H_GD(θ^j) λ_{j+1}; both products are
 * central differences of ∇L_D at θ^j ± ε λ_{j+1}, ε = hvpStep / |λ_{j+1}|.
 */
export function unrolledGeneratorGradient(
  spec: GanSpec, theta: Float64Array, run: Pick<GanRun, 'unrollLr' | 'loss'>, inner: Batch[], outer: Batch, hvpStep = HVP_STEP,
): { loss: number; grad: Float64Array } {
  const { g } = ganLayout(spec);
  const history = unrolledHistory(spec, theta, run, inner);
  const top = new Float64Array(theta.length);
  const loss = generatorLoss(spec, history.at(-1)!, outer, run.loss, top);
  const grad = new Float64Array(theta.length);
  grad.set(top.subarray(0, g));
  let lambda = top.subarray(g);
  for (let j = inner.length - 1; j >= 0; j--) {
    const norm = Math.hypot(...lambda);
    if (!(norm > 0)) break;
    const eps = hvpStep / norm;
    const plus = new Float64Array(theta.length);
    const minus = new Float64Array(theta.length);
    for (const [sign, out] of [[1, plus], [-1, minus]] as const) {
      const probe = Float64Array.from(history[j]);
      for (let i = 0; i < lambda.length; i++) probe[g + i] += sign * eps * lambda[i];
      discriminatorLoss(spec, probe, inner[j], out);
    }
    const c = run.unrollLr / (2 * eps);
    for (let i = 0; i < g; i++) grad[i] -= c * (plus[i] - minus[i]);
    lambda = lambda.map((l, i) => l - c * (plus[g + i] - minus[g + i]));
  }
  return { loss, grad };
}

/** The unrolled generator loss alone (for finite-difference checks of its gradient). */
export function unrolledGeneratorLoss(spec: GanSpec, theta: Float64Array, run: Pick<GanRun, 'unrollLr' | 'loss'>, inner: Batch[], outer: Batch): number {
  return generatorLoss(spec, unrolledHistory(spec, theta, run, inner).at(-1)!, outer, run.loss);
}

/** One GAN's training state in float64. */
export interface GanTwinState {
  theta: Float64Array;
  m: Float64Array;
  v: Float64Array;
  generatorSteps: number;
  discriminatorSteps: number;
  draws: number;
  lossD: number;
  lossG: number;
}

export function initialState(spec: GanSpec, run: GanRun): GanTwinState {
  checkSpec(spec);
  checkRun(run, 0);
  const theta = initialParameters(spec, run.seed);
  return {
    theta, m: new Float64Array(theta.length), v: new Float64Array(theta.length),
    generatorSteps: 0, discriminatorSteps: 0, draws: 0, lossD: 0, lossG: 0,
  };
}

/** Adam (PyTorch's form, bias-corrected at step t) on parameters [from, to). */
export function adam(spec: GanSpec, s: GanTwinState, grad: Float64Array, from: number, to: number, lr: number, t: number): void {
  const { beta1, beta2, epsilon } = spec;
  const c1 = 1 - beta1 ** t;
  const c2 = 1 - beta2 ** t;
  for (let i = from; i < to; i++) {
    s.m[i] = beta1 * s.m[i] + (1 - beta1) * grad[i];
    s.v[i] = beta2 * s.v[i] + (1 - beta2) * grad[i] * grad[i];
    s.theta[i] -= (lr * (s.m[i] / c1)) / (Math.sqrt(s.v[i] / c2) + epsilon);
  }
}

/** One generator step: k discriminator Adam steps, then the generator's (unrolled when K > 0). */
export function trainStep(spec: GanSpec, run: GanRun, s: GanTwinState, hvpStep = HVP_STEP): void {
  const { g, d } = ganLayout(spec);
  const first = s.draws;
  for (let i = 0; i < run.dSteps; i++) {
    const grad = new Float64Array(g + d);
    s.lossD = discriminatorLoss(spec, s.theta, drawBatch(spec, run.seed, first + i), grad);
    adam(spec, s, grad, g, g + d, run.lrD, ++s.discriminatorSteps);
  }
  const inner = Array.from({ length: run.unroll }, (_, j) => drawBatch(spec, run.seed, first + run.dSteps + j));
  const outer = drawBatch(spec, run.seed, first + run.dSteps + run.unroll);
  const { loss, grad } = unrolledGeneratorGradient(spec, s.theta, run, inner, outer, hvpStep);
  s.lossG = loss;
  adam(spec, s, grad, 0, g, run.lrG, ++s.generatorSteps);
  s.draws += drawsPerStep(run);
}

/** `count` generator samples of GAN `gan` for read-back: latent s is N(0, I) from (sampleSeed, GAN_STREAM_SAMPLE, s, gan). */
export function generatorSamples(spec: GanSpec, theta: Float64Array, gan: number, count: number, sampleSeed: number): Float64Array {
  const z = new Float64Array(count * spec.latent);
  for (let s = 0; s < count; s++) {
    for (let j = 0; j < spec.latent; j++) z[s * spec.latent + j] = randNormal(sampleSeed, GAN_STREAM_SAMPLE, s, gan, j);
  }
  return generate(spec, ganLayout(spec), theta, z, count).at(-1)!;
}
