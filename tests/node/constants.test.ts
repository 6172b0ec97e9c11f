import { describe, expect, it } from 'vitest';
import { LANCZOS_BREAKDOWN, LANCZOS_MAX, NEGATIVE_RITZ_CUTOFF } from '../../src/analysis/curvatureReference';
import { QL_MAX_ITERATIONS } from '../../src/analysis/tridiagonal';
import { LOG_K, logLevel, logLevelInverse } from '../../src/engine/logScale';
import { INIT_CODES } from '../../src/engine/placement';
import { DEEP_LINEAR_MAX_DEPTH, DEEP_LINEAR_MAX_INPUTS, DEEP_LINEAR_MAX_WIDTH, MLP_MAX_LAYERS, MLP_MAX_WIDTH } from '../../src/landscapes/limits';
import {
  KICK_RADIUS_SLOT, STREAM_BATCH, STREAM_CURVATURE, STREAM_CURVE_FIT, STREAM_INIT, STREAM_KICK, STREAM_NOISE, STREAM_NOISE_STABILITY,
} from '../../src/engine/rng';
import {
  CRITICAL_ARMIJO, CRITICAL_PIVOT_FLOOR, CRITICAL_STALL, NEWTON_MAX_DIM, SEARCH_RUNNING, SEARCH_STOPPED,
} from '../../src/analysis/criticalSearchReference';
import { NOISE_STABILITY_SLOTS } from '../../src/analysis/noiseStabilityReference';
import { HISTOGRAM_BINS } from '../../src/engine/summarize';
import { FLAG_CONVERGED, FLAG_DIVERGED, NOT_ESCAPED } from '../../src/engine/types';
import { MAX_FEATURES, REFLECTIONS } from '../../src/landscapes/random';
import { MAX_WIDTH } from '../../src/landscapes/teacherStudent';
import { REDUCE_GROUPS, WORKGROUP_SIZE } from '../../src/gpu/constants';
import * as kernels from '../../src/gpu/kernels';
import { WGSL_PRELUDE } from '../../src/gpu/prelude';
import { PARTICLE_STATUS, STATUS_STRIDE } from '../../src/view/particleStatus';
import { NOISES, OPTIMIZERS } from '../../src/optimizers';

/** name → value of every `const NAME: type = value;` line in WGSL. */
function wgslConstants(wgsl: string): Map<string, { type: string; value: number }> {
  const out = new Map<string, { type: string; value: number }>();
  for (const [, name, type, literal] of wgsl.matchAll(/^const (\w+): (\w+) = ([^;]+);$/gm)) {
    out.set(name, { type, value: Number(literal.replace(/u$/, '')) });
  }
  return out;
}

const shaders = import.meta.glob('../../shaders/**/*.wgsl', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('constants shared by WGSL and TypeScript come from TypeScript', () => {
  const prelude = wgslConstants(WGSL_PRELUDE);
  const expected: Record<string, number> = {
    WORKGROUP_SIZE,
    REDUCE_GROUPS,
    HIST_BINS: HISTOGRAM_BINS,
    HIST_LOG_K: LOG_K,
    FLAG_DIVERGED,
    FLAG_CONVERGED,
    NOT_ESCAPED,
    STREAM_INIT,
    STREAM_NOISE,
    STREAM_KICK,
    STREAM_CURVATURE,
    STREAM_BATCH,
    STREAM_CURVE_FIT,
    STREAM_NOISE_STABILITY,
    NOISE_STABILITY_SLOTS,
    NEWTON_MAX_DIM,
    CRITICAL_PIVOT_FLOOR,
    CRITICAL_ARMIJO,
    CRITICAL_STALL,
    SEARCH_RUNNING,
    SEARCH_STOPPED,
    KICK_RADIUS_SLOT,
    LANCZOS_MAX,
    LANCZOS_BREAKDOWN,
    NEGATIVE_RITZ_CUTOFF,
    QL_MAX_ITERATIONS,
    RF_MAX: MAX_FEATURES,
    SQ_M: REFLECTIONS,
    TS_MAX_WIDTH: MAX_WIDTH,
    DL_MAX_DEPTH: DEEP_LINEAR_MAX_DEPTH,
    DL_MAX_WIDTH: DEEP_LINEAR_MAX_WIDTH,
    DL_MAX_INPUTS: DEEP_LINEAR_MAX_INPUTS,
    MLP_MAX_LAYERS,
    MLP_MAX_WIDTH,
    STATUS_STRIDE,
    STATUS_LIVE: PARTICLE_STATUS.live,
    STATUS_CONVERGED: PARTICLE_STATUS.converged,
    STATUS_DIVERGED: PARTICLE_STATUS.diverged,
    STATUS_SUCCESS: PARTICLE_STATUS.success,
    INIT_UNIFORM: INIT_CODES.uniform,
    INIT_GAUSSIAN: INIT_CODES.gaussian,
    INIT_GRID: INIT_CODES.grid,
    INIT_POINTS: INIT_CODES.points,
    INIT_EVALUATE: INIT_CODES.evaluate,
    INIT_SCALED_NORMAL: INIT_CODES.scaledNormal,
    INIT_SCALED_UNIFORM: INIT_CODES.scaledUniform,
    ...Object.fromEntries(OPTIMIZERS.map((id, i) => [`OPT_${id.toUpperCase()}`, i])),
    ...Object.fromEntries(NOISES.map((n, i) => [`NOISE_${n.toUpperCase()}`, i])),
  };

  it('the generated prelude states each TypeScript value, and nothing else', () => {
    expect(Object.fromEntries([...prelude].map(([k, c]) => [k, c.value]))).toEqual(expected);
    expect(prelude.get('HIST_LOG_K')!.type).toBe('f32');
    expect(prelude.get('NOT_ESCAPED')!.type).toBe('u32');
  });

  it('no shader file declares a constant of its own that the prelude states', () => {
    expect(Object.keys(shaders).length).toBeGreaterThan(20);
    for (const [file, wgsl] of Object.entries(shaders)) {
      for (const name of wgslConstants(wgsl).keys()) expect(prelude.has(name), `${file} declares ${name}`).toBe(false);
      // One particle_index and one ParticleState: no kernel computes the index or copies the struct by hand.
      expect(wgsl, file).not.toMatch(/nwg\.x \* \d/);
      if (!file.endsWith('common.wgsl')) expect(wgsl, file).not.toMatch(/fn particle_index/);
      if (!file.endsWith('particle_state.wgsl')) expect(wgsl, file).not.toMatch(/struct ParticleState/);
      expect(wgsl, file).not.toMatch(/@workgroup_size\(64\)/);
    }
  });

  it('every kernel and layout source starts with the prelude', () => {
    for (const [name, source] of Object.entries(kernels)) {
      const wgsl = typeof source === 'function' ? source('') : source;
      expect(wgsl.startsWith(WGSL_PRELUDE), name).toBe(true);
    }
  });
});

it('the log compression maps [0, 1] onto [0, 1] and inverts exactly', () => {
  expect(logLevel(0)).toBe(0);
  expect(logLevel(1)).toBeCloseTo(1, 12);
  for (const t of [0.001, 0.01, 0.3, 0.77]) {
    expect(logLevel(t)).toBeGreaterThan(t);
    expect(logLevelInverse(logLevel(t))).toBeCloseTo(t, 12);
  }
});
