/**
 * The landscape drawn from the engine's height grid: positions, normals, colour map and contour
 * lines are all computed in the shaders from one storage buffer of G x G heights.
 */
import * as THREE from 'three/webgpu';
import {
  abs, clamp, cross, dFdx, dFdy, dot, float, fract, Fn, fwidth, max, mix, normalize, positionWorld, smoothstep,
  storage, texture, uniform, varying, vec2, vec3, vertexIndex,
} from 'three/tsl';
import type { ViewMapping } from './ViewMapping';
import type { ShaderNode } from './tsl';

export class SurfaceMesh {
  readonly mesh: THREE.Mesh;
  readonly heights: THREE.StorageBufferAttribute;
  readonly contourCount = uniform(12);
  readonly contourStrength = uniform(0.55);
  private readonly material: THREE.MeshBasicNodeMaterial;

  constructor(readonly grid: number, mapping: ViewMapping, colormap: THREE.DataTexture) {
    const G = grid;
    this.heights = new THREE.StorageBufferAttribute(new Float32Array(G * G), 1);
    const h = storage(this.heights, 'float', G * G).toReadOnly();
    const heightAt = (i: ShaderNode, j: ShaderNode): ShaderNode => h.element(j.mul(G).add(i));
    const pointAt = (i: ShaderNode, j: ShaderNode): ShaderNode => {
      const a = mix(mapping.aRange.x, mapping.aRange.y, float(i).div(G - 1));
      const b = mix(mapping.bRange.x, mapping.bRange.y, float(j).div(G - 1));
      return mapping.world(a, b, heightAt(i, j));
    };
    const i: ShaderNode = vertexIndex.mod(G);
    const j: ShaderNode = vertexIndex.div(G);
    const position = pointAt(i, j);
    // Normals from screen-space derivatives of the world position: one height read per vertex
    // instead of five, and exact for the triangles as drawn.
    const rawNormal = normalize(cross(dFdx(positionWorld), dFdy(positionWorld)));
    const normal: ShaderNode = rawNormal.mul(rawNormal.y.sign().add(0.5).sign());
    const level: ShaderNode = varying(mapping.level(heightAt(i, j)), 'vSurfaceLevel');

    const material = new THREE.MeshBasicNodeMaterial({ side: THREE.DoubleSide });
    material.positionNode = position;
    material.colorNode = Fn(() => {
      const t = clamp(level, float(0), float(1));
      const base = texture(colormap, vec2(t, 0.5)).rgb;
      const light = normalize(vec3(0.35, 1, 0.45));
      const shade = float(0.6).add(max(dot(normal, light), float(0)).mul(0.4));
      const v = level.mul(this.contourCount);
      const distance = abs(fract(v.add(0.5)).sub(0.5));
      const line = float(1).sub(smoothstep(float(0), fwidth(v).mul(1.2), distance));
      return mix(base.mul(shade), vec3(0.04, 0.04, 0.06), line.mul(this.contourStrength));
    })();
    this.material = material;

    const geometry = new THREE.PlaneGeometry(1, 1, G - 1, G - 1);
    this.mesh = new THREE.Mesh(geometry, material);
    this.mesh.frustumCulled = false;
    this.mesh.name = 'SurfaceMesh.mesh';
  }

  set wireframe(on: boolean) {
    this.material.wireframe = on;
  }

  set contours(on: boolean) {
    this.contourStrength.value = on ? 0.55 : 0;
  }

  /** Frees the geometry, the material and the heights buffer (a storage attribute outside any geometry). */
  destroy(): void {
    this.mesh.geometry.dispose();
    this.material.dispose();
    this.heights.dispose();
  }
}
