/**
 * Byte layouts, all derived from the WGSL itself by webgpu-utils: no offset is counted by hand.
 */
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import {
  covarianceLayoutSource, curvatureLayoutSource, hvpLayoutSource, layoutSource, projectLayoutSource, surfaceLayoutSource,
} from './kernels';

const defs = makeShaderDataDefinitions(layoutSource);
const surfaceDefs = makeShaderDataDefinitions(surfaceLayoutSource);
const projectDefs = makeShaderDataDefinitions(projectLayoutSource);
const hvpDefs = makeShaderDataDefinitions(hvpLayoutSource);
const covarianceDefs = makeShaderDataDefinitions(covarianceLayoutSource);
const curvatureDefs = makeShaderDataDefinitions(curvatureLayoutSource);

export const landscapeUniformsView = (): StructuredView => makeStructuredView(defs.uniforms.L);
export const runParamsView = (): StructuredView => makeStructuredView(defs.uniforms.R);
export const initParamsView = (): StructuredView => makeStructuredView(defs.uniforms.I);
export const reduceParamsView = (): StructuredView => makeStructuredView(defs.uniforms.RP);
export const surfaceParamsView = (): StructuredView => makeStructuredView(surfaceDefs.uniforms.S);
export const projectParamsView = (): StructuredView => makeStructuredView(projectDefs.uniforms.PP);
export const probeParamsView = (): StructuredView => makeStructuredView(hvpDefs.uniforms.HP);
export const covarianceParamsView = (): StructuredView => makeStructuredView(covarianceDefs.uniforms.CV);
export const curvatureParamsView = (): StructuredView => makeStructuredView(curvatureDefs.uniforms.CP);

/** Floats per sampled particle in the curvature kernel's results. */
export const CURVATURE_RESULT_FLOATS = curvatureDefs.structs.CurvatureResult.size / 4;
export const curvatureResultFields = Object.fromEntries(
  Object.entries(curvatureDefs.structs.CurvatureResult.fields).map(([k, f]) => [k, f.offset / 4]),
) as Record<string, number>;

/** Bytes per particle in the state buffer. */
export const PARTICLE_STATE_BYTES = defs.structs.ParticleState.size;
export const SUMMARY_BYTES = defs.structs.Summary.size;

export function summaryView(buffer: ArrayBuffer, offset = 0) {
  return makeStructuredView(defs.structs.Summary, buffer, offset);
}

/** Field offsets within ParticleState, for reading a whole buffer without a view per particle. */
export const PARTICLE_FIELDS = Object.fromEntries(
  Object.entries(defs.structs.ParticleState.fields).map(([k, f]) => [k, f.offset]),
) as Record<'loss' | 'grad_norm' | 'flags' | 'age' | 'kick_age' | 'escape_age', number>;

// Constants the WGSL shares come from TypeScript (./prelude.ts), never read back out of WGSL.
export { HISTOGRAM_BINS as HIST_BINS } from '../engine/summarize';
export { REDUCE_GROUPS } from './constants';
