// Width and generalization: MLPs of growing width trained on one small noisy 2-D data set, `networks`
// seeds per width at once; medians of training and held-out loss and accuracy, measured on the GPU.
// npm run experiment -- width dataset=two_moons widths=1,2,4,8,16,32,64 networks=64 steps=4000
const r = await window.experiments.widthGeneralization({
  dataset: String(args.dataset ?? 'two moons').replaceAll('_', ' '), widths: [].concat(args.widths ?? [1, 2, 4, 8, 16, 32, 64]),
  networks: args.networks ?? 64, steps: args.steps ?? 4000, trainPoints: args.train ?? 64, testPoints: args.test ?? 1000,
  labelNoise: args.noise ?? 0.1, hiddenLayers: args.layers ?? 1, lr: args.lr ?? 0.01, batchSize: args.batch ?? 64,
  optimizer: args.optimizer ?? 'adam', seed: args.seed ?? 1,
}, { onRow: (row) => console.log(JSON.stringify(row)) });
return r.rows;
