import { DEFAULT_RUN } from '../../src/optimizers';
import { expect, it } from 'vitest';
import { GpuSimulation } from '../../src/engine';
import { landscapeById } from '../../src/landscapes';
import { DeviceLimitError } from '../../src/gpu/device';
import { testDevice } from './device';

it('a particle count x dimension past the device limit is refused with the limit named', async () => {
  const device = await testDevice();
  const limit = device.limits.maxStorageBufferBindingSize;
  const dim = 4096;
  const count = Math.ceil(limit / (dim * 4)) + 1;
  const attempt = GpuSimulation.create(device, { landscape: landscapeById('rastrigin'), dim, count });
  await expect(attempt).rejects.toThrow(DeviceLimitError);
  await expect(attempt).rejects.toThrow(/maxStorageBufferBindingSize|maxBufferSize/);
});

it('bad settings are refused with a clear message and the running simulation keeps its settings', async () => {
  const device = await testDevice();
  const sim = await GpuSimulation.create(device, { landscape: landscapeById('himmelblau'), dim: 2, count: 64 });
  expect(() => sim.setRun({ lr: 100 })).toThrow(/lr = 100 was refused: it must be a number from 1e-6 to 10/);
  expect(() => sim.setRun({ lr: Number.NaN })).toThrow(/lr = NaN was refused/);
  expect(() => sim.setRun({ momentum: null as never })).toThrow(/momentum = null was refused/);
  expect(sim.run.lr).toBe(DEFAULT_RUN.lr);
  await expect(GpuSimulation.create(device, { landscape: landscapeById('beale'), dim: 3, count: 64 })).rejects.toThrow(
    /only D = 2/,
  );
  sim.destroy();
});
