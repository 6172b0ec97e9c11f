/** Axis labels (src/view/ticks.ts): a flat range is labelled once, not once per tick. */
import { describe, expect, it } from 'vitest';
import { histogramLoss } from '../../src/engine/summarize';
import { formatNumber, withoutRepeats } from '../../src/view/ticks';

describe('tick labels', () => {
  it('a histogram whose losses are all equal names that loss once', () => {
    const flat = { lo: 0.731, hi: 0.731, log: false };
    const labels = withoutRepeats([0, 0.25, 0.5, 0.75, 1].map((t) => formatNumber(histogramLoss(flat, t))));
    expect(labels.filter((l) => l !== '')).toEqual([formatNumber(0.731)]);
    expect(labels[0]).toBe(formatNumber(0.731));
  });

  it('distinct labels all stay, and only repeats next to each other go', () => {
    const spread = { lo: 0.5, hi: 4.5, log: false };
    const labels = [0, 0.25, 0.5, 0.75, 1].map((t) => formatNumber(histogramLoss(spread, t)));
    expect(withoutRepeats(labels)).toEqual(labels);
    expect(withoutRepeats(['1', '1', '2', '2', '1'])).toEqual(['1', '', '2', '', '1']);
  });
});
