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

type Triple = [number, number, number];

/** Where the active camera stands: its position, the point it looks at, its up direction and zoom. */
export interface CameraPose {
  position: Triple;
  target: Triple;
  up: Triple;
  zoom: number;
}

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
  /** A fixed drawing size in pixels (a recording's), kept through window resizes until released. */
  private heldSize: { width: number; height: number; safe: { left: number; right: number } } | null = null;
  private readonly pixelRatio = Math.min(window.devicePixelRatio, 2);
  /**
   * Sprite scale that gives the same on-screen size in both cameras (sprites ignore distance in
   * the perspective camera; the orthographic one measures them in world units). The view keeps it
   * current as the camera or the canvas changes; sprite materials read it.
   */
  readonly spriteScale = uniform(1);

  private constructor(readonly container: HTMLElement, device: GPUDevice, antialias: boolean) {
    this.renderer = new THREE.WebGPURenderer({ device, antialias, alpha: false } as THREE.WebGPURendererParameters);
    this.renderer.setPixelRatio(this.pixelRatio);
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
    // While a recording holds the size, drags do not move its camera.
    this.controls3d.enabled = mode === '3d' && !this.heldSize;
    this.controlsTop.enabled = mode === 'top' && !this.heldSize;
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
    const held = this.heldSize;
    const w = held?.width ?? Math.max(1, this.container.clientWidth);
    const h = held?.height ?? Math.max(1, this.container.clientHeight);
    // A held size is in device pixels, with its own margins (a recording's readouts, not the page's panels).
    const safe = held?.safe ?? this.safe;
    this.renderer.setPixelRatio(held ? 1 : this.pixelRatio);
    this.renderer.setSize(w, h, false);
    if (!held) this.labels.setSize(w, h);
    this.perspective.aspect = w / h;
    // Top-down: the whole square plus a margin for labels inside the free width.
    const free = Math.max(w - safe.left - safe.right, w * 0.4);
    const unitsPerPixel = Math.max((WORLD_SIZE * 1.3) / free, (WORLD_SIZE * 1.3) / h);
    Object.assign(this.orthographic, {
      left: (-w / 2) * unitsPerPixel,
      right: (w / 2) * unitsPerPixel,
      top: (h / 2) * unitsPerPixel,
      bottom: (-h / 2) * unitsPerPixel,
    });
    // Shift both projections so the scene's centre sits mid-way between the panels.
    const dx = (safe.left - safe.right) / 2;
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

  /** The canvas's size in CSS pixels, as laid out in the page. */
  get cssSize(): { width: number; height: number } {
    return { width: Math.max(1, this.container.clientWidth), height: Math.max(1, this.container.clientHeight) };
  }

  /**
   * Draws at exactly width x height canvas pixels (a recording's size) until releaseSize(), the
   * scene centred between `safe` margins in those pixels; window resizes meanwhile wait for the
   * release, and drags do not move the camera. The page shows the canvas at its own size, stretched.
   */
  holdSize(width: number, height: number, safe = { left: 0, right: 0 }): void {
    this.heldSize = { width, height, safe };
    this.setCameraMode(this.mode);
    this.resize();
  }

  /** Back to the page's size, pixel ratio, safe area and controls. */
  releaseSize(): void {
    this.heldSize = null;
    this.setCameraMode(this.mode);
    this.resize();
  }

  /** The pose of the active camera (or of `mode`'s) now. */
  cameraPose(mode = this.mode): CameraPose {
    const camera = mode === '3d' ? this.perspective : this.orthographic;
    const target = (mode === '3d' ? this.controls3d : this.controlsTop).target;
    return { position: camera.position.toArray(), target: target.toArray(), up: camera.up.toArray(), zoom: camera.zoom };
  }

  /** Puts the active camera (or `mode`'s) at `pose`; the orbit controls take its target, so a drag goes on from there. */
  setCameraPose(pose: CameraPose, mode = this.mode): void {
    const camera = mode === '3d' ? this.perspective : this.orthographic;
    const controls = mode === '3d' ? this.controls3d : this.controlsTop;
    camera.position.fromArray(pose.position);
    camera.up.fromArray(pose.up);
    controls.target.fromArray(pose.target);
    camera.lookAt(controls.target);
    camera.zoom = pose.zoom;
    camera.updateProjectionMatrix();
  }

  /** Where a world point lands on the canvas as drawn now, in canvas pixels; null behind the camera or past its far plane. */
  canvasPointOf(world: THREE.Vector3): { x: number; y: number } | null {
    const ndc = world.clone().project(this.camera);
    if (!(ndc.z >= -1 && ndc.z <= 1)) return null;
    const canvas = this.renderer.domElement;
    return { x: ((ndc.x + 1) / 2) * canvas.width, y: ((1 - ndc.y) / 2) * canvas.height };
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

  /** Draws the scene with the camera where it stands: no controls update (damping, auto-rotation), no CSS labels. For recordings. */
  renderStill(): void {
    this.renderer.render(this.scene, this.camera);
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
