/**
 * The float64 GAN twin (src/gan/ganReference.ts): mixtures sampled as stated, loss gradients
 * against central finite differences, the unrolled generator gradient (second-order term included)
 * against finite differences of the whole unrolled loss, the mode-coverage readouts on samples
 * whose answer is known, and refused input.
 */
import { describe, expect, it } from 'vitest';
import { checkRun, checkSpec, DEFAULT_RUN, ganLayout, HVP_STEP, type GanSpec } from '../../src/gan/ganConfig';
import {
  discriminatorLoss, drawBatch, generatorLoss, initialParameters, initialState, trainStep, unrolledGeneratorGradient,
  unrolledGeneratorLoss, unrolledHistory,
} from '../../src/gan/ganReference';
import { GRID_25, mixtureSample, modeCentres, RING_8 } from '../../src/gan/mixtures';
import { coverageSummary, modeCoverage } from '../../src/gan/modeCoverage';
import { coverageClass } from '../../src/lab/gan/coverageReadout';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';

const spec = (over: Partial<GanSpec> = {}): GanSpec => ({
  mixture: RING_8, latent: 3, generator: { hidden: 2, width: 5 }, discriminator: { hidden: 2, width: 6 },
  activation: 'tanh', batch: 7, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, ...over,
});

/** Worst |analytic − central difference| / (1e-6 + |central difference|) over all parameters. */
function worstFdError(f: (theta: Float64Array) => number, theta: Float64Array, grad: Float64Array, h = 1e-5): number {
  let worst = 0;
  for (let i = 0; i < theta.length; i++) {
    const p = Float64Array.from(theta);
    p[i] += h;
    const m = Float64Array.from(theta);
    m[i] -= h;
    const fd = (f(p) - f(m)) / (2 * h);
    worst = Math.max(worst, Math.abs(grad[i] - fd) / (1e-6 + Math.abs(fd)));
  }
  return worst;
}

/** Random non-zero parameters, biases included, so every path of the gradient is exercised. */
const randomTheta = (s: GanSpec, seed: number) => {
  const rand = mulberry32(seed);
  const { g, d } = ganLayout(s);
  return Float64Array.from({ length: g + d }, () => 0.6 * gaussian(rand));
};

describe('mixtures', () => {
  it('8 on a ring and 25 on a grid: centres as stated, samples around them with spread σ', () => {
    const ring = modeCentres(RING_8);
    for (const [x, y] of ring) expect(Math.hypot(x, y)).toBeCloseTo(2, 12);
    const grid = modeCentres(GRID_25);
    expect(grid[0]).toEqual([-4, -4]);
    expect(grid[24]).toEqual([4, 4]);
    const counts = new Array(8).fill(0);
    let sq = 0;
    const n = 4000;
    for (let k = 0; k < n; k++) {
      const [x, y] = mixtureSample(RING_8, 9, k % 50, Math.floor(k / 50));
      const nearest = ring.reduce((best, c, i) => (Math.hypot(x - c[0], y - c[1]) < Math.hypot(x - ring[best][0], y - ring[best][1]) ? i : best), 0);
      counts[nearest]++;
      sq += (x - ring[nearest][0]) ** 2 + (y - ring[nearest][1]) ** 2;
    }
    for (const c of counts) expect(Math.abs(c / n - 1 / 8)).toBeLessThan(0.02);
    expect(Math.sqrt(sq / (2 * n))).toBeCloseTo(0.02, 2);
  });
});

describe('GAN twin gradients against central finite differences', () => {
  const cases: [string, Partial<GanSpec>][] = [
    ['tanh', {}],
    ['leaky ReLU, 1 hidden layer', { activation: 'leakyRelu', generator: { hidden: 1, width: 4 }, discriminator: { hidden: 1, width: 5 } }],
    ['tanh, 3 hidden layers, grid', { mixture: GRID_25, generator: { hidden: 3, width: 3 }, discriminator: { hidden: 3, width: 4 } }],
  ];
  it.each(cases)('%s: L_D w.r.t. G and D, both generator losses', (_, over) => {
    const s = spec(over);
    const theta = randomTheta(s, 5);
    const batch = drawBatch(s, 11, 3);
    const gd = new Float64Array(theta.length);
    discriminatorLoss(s, theta, batch, gd);
    expect(worstFdError((t) => discriminatorLoss(s, t, batch), theta, gd)).toBeLessThan(1e-5);
    for (const loss of ['nonSaturating', 'minimax'] as const) {
      const gg = new Float64Array(theta.length);
      generatorLoss(s, theta, batch, loss, gg);
      expect(worstFdError((t) => generatorLoss(s, t, batch, loss), theta, gg)).toBeLessThan(1e-5);
    }
  });

  it('unrolled generator gradient (through K = 3 SGD steps of D) matches finite differences of the unrolled loss', () => {
    const s = spec();
    const { g } = ganLayout(s);
    const theta = randomTheta(s, 8);
    const run = { unrollLr: 0.5, loss: 'nonSaturating' as const };
    const inner = [0, 1, 2].map((j) => drawBatch(s, 4, j));
    const outer = drawBatch(s, 4, 3);
    const f = (t: Float64Array) => unrolledGeneratorLoss(s, t, run, inner, outer);
    // float64 with a small step: the finite-difference products are exact to rounding.
    const exact = unrolledGeneratorGradient(s, theta, run, inner, outer, 1e-6);
    let worstG = 0;
    for (let i = 0; i < g; i++) {
      const p = Float64Array.from(theta);
      p[i] += 1e-5;
      const m = Float64Array.from(theta);
      m[i] -= 1e-5;
      const fd = (f(p) - f(m)) / 2e-5;
      worstG = Math.max(worstG, Math.abs(exact.grad[i] - fd) / (1e-6 + Math.abs(fd)));
    }
    expect(worstG).toBeLessThan(1e-4);
    // The second-order term matters here: the direct term alone (G's gradient against the unrolled D) is off.
    const direct = new Float64Array(theta.length);
    generatorLoss(s, unrolledHistory(s, theta, run, inner).at(-1)!, outer, 'nonSaturating', direct);
    let gap = 0;
    for (let i = 0; i < g; i++) gap = Math.max(gap, Math.abs(direct[i] - exact.grad[i]) / (1e-6 + Math.abs(exact.grad[i])));
    expect(gap).toBeGreaterThan(1e-2);
    // The HVP step used on the GPU (HVP_STEP) against the exact one, in float64: the scheme's own error.
    const scheme = unrolledGeneratorGradient(s, theta, run, inner, outer);
    let err = 0;
    let norm = 0;
    for (let i = 0; i < g; i++) {
      err = Math.max(err, Math.abs(scheme.grad[i] - exact.grad[i]));
      norm = Math.max(norm, Math.abs(exact.grad[i]));
    }
    console.log(`unrolled gradient, HVP step ${HVP_STEP} vs exact (float64): max abs error ${err.toExponential(2)} (max |grad| ${norm.toExponential(2)})`);
    expect(err / norm).toBeLessThan(1e-2);
  });
});

describe('GAN twin training', () => {
  it('initial weights are seeded and scaled, biases zero; training changes G and D and stays finite', () => {
    const s = spec();
    const a = initialParameters(s, 3);
    expect(initialParameters(s, 3)).toEqual(a);
    expect(initialParameters(s, 4)).not.toEqual(a);
    const first = ganLayout(s).generator[0];
    expect(a[first.offset + first.fanIn]).toBe(0);
    for (const unroll of [0, 2]) {
      const run = { ...DEFAULT_RUN, seed: 3, unroll, dSteps: 2 };
      const st = initialState(s, run);
      for (let t = 0; t < 5; t++) trainStep(s, run, st);
      expect(st.generatorSteps).toBe(5);
      expect(st.discriminatorSteps).toBe(10);
      expect(st.draws).toBe(5 * (3 + unroll));
      expect(st.theta.every(Number.isFinite)).toBe(true);
      expect(st.theta).not.toEqual(a);
    }
  });

  it('refuses bad settings naming the limit', () => {
    expect(() => checkSpec(spec({ latent: 17 }))).toThrow(/GAN_MAX_LATENT = 16/);
    expect(() => checkSpec(spec({ generator: { hidden: 2, width: 129 } }))).toThrow(/GAN_MAX_WIDTH = 128/);
    expect(() => checkSpec(spec({ discriminator: { hidden: 4, width: 8 } }))).toThrow(/GAN_MAX_HIDDEN = 3/);
    expect(() => checkSpec(spec({ batch: 0 }))).toThrow(/GAN_MAX_BATCH/);
    expect(() => checkSpec(spec({ mixture: { ...GRID_25, modes: 24 } }))).toThrow(/square/);
    expect(() => checkSpec(spec({ mixture: { ...RING_8, modes: 65 } }))).toThrow(/MAX_MODES = 64/);
    expect(() => checkRun({ ...DEFAULT_RUN, seed: 1, unroll: 11 }, 2)).toThrow(/runs\[2\]\.unroll.*GAN_MAX_UNROLL = 10/);
    expect(() => checkRun({ ...DEFAULT_RUN, seed: 1, dSteps: 0 }, 0)).toThrow(/GAN_MAX_D_STEPS/);
    expect(() => checkRun({ ...DEFAULT_RUN, seed: 1, lrG: -1 }, 0)).toThrow(/lrG/);
  });
});

describe('mode coverage', () => {
  it('counts modes with enough samples within 3σ, the high-quality share, and collapse', () => {
    const centres = modeCentres(RING_8);
    const sigma = RING_8.sigma;
    // 300 samples on mode 0, 100 on mode 3, 5 on mode 5 (too few), 95 far from all.
    const pts: number[] = [];
    const put = (k: number, n: number) => { for (let i = 0; i < n; i++) pts.push(centres[k][0] + sigma * 0.5, centres[k][1]); };
    put(0, 300); put(3, 100); put(5, 5);
    for (let i = 0; i < 95; i++) pts.push(0, 0);
    const c = modeCoverage(Float32Array.from(pts), RING_8);
    expect(c.counts[0]).toBe(300);
    expect(c.counts[5]).toBe(5);
    expect(c.covered).toBe(2);
    expect(c.highQuality).toBeCloseTo(405 / 500, 12);
    const summary = coverageSummary([c, { ...c, covered: 8 }], RING_8.modes);
    expect(summary.collapsed).toBe(1);
    expect(summary.allModes).toBe(1);
  });

  it('tells blur from collapse: modes reached count samples within half the closest centres\' distance', () => {
    const centres = modeCentres(RING_8);
    // Neighbouring ring centres are 2 · 2 sin(π/8) apart; half that is the reach.
    const reach = 2 * Math.sin(Math.PI / 8);
    const pts: number[] = [];
    // Every mode: 40 samples at 0.9 × reach in a direction of their own (blurred, not high quality),
    // 30 of mode 2 and 60 of mode 6 within 3σ; 50 at 1.1 × reach from mode 4 outward (reach nothing).
    const at = (k: number, r: number, angle: number) => pts.push(centres[k][0] + r * Math.cos(angle), centres[k][1] + r * Math.sin(angle));
    for (let k = 0; k < 8; k++) for (let i = 0; i < 40; i++) at(k, 0.9 * reach, (2 * Math.PI * (i + 0.37 * k)) / 40);
    for (let i = 0; i < 30; i++) at(2, 2.5 * RING_8.sigma, i);
    for (let i = 0; i < 60; i++) at(6, 2.5 * RING_8.sigma, i);
    for (let i = 0; i < 50; i++) at(4, 1.1 * reach, Math.PI);
    const c = modeCoverage(Float64Array.from(pts), RING_8);
    expect(c.reachRadius).toBeCloseTo(reach, 12);
    // 460 samples: threshold ⌈0.2 · 460 / 8⌉ = 12.
    expect(c.threshold).toBe(12);
    expect(c.counts).toEqual([0, 0, 30, 0, 0, 0, 60, 0]);
    expect(c.covered).toBe(2);
    expect(c.reachCounts).toEqual([40, 40, 70, 40, 40, 40, 100, 40]);
    expect(c.reached).toBe(8);
    // With the blurred samples gone (fewer samples, a lower threshold), two modes are reached.
    const sharp = modeCoverage(Float64Array.from(pts.slice(2 * 320, 2 * 410)), RING_8);
    expect([sharp.covered, sharp.reached, sharp.threshold]).toEqual([2, 2, 3]);
    const summary = coverageSummary([c, sharp], RING_8.modes);
    expect(summary.collapsed).toBe(2);
    expect(summary.fewReached).toBe(1);
    expect(summary.meanReached).toBe(5);
    // The lab's cells: the blurred GAN is not shown as collapsed, though the summary counts both.
    expect(coverageClass(c, RING_8.modes)).toBe('blurred');
    expect(coverageClass(sharp, RING_8.modes)).toBe('collapsed');
    expect(coverageClass({ covered: 5, reached: 5 }, RING_8.modes)).toBe('partial');
    expect(coverageClass({ covered: 4, reached: 5 }, RING_8.modes)).toBe('blurred');
    expect(coverageClass({ covered: 4, reached: 4 }, RING_8.modes)).toBe('collapsed');
    expect(coverageClass({ covered: 8, reached: 8 }, RING_8.modes)).toBe('all');
    // With σ so wide that 3σ exceeds half the spacing, the reach is 3σ; a single mode's reach is its 3σ.
    expect(modeCoverage(Float64Array.from(pts), { ...RING_8, sigma: 0.5 }).reachRadius).toBe(1.5);
    expect(modeCoverage(Float64Array.from([2.5, 0, 3, 0]), { ...RING_8, modes: 1 })).toMatchObject({ reachRadius: 3 * RING_8.sigma, reached: 0 });
  });
});

describe('the mode-collapse experiment on the twin', () => {
  it('trains one group per combination of the listed settings, the plain group once per combination besides unrollLr', async () => {
    const { collapseGroups, collapseRuns, COLLAPSE_DEFAULTS } = await import('../../src/gan/collapseOptions');
    const o = { ...COLLAPSE_DEFAULTS, gans: 3, seed: 4, unroll: [5, 10], unrollLr: [1e-3, 1e-2], lrD: [1e-3, 1e-4] };
    const groups = collapseGroups(o);
    expect(groups.map((g) => g.name)).toEqual([
      'plain lrD=0.001', 'K=5 unrollLr=0.001 lrD=0.001', 'K=5 unrollLr=0.01 lrD=0.001', 'K=10 unrollLr=0.001 lrD=0.001', 'K=10 unrollLr=0.01 lrD=0.001',
      'plain lrD=0.0001', 'K=5 unrollLr=0.001 lrD=0.0001', 'K=5 unrollLr=0.01 lrD=0.0001', 'K=10 unrollLr=0.001 lrD=0.0001', 'K=10 unrollLr=0.01 lrD=0.0001',
    ]);
    expect(groups[7].run).toMatchObject({ unroll: 5, unrollLr: 1e-2, lrD: 1e-4, lrG: 1e-3 });
    const runs = collapseRuns(o);
    expect(runs).toHaveLength(30);
    // GAN i of every group has seed + i: the same initial weights across groups.
    expect(runs.map((r) => r.seed)).toEqual(Array.from({ length: 30 }, (_, g) => 4 + (g % 3)));
    expect(runs.slice(21, 24).every((r) => r.unroll === 5 && r.unrollLr === 1e-2 && r.lrD === 1e-4)).toBe(true);
    // unroll=0 trains the plain group alone; an empty list is refused.
    expect(collapseGroups({ ...COLLAPSE_DEFAULTS, unroll: 0 }).map((g) => g.name)).toEqual(['plain']);
    expect(() => collapseGroups({ ...COLLAPSE_DEFAULTS, lrD: [] })).toThrow(/empty list/);
    // A bad value is refused naming its group, not a GAN index.
    expect(() => collapseGroups({ ...COLLAPSE_DEFAULTS, lrD: [1e-3, 20] })).toThrow(/^Group 'plain lrD=20': lrD = 20 was refused: .* at most 10\.$/);
    expect(() => collapseGroups({ ...COLLAPSE_DEFAULTS, unroll: [5, 11] })).toThrow(/^Group 'K=11': unroll = 11 was refused: .*GAN_MAX_UNROLL = 10\.$/);
  });


  it('pairs each plain GAN with an unrolled one of the same seed and summarises what the twin trained', async () => {
    const options = { gans: 2, steps: 4, every: 2, width: 4, hidden: 1, latent: 2, batch: 5, samples: 200, unroll: 2, seed: 7 };
    const { collapseRuns, collapseSpec, COLLAPSE_DEFAULTS, COVERAGE_SEED } = await import('../../src/gan/collapseOptions');
    const { runCollapseTwin } = await import('../../src/gan/collapseTwin');
    const { generatorSamples } = await import('../../src/gan/ganReference');
    const o = { ...COLLAPSE_DEFAULTS, ...options };
    const runs = collapseRuns(o);
    expect(runs.map((r) => [r.seed, r.unroll])).toEqual([[7, 0], [8, 0], [7, 2], [8, 2]]);
    const seen: number[] = [];
    const result = await runCollapseTwin(options, (row) => seen.push(row.step));
    expect(seen).toEqual([2, 4]);
    expect(result.rows.map((r) => r.groups.map((g) => [g.name, g.gans]))).toEqual([[['plain', 2], ['K=2', 2]], [['plain', 2], ['K=2', 2]]]);
    // The last row is the coverage of GANs trained by hand the same way.
    const spec = collapseSpec(o);
    const coverage = runs.map((run, g) => {
      const s = initialState(spec, run);
      for (let i = 0; i < o.steps; i++) trainStep(spec, run, s);
      return modeCoverage(generatorSamples(spec, s.theta, g, o.samples, COVERAGE_SEED), spec.mixture);
    });
    expect(result.rows[1].groups[0]).toEqual({ name: 'plain', ...coverageSummary(coverage.slice(0, 2), 8) });
    expect(result.rows[1].groups[1]).toEqual({ name: 'K=2', ...coverageSummary(coverage.slice(2), 8) });
    expect(result.generatorStepsPerSecond).toBeGreaterThan(0);
  });
});
