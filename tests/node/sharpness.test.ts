/** The sharpness series' summary (src/analysis/SharpnessTracker.ts): medians over live tracked particles, and the work model. */
import { describe, expect, it } from 'vitest';
import { medianOfFinite, summarizeSharpness, trackingWorkShare, type SharpnessSeries } from '../../src/analysis/sharpnessSummary';
import { mulberry32 } from '../random';

const series = (sharpness: number[][], loss: number[][]): SharpnessSeries => ({
  particles: Uint32Array.from(sharpness[0], (_, t) => 4 * t),
  steps: sharpness.map((_, r) => 10 * r),
  sharpness: sharpness.map((r) => Float32Array.from(r)),
  loss: loss.map((r) => Float32Array.from(r)),
  every: 1,
});

describe('medianOfFinite', () => {
  it('is the middle value, or the mean of the middle two, of the finite values', () => {
    expect(medianOfFinite([3, 1, 2])).toBe(2);
    expect(medianOfFinite([4, 1, 3, 2])).toBe(2.5);
    expect(medianOfFinite([NaN, 5, Infinity, 1, -Infinity, 3])).toBe(3);
    expect(Number.isNaN(medianOfFinite([NaN, NaN]))).toBe(true);
    expect(Number.isNaN(medianOfFinite([]))).toBe(true);
  });

  it('agrees with sorting on random inputs', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const xs = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => (rand() < 0.2 ? NaN : 10 * rand() - 5));
      const finite = xs.filter(Number.isFinite).sort((a, b) => a - b);
      const want = finite.length === 0 ? NaN : finite.length % 2 ? finite[(finite.length - 1) / 2] : (finite[finite.length / 2 - 1] + finite[finite.length / 2]) / 2;
      expect(medianOfFinite(xs)).toEqual(want);
    }
  });
});

describe('summarizeSharpness', () => {
  it('takes per-record medians over live particles; a diverged particle (NaN) is counted out of both medians, never averaged', () => {
    const s = summarizeSharpness(
      series(
        [
          [10, 20, 30, 1e9],
          [10, NaN, 30, 40],
          [NaN, NaN, NaN, NaN],
        ],
        [
          [1, 2, 3, 4],
          [1, NaN, 3, 100],
          [NaN, NaN, NaN, NaN],
        ],
      ),
    );
    expect(s.steps).toEqual([0, 10, 20]);
    expect(Array.from(s.live)).toEqual([4, 3, 0]);
    expect(s.sharpness[0]).toBe(25);
    expect(s.loss[0]).toBe(2.5);
    expect(s.sharpness[1]).toBe(30);
    expect(s.loss[1]).toBe(3);
    expect(Number.isNaN(s.sharpness[2])).toBe(true);
    expect(Number.isNaN(s.loss[2])).toBe(true);
  });

  it('leaves a particle out of both medians when either of its numbers is not finite', () => {
    const s = summarizeSharpness(series([[1, 2, 3]], [[5, Infinity, 7]]));
    expect(s.live[0]).toBe(2);
    expect(s.sharpness[0]).toBe(2);
    expect(s.loss[0]).toBe(6);
  });

  it('summarises an empty series as empty', () => {
    const s = summarizeSharpness({ particles: new Uint32Array(4), steps: [], sharpness: [], loss: [], every: 1 });
    expect(s.sharpness.length).toBe(0);
    expect(s.live.length).toBe(0);
  });
});

describe('trackingWorkShare', () => {
  it('is one measurement’s evaluations over the steps’ evaluations between measurements', () => {
    // Defaults: 16 particles x 10 Lanczos steps x 2 products, every 10 steps of 4,096 particles.
    const share = trackingWorkShare({ count: 4096, interval: 10, samples: 16, lanczosSteps: 10, evaluationCost: 1, fullEvaluationCost: 1 });
    expect(share).toBeCloseTo(320 / 40960, 12);
    // Full-batch evaluations cost more than minibatch ones by the batch ratio.
    const mlp = trackingWorkShare({ count: 4096, interval: 10, samples: 16, lanczosSteps: 10, evaluationCost: 64, fullEvaluationCost: 256 });
    expect(mlp).toBeCloseTo(4 * share, 12);
  });
});
