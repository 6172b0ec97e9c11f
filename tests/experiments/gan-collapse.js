// Mode collapse on 8 Gaussians (or the 25-grid): `gans` plain GANs and `gans` in each unrolled
// group (one per K in `unroll`; lrG, lrD, k, unrollLr and loss may be lists too, one group per
// combination) trained side by side, then modes covered per GAN from 1,000 samples each, per group.
// npm run experiment -- gan-collapse gans=64 steps=2000 unroll=5 width=32 batch=64 every=500
// engine=twin: the same on the float64 TypeScript twin, in Node, no browser (src/gan/collapseTwin.ts).
// engine=dawn: the same GPU code in Node on Dawn, no browser (a headless GPU server).
const runCollapseExperiment = args.engine === 'twin'
  ? (await load('/src/gan/collapseTwin.ts')).runCollapseTwin
  : (await load('/src/gan/collapseExperiment.ts')).runCollapseExperiment;
// Typed text that is not a number is refused by its key, as typed (not as NaN further on).
const num = (k) => {
  if (args[k] === undefined) return undefined;
  const values = [args[k]].flat();
  const bad = values.find((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`${k}=${args[k]} was refused: '${bad}' is not a number (give a number, or a comma list of numbers).`);
  return Array.isArray(args[k]) ? values : values[0];
};
const options = Object.fromEntries(Object.entries({
  mixture: args.mixture, gans: num('gans'), steps: num('steps'), unroll: num('unroll'), unrollLr: num('unrollLr'), width: num('width'),
  hidden: num('hidden'), dHidden: num('dHidden'), latent: num('latent'), batch: num('batch'), activation: args.activation, loss: args.loss,
  lrG: num('lrG'), lrD: num('lrD'), dSteps: num('k'), samples: num('samples'), seed: num('seed'), every: num('every'),
}).filter(([, v]) => v !== undefined));
const brief = (s) => ({ name: s.name, collapsed: s.collapsed, allModes: s.allModes, meanCovered: +s.meanCovered.toFixed(2),
  medianCovered: s.medianCovered, meanHighQuality: +s.meanHighQuality.toFixed(3), meanReached: +s.meanReached.toFixed(2), fewReached: s.fewReached,
  histogram: s.histogram.join(' ') });
const r = await runCollapseExperiment(options, (row) => console.log(JSON.stringify({ step: row.step, seconds: +row.seconds.toFixed(1),
  groups: row.groups.map(brief) })));
return { device: r.device, generatorStepsPerSecond: r.generatorStepsPerSecond, options: r.options,
  rows: r.rows.map((row) => ({ step: row.step, groups: row.groups.map(brief) })) };
