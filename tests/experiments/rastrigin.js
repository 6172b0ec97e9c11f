// Census of curvature as D grows: index of sampled particles against loss, before and after descent.
// Uses spearman() and censusRow() from common.js.
const out = [];
for (const [dim, count, steps] of [[2, 4096, 1000], [10, 4096, 1000], [100, 4096, 1000], [1000, 512, 300]]) {
  await e.set({ landscape: 'rastrigin', dim, count, surfaceGrid: 64, trailCount: 0, init: 'uniform', lr: 0.002, noise: 'none',
    sliceCenter: 'minimum', sliceDirections: 'axes', curvatureSamples: 256, curvatureSteps: 20, criticalGradTol: 0.05 });
  e.reset();
  const c0 = censusRow(await e.curvature(), dim);
  const s = await e.step(steps);
  const p = await e.particles();
  let global = 0; for (let i = 0; i < p.count; i++) if (p.loss[i] < 1) global++;
  const c1 = censusRow(await e.curvature(), dim);
  const best = await e.recentreOnBest();
  const h = await e.hessian(best);
  out.push({ dim, start: c0, after: c1, steps, meanLossPerD: s.meanLoss / dim, minLoss: s.minLoss, converged: s.converged / s.count, globalBasin: global / p.count,
    bestHessian: { lambdaMin: h.min.value, lambdaMax: h.max.value, index: h.index, complete: h.complete } });
  console.log(JSON.stringify(out.at(-1)));
}
return out;
