/**
 * The one place that reaches into three.js's bookkeeping: the GPUBuffer behind a storage
 * attribute, so our compute kernels write what three draws. It exists after the attribute's
 * first use in a render.
 */
import type * as THREE from 'three/webgpu';

export function gpuBufferOf(renderer: THREE.WebGPURenderer, attribute: THREE.BufferAttribute): GPUBuffer {
  const backend = renderer.backend as unknown as { get(o: object): { buffer?: GPUBuffer } | undefined };
  const buffer = backend.get(attribute)?.buffer;
  if (!buffer) {
    throw new Error(
      'three.js has no GPU buffer for this storage attribute: render once before asking, ' +
        'or three.js changed how WebGPUBackend stores attribute buffers.',
    );
  }
  return buffer;
}
