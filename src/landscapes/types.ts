/** A loss surface: its WGSL, its TypeScript twin and what a user needs to know about it. */
import type { BatchKey } from './batch';

export type { BatchKey } from './batch';

export interface LandscapeMinimum {
  /** Location, one entry per coordinate. */
  x: number[];
  /** Loss there. */
  f: number;
}

/** A scalar the landscape reads in WGSL as `lparam(i)`, i being its index in `params`. */
/** A known saddle point, where saddle-escape experiments start. */
export interface LandscapeSaddle {
  x: number[];
  f: number;
  /** Negative Hessian eigenvalues there (0 for a degenerate saddle such as the monkey saddle). */
  index: number;
}

/** A block of a network's coordinates (one weight matrix or bias vector), for per-layer starts. */
export interface ParameterBlock {
  name: string;
  /** Coordinates in the block; blocks follow one another and their sizes add up to D. */
  size: number;
  /** Inputs and outputs of the layer the block belongs to (Xavier and He scale by them). */
  fanIn: number;
  fanOut: number;
  /** Biases start at zero. */
  zero?: boolean;
}

/** 2-D inputs as interleaved pairs, with a label ±1 each. */
export interface LabelledPoints {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface LandscapeParam {
  key: string;
  label: string;
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  log?: boolean;
  /** Counts coordinates: the panel caps it at the dimension. */
  perCoordinate?: boolean;
  /** A whole number naming one of these (0 is the first): the panel shows a list. */
  choices?: readonly string[];
  /** Changing it changes the dimension or the size of the landscape's data: the explorer rebuilds. */
  structural?: boolean;
}

/**
 * A read-only storage buffer the landscape brings (data set, weights, rotation), declared in
 * `@group(1)` by the landscape's own WGSL.
 */
export interface LandscapeData {
  /** The WGSL variable it is bound to. */
  name: string;
  data: Float32Array<ArrayBuffer>;
}

export interface Landscape {
  id: string;
  name: string;
  /** The formula in plain text, as shown to users. */
  formula: string;
  /** Dimensions it is defined for; min === max for fixed-dimension landscapes. */
  dims: { min: number; max: number; default: number };
  /**
   * Networks: the dimension is not a free setting but the parameter count that these parameters
   * (widths, depth) make; the explorer sets D from it and refuses any other.
   */
  dimensionOf?(params: number[]): number;
  /** Parameter combinations that the ranges alone do not rule out (a batch larger than the data set): why they are refused, or null. */
  checkParams?(params: number[]): string | null;
  /** Networks: their coordinates as blocks in order, for Xavier/Glorot and He initialisations. */
  layers?(params: number[]): ParameterBlock[];
  /**
   * Networks: every neuron (one row of a weight matrix) as the coordinate indices of its incoming
   * weights and of its bias, if it has one; weights and biases together cover each coordinate
   * once. Filter-normalised directions (Li et al. 2018) rescale a direction neuron by neuron.
   */
  neurons?(dim: number, params: number[]): { weights: number[]; bias?: number }[];
  /**
   * Defines `fn landscape_eval(ctx: u32) -> f32`, reading `coord(ctx, d)`, calling
   * `set_grad(ctx, d, g)` once per d and then, if it sums over samples, `add_grad(ctx, d, g)`.
   * Landscapes with data sets sum over `batch_sample(j, B)` unless `batch_full` (landscape_api.wgsl).
   * With `metrics`, it also defines `fn landscape_metrics(ctx: u32) -> vec4f`.
   */
  wgsl: string;
  params: LandscapeParam[];
  /** Default view box, the same interval on every coordinate. */
  box: [number, number];
  /** |x_d| beyond this marks a particle diverged. */
  bound: number;
  /** Known global minima (all of them when few; none when unbounded below). */
  minima(dim: number, params: number[]): LandscapeMinimum[];
  /** A saddle point to start escape experiments from, when the landscape has a known one. */
  saddle?(dim: number, params: number[]): LandscapeSaddle | null;
  /** Why minima() may be empty (unbounded below, or random), for users and tests. */
  noKnownMinimum?: string;
  /**
   * TypeScript twin of the WGSL: returns the loss, writes the gradient when `grad` is given.
   * `batch`: the minibatch the step kernel would draw (landscapes with data sets); absent, the
   * whole training set.
   */
  evaluate(x: ArrayLike<number>, grad: Float64Array | null, params: number[], dim: number, batch?: BatchKey): number;
  /**
   * Networks trained on data: up to four readings beyond the training loss (training loss on the
   * whole set, held-out loss, accuracies), the components of the WGSL's landscape_metrics in order.
   */
  metrics?: {
    names: readonly string[];
    evaluate(x: ArrayLike<number>, params: number[], dim: number): number[];
    /** Operations of one network's readings (forward passes over both sets), to size GPU submits. */
    cost(dim: number, params: number[]): number;
  };
  /**
   * Networks of a 2-D input (the MLP): the output at an input point and the data the network is
   * trained on (x: interleaved pairs, y: labels ±1), for the function view's decision map.
   */
  inputPlane?: {
    box: [number, number];
    output(x: ArrayLike<number>, params: number[], dim: number, input: [number, number]): number;
    data(params: number[]): { train: LabelledPoints; test: LabelledPoints };
  };
  /** Teacher–student networks: cos of the angle between student unit i and teacher unit j, for the function view. */
  unitAngles?(x: ArrayLike<number>, params: number[], dim: number): number[][];
  /**
   * Deep linear networks: a balanced start (W_{j+1}ᵀW_{j+1} = W_j W_jᵀ, Arora, Cohen & Hazan 2018)
   * whose end-to-end map has norm `scale`, its direction drawn with `rand`.
   */
  balancedStart?(params: number[], scale: number, rand: () => number): number[];
  /**
   * Floating-point operations in one loss-and-gradient evaluation, when far from 16 per
   * coordinate (used to size GPU submits). Landscapes with minibatches count the batch, or the
   * whole training set when `fullBatch` (the surface, Hessian and readout kernels).
   */
  evalCost?(dim: number, params: number[], fullBatch?: boolean): number;
  /** Storage buffers the WGSL reads, for landscapes with data. */
  data?(dim: number, params: number[]): LandscapeData[];
}

export function defaultParams(landscape: Landscape): number[] {
  return landscape.params.map((p) => p.default);
}

export function clampDim(landscape: Landscape, dim: number): number {
  return Math.min(landscape.dims.max, Math.max(landscape.dims.min, Math.round(dim)));
}
