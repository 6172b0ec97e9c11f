/**
 * Particles as sprites drawn straight from the projection buffer the engine writes: one vec4
 * (a, b, loss, status word) each, no CPU copy.
 */
import * as THREE from 'three/webgpu';
import { clamp, Discard, float, floor, Fn, instanceIndex, length, mod, smoothstep, storage, texture, uniform, uv, vec2, vec3, If } from 'three/tsl';
import type { ViewMapping } from './ViewMapping';
import type { ShaderNode } from './tsl';
import { BASIN_COLORS } from './colormaps';
import { PARTICLE_STATUS, STATUS_STRIDE } from './particleStatus';

/** Lifts sprites a little so they sit on the surface rather than in it. */
const LIFT = 0.04;

// Okabe and Ito's bluish green and vermillion: told apart with every common colour-vision deficiency.
const SUCCESS = vec3(0 / 255, 158 / 255, 115 / 255);
const STUCK = vec3(213 / 255, 94 / 255, 0 / 255);

export class ParticleCloud {
  readonly sprite: THREE.Sprite;
  readonly render: THREE.StorageInstancedBufferAttribute;
  readonly pointSize = uniform(0.007);
  /** Multiplies the point size so it looks the same in the orthographic camera. */
  /** 0 plain white, 1 by loss, 2 by the nearest known minimum, 3 by outcome. */
  readonly colorMode = uniform(2);
  readonly hideDiverged = uniform(1);
  private readonly material: THREE.SpriteNodeMaterial;
  private readonly palette: THREE.DataTexture;

  /** `spriteScale`: the view's, which keeps sprites the same size on screen in either camera. */
  constructor(readonly count: number, mapping: ViewMapping, colormap: THREE.DataTexture, spriteScale: ShaderNode) {
    this.render = new THREE.StorageInstancedBufferAttribute(count, 4);
    const r: ShaderNode = storage(this.render, 'vec4', count).toReadOnly().element(instanceIndex);
    const code = floor(r.w);
    const status = mod(code, STATUS_STRIDE);
    const basin = floor(code.div(STATUS_STRIDE));
    // Particles far from the drawn plane (D > 2) are drawn smaller: their distance is in the fraction.
    const farness = r.w.sub(code);
    const is = (code: number) => status.sub(code).abs().lessThan(0.5);
    const diverged = is(PARTICLE_STATUS.diverged);
    this.palette = basinPalette();

    const material = new THREE.SpriteNodeMaterial({ transparent: false, depthWrite: true });
    material.sizeAttenuation = false;
    material.positionNode = mapping.world(r.x, r.y, r.z).add(vec3(0, LIFT, 0));
    const hidden = diverged.and(this.hideDiverged.greaterThan(0.5)).or(mapping.inView(r.x, r.y).not());
    material.scaleNode = hidden.select(float(0), this.pointSize.mul(spriteScale).mul(float(1).sub(farness.mul(0.6))));
    material.colorNode = Fn(() => {
      const d = length(uv().sub(0.5));
      If(d.greaterThan(0.5), () => {
        Discard();
      });
      const byLoss = texture(colormap, vec2(clamp(mapping.level(r.z), float(0), float(1)), 0.5)).rgb;
      const byBasin = texture(this.palette, vec2(basin.sub(1).add(0.5).div(BASIN_COLORS.length), 0.5)).rgb;
      const plain = vec3(0.97, 0.97, 0.97);
      // By minimum: particles of landscapes with no known minimum stay plain.
      const byMinimum = basin.greaterThan(0.5).select(byBasin, plain);
      // By outcome: reached the success loss, stuck (|∇f| below the tolerance, loss above it), still moving.
      const byOutcome = is(PARTICLE_STATUS.success).select(SUCCESS, is(PARTICLE_STATUS.converged).select(STUCK, vec3(0.6, 0.6, 0.6)));
      const fill = this.colorMode.greaterThan(2.5).select(
        byOutcome,
        this.colorMode.greaterThan(1.5).select(byMinimum, this.colorMode.greaterThan(0.5).select(byLoss, plain)),
      );
      const body = diverged.select(vec3(0.9, 0.1, 0.1), fill);
      // A dark rim keeps particles visible on a surface of their own colour.
      const rim = smoothstep(float(0.38), float(0.46), d);
      return body.mul(float(1).sub(rim.mul(0.85)));
    })();
    this.material = material;
    this.sprite = new THREE.Sprite(material);
    this.sprite.count = count;
    this.sprite.frustumCulled = false;
    this.sprite.name = 'ParticleCloud.sprite';
  }

  /** Frees the material, the palette and the render buffer (three keeps a storage attribute's buffer until it is disposed). */
  destroy(): void {
    this.material.dispose();
    this.palette.dispose();
    this.render.dispose();
  }
}

function basinPalette(): THREE.DataTexture {
  const data = new Uint8Array(BASIN_COLORS.length * 4);
  BASIN_COLORS.forEach((hex, i) => {
    const v = parseInt(hex.slice(1), 16);
    data.set([v >> 16, (v >> 8) & 255, v & 255, 255], i * 4);
  });
  const t = new THREE.DataTexture(data, BASIN_COLORS.length, 1, THREE.RGBAFormat);
  t.colorSpace = THREE.SRGBColorSpace;
  t.wrapS = THREE.RepeatWrapping;
  t.needsUpdate = true;
  return t;
}
