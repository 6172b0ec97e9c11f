// The folklore overparameterization experiment (Safran & Shamir 2018): for teacher widths k, the
// share of random Xavier starts of students of width n = k, k + 1, ... that reach loss < 1e-4, that
// get stuck above it (gradient below 1e-4), diverge or are still moving after the step budget.
// npm run experiment -- overparam k=6,8 widths=3 inits=256 steps=4000 lr=0.2
const ks = [].concat(args.k ?? [6, 8, 10, 12]);
const out = [];
for (const k of ks) {
  const widths = Array.from({ length: args.widths ?? 4 }, (_, i) => k + i);
  const r = await window.experiments.overparameterization({
    teacherWidth: k, widths, inits: args.inits ?? 1024, steps: args.steps ?? 20000, lr: args.lr ?? 0.2,
    seed: args.seed ?? 1, successLoss: 1e-4, gradTol: 1e-4,
  }, { onRow: (row) => console.log(JSON.stringify({ k, ...row })) });
  out.push(...r.rows.map((row) => ({ k, ...row })));
}
return out;
