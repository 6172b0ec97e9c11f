// The GAN training rows (tests/bench/ganBench.ts) as run.mjs and node.mjs print them.

/** @param {{ gans: number, width: number, batch: number, unroll: number, gpu: number, cpu: number, gpuOverCpu: number, gpuMs: number, steps: number, agree: number, checkSteps: number }[]} rows */
export function ganTable(rows) {
  const e = (x) => x.toExponential(2);
  return [
    'GAN training (generator steps per second, all GANs together; TS: the float64 twin on one core; 8 Gaussians, 2 hidden layers, Adam)',
    'GANs  width  batch  K   GPU        TS (CPU)   GPU/TS   GPU ms/run (steps)  |Δθ| vs twin',
    ...rows.map(
      (r) =>
        `${String(r.gans).padEnd(5)} ${String(r.width).padEnd(6)} ${String(r.batch).padEnd(6)} ${String(r.unroll).padEnd(3)} ${e(r.gpu)}   ${e(r.cpu)}   ${r.gpuOverCpu.toFixed(1).padStart(6)}   ${r.gpuMs.toFixed(0).padStart(9)} (${r.steps})${' '.repeat(Math.max(1, 6 - String(r.steps).length))}${r.agree.toExponential(1)} (${r.checkSteps} steps)`,
    ),
  ].join('\n');
}
