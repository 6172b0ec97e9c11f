/** One GPUDevice for a test file; a browser without WebGPU fails here, loudly, with the reason. */
import { GpuSimulation, type SystemSpec } from '../../src/engine';
import { acquireDevice } from '../../src/gpu/device';
import { countGpuObjects, gpuMemory } from '../../src/gpu/instrument';

let devicePromise: Promise<GPUDevice> | null = null;

export function testDevice(): Promise<GPUDevice> {
  devicePromise ??= acquireDevice('test').then(({ device }) => {
    // Before anything is made on it, so withGpu can tell what a test left alive.
    countGpuObjects(device);
    device.addEventListener('uncapturederror', (e) => {
      // Validation errors would otherwise only reach the console.
      throw new Error(`Uncaptured WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`);
    });
    return device;
  });
  return devicePromise;
}

/** Copies a buffer back (tests only). */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, size = buffer.size): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ label: 'test.readBuffer', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return staging.getMappedRange().slice(0);
  } finally {
    staging.destroy();
  }
}

/** Runs fn and fails on any WebGPU validation error it raised. */
export async function noGpuErrors<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  const result = await fn();
  const error = await device.popErrorScope();
  if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  return result as T;
}

interface Destroyable {
  destroy(): void;
}

/** What a withGpu test makes GPU resources through: everything made here is freed when it ends. */
export interface Gpu {
  readonly device: GPUDevice;
  /** Takes `resource` into the scope: destroyed when the test ends (the last made first). */
  own<T extends Destroyable>(resource: T): T;
  /** Destroys `resource` now (a loop that makes many) and drops it from the scope. */
  free(resource: Destroyable): void;
  /** A GpuSimulation owned by the scope. */
  simulation(spec: SystemSpec): Promise<GpuSimulation>;
  /** A buffer owned by the scope. */
  buffer(descriptor: GPUBufferDescriptor): GPUBuffer;
  /** A copy of a buffer's bytes, read back now. */
  read(buffer: GPUBuffer, size?: number): Promise<ArrayBuffer>;
}

/**
 * Runs a GPU test in a validation error scope, with every resource made through `gpu` destroyed
 * in `finally`, whether the test passed or not. Fails on a validation error, and when the test
 * left more buffers or textures alive on the device than it found: a class whose destroy() does
 * not free all it made fails every test that uses it.
 */
export async function withGpu<T>(fn: (gpu: Gpu) => Promise<T>): Promise<T> {
  const device = await testDevice();
  const before = gpuMemory(device);
  const owned: Destroyable[] = [];
  const gpu: Gpu = {
    device,
    own(resource) {
      owned.push(resource);
      return resource;
    },
    free(resource) {
      const i = owned.indexOf(resource);
      if (i >= 0) owned.splice(i, 1);
      resource.destroy();
    },
    async simulation(spec) {
      return gpu.own(await GpuSimulation.create(device, spec));
    },
    buffer(descriptor) {
      return gpu.own(device.createBuffer(descriptor));
    },
    read(buffer, size) {
      return readBuffer(device, buffer, size);
    },
  };
  device.pushErrorScope('validation');
  let result: T | undefined;
  let failure: { error: unknown } | null = null;
  try {
    result = await fn(gpu);
  } catch (e) {
    failure = { error: e };
  }
  // Freed inside the scope: a destroy() that misuses the API fails the test too.
  for (const resource of owned.reverse()) resource.destroy();
  const error = await device.popErrorScope();
  if (failure) {
    // The test's own error says more; a validation error beside it is still worth seeing.
    if (error) console.error(`WebGPU validation error: ${error.message}`);
    throw failure.error;
  }
  if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  const after = gpuMemory(device);
  if (after.liveBuffers !== before.liveBuffers || after.liveTextures !== before.liveTextures) {
    throw new Error(
      `The test left GPU objects alive: ${after.liveBuffers - before.liveBuffers} buffers ` +
        `(${after.liveBytes - before.liveBytes} bytes) and ${after.liveTextures - before.liveTextures} textures ` +
        'more than it found. Make them through withGpu, or free them in the destroy() of the class that made them.',
    );
  }
  return result as T;
}
