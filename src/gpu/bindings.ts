/** Small helpers for explicit bind-group layouts and large dispatches. */

export type BindingKind = 'uniform' | 'dynamic-uniform' | 'storage' | 'read-only-storage';

export function bindGroupLayout(device: GPUDevice, label: string, kinds: readonly BindingKind[]): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    label,
    entries: kinds.map((kind, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer:
        kind === 'dynamic-uniform'
          ? { type: 'uniform', hasDynamicOffset: true }
          : { type: kind },
    })),
  });
}

export function bindGroup(
  device: GPUDevice,
  label: string,
  layout: GPUBindGroupLayout,
  buffers: readonly (GPUBuffer | { buffer: GPUBuffer; size: number })[],
): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout,
    entries: buffers.map((b, binding) => ({
      binding,
      resource: b instanceof GPUBuffer ? { buffer: b } : { buffer: b.buffer, size: b.size },
    })),
  });
}

/** Workgroup counts for `items` threads in workgroups of `size`, folded into 2-D past the per-dimension limit. */
export function dispatchSize(items: number, size: number, maxPerDim: number): [number, number] {
  const groups = Math.max(1, Math.ceil(items / size));
  if (groups <= maxPerDim) return [groups, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y];
}

export async function compute(
  device: GPUDevice,
  label: string,
  code: string,
  layouts: GPUBindGroupLayout[],
  entryPoint = 'main',
  constants?: Record<string, number>,
): Promise<GPUComputePipeline> {
  const module = device.createShaderModule({ label: `${label}.module`, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) {
    const text = errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n');
    throw new Error(`WGSL compilation failed for ${label}:\n${text}`);
  }
  return device.createComputePipelineAsync({
    label,
    layout: device.createPipelineLayout({ label: `${label}.layout`, bindGroupLayouts: layouts }),
    compute: { module, entryPoint, constants },
  });
}
