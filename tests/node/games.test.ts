/**
 * Min-max games in float64 (src/games): each game's gradient against finite differences, its
 * equilibrium or stationary point, what the planar games' dynamics do, the per-step factor of the
 * distance to the equilibrium on the bilinear game against its closed form for every method, the
 * alternating method's invariant, the distance summaries, the constants WGSL gets, refused input.
 */
import { describe, expect, it } from 'vitest';
// Module by module: the index also exports the GPU side, whose layouts need webgpu-utils (browser only).
import { distanceToEquilibrium, GAME_IDS, gameGradient, gameValue, MAX_GAME_DIM, resolveGame, type GameSpec } from '../../src/games/catalog';
import { alternatingInvariant, characteristicPolynomial, perStepFactor, spectralRadius } from '../../src/games/closedForm';
import { compareMethodsReference } from '../../src/games/compareMethodsReference';
import { quantile, recordSteps, summarizeDistances } from '../../src/games/distanceSummary';
import { runParticle, startParticle, stepParticle } from '../../src/games/gameReference';
import { GAME_METHODS, methodCode, resolveHyperparameters, type GameMethod } from '../../src/games/methods';
import { resolveStart } from '../../src/games/start';
import { GAME_CONSTANTS, GAME_PRELUDE } from '../../src/games/gameKernels';
import { WGSL_PRELUDE } from '../../src/gpu/prelude';
import { FLAG_DIVERGED } from '../../src/engine/types';
import { gaussian } from '../../src/landscapes/seeded';
import { mulberry32 } from '../random';

const SPECS: GameSpec[] = [
  { game: 'bilinear', m: 3, n: 5, matrixSeed: 7 },
  { game: 'bilinear', m: 4, n: 2, matrix: 'identity', scale: 1.5 },
  { game: 'quadratic', m: 5, n: 3, a: 0.7, b: 1.3, scale: 2 },
  { game: 'forsaken' },
  { game: 'almost-bilinear' },
];

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe('games: gradients and equilibria', () => {
  it.each(SPECS.map((s) => [`${s.game} ${s.m ?? 1}×${s.n ?? 1}`, s] as const))('%s: exact gradient against central differences', (_, spec) => {
    const game = resolveGame(spec);
    const rand = mulberry32(game.m * 31 + game.n);
    const dim = game.m + game.n;
    let worst = 0;
    for (let trial = 0; trial < 5; trial++) {
      const z = Float64Array.from({ length: dim }, (_, d) => game.equilibrium[d] + 0.8 * gaussian(rand) + 0.1);
      const g = gameGradient(game, z, new Float64Array(dim));
      for (let d = 0; d < dim; d++) {
        const h = 1e-5;
        const zp = Float64Array.from(z);
        const zm = Float64Array.from(z);
        zp[d] += h;
        zm[d] -= h;
        const fd = (gameValue(game, zp) - gameValue(game, zm)) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - g[d]) / Math.max(1, Math.abs(g[d])));
      }
    }
    expect(worst).toBeLessThan(1e-8);
  });

  it('the bilinear and quadratic games have their equilibrium at 0, a saddle of f', () => {
    const rand = mulberry32(5);
    for (const spec of SPECS.slice(0, 3)) {
      const game = resolveGame(spec);
      expect(Array.from(gameGradient(game, game.equilibrium, new Float64Array(game.m + game.n)))).toEqual(new Array(game.m + game.n).fill(0));
      if (game.id !== 'quadratic') continue;
      // Strongly convex–concave: f(x, 0) > f(0, 0) > f(0, y) for x, y ≠ 0.
      for (let t = 0; t < 10; t++) {
        const x = Array.from({ length: game.m }, () => gaussian(rand));
        const y = Array.from({ length: game.n }, () => gaussian(rand));
        expect(gameValue(game, [...x, ...new Array(game.n).fill(0)])).toBeGreaterThan(0);
        expect(gameValue(game, [...new Array(game.m).fill(0), ...y])).toBeLessThan(0);
      }
    }
  });

  it.each(['forsaken', 'almost-bilinear'] as const)('%s: the stated stationary point is where Newton lands, with ∇f = 0', (id) => {
    const game = resolveGame({ game: id });
    const grad = (z: number[]) => Array.from(gameGradient(game, z, new Float64Array(2)));
    let z = [game.equilibrium[0] + 0.05, game.equilibrium[1] - 0.04];
    for (let k = 0; k < 30; k++) {
      const h = 1e-6;
      const g = grad(z);
      const J = [0, 1].map((d) => {
        const [p, q] = [[...z], [...z]];
        p[d] += h;
        q[d] -= h;
        return grad(p).map((v, i) => (v - grad(q)[i]) / (2 * h));
      });
      // J[d][i] = d g_i / d z_d; solve J^T dz = -g.
      const det = J[0][0] * J[1][1] - J[1][0] * J[0][1];
      z = [z[0] - (J[1][1] * g[0] - J[1][0] * g[1]) / det, z[1] - (-J[0][1] * g[0] + J[0][0] * g[1]) / det];
    }
    expect(Math.abs(z[0] - game.equilibrium[0])).toBeLessThan(1e-14);
    expect(Math.abs(z[1] - game.equilibrium[1])).toBeLessThan(1e-14);
    expect(norm(grad(Array.from(game.equilibrium)))).toBeLessThan(1e-15);
  });

  it('almost-bilinear: the field (∇x f, −∇y f) has Jacobian eigenvalues ±0.757i at the stationary point', () => {
    const game = resolveGame({ game: 'almost-bilinear' });
    const field = (z: number[]) => {
      const g = gameGradient(game, z, new Float64Array(2));
      return [g[0], -g[1]];
    };
    const h = 1e-6;
    const e = Array.from(game.equilibrium);
    const col = (d: number) => field(e.map((v, i) => v + (i === d ? h : 0))).map((v, i) => (v - field(e.map((w, j) => w - (j === d ? h : 0)))[i]) / (2 * h));
    const [c0, c1] = [col(0), col(1)];
    const trace = c0[0] + c1[1];
    const det = c0[0] * c1[1] - c1[0] * c0[1];
    expect(Math.abs(trace)).toBeLessThan(1e-8);
    expect(Math.sqrt(det)).toBeCloseTo(0.757, 3);
  });
});

describe('games: what the planar games do', () => {
  const hyper = resolveHyperparameters({ etaX: 0.05, etaY: 0.05 });
  const from = (id: 'forsaken' | 'almost-bilinear', dx: number) => {
    const game = resolveGame({ game: id });
    return { game, p: startParticle(game, [game.equilibrium[0] + dx, game.equilibrium[1]], hyper.bound) };
  };

  it('forsaken: starts near the stationary point converge; starts farther out end on a cycle with no stationary point', () => {
    for (const method of ['gda', 'alternating', 'extragradient', 'optimistic'] as const) {
      const near = from('forsaken', 0.01);
      runParticle(near.game, method, hyper, near.p, 20000);
      expect(distanceToEquilibrium(near.game, near.p.z), method).toBeLessThan(1e-6);
      const far = from('forsaken', 0.5);
      runParticle(far.game, method, hyper, far.p, 20000);
      let [lo, hi, minGrad] = [Infinity, 0, Infinity];
      for (let t = 0; t < 3000; t++) {
        stepParticle(far.game, method, hyper, far.p);
        const r = distanceToEquilibrium(far.game, far.p.z);
        [lo, hi] = [Math.min(lo, r), Math.max(hi, r)];
        minGrad = Math.min(minGrad, norm(gameGradient(far.game, far.p.z, new Float64Array(2))));
      }
      expect(far.p.flags, method).toBe(0);
      expect(lo, method).toBeGreaterThan(0.8);
      expect(hi, method).toBeLessThan(2.2);
      expect(minGrad, method).toBeGreaterThan(0.05);
    }
  });

  it('almost-bilinear: simultaneous GDA spirals out, extragradient and alternating GDA converge', () => {
    const gda = from('almost-bilinear', 0.1);
    runParticle(gda.game, 'gda', hyper, gda.p, 5000);
    expect(distanceToEquilibrium(gda.game, gda.p.z)).toBeGreaterThan(10);
    for (const method of ['extragradient', 'alternating'] as const) {
      const run = from('almost-bilinear', 0.1);
      runParticle(run.game, method, hyper, run.p, 20000);
      // From 0.1 away, η = 0.05: extragradient is down to about 1e-7 by then, alternating GDA to 2e-5.
      expect(distanceToEquilibrium(run.game, run.p.z), method).toBeLessThan(1e-4);
    }
  });
});

/**
 * The twin's asymptotic per-step factor on the 1×1 game σxy: the geometric mean of
 * ‖z_{k+1}‖ / ‖z_k‖ over `window` steps after `burn`, the whole state rescaled every step
 * (the map is linear, so scaling it changes nothing but keeps it finite).
 */
function measuredFactor(method: GameMethod, settings: { etaX: number; etaY: number; momentum: number }, sigma: number, burn = 2000, window = 40000): number {
  const game = resolveGame({ game: 'bilinear', matrix: 'identity', scale: sigma });
  const h = { ...settings, bound: Infinity };
  const p = startParticle(game, [0.8, -0.6], h.bound);
  let logSum = 0;
  for (let k = 0; k < burn + window; k++) {
    const before = norm(p.z);
    stepParticle(game, method, h, p);
    const after = norm(p.z);
    if (k >= burn) logSum += Math.log(after / before);
    for (const v of [p.z, p.velocity, p.previous]) for (let d = 0; d < v.length; d++) v[d] /= after;
  }
  return Math.exp(logSum / window);
}

describe('games: per-step factor on the bilinear game against the closed form', () => {
  // Singular values exact in f32 (A holds f32 values); μ = √(ηx ηy) σ from 0.1 to 0.7.
  const cases = [
    { etaX: 0.1, etaY: 0.1, sigma: 1 },
    { etaX: 0.2, etaY: 0.2, sigma: 1.5 },
    { etaX: 0.5, etaY: 0.5, sigma: 0.75 },
    { etaX: 0.3, etaY: 0.1, sigma: 1.25 },
    { etaX: 0.4, etaY: 0.4, sigma: 1.75 },
  ];
  const table: string[] = [];

  it.each(GAME_METHODS.map((m) => [m]))('%s', (method) => {
    const betas = method.endsWith('momentum') ? [-0.5, 0.4] : [0];
    for (const c of cases) {
      for (const momentum of betas) {
        const closed = perStepFactor(method, { ...c, momentum });
        const measured = measuredFactor(method, { etaX: c.etaX, etaY: c.etaY, momentum }, c.sigma);
        table.push(`  ${method.padEnd(21)} ηx=${c.etaX} ηy=${c.etaY} σ=${c.sigma} β=${momentum}: closed ${closed.toFixed(6)}, twin ${measured.toFixed(6)}`);
        expect(Math.abs(measured / closed - 1), `${method} ${JSON.stringify(c)} β=${momentum}`).toBeLessThan(2e-4);
      }
    }
    if (method === GAME_METHODS.at(-1)) console.log(`per-step factor, closed form vs twin:\n${table.join('\n')}`);
  });

  it('the explicit formulas agree with the roots of the characteristic polynomials', () => {
    for (const mu of [0.05, 0.3, 0.5, 0.55, 0.9, 1.6, 2.5]) {
      for (const method of ['gda', 'alternating', 'extragradient', 'optimistic'] as const) {
        const explicit = perStepFactor(method, { etaX: 1, etaY: 1, sigma: mu });
        expect(spectralRadius(characteristicPolynomial(method, mu)), `${method} μ=${mu}`).toBeCloseTo(explicit, 10);
      }
    }
    // OGDA contracts exactly up to μ = 1/√3; GDA never; alternating cycles up to μ = 2.
    expect(perStepFactor('optimistic', { etaX: 1, etaY: 1, sigma: 1 / Math.sqrt(3) })).toBeCloseTo(1, 12);
    expect(perStepFactor('alternating', { etaX: 1, etaY: 1, sigma: 2 })).toBe(1);
  });

  it('with ηx = ηy every GDA and extragradient step scales the distance by exactly the factor of its singular plane', () => {
    const game = resolveGame({ game: 'bilinear', m: 4, n: 3, matrixSeed: 11, scale: 1.3 });
    // The top right singular vector v by power iteration on AᵀA, then u = A v / σ.
    const A = (i: number, j: number) => game.matrix[i * game.n + j];
    let v = [1, 0.5, -0.3];
    for (let k = 0; k < 2000; k++) {
      const av = Array.from({ length: game.m }, (_, i) => v.reduce((s, vj, j) => s + A(i, j) * vj, 0));
      const w = v.map((_, j) => av.reduce((s, a, i) => s + A(i, j) * a, 0));
      v = w.map((x) => x / norm(w));
    }
    const av = Array.from({ length: game.m }, (_, i) => v.reduce((s, vj, j) => s + A(i, j) * vj, 0));
    const sigma = norm(av);
    const u = av.map((x) => x / sigma);
    for (const method of ['gda', 'extragradient'] as const) {
      for (const eta of [0.05, 0.3, 0.9]) {
        const h = resolveHyperparameters({ etaX: eta, etaY: eta });
        const p = startParticle(game, [...u.map((x) => 0.7 * x), ...v.map((x) => -0.4 * x)], h.bound);
        for (let t = 0; t < 5; t++) {
          const before = norm(p.z);
          stepParticle(game, method, h, p);
          expect(norm(p.z) / before).toBeCloseTo(perStepFactor(method, { etaX: eta, etaY: eta, sigma }), 10);
        }
      }
    }
  });

  it('alternating GDA keeps ‖x‖²/ηx + ‖y‖²/ηy − xᵀAy exactly, so its orbits stay bounded', () => {
    const game = resolveGame({ game: 'bilinear', m: 5, n: 3, matrixSeed: 3, scale: 2 });
    const h = resolveHyperparameters({ etaX: 0.2, etaY: 0.05 });
    const p = startParticle(game, [0.3, -1, 0.8, 0.1, -0.5, 1.2, 0.4, -0.7], h.bound);
    const invariant = () => alternatingInvariant(game.matrix, game.m, game.n, p.z, h.etaX, h.etaY);
    const e0 = invariant();
    const r0 = norm(p.z);
    let worst = 0;
    let farthest = 0;
    for (let t = 0; t < 5000; t++) {
      stepParticle(game, 'alternating', h, p);
      worst = Math.max(worst, Math.abs(invariant() / e0 - 1));
      farthest = Math.max(farthest, norm(p.z) / r0);
    }
    expect(worst).toBeLessThan(1e-11);
    expect(farthest).toBeLessThan(3);
  });
});

describe('games: distance summaries', () => {
  it('quantiles skip diverged and non-finite particles and count them apart', () => {
    const distance = [4, 1, NaN, 3, 2, 1e30, Infinity];
    const flags = [0, 0, FLAG_DIVERGED, 0, 0, FLAG_DIVERGED, 0];
    const s = summarizeDistances(distance, flags, [0, 0.5, 1]);
    expect(s).toMatchObject({ live: 4, diverged: 3, median: 2.5, quantiles: [1, 2.5, 4] });
    expect(summarizeDistances([5], [FLAG_DIVERGED]).median).toBeNaN();
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });

  it('the twin comparison: GDA on the identity game grows every particle by exactly √(1 + η²σ²) per step', () => {
    const spec = { game: { game: 'bilinear', m: 3, n: 3, matrix: 'identity', scale: 1 } as GameSpec, count: 50, hyper: { etaX: 0.2, etaY: 0.2 }, seed: 4 };
    const result = compareMethodsReference(spec, { methods: ['gda', 'extragradient', 'alternating'], steps: 40, every: 10 });
    expect(result.steps).toEqual([0, 10, 20, 30, 40]);
    const [gda, eg, alt] = result.series;
    const rho = perStepFactor('gda', { etaX: 0.2, etaY: 0.2, sigma: 1 });
    gda.median.forEach((m, r) => expect(m / gda.median[0]).toBeCloseTo(rho ** result.steps[r], 10));
    expect(eg.median[4]).toBeLessThan(eg.median[0]);
    expect(alt.median[4] / alt.median[0]).toBeGreaterThan(0.8);
    expect(alt.median[4] / alt.median[0]).toBeLessThan(1.25);
    expect(gda.diverged.every((d) => d === 0)).toBe(true);
  });

  it('particles that pass the bound are flagged at that step, frozen, and counted apart', () => {
    const spec = { game: { game: 'bilinear', matrix: 'identity', scale: 1 } as GameSpec, count: 20, hyper: { etaX: 1, etaY: 1, bound: 100 }, seed: 2, start: { sigma: 1 } };
    const result = compareMethodsReference(spec, { methods: ['gda'], steps: 40, every: 1 });
    const [gda] = result.series;
    // ρ = √2 per step: every start of norm r passes 100 by step 2 log2(100 / r) + 1.
    expect(gda.diverged.at(-1)).toBe(20);
    expect(gda.median.at(-1)).toBeNaN();
    expect(gda.diverged.every((d, r) => r === 0 || d >= gda.diverged[r - 1])).toBe(true);
  });
});

describe('games: constants and refused input', () => {
  it('the game prelude states the TypeScript values, and the method codes match', () => {
    for (const method of GAME_METHODS) {
      expect(GAME_CONSTANTS[`METHOD_${method.toUpperCase().replace(/-/g, '_')}`].value).toBe(methodCode(method));
    }
    for (const [name] of Object.entries(GAME_CONSTANTS)) {
      expect(GAME_PRELUDE).toContain(`const ${name}:`);
      expect(WGSL_PRELUDE).not.toContain(`const ${name}:`);
    }
  });

  it('bad games, hyperparameters, starts and records are refused, naming the limit', () => {
    expect(() => resolveGame({ game: 'bilinear', m: 0 })).toThrow(/m = 0 .*MAX_GAME_DIM = 2048/);
    expect(() => resolveGame({ game: 'bilinear', n: MAX_GAME_DIM + 1 })).toThrow(RangeError);
    expect(() => resolveGame({ game: 'forsaken', m: 2 })).toThrow(/planar: it takes m = n = 1/);
    expect(() => resolveGame({ game: 'quadratic', a: 0 })).toThrow(/a = 0 .*above 0/);
    expect(() => resolveGame({ game: 'bilinear', scale: NaN })).toThrow(/scale = NaN/);
    expect(() => resolveGame({ game: 'chess' as 'bilinear' })).toThrow(new RegExp(GAME_IDS.join(', ')));
    expect(() => resolveHyperparameters({ etaX: 0 })).toThrow(/etaX = 0 .*MAX_GAME_STEP/);
    expect(() => resolveHyperparameters({ momentum: 1 })).toThrow(/strictly between −1 and 1/);
    expect(() => resolveHyperparameters({ bound: 1e16 })).toThrow(/MAX_GAME_BOUND = 1000000000000000/);
    const game = resolveGame({ game: 'bilinear', m: 2, n: 3 });
    expect(() => resolveStart(game, { center: [1, 2] })).toThrow(/m \+ n = 5 finite numbers/);
    expect(() => resolveStart(game, { sigma: -1 })).toThrow(/MAX_START_SIGMA/);
    expect(() => recordSteps(100000, 1)).toThrow(/MAX_RECORDS = 4096/);
    expect(() => recordSteps(10, 0)).toThrow(/every = 0/);
  });
});
