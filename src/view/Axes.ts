/**
 * The frame around the surface: a base outline with ticks along a and b, a vertical loss axis,
 * all labelled in the landscape's own units so a screenshot reads on its own.
 */
import * as THREE from 'three/webgpu';
import { CSS2DObject } from 'three/addons/renderers/CSS2DRenderer.js';
import { WORLD_HEIGHT, WORLD_SIZE, type ViewMapping } from './ViewMapping';
import { formatNumber, niceTicks } from './ticks';

const TICK = 0.18;

export class Axes {
  readonly group = new THREE.Group();
  private readonly material = new THREE.LineBasicMaterial({ color: 0x9aa3b5 });
  private geometry = new THREE.BufferGeometry();
  private readonly lines: THREE.LineSegments;

  constructor() {
    this.geometry.setAttribute('position', new THREE.Float32BufferAttribute([], 3));
    this.lines = new THREE.LineSegments(this.geometry, this.material);
    this.lines.frustumCulled = false;
    // Nothing to draw until the first update (an empty draw is a WebGPU warning).
    this.lines.visible = false;
    this.group.add(this.lines);
    this.group.name = 'Axes.group';
  }

  /** Rebuilds ticks and labels for the current ranges (rare: when the view or surface changes). */
  update(mapping: ViewMapping, names: { a: string; b: string; loss: string }, showHeight: boolean): void {
    for (const child of [...this.group.children]) {
      if (child instanceof CSS2DObject) {
        child.element.remove();
        this.group.remove(child);
      }
    }
    const s = WORLD_SIZE / 2;
    const pts: number[] = [];
    const seg = (a: THREE.Vector3, b: THREE.Vector3) => pts.push(a.x, a.y, a.z, b.x, b.y, b.z);
    const v = (x: number, y: number, z: number) => new THREE.Vector3(x, y, z);
    seg(v(-s, 0, s), v(s, 0, s));
    seg(v(s, 0, s), v(s, 0, -s));
    seg(v(s, 0, -s), v(-s, 0, -s));
    seg(v(-s, 0, -s), v(-s, 0, s));

    const [a0, a1] = [mapping.aRange.value.x, mapping.aRange.value.y];
    const [b0, b1] = [mapping.bRange.value.x, mapping.bRange.value.y];
    for (const a of niceTicks(a0, a1, 6)) {
      const x = ((a - a0) / (a1 - a0) - 0.5) * WORLD_SIZE;
      seg(v(x, 0, s), v(x, 0, s + TICK));
      this.label(formatNumber(a), v(x, 0, s + TICK * 3), 'tick');
    }
    for (const b of niceTicks(b0, b1, 6)) {
      const z = -((b - b0) / (b1 - b0) - 0.5) * WORLD_SIZE;
      seg(v(-s, 0, z), v(-s - TICK, 0, z));
      this.label(formatNumber(b), v(-s - TICK * 4, 0, z), 'tick');
    }
    this.label(names.a, v(0, 0, s + TICK * 7), 'title');
    this.label(names.b, v(-s - TICK * 7, 0, 0), 'title');

    if (showHeight) {
      // At the front-left corner, clear of the surface from the default camera.
      seg(v(-s, 0, s), v(-s, WORLD_HEIGHT, s));
      for (let i = 0; i <= 4; i++) {
        const t = i / 4;
        const y = t * WORLD_HEIGHT;
        seg(v(-s, y, s), v(-s - TICK, y, s));
        this.label(formatNumber(mapping.lossAt(t)), v(-s - TICK * 4, y, s), 'tick');
      }
      this.label(names.loss, v(-s, WORLD_HEIGHT + 0.5, s), 'title');
    }
    this.geometry.dispose();
    this.geometry = new THREE.BufferGeometry();
    this.geometry.setAttribute('position', new THREE.Float32BufferAttribute(pts, 3));
    this.lines.geometry = this.geometry;
    this.lines.visible = true;
  }

  private label(text: string, at: THREE.Vector3, kind: 'tick' | 'title'): void {
    const el = document.createElement('div');
    el.className = `axis-label axis-${kind}`;
    el.textContent = text;
    const obj = new CSS2DObject(el);
    obj.position.copy(at);
    this.group.add(obj);
  }

  destroy(): void {
    this.update = () => {};
    for (const child of [...this.group.children]) if (child instanceof CSS2DObject) child.element.remove();
    this.geometry.dispose();
    this.material.dispose();
  }
}
