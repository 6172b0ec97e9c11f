/**
 * The WGSL the optimizer registry generates: the uniform struct of hyperparameters, every
 * optimizer's update rule and the dispatch that picks one by the OPTIMIZER override constant,
 * and the values written into that uniform.
 */
import { OPTIMIZER_DEFS, uniformHyperparameters, type RunSettings } from './index';

/** A hyperparameter's field in the WGSL struct Hyperparameters: its key in snake_case. */
export function wgslField(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The WGSL constant holding an optimizer's code (OPT_ADAM). */
export function optimizerConstant(id: string): string {
  return `OPT_${id.toUpperCase()}`;
}

/** struct Hyperparameters, one f32 per key: RunParams.hp in shaders/particles.wgsl. */
export const HYPERPARAMETERS_WGSL = [
  '// Generated from the optimizer registry (src/optimizers/wgsl.ts).',
  'struct Hyperparameters {',
  ...uniformHyperparameters().map((h) => `  ${wgslField(h.key)}: f32,`),
  '}',
].join('\n');

const ARGS = '(x: f32, g: f32, m: ptr<function, f32>, v: ptr<function, f32>, k: StepContext)';

/**
 * Every update rule, then optimizer_update and optimizer_moments. OPTIMIZER is fixed per
 * pipeline, so each pipeline keeps only its own rule. The first optimizer is the default.
 */
export const OPTIMIZERS_WGSL = [
  ...OPTIMIZER_DEFS.map((d) => d.wgsl),
  '// Generated from the optimizer registry (src/optimizers/wgsl.ts).',
  `fn optimizer_update${ARGS} -> f32 {`,
  '  switch OPTIMIZER {',
  ...OPTIMIZER_DEFS.map(
    (d, i) => `    case ${optimizerConstant(d.id)}${i === 0 ? ', default' : ''}: { return ${d.id}_update(x, g, m, v, k); }`,
  ),
  '  }',
  '}',
  '',
  '// Per-coordinate moments the chosen optimizer keeps (0: none, 1: m, 2: m and v).',
  'fn optimizer_moments() -> u32 {',
  '  switch OPTIMIZER {',
  ...OPTIMIZER_DEFS.map((d, i) => `    case ${optimizerConstant(d.id)}${i === 0 ? ', default' : ''}: { return ${d.moments}u; }`),
  '  }',
  '}',
].join('\n');

/** The Hyperparameters struct's values for these settings, by WGSL field, for a structured view. */
export function hyperparameterUniform(run: RunSettings): Record<string, number> {
  return Object.fromEntries(uniformHyperparameters().map((h) => [wgslField(h.key), run[h.key]]));
}
