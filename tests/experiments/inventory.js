// Landscape analysis: inventories of critical points (searches from sampled particles to points
// where the gradient vanishes, merged, classified by the Hessian's index).
// 1. Landscapes whose critical points are known in closed form: Himmelblau (4 minima, 4 saddles,
//    1 maximum), the six-hump camel (6 minima, 7 saddles, 2 maxima), the strict saddle at D = 16.
// 2. Teacher–student k = n (Safran & Shamir 2018): GD from Xavier starts, then a search from where the
//    particles stopped; spurious local minima are index-0 points above the global minimum's loss.
// 3. Deep linear N = 3, p = 2 (Kawaguchi 2016: every local minimum is global): searches from balanced
//    near-zero starts and from trained networks; any index-0 point above L* would be a spurious minimum.
// npm run experiment -- inventory k=8 steps=4000 inits=256   (known=false, ts=false skip those parts)
const rows = [];
const summary = (label, inv, extra = {}) => {
  const by = (k) => inv.points.filter((p) => p.kind === k);
  const row = {
    landscape: label, searched: inv.searched, converged: inv.converged, distinct: inv.points.length,
    minima: by('minimum').length, saddles: by('saddle').length, maxima: by('maximum').length, degenerate: by('degenerate').length,
    minimaLoss: by('minimum').map((p) => +p.loss.toPrecision(4)).slice(0, 8),
    indices: [...new Set(inv.points.map((p) => p.index))].sort((a, b) => a - b), ...extra,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
  return row;
};
// Points that differ only by a symmetry (a permutation of hidden units, a change of basis between
// linear layers) are distinct points: grouped here by index and loss (3 significant digits).
const groups = (inv) => {
  const g = new Map();
  for (const p of inv.points) {
    const key = `${p.kind} index ${p.index} loss ${p.loss.toPrecision(3)}`;
    g.set(key, (g.get(key) ?? 0) + p.count);
  }
  return Object.fromEntries([...g].sort((a, b) => b[1] - a[1]).slice(0, 12));
};
for (const [landscape, dim, params] of off(args.known) ? [] : [['himmelblau', 2, {}], ['six-hump-camel', 2, {}], ['strict-saddle', 16, { k: 2 }]]) {
  await e.set({ landscape, dim, params, count: 512, init: 'uniform' });
  e.reset();
  summary(`${landscape} D=${dim}`, await e.criticalPoints({ points: 512, iterations: dim > 8 ? 1500 : 60 }));
}
const k = args.k ?? 8;
if (!off(args.ts)) {
await e.set({ landscape: 'teacher-student', params: { studentWidth: k, teacherWidth: k }, count: args.inits ?? 256, optimizer: 'gd',
  lr: args.lr ?? 0.2, init: 'xavier-normal', noise: 'none' });
e.reset();
await e.step(args.steps ?? 4000);
const trained = await e.particles();
const stuckLoss = Array.from(trained.loss).filter((l, i) => l > 1e-4 && trained.gradNorm[i] < 1e-4);
console.log(JSON.stringify({ teacherStudentAfterGD: { stuck: stuckLoss.length, of: trained.count, losses: [...new Set(stuckLoss.map((l) => +l.toPrecision(3)))] } }));
const ts = await e.criticalPoints({ points: args.inits ?? 256, iterations: args.iterations ?? 400, gradTol: 1e-4, mergeTol: 1e-2 });
const global = Math.min(...ts.points.map((p) => p.loss));
summary(`teacher-student k=n=${k}`, ts, {
  spuriousMinima: ts.points.filter((p) => p.kind === 'minimum' && p.loss > 1e-6).map((p) => ({ loss: +p.loss.toPrecision(4), found: p.count, lambdaMin: +p.lambdaMin.toPrecision(3) })),
  globalLoss: global, groups: groups(ts),
});
}
await e.set({ landscape: 'deep-linear', params: { depth: 3, width: 2, inputs: 3, p: 0, samples: 32 }, count: 128, optimizer: 'gd', lr: 0.05,
  init: 'balanced', balancedNorm: 1e-3, sliceCenter: 'minimum', sliceDirections: 'axes' });
e.reset();
const lStar = (await e.hessian(e.slice().point)).loss;
const fromZero = await e.criticalPoints({ points: 128, iterations: 400, gradTol: 1e-5 });
summary('deep-linear N=3 from balanced starts at 1e-3', fromZero, { lStar, groups: groups(fromZero) });
await e.step(3000);
const dl = await e.criticalPoints({ points: 128, iterations: 400, gradTol: 1e-5 });
summary('deep-linear N=3 after 3000 GD steps', dl, { lStar, groups: groups(dl), aboveGlobalIndex0: dl.points.filter((p) => p.index === 0 && p.loss > lStar + 1e-4).length });
return rows;
