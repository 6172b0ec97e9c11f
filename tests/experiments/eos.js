// Edge of stability (Cohen et al. 2021) with the sharpness tracker: full-batch GD, the top Hessian
// eigenvalue of tracked particles every k steps against 2/η.
// 1. Scalar factorization ½(1 − xy)²: from unbalanced starts (x0, y0), where the valley point gradient
//    flow reaches has sharpness S_GF = √((x0² − y0²)² + 4), GD with 2/η < S_GF cannot settle there: it is
//    catapulted (the loss jumps) and ends at a flatter point of the valley, with sharpness below 2/η.
// 2. An MLP on two moons with the squared loss: the sharpness rises (progressive sharpening) until it
//    reaches 2/η and then hovers there while the loss keeps falling, not monotonically.
// npm run experiment -- eos starts=3.5:0.3,5:0.2,2.5:0.8 lrs=0.05,0.1,0.2,0.4 steps=3000
//   mlp=true mlpLrs=0.5,1,2 mlpSteps=4000 width=16 every=10
const starts = [].concat(args.starts ?? ['3.5:0.3', '5:0.2', '2.5:0.8']).map((s) => String(s).split(':').map(Number));
const lrs = [].concat(args.lrs ?? [0.05, 0.1, 0.2, 0.4]);
const every = args.every ?? 10;
const median = (xs) => { const v = xs.filter(Number.isFinite).sort((a, b) => a - b); return v.length ? v[(v.length - 1) >> 1] : NaN; };
const rows = [];
await e.set({ landscape: 'scalar-factorization', count: 16, optimizer: 'gd', noise: 'none', init: 'gaussian', initSigma: 0.5,
  dropSpread: 1e-6, trackSharpness: true, sharpnessEvery: every, sharpnessSamples: 16, convergeTol: 0, box: [-6, 6] });
for (const [x0, y0] of starts) {
  const gf = Math.sqrt((x0 * x0 - y0 * y0) ** 2 + 4);
  for (const lr of lrs) {
    await e.set({ lr });
    e.reset();
    // All 16 particles at (x0, y0) (a spread of 1e-6 of the box): the run of one start.
    e.drop(x0, y0, 16);
    await e.step(args.steps ?? 3000);
    const r = await e.sharpness();
    const m = r.median;
    const loss = Array.from(m.loss);
    const s = Array.from(m.sharpness);
    const row = {
      start: [x0, y0], sharpnessGF: +gf.toFixed(3), lr, edge: 2 / lr, sharpnessStart: +s[0].toFixed(3),
      sharpnessEnd: +s[s.length - 1].toFixed(3), sharpnessMax: +Math.max(...s.filter(Number.isFinite)).toFixed(3),
      lossStart: loss[0], lossMax: Math.max(...loss.filter(Number.isFinite)), lossEnd: loss[loss.length - 1],
      live: m.live[m.live.length - 1], records: r.steps.length,
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}
const mlpRows = [];
if (!off(args.mlp)) {
  const mlpEvery = args.mlpEvery ?? every;
  await e.set({
    landscape: 'mlp', params: { dataset: 0, trainPoints: args.train ?? 64, testPoints: 64, hiddenLayers: args.layers ?? 1, width: args.width ?? 16,
      activation: 0, loss: 1, batchSize: args.train ?? 64 },
    count: args.networks ?? 32, optimizer: 'gd', noise: 'none', init: 'xavier-normal', convergeTol: 0, box: null,
    trackSharpness: true, sharpnessEvery: mlpEvery, sharpnessSamples: args.networks ?? 32,
  });
  for (const lr of [].concat(args.mlpLrs ?? [0.5, 1, 2])) {
    await e.set({ lr });
    e.reset();
    await e.step(args.mlpSteps ?? 4000);
    const r = await e.sharpness();
    const m = r.median;
    const s = Array.from(m.sharpness);
    const loss = Array.from(m.loss);
    const first = s.findIndex((v) => v >= 0.9 * (2 / lr));
    const tail = s.slice(Math.floor(s.length / 2));
    // The loss rose between records (non-monotone descent) how many times in the second half.
    const lossTail = loss.slice(Math.floor(loss.length / 2));
    const rises = lossTail.filter((v, i) => i > 0 && v > lossTail[i - 1]).length;
    const row = {
      lr, edge: 2 / lr, sharpnessStart: +s[0].toFixed(3), sharpnessMax: +Math.max(...s.filter(Number.isFinite)).toFixed(3),
      reachedEdgeAtStep: first >= 0 ? m.steps[first] : null, sharpnessSecondHalfMedian: +median(tail).toFixed(3),
      lossStart: loss[0], lossEnd: loss[loss.length - 1], lossRisesInSecondHalf: rises, recordsInSecondHalf: lossTail.length,
      live: m.live[m.live.length - 1], tracked: r.particles.length,
    };
    console.log(JSON.stringify(row));
    mlpRows.push(row);
  }
}
return { factorization: rows, mlp: mlpRows };
