/** Getting a GPUDevice, with the limits the engine needs and clear messages when it cannot. */

export class WebGPUUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `WebGPU is not available: ${reason}. Use a recent Chrome, Edge or Opera (version 113 or later), ` +
        'Safari 26, or Firefox 141 or later on Windows; on Linux start Chrome with ' +
        '--enable-unsafe-webgpu --enable-features=Vulkan. Check chrome://gpu for "WebGPU: Hardware accelerated".',
    );
    this.name = 'WebGPUUnavailableError';
  }
}

/** A size the device cannot hold, naming the limit that stops it. */
export class DeviceLimitError extends Error {
  constructor(
    readonly limit: keyof GPUSupportedLimits | string,
    readonly needed: number,
    readonly available: number,
    what: string,
  ) {
    super(`${what} needs ${needed.toLocaleString('en-US')} but this device's ${limit} is ${available.toLocaleString('en-US')}.`);
    this.name = 'DeviceLimitError';
  }
}

export interface GpuContext {
  device: GPUDevice;
  adapterInfo: GPUAdapterInfo;
  isFallbackAdapter: boolean;
}

/** Asks for the largest buffers the adapter offers: particle state grows with count x dimension. */
export async function acquireDevice(label = 'loss-landscape'): Promise<GpuContext> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new WebGPUUnavailableError('this browser has no navigator.gpu');
  }
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGPUUnavailableError('no GPU adapter was found (blocklisted driver or disabled GPU)');
  const wanted: (keyof GPUSupportedLimits)[] = [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxStorageBuffersPerShaderStage',
    'maxComputeWorkgroupsPerDimension',
  ];
  const requiredLimits: Record<string, number> = {};
  for (const key of wanted) requiredLimits[key] = adapter.limits[key] as number;
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  const device = await adapter.requestDevice({ label: `${label}.device`, requiredLimits, requiredFeatures });
  const adapterInfo = adapter.info;
  const isFallbackAdapter = Boolean((adapterInfo as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return { device, adapterInfo, isFallbackAdapter };
}

/** Throws a DeviceLimitError when a storage buffer of `bytes` cannot be bound on `device`. */
export function checkStorageSize(device: GPUDevice, bytes: number, what: string): void {
  const { maxStorageBufferBindingSize, maxBufferSize } = device.limits;
  if (bytes > maxStorageBufferBindingSize) {
    throw new DeviceLimitError('maxStorageBufferBindingSize', bytes, maxStorageBufferBindingSize, `${what} (bytes)`);
  }
  if (bytes > maxBufferSize) throw new DeviceLimitError('maxBufferSize', bytes, maxBufferSize, `${what} (bytes)`);
}
