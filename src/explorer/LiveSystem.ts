/**
 * One structural configuration of the explorer on the GPU: the simulation, the surface, the
 * projection into the slice, and the three.js objects that draw them. Rebuilt whole when the
 * landscape, dimension, particle count, grid or trail sizes change; everything else is live.
 */
import * as THREE from 'three/webgpu';
import { balancedInit, GpuSimulation, networkInit, readHeightRange, SurfaceEvaluator, type InitSpec, type SummaryTicket } from '../engine';
import { Axes } from '../view/Axes';
import { ParticleCloud } from '../view/ParticleCloud';
import { ParticleProjector } from '../view/ParticleProjector';
import type { SceneView } from '../view/SceneView';
import { SurfaceMesh } from '../view/SurfaceMesh';
import { TrailLines } from '../view/TrailLines';
import { gpuBufferOf } from '../view/threeBuffers';
import type { ViewMapping } from '../view/ViewMapping';
import { boxOf, paramsArray, landscapeOf, runOf, saddleOf, type ExplorerSettings } from '../settings';
import { sliceAxisNames, sliceCenter, slicePlane, type SliceData } from './slice';
import { Analyzer } from '../analysis/Analyzer';
import { PathAnalyzer, type PathSettings } from '../analysis/PathAnalyzer';
import { SliceMarks } from '../view/SliceMarks';
import { summarizeReadings, type NetworkReadings } from '../analysis/NetworkReadout';
import { FLAG_DIVERGED, NOT_ESCAPED } from '../engine/types';
import { summarizeSweep, type SweepRow } from '../optimizers/sweep';
import { fillColormapTexture } from '../view/colormaps';
import { initialCoord, resolvePlacement } from '../engine/placement';

export type NetworkReport = NetworkReadings & { summary: ReturnType<typeof summarizeReadings> };

export interface FrameResult {
  summary: SummaryTicket | null;
  /** The surface was re-evaluated: read its [min, max] with readSurfaceRange() after submitting. */
  surfaceChanged: boolean;
}

export class LiveSystem {
  readonly surfaceMesh: SurfaceMesh;
  readonly particles: ParticleCloud;
  readonly trails: TrailLines;
  readonly axes = new Axes();
  /** Curvature and cloud readouts; their GPU resources are made on first use. */
  readonly analyzer: Analyzer;
  /** Sharpness and paths along the way, interpolation, critical points, noise stability. */
  readonly paths: PathAnalyzer;
  /** A path and critical points marked on the slice. */
  readonly marks: SliceMarks;
  private projector!: ParticleProjector;
  private heightsTarget!: GPUBuffer;
  private readonly rangeStaging: GPUBuffer;
  private rangeBusy = false;

  private constructor(
    readonly device: GPUDevice,
    private readonly view: SceneView,
    readonly sim: GpuSimulation,
    readonly surface: SurfaceEvaluator,
    readonly mapping: ViewMapping,
    private readonly colormap: THREE.DataTexture,
    settings: ExplorerSettings,
  ) {
    this.analyzer = new Analyzer(sim);
    this.paths = new PathAnalyzer(sim, this.analyzer);
    this.marks = new SliceMarks(mapping);
    this.surfaceMesh = new SurfaceMesh(surface.grid, mapping, colormap);
    this.particles = new ParticleCloud(sim.count, mapping, colormap, view.spriteScale);
    this.trails = new TrailLines(Math.min(settings.trailCount, sim.count), settings.trailLength, mapping);
    this.rangeStaging = device.createBuffer({
      label: 'LiveSystem.rangeStaging',
      size: surface.range.size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    view.scene.add(this.surfaceMesh.mesh, this.particles.sprite, this.trails.lines, this.axes.group, this.marks.group);
  }

  static async create(
    device: GPUDevice,
    view: SceneView,
    mapping: ViewMapping,
    colormap: THREE.DataTexture,
    settings: ExplorerSettings,
    sliceData: SliceData = {},
  ): Promise<LiveSystem> {
    const landscape = landscapeOf(settings);
    const sim = await GpuSimulation.create(device, {
      landscape,
      dim: settings.dim,
      params: paramsArray(settings),
      count: settings.count,
      seed: settings.seed,
      run: runOf(settings),
      init: initSpec(settings),
    });
    let surface: SurfaceEvaluator | null = null;
    try {
      surface = await SurfaceEvaluator.create(device, sim.binding, settings.surfaceGrid);
      surface.setPlane(slicePlane(landscape, settings, sliceData));
      const live = new LiveSystem(device, view, sim, surface, mapping, colormap, settings);
      await live.paths.configure(pathSettingsOf(settings));
      // three.js makes an attribute's GPU buffer at its first draw; after that our kernels write into it.
      view.render();
      live.heightsTarget = gpuBufferOf(view.renderer, live.surfaceMesh.heights);
      live.projector = await ParticleProjector.create(device, sim.engine, surface, landscape.minima(settings.dim, paramsArray(settings)), {
        render: gpuBufferOf(view.renderer, live.particles.render),
        trails: gpuBufferOf(view.renderer, live.trails.points),
        trailCount: live.trails.count,
        trailLength: live.trails.length,
      });
      return live;
    } catch (e) {
      surface?.destroy();
      sim.destroy();
      throw e;
    }
  }

  /** Networks on data: sampled networks' held-out readouts and their summary (null without metrics). */
  async networks(count: number): Promise<NetworkReport | null> {
    const readings = await this.analyzer.networks(count);
    return readings && { ...readings, summary: summarizeReadings(readings) };
  }

  /** The particles grouped by swept step size, from a state-only read-back. */
  async sweep(s: ExplorerSettings): Promise<SweepRow[]> {
    return summarizeSweep(s, await this.sim.states(), FLAG_DIVERGED, NOT_ESCAPED);
  }

  /** Applies every live (non-structural) view setting to the objects this system draws. */
  applySettings(s: ExplorerSettings, heightRange: [number, number]): void {
    const box = boxOf(s);
    this.mapping.set(box, box, heightRange, s.logScale);
    fillColormapTexture(this.colormap, s.colormap);
    this.surfaceMesh.mesh.visible = s.showSurface;
    this.surfaceMesh.wireframe = s.wireframe;
    this.surfaceMesh.contours = s.contours;
    this.particles.pointSize.value = s.pointSize;
    this.particles.colorMode.value = { plain: 0, loss: 1, basin: 2, outcome: 3 }[s.colorBy];
    this.particles.hideDiverged.value = s.hideDiverged ? 1 : 0;
    this.trails.lines.visible = s.trailCount > 0;
    this.sim.statistics.setLogBins(s.logScale);
    this.projector.findBasin = s.colorBy === 'basin';
    this.projector.sliceHeight = s.particleHeight === 'slice';
    this.projector.successLoss = s.successLoss;
    // Particles a tenth of the box away from the drawn plane shrink by a third.
    this.projector.distanceScale = 0.1 * (box[1] - box[0]);
    this.updateAxes(s);
  }

  updateAxes(s: ExplorerSettings): void {
    const [a, b] = sliceAxisNames(s);
    this.axes.update(this.mapping, { a, b, loss: s.logScale ? 'loss (log)' : 'loss' }, s.camera === '3d');
  }

  clearTrails(): void {
    this.projector.clearTrails();
  }

  /** Records one frame's GPU work: steps, surface if stale, projection, statistics. */
  frame(encoder: GPUCommandEncoder, steps: number, wantSummary: boolean): FrameResult {
    this.sim.encode(encoder, steps);
    let surfaceChanged = false;
    // While the last range is still being read, the staging buffer is mapped: wait a frame.
    if (!this.rangeBusy && this.surface.encode(encoder)) {
      encoder.copyBufferToBuffer(this.surface.heights, 0, this.heightsTarget, 0, this.surface.heights.size);
      encoder.copyBufferToBuffer(this.surface.range, 0, this.rangeStaging, 0, this.rangeStaging.size);
      this.rangeBusy = true;
      surfaceChanged = true;
    }
    this.projector.encode(encoder, steps > 0);
    this.trails.head.value = this.projector.trailHead;
    this.trails.filled.value = this.projector.trailFilled;
    const summary = wantSummary ? this.sim.encodeSummary(encoder) : null;
    return { summary, surfaceChanged };
  }

  /**
   * Times one frame's two halves on the GPU queue (for the benchmark): the compute work (steps,
   * projection, statistics) and the draw, in milliseconds of wall-clock time. Frames must be held.
   */
  async timeFrame(steps: number): Promise<{ compute: number; draw: number }> {
    const queue = this.device.queue;
    await queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = this.device.createCommandEncoder({ label: 'LiveSystem.timedFrame' });
    const result = this.frame(encoder, steps, false);
    queue.submit([encoder.finish()]);
    await queue.onSubmittedWorkDone();
    const t1 = performance.now();
    this.view.render();
    await queue.onSubmittedWorkDone();
    const t2 = performance.now();
    if (result.surfaceChanged) await this.readSurfaceRange();
    return { compute: t1 - t0, draw: t2 - t1 };
  }

  /** The surface's finite [min, max]; call after submitting a frame whose surfaceChanged was true. */
  async readSurfaceRange(): Promise<[number, number]> {
    try {
      await this.rangeStaging.mapAsync(GPUMapMode.READ);
      const range = readHeightRange(this.rangeStaging.getMappedRange().slice(0));
      this.rangeStaging.unmap();
      return range;
    } finally {
      this.rangeBusy = false;
    }
  }

  destroy(): void {
    this.view.scene.remove(this.surfaceMesh.mesh, this.particles.sprite, this.trails.lines, this.axes.group);
    this.projector?.destroy();
    this.paths.destroy();
    this.marks.destroy();
    this.analyzer.destroy();
    this.surfaceMesh.destroy();
    this.particles.destroy();
    this.trails.destroy();
    this.axes.destroy();
    this.rangeStaging.destroy();
    this.surface.destroy();
    this.sim.destroy();
  }
}

/** Which path probes the settings ask for. */
export function pathSettingsOf(s: ExplorerSettings): PathSettings {
  return {
    sharpness: s.trackSharpness ? { every: s.sharpnessEvery, samples: s.sharpnessSamples } : null,
    paths: s.recordPaths ? { every: s.pathEvery, particles: s.pathParticles } : null,
  };
}

/** Where particle p started at the last reset (its placement's own formula, in double precision): a network before training. */
export function initialPosition(s: ExplorerSettings, p: number): Float32Array {
  const pl = resolvePlacement(initSpec(s), landscapeOf(s), s.dim, 0, s.count, 0);
  return Float32Array.from({ length: s.dim }, (_, d) => initialCoord(pl, s.seed >>> 0, s.dim, p, p, d));
}

export function initSpec(s: ExplorerSettings): InitSpec {
  const [lo, hi] = boxOf(s);
  const centre = (lo + hi) / 2;
  switch (s.init) {
    case 'gaussian':
      return { kind: 'gaussian' as const, center: new Array(s.dim).fill(centre), sigma: s.initSigma };
    case 'grid':
      return { kind: 'grid' as const, lo, hi, center: sliceCenter(landscapeOf(s), s) };
    case 'saddle':
      return { kind: 'gaussian' as const, center: saddleOf(s)?.x ?? [], sigma: s.initSigma };
    case 'xavier-normal':
    case 'xavier-uniform':
    case 'he-normal':
    case 'he-uniform':
      return networkInit(landscapeOf(s).layers!(paramsArray(s)), s.dim, s.init, s.initGain);
    case 'balanced':
      return balancedInit(landscapeOf(s), paramsArray(s), s.dim, s.count, s.balancedNorm, s.seed);
    default:
      return { kind: 'uniform' as const, lo, hi };
  }
}
