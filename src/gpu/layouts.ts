/**
 * Byte layouts, all derived from the WGSL itself by webgpu-utils: no offset is counted by hand.
 */
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import {
  covarianceLayoutSource, curvatureLayoutSource, hvpLayoutSource, layoutSource, projectLayoutSource, readoutLayoutSource,
  surfaceLayoutSource,
} from './kernels';
import { StorageLayout } from './StorageLayout';

const defs = makeShaderDataDefinitions(layoutSource);
const surfaceDefs = makeShaderDataDefinitions(surfaceLayoutSource);
const projectDefs = makeShaderDataDefinitions(projectLayoutSource);
const hvpDefs = makeShaderDataDefinitions(hvpLayoutSource);
const covarianceDefs = makeShaderDataDefinitions(covarianceLayoutSource);
const curvatureDefs = makeShaderDataDefinitions(curvatureLayoutSource);
const readoutDefs = makeShaderDataDefinitions(readoutLayoutSource);

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

// Constants the WGSL shares come from TypeScript (./prelude.ts), never read back out of WGSL.
export { HISTOGRAM_BINS as HIST_BINS } from '../engine/summarize';
export { REDUCE_GROUPS } from './constants';
