/**
 * Where slice coordinates (a, b) and losses land in the 3-D scene, as TSL uniforms shared by the
 * surface, the particles and the trails, plus the same mapping in TypeScript for picking and axes.
 */
import * as THREE from 'three/webgpu';
import { clamp, float, log, max, uniform, vec3 } from 'three/tsl';
import type { ShaderNode } from './tsl';
import { LOG_K, logLevel, logLevelInverse } from '../engine/logScale';

/** The surface spans WORLD_SIZE units square; heights span WORLD_HEIGHT. */
export const WORLD_SIZE = 10;
export const WORLD_HEIGHT = 4;

export class ViewMapping {
  readonly aRange = uniform(new THREE.Vector2(-5, 5));
  readonly bRange = uniform(new THREE.Vector2(-5, 5));
  readonly heightRange = uniform(new THREE.Vector2(0, 1));
  readonly logScale = uniform(0);

  private readonly listeners = new Set<() => void>();
  /** The surface's loss range as measured, [min, max] (heightRange widens an empty one). */
  private measured: [number, number] = [0, 1];

  set(a: [number, number], b: [number, number], heights: [number, number], logScale: boolean): void {
    this.aRange.value.set(a[0], a[1]);
    this.bRange.value.set(b[0], b[1]);
    this.logScale.value = logScale ? 1 : 0;
    this.setHeights(heights);
  }

  /** The surface's new loss range (read back after it was re-evaluated); listeners hear of it. */
  setHeights(heights: [number, number]): void {
    this.measured = [heights[0], heights[1]];
    const span = heights[1] - heights[0];
    this.heightRange.value.set(heights[0], span > 0 ? heights[1] : heights[0] + 1);
    this.listeners.forEach((l) => l());
  }

  get heights(): [number, number] {
    return [...this.measured];
  }

  /** Called whenever the mapping changes (axes, colour bar); returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loss to [0, 1] over the surface's range (log-compressed when asked). */
  level(loss: ShaderNode): ShaderNode {
    const lo = this.heightRange.x;
    const hi = this.heightRange.y;
    const t = loss.sub(lo).div(max(hi.sub(lo), float(1e-30)));
    const logT = log(float(1).add(max(t, float(0)).mul(LOG_K))).div(Math.log(1 + LOG_K));
    return this.logScale.greaterThan(0.5).select(logT, t);
  }

  /** (a, b, loss) to a world position: x along a, -z along b, y up with the level. */
  world(a: ShaderNode, b: ShaderNode, loss: ShaderNode): ShaderNode {
    const u = a.sub(this.aRange.x).div(this.aRange.y.sub(this.aRange.x));
    const v = b.sub(this.bRange.x).div(this.bRange.y.sub(this.bRange.x));
    const y = clamp(this.level(loss), float(-0.25), float(1.5)).mul(WORLD_HEIGHT);
    return vec3(u.sub(0.5).mul(WORLD_SIZE), y, v.sub(0.5).mul(-WORLD_SIZE));
  }

  /** Whether slice point (a, b) lies inside the view box (things outside it are not drawn). */
  inView(a: ShaderNode, b: ShaderNode): ShaderNode {
    return a
      .greaterThanEqual(this.aRange.x)
      .and(a.lessThanEqual(this.aRange.y))
      .and(b.greaterThanEqual(this.bRange.x))
      .and(b.lessThanEqual(this.bRange.y));
  }

  /** The TypeScript twin of `level`, for axis labels and the colour bar. */
  levelOf(loss: number): number {
    const [lo, hi] = [this.heightRange.value.x, this.heightRange.value.y];
    const t = (loss - lo) / Math.max(hi - lo, 1e-30);
    return this.logScale.value > 0.5 ? logLevel(t) : t;
  }

  /** The inverse of `levelOf`: which loss sits at level t. */
  lossAt(t: number): number {
    const [lo, hi] = [this.heightRange.value.x, this.heightRange.value.y];
    const u = this.logScale.value > 0.5 ? logLevelInverse(t) : t;
    return lo + u * (hi - lo);
  }

  /** World x, z to slice coordinates. */
  sliceAt(x: number, z: number): [number, number] {
    const [a0, a1] = [this.aRange.value.x, this.aRange.value.y];
    const [b0, b1] = [this.bRange.value.x, this.bRange.value.y];
    return [a0 + (x / WORLD_SIZE + 0.5) * (a1 - a0), b0 + (-z / WORLD_SIZE + 0.5) * (b1 - b0)];
  }

  worldOf(a: number, b: number, loss: number): THREE.Vector3 {
    const [a0, a1] = [this.aRange.value.x, this.aRange.value.y];
    const [b0, b1] = [this.bRange.value.x, this.bRange.value.y];
    const y = Math.min(Math.max(this.levelOf(loss), -0.25), 1.5) * WORLD_HEIGHT;
    return new THREE.Vector3(((a - a0) / (a1 - a0) - 0.5) * WORLD_SIZE, y, -((b - b0) / (b1 - b0) - 0.5) * WORLD_SIZE);
  }
}
