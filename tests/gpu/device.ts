/** One GPUDevice for a test file; a browser without WebGPU fails here, loudly, with the reason. */
import { acquireDevice } from '../../src/gpu/device';

let devicePromise: Promise<GPUDevice> | null = null;

export function testDevice(): Promise<GPUDevice> {
  devicePromise ??= acquireDevice('test').then(({ device }) => {
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
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, size);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0);
  staging.destroy();
  return out;
}

/** Runs fn and fails on any WebGPU validation error it raised. */
export async function noGpuErrors<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  const result = await fn();
  const error = await device.popErrorScope();
  if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  return result;
}
