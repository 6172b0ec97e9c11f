import { expect, it } from 'vitest';
import summaryWgsl from '../../shaders/summary.wgsl?raw';
import { LOG_K, logLevel, logLevelInverse } from '../../src/engine/logScale';
import { HISTOGRAM_BINS } from '../../src/engine/summarize';

it('the TypeScript reference uses the WGSL statistics constants', () => {
  expect(Number(/const HIST_BINS: u32 = (\d+)u;/.exec(summaryWgsl)?.[1])).toBe(HISTOGRAM_BINS);
  expect(Number(/const HIST_LOG_K: f32 = ([\d.]+);/.exec(summaryWgsl)?.[1])).toBe(LOG_K);
});

it('the log compression maps [0, 1] onto [0, 1] and inverts exactly', () => {
  expect(logLevel(0)).toBe(0);
  expect(logLevel(1)).toBeCloseTo(1, 12);
  for (const t of [0.001, 0.01, 0.3, 0.77]) {
    expect(logLevel(t)).toBeGreaterThan(t);
    expect(logLevelInverse(logLevel(t))).toBeCloseTo(t, 12);
  }
});
