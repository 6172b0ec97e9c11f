/**
 * Bind-group layouts and bind groups by WGSL variable name: binding numbers and buffer types
 * come from the kernels' own declarations (webgpu-utils reflection), never from lists in order.
 */
import { makeShaderDataDefinitions, type ShaderDataDefinitions } from 'webgpu-utils';

/** A buffer bound whole, or its first `size` bytes (one uniform slot read at a dynamic offset). */
export type BoundBuffer = GPUBuffer | { buffer: GPUBuffer; size: number };

export interface LayoutOptions {
  /** The bind group's index in the WGSL (default 0). */
  group?: number;
  /** Uniforms bound at a dynamic offset (slots of a ring written per encode). */
  dynamic?: readonly string[];
}

const reflected = new Map<string, ShaderDataDefinitions>();

/** The reflection of one WGSL source, kept: the same kernel source is laid out again for new buffers. */
export function definitionsOf(code: string): ShaderDataDefinitions {
  let defs = reflected.get(code);
  if (!defs) {
    defs = makeShaderDataDefinitions(code);
    reflected.set(code, defs);
  }
  return defs;
}

interface Declared {
  binding: number;
  uniform: boolean;
  /** Declared read_write and used by some entry point (reflection gives the access mode only for used ones). */
  written: boolean;
}

/**
 * The entries of one bind group as the given WGSL sources declare it, by variable name, in binding
 * order. A layout shared by several pipelines passes every source that uses it.
 */
export function layoutEntries(
  label: string,
  sources: readonly string[],
  options: LayoutOptions = {},
): Map<string, GPUBindGroupLayoutEntry> {
  const group = options.group ?? 0;
  const declared = new Map<string, Declared>();
  for (const code of sources) {
    const defs = definitionsOf(code);
    const written = new Set<string>();
    for (const entryPoint of Object.values(defs.entryPoints)) {
      for (const r of entryPoint.resources) {
        if (r.group === group && r.entry.buffer?.type === 'storage') written.add(r.name);
      }
    }
    const vars = [
      ...Object.entries(defs.uniforms).map(([name, v]) => ({ name, v, uniform: true })),
      ...Object.entries(defs.storages).map(([name, v]) => ({ name, v, uniform: false })),
    ];
    for (const { name, v, uniform } of vars) {
      if (v.group !== group) continue;
      const known = declared.get(name);
      if (known && (known.binding !== v.binding || known.uniform !== uniform)) {
        throw new Error(`${label}: "${name}" is declared differently in two sources (binding ${known.binding} and ${v.binding}).`);
      }
      declared.set(name, { binding: v.binding, uniform, written: (known?.written ?? false) || written.has(name) });
    }
  }
  const byBinding = new Map<number, string>();
  for (const [name, d] of declared) {
    const other = byBinding.get(d.binding);
    if (other) throw new Error(`${label}: "${other}" and "${name}" share @group(${group}) @binding(${d.binding}).`);
    byBinding.set(d.binding, name);
  }
  const dynamic = new Set(options.dynamic ?? []);
  for (const name of dynamic) {
    if (!declared.get(name)?.uniform) {
      throw new Error(`${label}: no uniform "${name}" in @group(${group}) to bind at a dynamic offset.`);
    }
  }
  const sorted = [...declared].sort((a, b) => a[1].binding - b[1].binding);
  return new Map(
    sorted.map(([name, d]) => [
      name,
      {
        binding: d.binding,
        visibility: GPUShaderStage.COMPUTE,
        // A storage variable no entry point uses is bound read-only: nothing writes it.
        buffer: d.uniform
          ? { type: 'uniform', hasDynamicOffset: dynamic.has(name) }
          : { type: d.written ? 'storage' : 'read-only-storage' },
      },
    ]),
  );
}

/** One bind-group layout made from WGSL, and the bind groups that fill it by variable name. */
export class BindingLayout {
  private constructor(
    private readonly device: GPUDevice,
    readonly label: string,
    readonly layout: GPUBindGroupLayout,
    /** Layout entries by variable name, in binding order. */
    readonly entries: ReadonlyMap<string, GPUBindGroupLayoutEntry>,
  ) {}

  static fromWgsl(
    device: GPUDevice,
    label: string,
    sources: string | readonly string[],
    options: LayoutOptions = {},
  ): BindingLayout {
    const entries = layoutEntries(label, typeof sources === 'string' ? [sources] : sources, options);
    if (!entries.size) throw new Error(`${label}: the WGSL declares nothing in @group(${options.group ?? 0}).`);
    const layout = device.createBindGroupLayout({ label, entries: [...entries.values()] });
    return new BindingLayout(device, label, layout, entries);
  }

  /** A bind group with one buffer per variable name; a missing or unknown name throws. */
  bindGroup(label: string, buffers: Readonly<Record<string, BoundBuffer>>): GPUBindGroup {
    const names = [...this.entries.keys()];
    const unknown = Object.keys(buffers).filter((n) => !this.entries.has(n));
    if (unknown.length) {
      throw new Error(`${label}: ${this.label} has no variable ${unknown.map((n) => `"${n}"`).join(', ')} (it has ${names.join(', ')}).`);
    }
    const missing = names.filter((n) => !(n in buffers));
    if (missing.length) throw new Error(`${label}: no buffer given for ${missing.map((n) => `"${n}"`).join(', ')} of ${this.label}.`);
    return this.device.createBindGroup({
      label,
      layout: this.layout,
      entries: names.map((name) => {
        const b = buffers[name];
        return {
          binding: this.entries.get(name)!.binding,
          resource: b instanceof GPUBuffer ? { buffer: b } : { buffer: b.buffer, size: b.size },
        };
      }),
    });
  }
}
