/**
 * Between the screen and the drawn slice. Where a click lands on the surface: the ray is marched
 * against the landscape itself (its TypeScript twin on the drawn slice), so no height data has
 * to come back from the GPU; and where a slice point appears on screen.
 */
import type * as THREE from 'three/webgpu';
import type { SceneView } from '../view/SceneView';
import { WORLD_HEIGHT, WORLD_SIZE, type ViewMapping } from '../view/ViewMapping';
import { landscapeOf, paramsArray, type ExplorerSettings } from '../settings';
import type { SlicePlane } from '../engine';

/** The point center + a u + b v of the slice, in the landscape's D coordinates. */
export function pointOnPlane(plane: SlicePlane, a: number, b: number): number[] {
  return Array.from(plane.center, (c, d) => c + a * plane.u[d] + b * plane.v[d]);
}

/** Where slice point (a, b) appears on screen (client pixels), on the surface as drawn now. */
export function screenOfSlicePoint(
  view: SceneView,
  mapping: ViewMapping,
  s: ExplorerSettings,
  plane: SlicePlane,
  a: number,
  b: number,
): { x: number; y: number } {
  const loss = s.showSurface ? landscapeOf(s).evaluate(pointOnPlane(plane, a, b), null, paramsArray(s), s.dim) : mapping.heights[0];
  return view.screenOf(mapping.worldOf(a, b, loss));
}

export function pickSlicePoint(
  ray: THREE.Ray,
  mapping: ViewMapping,
  s: ExplorerSettings,
  plane: SlicePlane,
): [number, number] | null {
  const landscape = landscapeOf(s);
  const params = paramsArray(s);
  const surfaceY = (px: number, pz: number): number => {
    if (!s.showSurface) return 0;
    const [a, b] = mapping.sliceAt(px, pz);
    const f = landscape.evaluate(pointOnPlane(plane, a, b), null, params, s.dim);
    const t = Number.isFinite(f) ? mapping.levelOf(f) : 0;
    return Math.min(Math.max(t, -0.25), 1.5) * WORLD_HEIGHT;
  };
  const half = WORLD_SIZE / 2;
  const inside = (px: number, pz: number) => Math.abs(px) <= half && Math.abs(pz) <= half;
  const at = (t: number) => ray.origin.clone().addScaledVector(ray.direction, t);
  const far = ray.origin.length() + 4 * WORLD_SIZE;
  const steps = 800;
  let prevT = 0;
  let prevAbove = true;
  for (let i = 0; i <= steps; i++) {
    const t = (far * i) / steps;
    const p = at(t);
    const above = !inside(p.x, p.z) || p.y > surfaceY(p.x, p.z);
    if (!above && prevAbove && i > 0) {
      // Bisection between the last point above and the first below.
      let lo = prevT;
      let hi = t;
      for (let k = 0; k < 30; k++) {
        const mid = (lo + hi) / 2;
        const q = at(mid);
        if (!inside(q.x, q.z) || q.y > surfaceY(q.x, q.z)) lo = mid;
        else hi = mid;
      }
      const q = at(hi);
      return mapping.sliceAt(q.x, q.z);
    }
    prevAbove = above;
    prevT = t;
  }
  return null;
}
