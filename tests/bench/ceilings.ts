/** The adapter's own limits, measured: fused multiply-adds per second and copy bandwidth. */

const FMA_ITERATIONS = 4096;

const fmaKernel = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> out: array<vec4f>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  var a = vec4f(f32(gid.x) * 1e-7, 0.5, 0.25, 0.125);
  var b = vec4f(0.999, 0.998, 0.997, 0.996);
  var c = vec4f(1e-3);
  var d = a + vec4f(0.1);
  // Two independent vec4 chains: 16 flops per iteration each way (fma = 2 flops).
  for (var i = 0u; i < ${FMA_ITERATIONS}u; i++) {
    a = fma(a, b, c);
    d = fma(d, b, c);
  }
  out[gid.x] = a + d;
}`;

async function timed(device: GPUDevice, record: (e: GPUCommandEncoder) => void, minMs = 300): Promise<{ ms: number; reps: number }> {
  const run = async (reps: number) => {
    await device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = device.createCommandEncoder();
    for (let i = 0; i < reps; i++) record(encoder);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  await run(1);
  let reps = 1;
  let ms = await run(reps);
  while (ms < minMs && reps < 4096) {
    reps *= 2;
    ms = await run(reps);
  }
  return { ms, reps };
}

export async function measureCeilings(device: GPUDevice, software: boolean) {
  const threads = software ? 16_384 : 1_048_576;
  const out = device.createBuffer({ size: threads * 16, usage: GPUBufferUsage.STORAGE });
  const module = device.createShaderModule({ code: fmaKernel });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] });
  const fma = await timed(device, (e) => {
    const pass = e.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(threads / 64);
    pass.end();
  });
  const flops = (threads * FMA_ITERATIONS * 16 * fma.reps) / (fma.ms / 1000);

  const bytes = software ? 32 << 20 : 256 << 20;
  const src = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_SRC });
  const dst = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST });
  const copy = await timed(device, (e) => e.copyBufferToBuffer(src, 0, dst, 0, bytes));
  // A copy reads and writes every byte.
  const bandwidth = (2 * bytes * copy.reps) / (copy.ms / 1000);
  out.destroy();
  src.destroy();
  dst.destroy();
  return { flops, bandwidth };
}
