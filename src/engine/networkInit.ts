/**
 * Networks' initialisations, per layer, as a scaled placement: Xavier/Glorot (Glorot & Bengio
 * 2010) and He (He et al. 2015), normal or uniform, times a gain; biases start at zero. The
 * scales follow PyTorch's torch.nn.init (fan_in, fan_out of each weight matrix).
 */
import type { Landscape, ParameterBlock } from '../landscapes';
import { mulberry32 } from '../landscapes/seeded';
import type { InitSpec } from './types';

export const NETWORK_INITS = ['xavier-normal', 'xavier-uniform', 'he-normal', 'he-uniform'] as const;
export type NetworkInit = (typeof NETWORK_INITS)[number];

/** The standard deviation (normal) or half-width (uniform) of one block's coordinates. */
export function blockScale(block: ParameterBlock, scheme: NetworkInit, gain = 1): number {
  if (block.zero) return 0;
  const uniform = scheme.endsWith('uniform');
  // Var = 2 / (fan_in + fan_out) (Xavier) or 2 / fan_in (He); U(-a, a) has variance a^2 / 3.
  const variance = scheme.startsWith('xavier') ? 2 / (block.fanIn + block.fanOut) : 2 / block.fanIn;
  return gain * Math.sqrt(uniform ? 3 * variance : variance);
}

/** The placement that starts every coordinate of a network as its block's scheme says. */
export function networkInit(blocks: readonly ParameterBlock[], dim: number, scheme: NetworkInit, gain = 1): InitSpec {
  const total = blocks.reduce((s, b) => s + b.size, 0);
  if (total !== dim) throw new RangeError(`The network's blocks hold ${total} coordinates but D = ${dim}.`);
  const scales = blocks.flatMap((b) => new Array<number>(b.size).fill(blockScale(b, scheme, gain)));
  return { kind: 'scaled', distribution: scheme.endsWith('uniform') ? 'uniform' : 'normal', scales };
}

/** Most coordinates a balanced start uploads (rows beyond repeat: particle k takes row k mod rows). */
export const BALANCED_START_MAX_FLOATS = 1 << 22;

/**
 * Balanced starts (deep linear networks): one per particle, each with its own direction and an
 * end-to-end map of norm `norm`, drawn in TypeScript from the seed and placed as points.
 */
export function balancedInit(landscape: Landscape, params: number[], dim: number, count: number, norm: number, seed: number): InitSpec {
  const start = landscape.balancedStart;
  if (!start) throw new RangeError(`${landscape.name} has no balanced start; it is for deep linear networks.`);
  const rows = Math.max(1, Math.min(count, Math.floor(BALANCED_START_MAX_FLOATS / dim)));
  const rand = mulberry32((Math.imul(seed >>> 0, 2654435761) + 7) >>> 0);
  const points = Array.from({ length: rows }, () => start(params, norm, rand));
  return { kind: 'points', points, sigma: 0 };
}
