import { describe, expect, it } from 'vitest';
import { makeStructuredView } from 'webgpu-utils';
import { BindingLayout, definitionsOf, layoutEntries } from '../../src/gpu/BindingLayout';
import { compute } from '../../src/gpu/bindings';
import { histogramKernel, initKernel, reduceKernel } from '../../src/gpu/kernels';
import { StorageLayout } from '../../src/gpu/StorageLayout';
import { SurfaceEvaluator } from '../../src/engine';
import { landscapeById } from '../../src/landscapes';
import { ParticleProjector } from '../../src/view/ParticleProjector';
import { noGpuErrors, withGpu } from './device';

// Bindings declared out of order and with gaps: only names can match them up.
const KERNEL = `
struct Pair { x: f32, k: u32 }
struct Out { count: u32, pairs: array<Pair> }
struct Params { scale: f32, n: u32 }
@group(0) @binding(5) var<storage, read_write> out: Out;
@group(0) @binding(0) var<uniform> U: Params;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read_write> spare: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i == 0u) { out.count = U.n; }
  if (i < U.n) { out.pairs[i] = Pair(a[i] * U.scale, i * 3u); }
}
`;

// Writes `spare`, which KERNEL declares but never uses.
const WRITER = KERNEL.replace(/@compute[\s\S]*$/, '@compute @workgroup_size(1) fn fill() { spare[0] = 1.0; }');

const types = (entries: Map<string, GPUBindGroupLayoutEntry>) =>
  Object.fromEntries([...entries].map(([name, e]) => [name, [e.binding, e.buffer?.type, e.buffer?.hasDynamicOffset ?? false]]));

describe('bind groups by WGSL variable name', () => {
  it('lay out binding numbers and buffer types from the declarations, in binding order', () => {
    const entries = layoutEntries('test', [KERNEL], { dynamic: ['U'] });
    expect([...entries.keys()]).toEqual(['U', 'a', 'spare', 'out']);
    expect(types(entries)).toEqual({
      U: [0, 'uniform', true],
      a: [2, 'read-only-storage', false],
      // Declared read_write but used by no entry point: nothing writes it.
      spare: [3, 'read-only-storage', false],
      out: [5, 'storage', false],
    });
    // A layout shared with a pipeline that writes it binds it writable.
    expect(types(layoutEntries('test', [KERNEL, WRITER])).spare).toEqual([3, 'storage', false]);
  });

  it('lay out the engine kernels as their WGSL declares them', () => {
    const stats = layoutEntries('stats', [reduceKernel, histogramKernel]);
    expect(types(stats)).toEqual({
      RP: [0, 'uniform', false],
      particles: [1, 'read-only-storage', false],
      partials: [2, 'storage', false],
      statistics: [3, 'storage', false],
    });
    const init = types(layoutEntries('init', [initKernel(landscapeById('himmelblau').wgsl)], { dynamic: ['R', 'I'] }));
    // L is declared even where the landscape reads no parameter: the layout keeps its slot.
    expect(init.L).toEqual([0, 'uniform', false]);
    expect(init.R).toEqual([1, 'uniform', true]);
    expect(init.I).toEqual([7, 'uniform', true]);
    expect(init.pos).toEqual([2, 'storage', false]);
    expect(init.points).toEqual([8, 'read-only-storage', false]);
  });

  it('reject names the WGSL does not declare, missing buffers and conflicting declarations', () =>
    withGpu(async (gpu) => {
      const { device } = gpu;
      expect(() => layoutEntries('test', [KERNEL], { dynamic: ['a'] })).toThrow(/no uniform "a" in @group\(0\)/);
      expect(() => layoutEntries('test', [KERNEL], { dynamic: ['nope'] })).toThrow(/no uniform "nope"/);
      expect(() => layoutEntries('test', [KERNEL, KERNEL.replace('@binding(2)', '@binding(4)')])).toThrow(/"a" is declared differently/);
      expect(() => layoutEntries('test', [KERNEL, KERNEL.replace('@binding(2) var<storage, read> a', '@binding(3) var<storage, read> b')])).toThrow(
        /"spare" and "b" share @group\(0\) @binding\(3\)/,
      );
      expect(() => BindingLayout.fromWgsl(device, 'Test.layout', KERNEL, { group: 1 })).toThrow(/declares nothing in @group\(1\)/);
      const layout = BindingLayout.fromWgsl(device, 'Test.layout', KERNEL);
      const buffer = gpu.buffer({ size: 64, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.UNIFORM });
      const all = { U: buffer, a: buffer, spare: buffer, out: buffer };
      expect(() => layout.bindGroup('Test.group', { ...all, nope: buffer })).toThrow(/Test.group: Test.layout has no variable "nope" \(it has U, a, spare, out\)/);
      const noOut: Record<string, GPUBuffer> = { ...all };
      delete noOut.out;
      expect(() => layout.bindGroup('Test.group', noOut)).toThrow(/Test.group: no buffer given for "out" of Test.layout/);
    }),
  );

  it('bind each buffer to its variable, and the result reads back through the struct', () =>
    withGpu(async (gpu) => {
      const { device } = gpu;
      const n = 100;
      const defs = definitionsOf(KERNEL);
      const outLayout = new StorageLayout('out', defs.storages.out);
      const layout = BindingLayout.fromWgsl(device, 'Test.layout', KERNEL);
      const pipeline = await compute(device, 'Test.pipeline', KERNEL, [layout.layout]);
      const make = (size: number, usage: number) => gpu.buffer({ size, usage });
      const a = make(n * Float32Array.BYTES_PER_ELEMENT, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
      const input = Float32Array.from({ length: n }, (_, i) => i - 40);
      device.queue.writeBuffer(a, 0, input);
      const params = makeStructuredView(defs.uniforms.U);
      params.set({ scale: 0.5, n });
      const u = make(params.arrayBuffer.byteLength, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      device.queue.writeBuffer(u, 0, params.arrayBuffer);
      const out = make(outLayout.bytes(n), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const spare = make(16, GPUBufferUsage.STORAGE);
      const staging = make(out.size, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
      await noGpuErrors(device, async () => {
        // Given in another order than the bindings: names decide.
        const group = layout.bindGroup('Test.group', { out, spare, a, U: u });
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, group);
        pass.dispatchWorkgroups(Math.ceil(n / 64));
        pass.end();
        encoder.copyBufferToBuffer(out, 0, staging, 0, staging.size);
        device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
      });
      const bytes = staging.getMappedRange().slice(0);
      staging.unmap();
      expect(outLayout.scalars(bytes)).toEqual({ count: n });
      const pairs = outLayout.columns(bytes, n);
      expect(Object.keys(pairs)).toEqual(['x', 'k']);
      expect(pairs.x).toBeInstanceOf(Float32Array);
      expect(pairs.k).toBeInstanceOf(Uint32Array);
      expect(Array.from(pairs.x)).toEqual(Array.from(input, (v) => v * 0.5));
      expect(Array.from(pairs.k)).toEqual(Array.from({ length: n }, (_, i) => i * 3));
      expect(() => outLayout.view()).toThrow(/runtime-sized array/);
    }),
  );

  it('the projector binds the engine, surface and view buffers it names', () =>
    withGpu(async (gpu) => {
      const { device } = gpu;
      const landscape = landscapeById('himmelblau');
      const points = [[1, 2], [-3, 0.5], [2.5, -1]];
      const sim = await gpu.simulation({ landscape, dim: 2, count: points.length, init: { kind: 'points', points } });
      const surface = gpu.own(await SurfaceEvaluator.create(device, sim.binding, 8));
      const vec4s = (n: number) => gpu.buffer({ size: n * 4 * Float32Array.BYTES_PER_ELEMENT, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      const targets = { render: vec4s(points.length), trails: vec4s(2 * points.length), trailCount: points.length, trailLength: 2 };
      const projector = gpu.own(await ParticleProjector.create(device, sim.engine, surface, landscape.minima(2, []), targets));
      const snap = await sim.particles();
      await noGpuErrors(device, async () => {
        const encoder = device.createCommandEncoder();
        surface.encode(encoder);
        projector.encode(encoder, true);
        device.queue.submit([encoder.finish()]);
      });
      const render = new Float32Array(await gpu.read(targets.render));
      // The default slice is the plane of the first two axes through the origin: (a, b) = (x0, x1).
      points.forEach(([x, y], p) => {
        expect(render[4 * p]).toBeCloseTo(x, 6);
        expect(render[4 * p + 1]).toBeCloseTo(y, 6);
        expect(render[4 * p + 2]).toBe(snap.loss[p]);
      });
    }),
  );
});
