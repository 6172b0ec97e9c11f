/**
 * Axis labels (src/view/ticks.ts): a flat range is labelled once, not once per tick; and the log
 * charts' decade marks (src/ui/chartStyle.ts) stay apart on a short chart.
 */
import { describe, expect, it } from 'vitest';
import { histogramLoss } from '../../src/engine/summarize';
import { decadeSplits, formatDecade } from '../../src/ui/chartStyle';
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

describe('log chart marks', () => {
  it('powers of ten only, thinned from the largest down so marks stay apart on a short chart', () => {
    // 1e-3 … 1e3 over 60 px: 10 px a decade, so every second decade for 18 px.
    expect(decadeSplits(1e-3, 1e3, 60, 18)).toEqual([1e-3, 1e-1, 10, 1e3]);
    // A tall chart marks every decade; a bound just off a power of ten still counts it.
    expect(decadeSplits(0.0099999999999, 100.00000000001, 400, 18)).toEqual([0.01, 0.1, 1, 10, 100]);
    // 0.37 … 580 over 30 px: about 9.5 px a decade, every second counted down from 100.
    expect(decadeSplits(0.37, 580, 30, 18)).toEqual([1, 100]);
    // Less than a decade: its two ends; nothing for a range a log axis cannot show.
    expect(decadeSplits(2, 7, 100, 18)).toEqual([2, 7]);
    expect(decadeSplits(0, 10, 100, 18)).toEqual([]);
    expect(decadeSplits(5, 1, 100, 18)).toEqual([]);
  });

  it('labels written out from 0.01 to 1000 and as powers beyond', () => {
    expect([1e-6, 1e-3, 0.01, 0.1, 1, 10, 1000, 1e4, 1e12].map(formatDecade)).toEqual(['1e-6', '1e-3', '0.01', '0.1', '1', '10', '1000', '1e4', '1e12']);
    expect(formatDecade(2.34567)).toBe('2.35');
  });
});
