/** Sizes of GPU work that TypeScript and WGSL share (emitted into WGSL by ./prelude.ts). */

/** Threads per workgroup of every per-particle (and per-cell) kernel; particle_index() folds 2-D dispatches by it. */
export const WORKGROUP_SIZE = 64;

/** Partial summaries of the first reduction pass (shaders/reduce.wgsl), one per workgroup. */
export const REDUCE_GROUPS = 256;
