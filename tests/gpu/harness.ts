/** Evaluating a landscape's WGSL at chosen points, through the engine itself. */
import { defaultParams, type BatchKey, type Landscape } from '../../src/landscapes';
import { withGpu } from './device';

export interface GpuEvaluation {
  loss: Float32Array;
  /** Particle-major gradients. */
  grad: Float32Array;
  /** The points as the GPU holds them (rounded to f32). */
  points: Float32Array;
  /** The minibatch each point's evaluation drew (landscapes with data sets): pass it to the twin. */
  batch(p: number): BatchKey;
}

/** The run seed of every harness evaluation (it keys the minibatches). */
export const HARNESS_SEED = 1;

export function evaluateOnGpu(
  landscape: Landscape,
  dim: number,
  points: number[][],
  params = defaultParams(landscape),
): Promise<GpuEvaluation> {
  const count = points.length;
  return withGpu(async (gpu) => {
    const sim = await gpu.simulation({
      landscape,
      dim,
      params,
      count,
      seed: HARNESS_SEED,
      init: { kind: 'points', points },
      run: { convergeTol: 0 },
    });
    const snap = await sim.particles();
    const coordMajor = new Float32Array(await gpu.read(sim.engine.grad));
    const grad = new Float32Array(count * dim);
    for (let d = 0; d < dim; d++) for (let p = 0; p < count; p++) grad[p * dim + d] = coordMajor[d * count + p];
    // Placement evaluates each particle at age 0.
    return { loss: snap.loss, grad, points: snap.positions, batch: (p: number) => ({ seed: HARNESS_SEED, particle: p, step: 0 }) };
  });
}

/** Largest |a - b| / (1 + |b|) over arrays. */
export function maxScaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return worst;
}
