/**
 * Counts GPU objects created on a device, and the buffers and textures still alive, so a test
 * (or a curious user) can check that steady frames create nothing and that a rebuild frees all
 * that the one before it made. Wraps the device's create* methods once, and the destroy() of
 * each buffer and texture they return; costs one increment per call and holds no reference to
 * any GPU object.
 */

const COUNTED = [
  'createBuffer',
  'createTexture',
  'createBindGroup',
  'createShaderModule',
  'createComputePipeline',
  'createRenderPipeline',
  'createComputePipelineAsync',
  'createRenderPipelineAsync',
] as const;

export type GpuObjectCounts = Record<(typeof COUNTED)[number], number>;

/**
 * GPU memory the page holds on a device, counted from the moment it was instrumented.
 * "Live" means created and not yet destroyed: a buffer dropped without destroy() stays live,
 * because its memory then waits on the garbage collector, which knows nothing of GPU memory.
 */
export interface GpuMemory {
  /** Buffers created and not destroyed. */
  liveBuffers: number;
  /** Their bytes (sizes as asked for; drivers may round up). */
  liveBytes: number;
  /** Textures created and not destroyed (the canvas's own textures are not among them). */
  liveTextures: number;
  /** destroy() calls that freed a buffer (a second destroy() of the same buffer does not count). */
  buffersDestroyed: number;
  texturesDestroyed: number;
}

interface Instrumented {
  counts: GpuObjectCounts;
  memory: GpuMemory;
}

const instrumented = new WeakMap<GPUDevice, Instrumented>();

function instrument(device: GPUDevice): Instrumented {
  const existing = instrumented.get(device);
  if (existing) return existing;
  const counts = Object.fromEntries(COUNTED.map((k) => [k, 0])) as GpuObjectCounts;
  const memory: GpuMemory = { liveBuffers: 0, liveBytes: 0, liveTextures: 0, buffersDestroyed: 0, texturesDestroyed: 0 };
  const target = device as unknown as Record<string, unknown>;
  for (const name of COUNTED) {
    const original = (device[name] as (...args: unknown[]) => unknown).bind(device);
    target[name] = (...args: unknown[]) => {
      counts[name]++;
      return original(...args);
    };
  }
  const createBuffer = device.createBuffer;
  device.createBuffer = (descriptor: GPUBufferDescriptor) => {
    const buffer = createBuffer(descriptor);
    memory.liveBuffers++;
    memory.liveBytes += buffer.size;
    onFirstDestroy(buffer, () => {
      memory.liveBuffers--;
      memory.liveBytes -= buffer.size;
      memory.buffersDestroyed++;
    });
    return buffer;
  };
  const createTexture = device.createTexture;
  device.createTexture = (descriptor: GPUTextureDescriptor) => {
    const texture = createTexture(descriptor);
    memory.liveTextures++;
    onFirstDestroy(texture, () => {
      memory.liveTextures--;
      memory.texturesDestroyed++;
    });
    return texture;
  };
  const state = { counts, memory };
  instrumented.set(device, state);
  return state;
}

/** Replaces the object's destroy() with one that calls `freed` the first time, then the real one. */
function onFirstDestroy(object: GPUBuffer | GPUTexture, freed: () => void): void {
  const destroy = object.destroy.bind(object);
  let done = false;
  object.destroy = () => {
    if (!done) {
      done = true;
      freed();
    }
    destroy();
  };
}

/**
 * The live counts of objects created on `device` so far, by kind (updated in place). Call before
 * anything is created on the device: objects made earlier are not counted.
 */
export function countGpuObjects(device: GPUDevice): GpuObjectCounts {
  return instrument(device).counts;
}

/** A snapshot of the buffers, bytes and textures alive on `device` (instrumenting it if it was not). */
export function gpuMemory(device: GPUDevice): GpuMemory {
  return { ...instrument(device).memory };
}
