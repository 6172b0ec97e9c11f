// Depth as acceleration (Arora, Cohen & Hazan 2018): deep linear networks of depth 1, 2, 3, ... fitted
// to the same l_p regression data from balanced near-zero starts; for each p and depth a step-size
// sweep (lrs step sizes x seeds starts) finds the step size that reaches (L - L*) / (L0 - L*) < ratio
// in the fewest steps (median over the starts).
// npm run experiment -- depth depths=1,2,3,4 p=2,4 lrs=16 seeds=8 steps=20000
const r = await window.experiments.depthAcceleration({
  depths: [].concat(args.depths ?? [1, 2, 3, 4]), exponents: [].concat(args.p ?? [2, 4]),
  width: args.width ?? 4, inputs: args.inputs ?? 8, samples: args.samples ?? 128, kappa: args.kappa ?? 10, noise: args.noise ?? 0,
  lrFrom: args.lrFrom ?? 0.01, lrTo: args.lrTo ?? 10, lrCount: args.lrs ?? 16, seeds: args.seeds ?? 8, steps: args.steps ?? 20000,
  ratio: args.ratio ?? 1e-6, balancedNorm: args.norm ?? 1e-3, seed: args.seed ?? 1,
}, { onRow: (row) => console.log(JSON.stringify({ p: row.p, depth: row.depth, dim: row.dim, bestLr: row.bestLr, steps: row.steps, stepsRun: row.stepsRun, seconds: row.seconds })) });
return r.rows.map(({ sweep, ...row }) => ({ ...row, sweep: sweep.map((pt) => [pt.lr, pt.reached, pt.diverged, pt.medianSteps]) }));
