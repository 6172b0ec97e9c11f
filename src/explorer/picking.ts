/**
 * Where a click lands on the surface: the ray is marched against the landscape itself (its
 * TypeScript twin on the drawn slice), so no height data has to come back from the GPU.
 */
import type * as THREE from 'three/webgpu';
import { WORLD_HEIGHT, WORLD_SIZE, type ViewMapping } from '../view/ViewMapping';
import { landscapeOf, paramsArray, type ExplorerSettings } from '../settings';
import type { SlicePlane } from '../engine';

export function pickSlicePoint(
  ray: THREE.Ray,
  mapping: ViewMapping,
  s: ExplorerSettings,
  plane: SlicePlane,
): [number, number] | null {
  const landscape = landscapeOf(s);
  const params = paramsArray(s);
  const x = new Float64Array(s.dim);
  const surfaceY = (px: number, pz: number): number => {
    if (!s.showSurface) return 0;
    const [a, b] = mapping.sliceAt(px, pz);
    for (let d = 0; d < s.dim; d++) x[d] = plane.center[d] + a * plane.u[d] + b * plane.v[d];
    const f = landscape.evaluate(x, null, params, s.dim);
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
