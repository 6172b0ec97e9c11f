/**
 * Sizes of the network landscapes' per-thread arrays in WGSL, shared with TypeScript through the
 * prelude (src/gpu/prelude.ts): the WGSL sizes its private arrays by them and the landscapes'
 * parameter ranges stop at them.
 */

/** Deep linear networks: most layers (weight matrices), hidden width and inputs. */
export const DEEP_LINEAR_MAX_DEPTH = 6;
export const DEEP_LINEAR_MAX_WIDTH = 32;
export const DEEP_LINEAR_MAX_INPUTS = 32;

/** MLPs on 2-D data: most hidden layers and units per hidden layer. */
export const MLP_MAX_LAYERS = 4;
export const MLP_MAX_WIDTH = 64;
