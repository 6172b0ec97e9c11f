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

/** What a GPUDeviceLostInfo says, in one phrase for a message ("destroyed: Device was destroyed."). */
export function describeLoss(info: GPUDeviceLostInfo): string {
  const reason = info.reason === 'destroyed' ? 'destroyed' : 'lost by the browser or driver';
  const message = info.message.replace(/\.\s*$/, '');
  return message ? `${reason}: ${message}` : reason;
}

/**
 * The GPU was lost and the browser gives the page no new adapter or device: after repeated
 * GPU-process crashes Chrome refuses WebGPU to the page, which a reload or restart undoes.
 */
export class GpuLostError extends WebGPUUnavailableError {
  constructor(loss: string, detail: string) {
    super(detail);
    this.message =
      `The GPU was lost (${loss}) and the browser gave no new one (${detail}). Reload the page to get it back; ` +
      'if it keeps happening, restart the browser and check chrome://gpu for "WebGPU: Hardware accelerated".';
    this.name = 'GpuLostError';
  }
}

/** Rejects a call that was running, or asked for, on a device that has since been lost. */
export class DeviceLostError extends Error {
  constructor(loss: string, options?: ErrorOptions) {
    super(
      `The GPU device was lost (${loss}). The explorer restarts on a new device with the same settings: ` +
        'call again on the new window.explorer once it is there.',
      options,
    );
    this.name = 'DeviceLostError';
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

/**
 * Asks for the largest buffers the adapter offers: particle state grows with count x dimension.
 * `afterLoss` (what describeLoss said of the device lost before) turns "no adapter" and a refused
 * device into a GpuLostError that says how to get the GPU back, rather than blaming the driver.
 */
export async function acquireDevice(label = 'loss-landscape', afterLoss?: string): Promise<GpuContext> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new WebGPUUnavailableError('this browser has no navigator.gpu');
  }
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    if (afterLoss) throw new GpuLostError(afterLoss, 'no adapter was offered');
    throw new WebGPUUnavailableError('no GPU adapter was found (blocklisted driver or disabled GPU)');
  }
  const wanted: (keyof GPUSupportedLimits)[] = [
    'maxStorageBufferBindingSize',
    'maxBufferSize',
    'maxStorageBuffersPerShaderStage',
    'maxComputeWorkgroupsPerDimension',
  ];
  const requiredLimits: Record<string, number> = {};
  for (const key of wanted) requiredLimits[key] = adapter.limits[key] as number;
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ label: `${label}.device`, requiredLimits, requiredFeatures });
  } catch (e) {
    if (afterLoss) throw new GpuLostError(afterLoss, `the adapter refused a device: ${(e as Error).message}`);
    throw e;
  }
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
