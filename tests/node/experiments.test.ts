/** The experiments' bookkeeping: how particles are grouped by swept step size, and the summaries. */
import { describe, expect, it } from 'vitest';
import { bestPoint, sweepPoints } from '../../src/experiments/depthAcceleration';
import { spread } from '../../src/experiments/widthGeneralization';
import { FLAG_DIVERGED, NOT_ESCAPED } from '../../src/engine/types';
import { particleLr, summarizeSweep, sweptLr, sweptValues } from '../../src/optimizers/sweep';
import { mulberry32 } from '../random';

describe('step-size sweeps', () => {
  it('log-spaced from lr to lrSweepTo; particle p takes value p mod count', () => {
    const run = { lr: 1e-3, lrSweepCount: 7, lrSweepTo: 1 };
    const v = sweptValues(run);
    expect(v).toHaveLength(7);
    expect(v[0]).toBeCloseTo(1e-3, 15);
    expect(v[6]).toBeCloseTo(1, 12);
    for (let i = 1; i < 7; i++) expect(v[i] / v[i - 1]).toBeCloseTo(10 ** 0.5, 12);
    for (let p = 0; p < 30; p++) expect(particleLr(run, p)).toBe(v[p % 7]);
    // Downward sweeps and no sweep.
    expect(sweptLr({ lr: 1, lrSweepCount: 3, lrSweepTo: 0.01 }, 2)).toBeCloseTo(0.01, 14);
    expect(particleLr({ lr: 0.3, lrSweepCount: 1, lrSweepTo: 5 }, 12)).toBe(0.3);
  });

  it('groups particles by step size: reached, diverged, the median over all starts only when all reached', () => {
    const rand = mulberry32(3);
    const lrCount = 5;
    const seeds = 8;
    const count = lrCount * seeds;
    const escapeAge = new Uint32Array(count);
    const flags = new Uint32Array(count);
    const expected: number[][] = Array.from({ length: lrCount }, () => []);
    for (let i = 0; i < count; i++) {
      const j = i % lrCount;
      // Step size 0 never gets there, 4 diverges once, the rest all reach at random ages.
      if (j === 0) escapeAge[i] = NOT_ESCAPED;
      else if (j === 4 && i === 4) {
        escapeAge[i] = NOT_ESCAPED;
        flags[i] = FLAG_DIVERGED;
      } else {
        escapeAge[i] = 1 + Math.floor(rand() * 1000);
        expected[j].push(escapeAge[i]);
      }
    }
    const sweep = sweepPoints({ count, flags, escapeAge }, { lrFrom: 1e-2, lrTo: 1, lrCount });
    expect(sweep.map((s) => s.reached)).toEqual([0, seeds, seeds, seeds, seeds - 1]);
    expect(sweep.map((s) => s.diverged)).toEqual([0, 0, 0, 0, 1]);
    expect(Number.isNaN(sweep[0].medianSteps)).toBe(true);
    expect(Number.isNaN(sweep[4].medianSteps)).toBe(true);
    for (const j of [1, 2, 3]) {
      const sorted = expected[j].sort((a, b) => a - b);
      expect(sweep[j].medianSteps).toBe((sorted[seeds / 2 - 1] + sorted[seeds / 2]) / 2);
    }
    const best = bestPoint(sweep)!;
    expect(best.medianSteps).toBe(Math.min(...[1, 2, 3].map((j) => sweep[j].medianSteps)));
    expect(bestPoint(sweep.map((s) => ({ ...s, medianSteps: NaN })))).toBeNull();
  });
});

describe('the live sweep readout', () => {
  it('per step size: particles, diverged (never in the median), median loss, reached and median steps', () => {
    const run = { lr: 0.1, lrSweepCount: 3, lrSweepTo: 0.4 };
    const count = 10; // step sizes 0, 1, 2, 0, 1, 2, ...: 4, 3 and 3 particles
    const loss = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const flags = new Uint32Array(count);
    const escapeAge = new Uint32Array(count).fill(NOT_ESCAPED);
    flags[5] = FLAG_DIVERGED; // step size 2
    loss[5] = NaN;
    escapeAge[0] = 10;
    escapeAge[3] = 30;
    escapeAge[8] = 5;
    const rows = summarizeSweep(run, { count, loss, flags, escapeAge }, FLAG_DIVERGED, NOT_ESCAPED);
    expect(rows.map((r) => r.particles)).toEqual([4, 3, 3]);
    expect(rows.map((r) => r.diverged)).toEqual([0, 0, 1]);
    expect(rows[0].medianLoss).toBeCloseTo((4 + 7) / 2, 6);
    expect(rows[1].medianLoss).toBeCloseTo(5, 6);
    expect(rows[2].medianLoss).toBeCloseTo((3 + 9) / 2, 6);
    expect(rows.map((r) => r.reached)).toEqual([2, 0, 1]);
    expect(rows[0].medianSteps).toBe(20);
    expect(rows[1].lr).toBeCloseTo(0.2, 12);
  });
});

describe('spreads over networks', () => {
  it('median and quartiles of the finite values, by linear interpolation', () => {
    const values = [5, NaN, 1, 3, Infinity, 2, 4];
    const s = spread(values);
    expect(s.median).toBe(3);
    expect(s.q1).toBe(2);
    expect(s.q3).toBe(4);
    expect(spread([1, 2]).median).toBe(1.5);
    expect(Number.isNaN(spread([NaN]).median)).toBe(true);
  });
});
