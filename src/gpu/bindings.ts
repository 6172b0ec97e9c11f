/** Small helpers for pipelines, uniform buffers and large dispatches (bind groups: BindingLayout). */

/** A uniform buffer the CPU rewrites (COPY_DST). */
export function uniformBuffer(device: GPUDevice, label: string, size: number): GPUBuffer {
  return device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
}

/** Workgroup counts for `items` threads in workgroups of `size`, folded into 2-D past the per-dimension limit. */
export function dispatchSize(items: number, size: number, maxPerDim: number): [number, number] {
  const groups = Math.max(1, Math.ceil(items / size));
  if (groups <= maxPerDim) return [groups, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y];
}

/**
 * One kernel compiled once, with pipelines per set of override constants made on first use and
 * kept (a user switching optimizer makes one; frames make none).
 */
export class ComputeVariants {
  private readonly cache = new Map<string, GPUComputePipeline>();

  private constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
    private readonly module: GPUShaderModule,
    private readonly layout: GPUPipelineLayout,
    private readonly base: Record<string, number>,
  ) {}

  static async create(
    device: GPUDevice,
    label: string,
    code: string,
    layouts: GPUBindGroupLayout[],
    base: Record<string, number>,
    first: Record<string, number>,
  ): Promise<ComputeVariants> {
    const module = await compiledModule(device, label, code);
    const layout = device.createPipelineLayout({ label: `${label}.layout`, bindGroupLayouts: layouts });
    const variants = new ComputeVariants(device, label, module, layout, base);
    const constants = { ...base, ...first };
    variants.cache.set(JSON.stringify(first), await device.createComputePipelineAsync({
      label: `${label}${JSON.stringify(first)}`,
      layout,
      compute: { module, entryPoint: 'main', constants },
    }));
    return variants;
  }

  get(constants: Record<string, number>): GPUComputePipeline {
    const key = JSON.stringify(constants);
    let pipeline = this.cache.get(key);
    if (!pipeline) {
      pipeline = this.device.createComputePipeline({
        label: `${this.label}${key}`,
        layout: this.layout,
        compute: { module: this.module, entryPoint: 'main', constants: { ...this.base, ...constants } },
      });
      this.cache.set(key, pipeline);
    }
    return pipeline;
  }
}

async function compiledModule(device: GPUDevice, label: string, code: string): Promise<GPUShaderModule> {
  const module = device.createShaderModule({ label: `${label}.module`, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) {
    const text = errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n');
    throw new Error(`WGSL compilation failed for ${label}:\n${text}`);
  }
  return module;
}

export async function compute(
  device: GPUDevice,
  label: string,
  code: string,
  layouts: GPUBindGroupLayout[],
  entryPoint = 'main',
  constants?: Record<string, number>,
): Promise<GPUComputePipeline> {
  const module = await compiledModule(device, label, code);
  return device.createComputePipelineAsync({
    label,
    layout: device.createPipelineLayout({ label: `${label}.layout`, bindGroupLayouts: layouts }),
    compute: { module, entryPoint, constants },
  });
}
