/** Byte layouts of the game kernels, read from their WGSL by webgpu-utils: no offset is counted by hand. */
import { makeShaderDataDefinitions, makeStructuredView, type StructuredView } from 'webgpu-utils';
import { StorageLayout } from '../gpu/StorageLayout';
import { gameStepKernel } from './gameKernels';

// Layouts do not depend on the game: read them from one game's step kernel, which declares them all.
const defs = makeShaderDataDefinitions(gameStepKernel('bilinear'));

export const gameUniformsView = (): StructuredView => makeStructuredView(defs.uniforms.G);
export const gameRunView = (): StructuredView => makeStructuredView(defs.uniforms.R);
export const gameParticleLayout = new StorageLayout('game_state', defs.storages.game_state);
