/**
 * What analyses mark on the drawn slice: a recorded path (a line through its points at their own
 * loss, a dot at its start and end) and an inventory's critical points (minima as spheres,
 * saddles as octahedra, maxima as cones, degenerate points as cubes). Rebuilt when the marks or
 * the view's ranges change (rare), never per frame.
 */
import * as THREE from 'three/webgpu';
import type { ViewMapping } from './ViewMapping';

export type MarkKind = 'minimum' | 'saddle' | 'maximum' | 'degenerate';

export interface MarkedPoint {
  a: number;
  b: number;
  loss: number;
  kind: MarkKind;
}

export interface MarkedPath {
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  loss: ArrayLike<number>;
}

/** Markers per kind the view holds; an inventory lists far fewer. */
const MARKER_CAPACITY = 256;
const PATH_CAPACITY = 4096;
export const MARK_COLORS: Record<MarkKind, string> = { minimum: '#7fd1ff', saddle: '#ff6b6b', maximum: '#ffb454', degenerate: '#b0b0b0' };

export class SliceMarks {
  readonly group = new THREE.Group();
  private readonly pathGeometry = new THREE.BufferGeometry();
  private readonly pathLine: THREE.Line;
  private readonly ends: THREE.InstancedMesh;
  private readonly markers: Record<MarkKind, THREE.InstancedMesh>;
  private path: MarkedPath | null = null;
  private points: MarkedPoint[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly mapping: ViewMapping) {
    this.group.name = 'SliceMarks.group';
    this.pathGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3 * PATH_CAPACITY), 3));
    this.pathLine = new THREE.Line(this.pathGeometry, new THREE.LineBasicMaterial({ color: 0xffe066 }));
    this.pathLine.frustumCulled = false;
    this.ends = new THREE.InstancedMesh(new THREE.SphereGeometry(0.09, 12, 8), new THREE.MeshBasicMaterial({ color: 0xffffff }), 2);
    const shapes: Record<MarkKind, THREE.BufferGeometry> = {
      minimum: new THREE.SphereGeometry(0.12, 16, 10),
      saddle: new THREE.OctahedronGeometry(0.14),
      maximum: new THREE.ConeGeometry(0.11, 0.26, 12),
      degenerate: new THREE.BoxGeometry(0.16, 0.16, 0.16),
    };
    this.markers = Object.fromEntries(
      (Object.keys(shapes) as MarkKind[]).map((k) => {
        const mesh = new THREE.InstancedMesh(shapes[k], new THREE.MeshBasicMaterial({ color: MARK_COLORS[k] }), MARKER_CAPACITY);
        mesh.frustumCulled = false;
        mesh.name = `SliceMarks.${k}`;
        return [k, mesh];
      }),
    ) as unknown as Record<MarkKind, THREE.InstancedMesh>;
    this.ends.frustumCulled = false;
    this.group.add(this.pathLine, this.ends, ...Object.values(this.markers));
    this.unsubscribe = mapping.onChange(() => this.redraw());
    this.redraw();
  }

  /** A path to draw on the slice, or null for none. */
  setPath(path: MarkedPath | null): void {
    this.path = path;
    this.redraw();
  }

  /** Critical points to mark (those past the view's capacity are left out). */
  setPoints(points: MarkedPoint[]): void {
    this.points = points;
    this.redraw();
  }

  get markedPoints(): number {
    return this.points.length;
  }

  private redraw(): void {
    const m = new THREE.Matrix4();
    const path = this.path;
    const n = path ? Math.min(path.a.length, PATH_CAPACITY) : 0;
    const attr = this.pathGeometry.getAttribute('position') as THREE.BufferAttribute;
    for (let i = 0; i < n; i++) {
      const w = this.mapping.worldOf(path!.a[i], path!.b[i], path!.loss[i]);
      attr.setXYZ(i, w.x, w.y, w.z);
    }
    attr.needsUpdate = true;
    this.pathGeometry.setDrawRange(0, n);
    // An empty draw is a WebGPU warning: hide what has nothing to draw.
    this.pathLine.visible = n >= 2;
    this.ends.visible = n >= 2;
    if (n >= 2) {
      for (const [slot, i] of [0, n - 1].entries()) {
        this.ends.setMatrixAt(slot, m.makeTranslation(this.mapping.worldOf(path!.a[i], path!.b[i], path!.loss[i])));
      }
      this.ends.setColorAt(0, new THREE.Color(0x7dff9a));
      this.ends.setColorAt(1, new THREE.Color(0xffe066));
      this.ends.instanceMatrix.needsUpdate = true;
      if (this.ends.instanceColor) this.ends.instanceColor.needsUpdate = true;
    }
    for (const kind of Object.keys(this.markers) as MarkKind[]) {
      const mesh = this.markers[kind];
      const mine = this.points.filter((p) => p.kind === kind).slice(0, MARKER_CAPACITY);
      mine.forEach((p, i) => mesh.setMatrixAt(i, m.makeTranslation(this.mapping.worldOf(p.a, p.b, p.loss))));
      mesh.count = mine.length;
      mesh.visible = mine.length > 0;
      mesh.instanceMatrix.needsUpdate = true;
    }
  }

  destroy(): void {
    this.unsubscribe();
    this.group.removeFromParent();
    this.pathGeometry.dispose();
    (this.pathLine.material as THREE.Material).dispose();
    this.ends.geometry.dispose();
    (this.ends.material as THREE.Material).dispose();
    this.ends.dispose();
    for (const mesh of Object.values(this.markers)) {
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
      mesh.dispose();
    }
  }
}
