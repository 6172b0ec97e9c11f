/** Seeded test randomness (not the engine's generator), so every failing case can be replayed. */
export { mulberry32 } from '../src/landscapes/seeded';

export function randomPoint(rand: () => number, dim: number, box: readonly [number, number]): number[] {
  return Array.from({ length: dim }, () => box[0] + (box[1] - box[0]) * rand());
}
