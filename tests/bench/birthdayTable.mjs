// The birthday test's benchmark rows (tests/bench/birthdayBench.ts) as run.mjs and node.mjs print them.

/** @param {{ dim: number, batchSize: number, batches: number, gpu: number, cpu: number, gpuOverCpu: number, gpuMs: number, twinBatches: number, agrees: boolean }[]} rows */
export function birthdayTable(rows) {
  const e = (x) => x.toExponential(2);
  return [
    'pairwise duplicate search (birthday test; pairs per second, TS: the float64 twin on one core)',
    'D      s      B    GPU        TS (CPU)   GPU/TS   GPU ms/run  agree (twin batches)',
    ...rows.map(
      (r) =>
        `${String(r.dim).padEnd(6)} ${String(r.batchSize).padEnd(6)} ${String(r.batches).padEnd(4)} ${e(r.gpu)}   ${e(r.cpu)}   ${r.gpuOverCpu.toFixed(1).padStart(6)}   ${r.gpuMs.toFixed(0).padStart(9)}  ${r.agrees ? 'yes' : 'NO '} (${r.twinBatches})`,
    ),
  ].join('\n');
}
