/**
 * The drawn surface as a binary glTF (.glb): its heights read back once from the GPU, turned into
 * a plain mesh (positions as drawn, the colour map as vertex colours, a standard material) and
 * written by three.js's GLTFExporter, loaded only when a surface is first exported.
 */
import * as THREE from 'three/webgpu';
import type { SurfaceEvaluator } from '../engine/SurfaceEvaluator';
import { F32_BYTES } from '../gpu/layouts';
import type { WorkQueue } from '../explorer/WorkQueue';
import type { ColormapName } from '../view/colormaps';
import { fileStem } from './format';
import { surfaceArrays, type SurfaceArrays } from './surfaceGeometry';

/** How long an export waits for a surface still being evaluated (frames finish it). */
const WAIT_MS = 60_000;

export interface SurfaceDescription {
  landscape: string;
  dim: number;
  query: string;
  logScale: boolean;
  colormap: ColormapName;
}

/**
 * The heights of the surface as drawn: once the frames have finished evaluating it, one copy to a
 * staging buffer made for this read and destroyed after it. `surface` is asked again on each try,
 * since a rebuild replaces it.
 */
export async function readSurfaceHeights(device: GPUDevice, queue: WorkQueue, surface: () => SurfaceEvaluator): Promise<{ heights: Float32Array; grid: number }> {
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const read = await queue.exclusive(async () => {
      const s = surface();
      // Checked and copied in one go: no frame can start another evaluation in between.
      if (s.stale) return null;
      const staging = device.createBuffer({ label: 'SurfaceExport.staging', size: s.grid * s.grid * F32_BYTES, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      try {
        const encoder = device.createCommandEncoder({ label: 'SurfaceExport.read' });
        encoder.copyBufferToBuffer(s.heights, 0, staging, 0, staging.size);
        device.queue.submit([encoder.finish()]);
        await staging.mapAsync(GPUMapMode.READ);
        const heights = new Float32Array(staging.getMappedRange().slice(0));
        staging.unmap();
        return { heights, grid: s.grid };
      } finally {
        staging.destroy();
      }
    });
    if (read) return read;
    if (performance.now() > deadline) {
      throw new Error(`exportSurface(): the surface was still being evaluated after ${WAIT_MS / 1000} s (frames finish it; is the page hidden?).`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A plain three.js mesh of the arrays, which GLTFExporter can write (node materials it cannot). */
export function surfaceMeshOf(arrays: SurfaceArrays, about: SurfaceDescription & { grid: number }): THREE.Mesh {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(arrays.positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(arrays.colors, 3));
  geometry.setIndex(new THREE.BufferAttribute(arrays.indices, 1));
  geometry.computeVertexNormals();
  const material = new THREE.MeshStandardMaterial({ vertexColors: true, side: THREE.DoubleSide, roughness: 0.85, metalness: 0 });
  material.name = 'colour map';
  const mesh = new THREE.Mesh(geometry, material);
  mesh.name = 'loss surface';
  // Written as the node's glTF extras: what the file shows and how to reproduce it.
  mesh.userData = { ...about, heightRange: arrays.heightRange };
  return mesh;
}

/** The surface of `heights` (G x G) as a .glb File. */
export async function surfaceFile(heights: Float32Array, grid: number, about: SurfaceDescription): Promise<File> {
  const mesh = surfaceMeshOf(surfaceArrays(heights, grid, about.logScale, about.colormap), { ...about, grid });
  try {
    const { GLTFExporter } = await import('three/addons/exporters/GLTFExporter.js');
    const glb = await new GLTFExporter().parseAsync(mesh, { binary: true });
    if (!(glb instanceof ArrayBuffer)) throw new Error('GLTFExporter wrote JSON where a binary .glb was asked for.');
    return new File([glb], `${fileStem('surface', about.landscape, `D${about.dim}`)}.glb`, { type: 'model/gltf-binary' });
  } finally {
    mesh.geometry.dispose();
    (mesh.material as THREE.Material).dispose();
  }
}
