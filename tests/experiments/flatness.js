// Flatness of minima found with small and large batches (Keskar et al. 2017; Li et al. 2018): the same
// MLP trained with minibatch SGD (B small) and full-batch GD, then the loss through each trained network
// along random directions, filter-normalised (Li et al.) and plain of the same length, and the Hessian's
// top eigenvalue there. Medians over `networks` networks.
// npm run experiment -- flatness small=8 train=128 steps=3000 lr=0.1 count=16 networks=8 span=1
const m = args.train ?? 128;
const median = (xs) => { const v = xs.filter(Number.isFinite).sort((a, b) => a - b); return v.length ? v[(v.length - 1) >> 1] : NaN; };
const rows = [];
for (const batch of [args.small ?? 8, m]) {
  await e.set({
    landscape: 'mlp', params: { dataset: 0, trainPoints: m, testPoints: 500, hiddenLayers: args.layers ?? 2, width: args.width ?? 16,
      activation: 1, loss: 0, batchSize: batch, labelNoise: 0 },
    count: args.count ?? 16, optimizer: 'gd', lr: args.lr ?? 0.1, init: 'xavier-normal', noise: 'none',
  });
  e.reset();
  await e.step(args.steps ?? 3000);
  const nets = await e.networks(args.count ?? 16);
  const n = args.networks ?? 8;
  const stride = Math.floor((args.count ?? 16) / n);
  const rise = { filter: [], plain: [], lambdaMax: [] };
  for (let i = 0; i < n; i++) {
    const p = i * stride;
    const f = await e.flatness(p, { span: args.span ?? 1, points: 41, seed: 1 + i });
    const c = f.filter[20];
    // Mean rise of the loss at α = ±0.5 and ±1 above the network's own.
    const at = (xs, k) => (xs[20 - k] + xs[20 + k]) / 2 - c;
    rise.filter.push([at(f.filter, 10), at(f.filter, 20)]);
    rise.plain.push([at(f.plain, 10), at(f.plain, 20)]);
    const h = await e.hessian(await e.particle(p), { steps: 40 });
    rise.lambdaMax.push(h.max.value);
  }
  const row = {
    batch, trainLoss: nets.summary[0].median, trainAccuracy: nets.summary[1].median, testAccuracy: nets.summary[3].median,
    filterRiseHalf: median(rise.filter.map((r) => r[0])), filterRiseOne: median(rise.filter.map((r) => r[1])),
    plainRiseHalf: median(rise.plain.map((r) => r[0])), plainRiseOne: median(rise.plain.map((r) => r[1])),
    lambdaMax: median(rise.lambdaMax), networks: n,
  };
  console.log(JSON.stringify(row));
  rows.push(row);
}
return rows;
