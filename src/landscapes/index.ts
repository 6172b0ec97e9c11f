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

export type { BatchKey, Landscape, LandscapeMinimum, LandscapeParam, LandscapeData, ParameterBlock } from './types';
export { defaultParams, clampDim } from './types';
export { MAX_DIM } from './separable';

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
];

export function landscapeById(id: string): Landscape {
  const found = LANDSCAPES.find((l) => l.id === id);
  if (!found) {
    throw new Error(`Unknown landscape "${id}". Known: ${LANDSCAPES.map((l) => l.id).join(', ')}.`);
  }
  return found;
}
