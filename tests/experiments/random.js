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
// Step size 0.5 / D: the features' curvature grows like D (|w|^2 ~ D / (2 pi l)^2).
for (const dim of [2, 10, 100, 1000]) {
  await e.set({ landscape: 'random-fourier', dim, count: dim === 1000 ? 256 : 1024, surfaceGrid: 64, trailCount: 0, init: 'gaussian', initSigma: 1.5, lr: Math.min(0.05, 0.5 / dim), noise: 'none',
    sliceCenter: 'minimum', sliceDirections: 'axes', curvatureSamples: 128, curvatureSteps: 24, criticalGradTol: 0.05 });
  e.reset();
  const rows = {};
  let done = 0;
  for (const at of [0, 20, 300]) {
    const s = await e.step(at - done);
    done = at;
    rows[`step${at}`] = { meanLoss: s.meanLoss, meanGrad: s.meanGradNorm, ...censusRow(await e.curvature(), dim) };
  }
  const h = await e.hessian(new Array(dim).fill(0));
  out.push({ dim, ...rows, originHessian: { lambdaMin: h.min.value, lambdaMax: h.max.value, index: h.index, atLeast: h.indexLowerBound } });
  console.log(JSON.stringify(out.at(-1)));
}
return out;
