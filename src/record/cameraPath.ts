/**
 * Where a recording's camera stands at each moment: still, orbiting the target about the vertical
 * axis, or moving along a smooth path through keyframes spread evenly over the recording.
 * Plain arithmetic on poses, so a recording's camera is the same on every machine.
 */
import type { CameraPose } from '../view/SceneView';

export type CameraMotion = 'still' | 'orbit' | 'path';

type Triple = [number, number, number];

/** The pose at `turn` degrees about the vertical axis through the target (positive: counter-clockwise seen from above). */
export function orbitPose(start: CameraPose, turn: number): CameraPose {
  const r = (turn * Math.PI) / 180;
  const [c, s] = [Math.cos(r), Math.sin(r)];
  const spin = ([x, y, z]: Triple): Triple => [c * x + s * z, y, -s * x + c * z];
  const [tx, ty, tz] = start.target;
  const [ox, oy, oz] = spin([start.position[0] - tx, start.position[1] - ty, start.position[2] - tz]);
  // Top-down the camera sits on the axis: turning its up direction is what turns the view.
  return { position: [tx + ox, ty + oy, tz + oz], target: [...start.target], up: spin(start.up), zoom: start.zoom };
}

/** Catmull-Rom through p1 and p2 at u in [0, 1], with neighbours p0 and p3. */
function catmullRom(p0: number, p1: number, p2: number, p3: number, u: number): number {
  const u2 = u * u;
  const u3 = u2 * u;
  return 0.5 * (2 * p1 + (p2 - p0) * u + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u2 + (3 * p1 - p0 - 3 * p2 + p3) * u3);
}

function spline(a: Triple, b: Triple, c: Triple, d: Triple, u: number): Triple {
  return [0, 1, 2].map((i) => catmullRom(a[i], b[i], c[i], d[i], u)) as Triple;
}

/**
 * The pose at fraction t in [0, 1] of a path through `keys` (at least one), which it passes at
 * t = 0, 1/(n−1), …, 1: a Catmull-Rom spline, its ends clamped, with smooth tangents. The up
 * direction is renormalised; zoom moves geometrically, so equal times zoom by equal factors.
 */
export function pathPose(keys: readonly CameraPose[], t: number): CameraPose {
  if (keys.length === 0) throw new RangeError('A camera path needs at least one keyframe.');
  if (keys.length === 1) return structuredClone(keys[0]);
  const x = Math.min(Math.max(t, 0), 1) * (keys.length - 1);
  const i = Math.min(Math.floor(x), keys.length - 2);
  const u = x - i;
  const k = (j: number) => keys[Math.min(Math.max(j, 0), keys.length - 1)];
  const [p0, p1, p2, p3] = [k(i - 1), k(i), k(i + 1), k(i + 2)];
  const up = spline(p0.up, p1.up, p2.up, p3.up, u);
  const norm = Math.hypot(...up);
  return {
    position: spline(p0.position, p1.position, p2.position, p3.position, u),
    target: spline(p0.target, p1.target, p2.target, p3.target, u),
    up: norm > 1e-9 ? (up.map((v) => v / norm) as Triple) : [...p1.up],
    zoom: Math.exp(catmullRom(Math.log(p0.zoom), Math.log(p1.zoom), Math.log(p2.zoom), Math.log(p3.zoom), u)),
  };
}

export interface CameraPlan {
  motion: CameraMotion;
  /** Degrees per second about the vertical axis ('orbit'). */
  orbitSpeed: number;
  /** Keyframes ('path'). */
  keyframes: readonly CameraPose[];
}

/** The pose for frame `frame` of `frames` at `fps`, starting from `start` (the view when recording began). */
export function poseAt(plan: CameraPlan, start: CameraPose, frame: number, frames: number, fps: number): CameraPose {
  switch (plan.motion) {
    case 'orbit':
      return orbitPose(start, (plan.orbitSpeed * frame) / fps);
    case 'path':
      return pathPose(plan.keyframes, frames > 1 ? frame / (frames - 1) : 0);
    default:
      return start;
  }
}
