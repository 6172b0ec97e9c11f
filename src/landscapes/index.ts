import type { Landscape } from './types';
import { quadratic, rastrigin, styblinskiTang, strictSaddle } from './separable';
import { rosenbrock, ackley } from './coupled';
import { himmelblau, beale, sixHumpCamel, monkeySaddle } from './planar';
import { spectrumQuadratic, randomFourier } from './random';
import { teacherStudent } from './teacherStudent';
import { mlp } from './mlp';
import { deepLinear } from './deepLinear';
import { teacherStudentSample } from './teacherStudentSample';
import { scalarFactorization } from './factorization';
import { typedLandscape } from './typed';

export type { BatchKey, Landscape, LandscapeMinimum, LandscapeParam, LandscapeData, ParameterBlock } from './types';
export { defaultParams, clampDim } from './types';
export { MAX_DIM } from './separable';

/** The text a typed function starts with: an egg crate in a bowl, many minima of different depths. */
export const DEFAULT_TYPED_FUNCTION = 'sin(3 x) cos(3 y) + 0.1 (x^2 + y^2)';

/** Every built-in landscape, in the order the panel lists them. */
export const LANDSCAPES: readonly Landscape[] = [
  himmelblau,
  rastrigin,
  rosenbrock,
  quadratic,
  ackley,
  styblinskiTang,
  strictSaddle,
  spectrumQuadratic,
  randomFourier,
  beale,
  sixHumpCamel,
  monkeySaddle,
  scalarFactorization,
  teacherStudent,
  teacherStudentSample,
  deepLinear,
  mlp,
  // The typed function's registry entry is the default text; a setup's own text is resolved per settings (settings/resolve.ts).
  typedLandscape(DEFAULT_TYPED_FUNCTION),
];

export function landscapeById(id: string): Landscape {
  const found = LANDSCAPES.find((l) => l.id === id);
  if (!found) {
    throw new Error(`Unknown landscape "${id}". Known: ${LANDSCAPES.map((l) => l.id).join(', ')}.`);
  }
  return found;
}
