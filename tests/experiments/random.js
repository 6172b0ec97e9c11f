// Census of curvature as D grows: index of sampled particles against loss, before and after descent.
// Uses spearman() and censusRow() from common.js.
const out = [];
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
