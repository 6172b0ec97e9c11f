/**
 * Counts GPU objects created on a device, so a test (or a curious user) can check that steady
 * frames create none. Wraps the device's create* methods once; costs one increment per call.
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

const counters = new WeakMap<GPUDevice, GpuObjectCounts>();

export function countGpuObjects(device: GPUDevice): GpuObjectCounts {
  const existing = counters.get(device);
  if (existing) return existing;
  const counts = Object.fromEntries(COUNTED.map((k) => [k, 0])) as GpuObjectCounts;
  for (const name of COUNTED) {
    const original = (device[name] as (...args: unknown[]) => unknown).bind(device);
    (device as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      counts[name]++;
      return original(...args);
    };
  }
  counters.set(device, counts);
  return counts;
}
