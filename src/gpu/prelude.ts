/**
 * The WGSL prelude: every constant WGSL shares with TypeScript, emitted from the TypeScript
 * definitions, so no shader copies a value and nothing reads values back out of WGSL.
 * src/gpu/kernels.ts puts it in front of every kernel.
 */
import { LANCZOS_BREAKDOWN, LANCZOS_MAX, NEGATIVE_RITZ_CUTOFF } from '../analysis/curvatureReference';
import {
  CRITICAL_ARMIJO, CRITICAL_PIVOT_FLOOR, CRITICAL_STALL, NEWTON_MAX_DIM, SEARCH_RUNNING, SEARCH_STOPPED,
} from '../analysis/criticalSearchReference';
import { QL_MAX_ITERATIONS } from '../analysis/tridiagonal';
import { LOG_K } from '../engine/logScale';
import { INIT_CODES } from '../engine/placement';
import {
  KICK_RADIUS_SLOT, STREAM_BATCH, STREAM_CURVATURE, STREAM_CURVE_FIT, STREAM_INIT, STREAM_KICK, STREAM_NOISE, STREAM_NOISE_STABILITY,
} from '../engine/rng';
import { NOISE_STABILITY_SLOTS } from '../analysis/noiseStabilityReference';
import { HISTOGRAM_BINS } from '../engine/summarize';
import { FLAG_CONVERGED, FLAG_DIVERGED, NOT_ESCAPED } from '../engine/types';
import { DEEP_LINEAR_MAX_DEPTH, DEEP_LINEAR_MAX_INPUTS, DEEP_LINEAR_MAX_WIDTH, MLP_MAX_LAYERS, MLP_MAX_WIDTH } from '../landscapes/limits';
import { MAX_FEATURES, REFLECTIONS } from '../landscapes/random';
import { MAX_WIDTH } from '../landscapes/teacherStudent';
import { NOISES, OPTIMIZER_DEFS } from '../optimizers';
import { optimizerConstant } from '../optimizers/wgsl';
import { PARTICLE_STATUS, STATUS_STRIDE } from '../view/particleStatus';
import { REDUCE_GROUPS, WORKGROUP_SIZE } from './constants';

export type WgslConstant = { type: 'u32'; value: number } | { type: 'f32'; value: number };

/** scaledNormal → SCALED_NORMAL. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

const u32 = (value: number): WgslConstant => ({ type: 'u32', value });
const f32 = (value: number): WgslConstant => ({ type: 'f32', value });

/** Name in WGSL → type and value. */
export const WGSL_CONSTANTS: Readonly<Record<string, WgslConstant>> = {
  WORKGROUP_SIZE: u32(WORKGROUP_SIZE),
  REDUCE_GROUPS: u32(REDUCE_GROUPS),
  HIST_BINS: u32(HISTOGRAM_BINS),
  HIST_LOG_K: f32(LOG_K),
  FLAG_DIVERGED: u32(FLAG_DIVERGED),
  FLAG_CONVERGED: u32(FLAG_CONVERGED),
  NOT_ESCAPED: u32(NOT_ESCAPED),
  STREAM_INIT: u32(STREAM_INIT),
  STREAM_NOISE: u32(STREAM_NOISE),
  STREAM_KICK: u32(STREAM_KICK),
  STREAM_CURVATURE: u32(STREAM_CURVATURE),
  STREAM_BATCH: u32(STREAM_BATCH),
  STREAM_CURVE_FIT: u32(STREAM_CURVE_FIT),
  STREAM_NOISE_STABILITY: u32(STREAM_NOISE_STABILITY),
  NOISE_STABILITY_SLOTS: u32(NOISE_STABILITY_SLOTS),
  KICK_RADIUS_SLOT: u32(KICK_RADIUS_SLOT),
  LANCZOS_MAX: u32(LANCZOS_MAX),
  LANCZOS_BREAKDOWN: f32(LANCZOS_BREAKDOWN),
  NEGATIVE_RITZ_CUTOFF: f32(NEGATIVE_RITZ_CUTOFF),
  QL_MAX_ITERATIONS: u32(QL_MAX_ITERATIONS),
  NEWTON_MAX_DIM: u32(NEWTON_MAX_DIM),
  CRITICAL_PIVOT_FLOOR: f32(CRITICAL_PIVOT_FLOOR),
  CRITICAL_ARMIJO: f32(CRITICAL_ARMIJO),
  CRITICAL_STALL: f32(CRITICAL_STALL),
  SEARCH_RUNNING: u32(SEARCH_RUNNING),
  SEARCH_STOPPED: u32(SEARCH_STOPPED),
  RF_MAX: u32(MAX_FEATURES),
  SQ_M: u32(REFLECTIONS),
  TS_MAX_WIDTH: u32(MAX_WIDTH),
  DL_MAX_DEPTH: u32(DEEP_LINEAR_MAX_DEPTH),
  DL_MAX_WIDTH: u32(DEEP_LINEAR_MAX_WIDTH),
  DL_MAX_INPUTS: u32(DEEP_LINEAR_MAX_INPUTS),
  MLP_MAX_LAYERS: u32(MLP_MAX_LAYERS),
  MLP_MAX_WIDTH: u32(MLP_MAX_WIDTH),
  STATUS_STRIDE: u32(STATUS_STRIDE),
  ...Object.fromEntries(Object.entries(PARTICLE_STATUS).map(([k, v]) => [`STATUS_${k.toUpperCase()}`, u32(v)])),
  ...Object.fromEntries(Object.entries(INIT_CODES).map(([k, v]) => [`INIT_${snake(k)}`, u32(v)])),
  ...Object.fromEntries(OPTIMIZER_DEFS.map((d, i) => [optimizerConstant(d.id), u32(i)])),
  ...Object.fromEntries(NOISES.map((n, i) => [`NOISE_${n.toUpperCase()}`, u32(i)])),
};

function literal(name: string, c: WgslConstant): string {
  if (c.type === 'u32') {
    if (!Number.isInteger(c.value) || c.value < 0 || c.value > 0xffffffff) throw new RangeError(`${name} = ${c.value} is not a u32.`);
    return `${c.value}u`;
  }
  if (!Number.isFinite(c.value)) throw new RangeError(`${name} = ${c.value} is not a finite f32.`);
  // The shortest decimal that reads back as the TypeScript value; WGSL rounds it to f32 as it would its own literal.
  const text = String(c.value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

export const WGSL_PRELUDE = [
  '// Generated from TypeScript (src/gpu/prelude.ts): the constants WGSL shares with it.',
  ...Object.entries(WGSL_CONSTANTS).map(([name, c]) => `const ${name}: ${c.type} = ${literal(name, c)};`),
].join('\n');
