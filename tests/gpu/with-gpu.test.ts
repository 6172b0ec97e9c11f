/** The helper every GPU test runs in: it frees what the test made and fails on errors and leaks. */
import { describe, expect, it } from 'vitest';
import { gpuMemory } from '../../src/gpu/instrument';
import { testDevice, withGpu } from './device';

const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;

describe('withGpu', () => {
  it('frees what the test made through it, even when the test fails', async () => {
    const device = await testDevice();
    const before = gpuMemory(device).liveBuffers;
    let made: GPUBuffer | null = null;
    await expect(
      withGpu(async (gpu) => {
        made = gpu.buffer({ label: 'test.freed', size: 256, usage: STORAGE });
        expect(gpuMemory(device).liveBuffers).toBe(before + 1);
        throw new Error('the test failed');
      }),
    ).rejects.toThrow('the test failed');
    expect(made).not.toBeNull();
    expect(gpuMemory(device).liveBuffers).toBe(before);
  });

  it('fails on a WebGPU validation error', async () => {
    // MAP_READ may only go with COPY_DST.
    await expect(withGpu(async (gpu) => gpu.buffer({ label: 'test.invalid', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE }))).rejects.toThrow(
      /WebGPU validation error/,
    );
  });

  it('fails when the test leaves a buffer alive that it made around the helper', async () => {
    let leaked: GPUBuffer | null = null;
    await expect(
      withGpu(async (gpu) => {
        leaked = gpu.device.createBuffer({ label: 'test.leaked', size: 64, usage: STORAGE });
      }),
    ).rejects.toThrow(/left GPU objects alive: 1 buffers \(64 bytes\)/);
    leaked!.destroy();
  });
});
