// Census of curvature as D grows: index of sampled particles against loss, before and after descent.
const out = [];
const spearman = (xs, ys) => {
  const rank = (v) => { const o = v.map((x, i) => [x, i]).sort((a, b) => a[0] - b[0]); const r = new Array(v.length); o.forEach(([, i], k) => (r[i] = k)); return r; };
  const [rx, ry] = [rank(xs), rank(ys)];
  const n = xs.length; const m = (n - 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (rx[i] - m) * (ry[i] - m); sxx += (rx[i] - m) ** 2; syy += (ry[i] - m) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
};
const censusRow = (c, dim) => {
  const live = c.points.filter((p) => p.kind !== 'diverged');
  return { nearMin: c.nearMinima / c.samples, nearSaddle: c.nearSaddles / c.samples, elsewhere: c.elsewhere / c.samples,
    meanIndex: c.meanIndexFraction * dim, withNegative: live.filter((p) => p.lambdaMin < -1e-3 * Math.max(Math.abs(p.lambdaMin), Math.abs(p.lambdaMax))).length / live.length,
    rho: spearman(live.map((p) => p.loss), live.map((p) => p.indexFraction)) };
};
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
