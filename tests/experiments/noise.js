// Noise stability (Arora, Ge, Neyshabur & Zhang 2018): MLPs trained on two moons, then Gaussian noise of
// relative size ε injected at the first hidden layer's output; its relative size at every later layer
// (÷ ε: below 1, attenuated), each weight matrix's stable rank and layer cushion, for the trained
// networks and for the same networks at their start (medians over `networks` networks).
// npm run experiment -- noise layers=3 width=16 steps=2000 count=16 networks=8 epsilon=0.01
const layers = args.layers ?? 3;
await e.set({
  landscape: 'mlp', params: { dataset: 0, trainPoints: args.train ?? 100, testPoints: 200, hiddenLayers: layers, width: args.width ?? 16,
    activation: args.activation === 'relu' ? 1 : 0, loss: 0, batchSize: args.batch ?? 32, labelNoise: 0 },
  count: args.count ?? 16, optimizer: args.optimizer ?? 'adam', lr: args.lr ?? 0.01, init: 'xavier-normal', noise: 'none',
});
e.reset();
await e.step(args.steps ?? 2000);
const median = (xs) => { const v = xs.filter(Number.isFinite).sort((a, b) => a - b); return v.length ? v[(v.length - 1) >> 1] : NaN; };
const n = args.networks ?? 8;
const stride = Math.floor((args.count ?? 16) / n);
const results = [];
for (let i = 0; i < n; i++) results.push(await e.noiseStability(i * stride, { epsilon: args.epsilon ?? 0.01, draws: args.draws ?? 8, inputs: 'test' }));
const nets = await e.networks(args.count ?? 16);
const per = (which, f) => Array.from({ length: layers + 1 }, (_, j) => +median(results.map((r) => f(r[which], j))).toPrecision(3));
return {
  setup: { layers, width: args.width ?? 16, steps: args.steps ?? 2000, epsilon: args.epsilon ?? 0.01, networks: n,
    trainAccuracy: nets.summary[1].median, testAccuracy: nets.summary[3].median },
  // attenuation[j]: noise injected at hidden layer 1, measured at hidden layer j + 1 (j = layers: the output), ÷ ε.
  attenuationTrained: per('trained', (r, j) => r.attenuation[0][j]),
  attenuationInitial: per('initial', (r, j) => r.attenuation[0][j]),
  pooledTrained: per('trained', (r, j) => r.pooled[0][j] / r.epsilon),
  pooledInitial: per('initial', (r, j) => r.pooled[0][j] / r.epsilon),
  stableRankTrained: per('trained', (r, j) => r.stableRank[j]),
  stableRankInitial: per('initial', (r, j) => r.stableRank[j]),
  cushionTrained: per('trained', (r, j) => r.cushion.median[j]),
  cushionInitial: per('initial', (r, j) => r.cushion.median[j]),
};
