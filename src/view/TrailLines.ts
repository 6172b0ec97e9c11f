/**
 * The last K positions of the first M particles as fading line segments, read from the ring
 * of trail slots the projection kernel appends to.
 */
import * as THREE from 'three/webgpu';
import { float, floor, mod, storage, uint, uniform, varying, vec3, vertexIndex } from 'three/tsl';
import { PARTICLE_STATUS, STATUS_STRIDE } from './particleStatus';
import type { ViewMapping } from './ViewMapping';
import type { ShaderNode } from './tsl';

const LIFT = 0.03;

export class TrailLines {
  readonly lines: THREE.LineSegments;
  readonly points: THREE.StorageBufferAttribute;
  readonly head = uniform(0);
  readonly filled = uniform(0);
  private readonly material: THREE.LineBasicNodeMaterial;

  constructor(readonly count: number, readonly length: number, mapping: ViewMapping) {
    // No trails still needs a buffer to bind (zero-sized ones are invalid): one particle's, never drawn.
    const M = Math.max(1, count);
    const K = length;
    this.points = new THREE.StorageBufferAttribute(new Float32Array(M * K * 4), 4);
    const trail = storage(this.points, 'vec4', M * K).toReadOnly();
    const segment = vertexIndex.div(2);
    const end = vertexIndex.mod(2);
    const particle = segment.mod(M);
    const age = segment.div(M);
    // Slot `back` steps behind the head; a segment joins slots age and age + 1.
    const slotAt = (back: ShaderNode): ShaderNode => uint(mod(float(this.head).sub(float(back)).add(K * 4), K));
    const newer: ShaderNode = trail.element(slotAt(age).mul(M).add(particle));
    const older: ShaderNode = trail.element(slotAt(age.add(1)).mul(M).add(particle));
    const live = (q: ShaderNode) => mod(floor(q.w), STATUS_STRIDE).sub(PARTICLE_STATUS.diverged).abs().greaterThan(0.5).and(mapping.inView(q.x, q.y));
    // The whole segment or nothing: a half-valid one would streak to wherever its bad end lies.
    const valid = float(age.add(1)).lessThan(this.filled).and(live(newer)).and(live(older));
    const p: ShaderNode = end.equal(0).select(newer, older);
    const material = new THREE.LineBasicNodeMaterial({ transparent: true, depthWrite: false });
    material.positionNode = valid.select(mapping.world(p.x, p.y, p.z).add(vec3(0, LIFT, 0)), vec3(0, -1e4, 0));
    const fade = float(1).sub(float(age).div(K));
    material.colorNode = vec3(1, 1, 1);
    material.opacityNode = varying(valid.select(fade.mul(0.85), float(0)), 'vTrailOpacity');
    this.material = material;

    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(M * (K - 1) * 2 * 3), 3));
    this.lines = new THREE.LineSegments(geometry, material);
    this.lines.frustumCulled = false;
    this.lines.name = 'TrailLines.lines';
  }

  /** Frees the geometry, the material and the trail buffer (a storage attribute outside any geometry). */
  destroy(): void {
    this.lines.geometry.dispose();
    this.material.dispose();
    this.points.dispose();
  }
}
