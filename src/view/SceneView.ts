/**
 * The three.js side: a WebGPURenderer on the engine's own GPUDevice, a perspective orbit camera
 * and a top-down orthographic one, and a CSS layer for axis labels.
 */
import * as THREE from 'three/webgpu';
import { uniform } from 'three/tsl';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { CSS2DRenderer } from 'three/addons/renderers/CSS2DRenderer.js';
import { WORLD_HEIGHT, WORLD_SIZE } from './ViewMapping';

export type CameraMode = '3d' | 'top';

export class SceneView {
  readonly renderer: THREE.WebGPURenderer;
  readonly scene = new THREE.Scene();
  readonly perspective: THREE.PerspectiveCamera;
  readonly orthographic: THREE.OrthographicCamera;
  readonly labels = new CSS2DRenderer();
  private readonly controls3d: OrbitControls;
  private readonly controlsTop: OrbitControls;
  private mode: CameraMode = '3d';
  /** Pixels covered by panels on the left and right: the scene centres itself between them. */
  private safe = { left: 0, right: 0 };
  /**
   * Sprite scale that gives the same on-screen size in both cameras (sprites ignore distance in
   * the perspective camera; the orthographic one measures them in world units). The view keeps it
   * current as the camera or the canvas changes; sprite materials read it.
   */
  readonly spriteScale = uniform(1);

  private constructor(readonly container: HTMLElement, device: GPUDevice, antialias: boolean) {
    this.renderer = new THREE.WebGPURenderer({ device, antialias, alpha: false } as THREE.WebGPURendererParameters);
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(new THREE.Color('#14161c'));
    this.renderer.domElement.classList.add('scene-canvas');
    // The page restarts on a new device when this one is lost (main.ts) and says so: three need not log it too.
    this.renderer.onDeviceLost = () => undefined;
    container.appendChild(this.renderer.domElement);
    this.labels.domElement.classList.add('scene-labels');
    container.appendChild(this.labels.domElement);

    this.perspective = new THREE.PerspectiveCamera(40, 1, 0.1, 500);
    this.perspective.position.set(11, 12.5, 16);
    this.orthographic = new THREE.OrthographicCamera(-1, 1, 1, -1, 0.1, 500);
    this.orthographic.position.set(0, 40, 0);
    this.orthographic.up.set(0, 0, -1);
    this.orthographic.lookAt(0, 0, 0);

    const target = new THREE.Vector3(0, WORLD_HEIGHT * 0.2, 0);
    this.controls3d = new OrbitControls(this.perspective, this.labels.domElement);
    this.controls3d.target.copy(target);
    this.controls3d.enableDamping = true;
    this.controls3d.autoRotateSpeed = 0.6;
    this.controlsTop = new OrbitControls(this.orthographic, this.labels.domElement);
    this.controlsTop.enableRotate = false;
    this.controlsTop.screenSpacePanning = true;
    this.controlsTop.enabled = false;
    this.resize();
  }

  /** `antialias`: 4x multisampling; worth its cost on a GPU, a third of the frame in software. */
  static async create(container: HTMLElement, device: GPUDevice, antialias = true): Promise<SceneView> {
    const view = new SceneView(container, device, antialias);
    await view.renderer.init();
    const backendDevice = (view.renderer.backend as unknown as { device?: GPUDevice }).device;
    if (backendDevice !== device) {
      throw new Error('three.js did not take the engine GPUDevice: particles could not be drawn where they are computed.');
    }
    return view;
  }

  get camera(): THREE.Camera {
    return this.mode === '3d' ? this.perspective : this.orthographic;
  }

  get cameraMode(): CameraMode {
    return this.mode;
  }

  setCameraMode(mode: CameraMode): void {
    this.mode = mode;
    this.controls3d.enabled = mode === '3d';
    this.controlsTop.enabled = mode === 'top';
    this.updateSpriteScale();
  }

  set autoRotate(on: boolean) {
    this.controls3d.autoRotate = on;
  }

  /** Keeps the surface in the part of the canvas that panels leave free. */
  setSafeArea(left: number, right: number, refit = false): void {
    this.safe = { left, right };
    if (refit) {
      // Pull the camera back so the surface fits the free width.
      const w = Math.max(1, this.container.clientWidth);
      const free = Math.max(w - left - right, w * 0.4);
      const scale = Math.min(Math.max(Math.sqrt(w / free) * 0.85, 1), 1.6);
      this.perspective.position.set(11, 12.5, 16).multiplyScalar(scale);
    }
    this.resize();
  }

  resize(): void {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, false);
    this.labels.setSize(w, h);
    this.perspective.aspect = w / h;
    // Top-down: the whole square plus a margin for labels inside the free width.
    const free = Math.max(w - this.safe.left - this.safe.right, w * 0.4);
    const unitsPerPixel = Math.max((WORLD_SIZE * 1.3) / free, (WORLD_SIZE * 1.3) / h);
    Object.assign(this.orthographic, {
      left: (-w / 2) * unitsPerPixel,
      right: (w / 2) * unitsPerPixel,
      top: (h / 2) * unitsPerPixel,
      bottom: (-h / 2) * unitsPerPixel,
    });
    // Shift both projections so the scene's centre sits mid-way between the panels.
    const dx = (this.safe.left - this.safe.right) / 2;
    for (const camera of [this.perspective, this.orthographic]) {
      if (dx) camera.setViewOffset(w, h, -dx, 0, w, h);
      else camera.clearViewOffset();
      camera.updateProjectionMatrix();
    }
    this.updateSpriteScale();
  }

  private updateSpriteScale(): void {
    const o = this.orthographic;
    this.spriteScale.value = this.mode === '3d' ? 1 : (o.top - o.bottom) / 2 / Math.tan(THREE.MathUtils.degToRad(this.perspective.fov / 2));
  }

  /** Client pixel coordinates of a world point, as drawn now. */
  screenOf(world: THREE.Vector3): { x: number; y: number } {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = world.clone().project(this.camera);
    return { x: rect.left + ((ndc.x + 1) / 2) * rect.width, y: rect.top + ((1 - ndc.y) / 2) * rect.height };
  }

  render(): void {
    (this.mode === '3d' ? this.controls3d : this.controlsTop).update();
    this.renderer.render(this.scene, this.camera);
    this.labels.render(this.scene, this.camera);
  }

  /** A PNG of the canvas as it was just drawn. */
  screenshot(): string {
    this.render();
    return this.renderer.domElement.toDataURL('image/png');
  }

  /** The ray from the camera through a pixel of the canvas. */
  rayAt(clientX: number, clientY: number): THREE.Ray {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const caster = new THREE.Raycaster();
    caster.setFromCamera(ndc, this.camera);
    return caster.ray;
  }

  destroy(): void {
    this.controls3d.dispose();
    this.controlsTop.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
    this.labels.domElement.remove();
  }
}
