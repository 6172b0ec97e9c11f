// Saddle escape on the strict saddle: mean escape time against dimension, noise, step size.
const out = [];
const run = async (label, patch, steps = 300) => {
  await e.set({ landscape: 'strict-saddle', params: { k: 1 }, count: 1024, surfaceGrid: 64, trailCount: 0, init: 'saddle', initSigma: 0, noise: 'gradient', noiseScale: 0.01, lr: 0.05, ...patch });
  e.reset();
  const s = await e.step(steps);
  out.push({ label, steps, escaped: s.escape.escaped / s.count, mean: s.escape.meanSteps, max: s.escape.maxSteps });
  console.log(JSON.stringify(out.at(-1)));
};
for (const dim of [2, 10, 100, 1000]) await run(`D=${dim} noise 0.01 lr 0.05`, { dim });
for (const noiseScale of [0.001, 0.1]) await run(`D=100 noise ${noiseScale}`, { dim: 100, noiseScale });
await run('D=100 lr 0.02', { dim: 100, lr: 0.02 }, 600);
await run('D=100 no noise', { dim: 100, noise: 'none' });
await run('D=100 no noise, start spread 1e-3', { dim: 100, noise: 'none', initSigma: 0.001 });
await run('D=1000 no noise, start spread 1e-3', { dim: 1000, noise: 'none', initSigma: 0.001 });
await run('D=100 perturbed GD (kick radius 0.01)', { dim: 100, noise: 'perturbed', kickRadius: 0.01, kickThreshold: 0.01 });
await run('D=100 k=10 noise 0.01', { dim: 100, params: { k: 10 } });
return out;
