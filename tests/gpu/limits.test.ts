import { DEFAULT_RUN } from '../../src/optimizers';
import { expect, it } from 'vitest';
import { landscapeById } from '../../src/landscapes';
import { DeviceLimitError } from '../../src/gpu/device';
import { withGpu } from './device';

it('a particle count x dimension past the device limit is refused with the limit named', () =>
  withGpu(async (gpu) => {
    const { device } = gpu;
    const limit = device.limits.maxStorageBufferBindingSize;
    const dim = 4096;
    const count = Math.ceil(limit / (dim * 4)) + 1;
    const attempt = gpu.simulation({ landscape: landscapeById('rastrigin'), dim, count });
    await expect(attempt).rejects.toThrow(DeviceLimitError);
    await expect(attempt).rejects.toThrow(/maxStorageBufferBindingSize|maxBufferSize/);
  }),
);

it('bad settings are refused with a clear message and the running simulation keeps its settings', () =>
  withGpu(async (gpu) => {
    const sim = await gpu.simulation({ landscape: landscapeById('himmelblau'), dim: 2, count: 64 });
    expect(() => sim.setRun({ lr: 100 })).toThrow(/lr = 100 was refused: it must be a number from 1e-6 to 10/);
    expect(() => sim.setRun({ lr: Number.NaN })).toThrow(/lr = NaN was refused/);
    expect(() => sim.setRun({ momentum: null as never })).toThrow(/momentum = null was refused/);
    expect(sim.run.lr).toBe(DEFAULT_RUN.lr);
    await expect(gpu.simulation({ landscape: landscapeById('beale'), dim: 3, count: 64 })).rejects.toThrow(
      /only D = 2/,
    );
  }),
);
