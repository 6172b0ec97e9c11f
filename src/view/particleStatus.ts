/**
 * The status word the projection kernel (shaders/project.wgsl) writes for each drawn particle and
 * the sprite material decodes: status + STATUS_STRIDE * (basin + 1) in the integer part, and the
 * particle's farness from the drawn plane in the fraction. Emitted into WGSL by src/gpu/prelude.ts.
 */
/** converged: |∇f| below the tolerance but loss not below the success threshold (stuck, e.g. a spurious minimum). */
export const PARTICLE_STATUS = { live: 0, converged: 1, diverged: 2, success: 3 } as const;

/** Statuses per basin in the integer part (larger than every status). */
export const STATUS_STRIDE = 4;
