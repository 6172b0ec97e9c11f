/**
 * The GAN kernels' WGSL, assembled from shaders/: the project's prelude and common helpers, the
 * GAN constants emitted from TypeScript, the shared network routines, then one kernel. Byte
 * layouts of their uniforms and per-GAN structs come from the same WGSL (webgpu-utils).
 */
import common from '../../shaders/common.wgsl?raw';
import networks from '../../shaders/gan_networks.wgsl?raw';
import init from '../../shaders/gan_init.wgsl?raw';
import train from '../../shaders/gan_train.wgsl?raw';
import sample from '../../shaders/gan_sample.wgsl?raw';
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import { StorageLayout } from '../gpu/StorageLayout';
import { WGSL_PRELUDE } from '../gpu/prelude';
import { GAN_ACTIVATIONS, GAN_LOSSES, GAN_MAX_WIDTH, LEAKY_SLOPE } from './ganConfig';
import { GAN_STREAM_INIT, GAN_STREAM_LATENT, GAN_STREAM_REAL, GAN_STREAM_SAMPLE } from './streams';

/** A parameter base meaning "no gradient wanted" (no buffer holds 2^32 − 1 floats). */
export const GAN_NONE = 0xffffffff;

const u32 = (name: string, v: number) => `const ${name}: u32 = ${v}u;`;

/** Constants the GAN WGSL shares with TypeScript; GAN_THREADS (the workgroup size) is chosen per trainer. */
export const GAN_WGSL_CONSTANTS = [
  '// Generated from TypeScript (src/gan/ganKernels.ts).',
  u32('GAN_MAX_WIDTH', GAN_MAX_WIDTH),
  u32('GAN_NONE', GAN_NONE),
  u32('GAN_STREAM_INIT', GAN_STREAM_INIT),
  u32('GAN_STREAM_REAL', GAN_STREAM_REAL),
  u32('GAN_STREAM_LATENT', GAN_STREAM_LATENT),
  u32('GAN_STREAM_SAMPLE', GAN_STREAM_SAMPLE),
  u32('GAN_TANH', GAN_ACTIVATIONS.indexOf('tanh')),
  u32('GAN_RELU', GAN_ACTIVATIONS.indexOf('relu')),
  u32('GAN_MINIMAX', GAN_LOSSES.indexOf('minimax')),
  `const GAN_LEAKY_SLOPE: f32 = ${LEAKY_SLOPE};`,
  `override GAN_THREADS: u32 = ${GAN_MAX_WIDTH}u;`,
].join('\n');

const join = (kernel: string) => [WGSL_PRELUDE, common, GAN_WGSL_CONSTANTS, networks, kernel].join('\n');

export const ganInitKernel = join(init);
export const ganTrainKernel = join(train);
export const ganSampleKernel = join(sample);
/** The shared part alone, for another subsystem's kernel that reads the networks in place (appended after it). */
export const ganNetworksWgsl = join('');

const defs = makeShaderDataDefinitions(join(''));

export const ganParamsView = (): StructuredView => makeStructuredView(defs.uniforms.GP);
export const sampleParamsView = (): StructuredView => makeStructuredView(defs.uniforms.SP);
export const settingsLayout = new StorageLayout('settings', defs.storages.settings);
export const recordsLayout = new StorageLayout('records', defs.storages.records);
export const samplesLayout = new StorageLayout('samples', defs.storages.samples);
/** Views of `count` GanSettings (written whole, one struct per GAN). */
export const settingsView = (count: number): StructuredView =>
  makeStructuredView(defs.storages.settings, new ArrayBuffer(settingsLayout.bytes(count)));
