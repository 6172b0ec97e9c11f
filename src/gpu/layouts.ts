/**
 * Byte layouts, all derived from the WGSL itself by webgpu-utils: no offset is counted by hand.
 */
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import {
  covarianceLayoutSource, criticalPointsLayoutSource, curvatureLayoutSource, hvpLayoutSource, layoutSource, projectLayoutSource,
  readoutLayoutSource, surfaceLayoutSource, bezierFitLayoutSource, noiseStabilityLayoutSource,
} from './kernels';
import { StorageLayout } from './StorageLayout';
import { trajectoryDirectionsKernel, trajectoryGramKernel, trajectoryRecordKernel } from './kernels';

const defs = makeShaderDataDefinitions(layoutSource);
const surfaceDefs = makeShaderDataDefinitions(surfaceLayoutSource);
const projectDefs = makeShaderDataDefinitions(projectLayoutSource);
const hvpDefs = makeShaderDataDefinitions(hvpLayoutSource);
const covarianceDefs = makeShaderDataDefinitions(covarianceLayoutSource);
const curvatureDefs = makeShaderDataDefinitions(curvatureLayoutSource);
const readoutDefs = makeShaderDataDefinitions(readoutLayoutSource);
const noiseStabilityDefs = makeShaderDataDefinitions(noiseStabilityLayoutSource);
const curveDefs = makeShaderDataDefinitions(bezierFitLayoutSource);
const criticalDefs = makeShaderDataDefinitions(criticalPointsLayoutSource);
const trajectoryRecordDefs = makeShaderDataDefinitions(trajectoryRecordKernel);
const trajectoryGramDefs = makeShaderDataDefinitions(trajectoryGramKernel);
const trajectoryDirectionsDefs = makeShaderDataDefinitions(trajectoryDirectionsKernel);

export const landscapeUniformsView = (): StructuredView => makeStructuredView(defs.uniforms.L);
export const runParamsView = (): StructuredView => makeStructuredView(defs.uniforms.R);
export const initParamsView = (): StructuredView => makeStructuredView(defs.uniforms.I);
export const reduceParamsView = (): StructuredView => makeStructuredView(defs.uniforms.RP);
export const surfaceParamsView = (): StructuredView => makeStructuredView(surfaceDefs.uniforms.S);
export const projectParamsView = (): StructuredView => makeStructuredView(projectDefs.uniforms.PP);
export const probeParamsView = (): StructuredView => makeStructuredView(hvpDefs.uniforms.HP);
export const covarianceParamsView = (): StructuredView => makeStructuredView(covarianceDefs.uniforms.CV);
export const curvatureParamsView = (): StructuredView => makeStructuredView(curvatureDefs.uniforms.CP);
export const readoutParamsView = (): StructuredView => makeStructuredView(readoutDefs.uniforms.RO);
export const noiseStabilityParamsView = (): StructuredView => makeStructuredView(noiseStabilityDefs.uniforms.NS);
export const pathParamsView = (): StructuredView => makeStructuredView(curveDefs.uniforms.PP);
export const fitParamsView = (): StructuredView => makeStructuredView(curveDefs.uniforms.FP);
export const searchParamsView = (): StructuredView => makeStructuredView(criticalDefs.uniforms.CS);
export const trajectoryRecordParamsView = (): StructuredView => makeStructuredView(trajectoryRecordDefs.uniforms.TR);
export const trajectoryGramParamsView = (): StructuredView => makeStructuredView(trajectoryGramDefs.uniforms.GP);
export const trajectoryDirectionParamsView = (): StructuredView => makeStructuredView(trajectoryDirectionsDefs.uniforms.DP);

/** Bytes per element of the plain f32 arrays: coordinates (coordinate-major, x[d * n + p]), heights, vectors. */
export const F32_BYTES = Float32Array.BYTES_PER_ELEMENT;

/** Storage the CPU sizes by element or reads back, by the WGSL variable the GPU writes. */
export const particleStateLayout = new StorageLayout('state', defs.storages.state);
export const partialsLayout = new StorageLayout('partials', defs.storages.partials);
export const statisticsLayout = new StorageLayout('statistics', defs.storages.statistics);
export const heightRangeLayout = new StorageLayout('height_range', surfaceDefs.storages.height_range);
export const probeResultLayout = new StorageLayout('probe_out', hvpDefs.storages.probe_out);
export const cloudMeanLayout = new StorageLayout('cloud', covarianceDefs.storages.cloud);
export const readingsLayout = new StorageLayout('readings', readoutDefs.storages.readings);
export const curvatureResultsLayout = new StorageLayout('results', curvatureDefs.storages.results);
export const noiseNormsLayout = new StorageLayout('norms', noiseStabilityDefs.storages.norms);
export const noiseSumsLayout = new StorageLayout('sums', noiseStabilityDefs.storages.sums);
export const pathResultsLayout = new StorageLayout('path_results', curveDefs.storages.path_results);
export const fitStateLayout = new StorageLayout('fit_state', curveDefs.storages.fit_state);
export const criticalStateLayout = new StorageLayout('cp_state', criticalDefs.storages.cp_state);

// Constants the WGSL shares come from TypeScript (./prelude.ts), never read back out of WGSL.
export { HISTOGRAM_BINS as HIST_BINS } from '../engine/summarize';
export { REDUCE_GROUPS } from './constants';
