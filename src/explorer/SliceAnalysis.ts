/**
 * What the drawn plane is made of when the particles or the landscape decide it (best particle,
 * mean, principal components, Hessian eigenvectors), and the latest curvature readouts, with
 * the listeners that show them. The Explorer runs these with its frames paused.
 */
import type { CurvatureCensus, HessianReport } from '../analysis/Analyzer';
import type { CurveReport, DirectionProfiles, InventoryReport } from '../analysis/PathAnalyzer';
import type { PathProfileResult } from '../analysis/PathProfile';
import type { NoiseStabilityResult } from '../analysis/noiseStabilityReference';
import { filterNormalizedDirections } from '../analysis/filterNormalize';
import { planeThrough } from '../analysis/planes';
import type { LiveSystem } from './LiveSystem';
import { boxOf, landscapeOf, paramsArray, type ExplorerSettings } from '../settings';
import { orthonormalPair, sliceCenter, sliceNeeds, slicePlane, type SliceData, type SlicePath } from './slice';

/** The loss between two particles (or points): along the segment, and along a fitted curve when one was fitted. */
export interface InterpolationResult {
  /** Particle indices of the ends, or null where a point was given. */
  ends: [number | null, number | null];
  segment: PathProfileResult & { barrier: number };
  curve: CurveReport['curve'] | null;
}

/** A trained network's noise stability beside its own start's. */
export interface NoiseStabilityReport {
  particle: number;
  trained: NoiseStabilityResult;
  initial: NoiseStabilityResult;
}

/** The latest analysis readouts, whoever asked for them (panel or script). */
export interface AnalysisResults {
  hessian: HessianReport | null;
  curvature: CurvatureCensus | null;
  interpolation: InterpolationResult | null;
  criticalPoints: InventoryReport | null;
  noiseStability: NoiseStabilityReport | null;
  /** Loss through a network along a filter-normalised and a plain random direction. */
  directions: (DirectionProfiles & { particle: number }) | null;
  /** The recorded path the trajectory plane was made from: its share of variance in the plane and its points. */
  trajectory: SlicePath | null;
}
export type AnalysisListener = (results: AnalysisResults) => void;

export class SliceAnalysis {
  private data: SliceData = {};
  private latest: AnalysisResults = { hessian: null, curvature: null, interpolation: null, criticalPoints: null, noiseStability: null, trajectory: null, directions: null };
  private readonly listeners = new Set<AnalysisListener>();

  plane(s: ExplorerSettings) {
    return slicePlane(landscapeOf(s), s, this.data);
  }

  /** What the plane was last made from (for a new system of the same dimension). */
  sliceData(dim: number): SliceData {
    if (this.data.best && this.data.best.length !== dim) this.data = {};
    return this.data;
  }

  get best(): Float32Array | null {
    return this.data.best ? Float32Array.from(this.data.best) : null;
  }

  /** Whether the settings' plane needs anything computed on the GPU. */
  static needsCompute(s: ExplorerSettings): boolean {
    const n = sliceNeeds(s);
    return n.best || n.mean || n.directions;
  }

  /** Computes what the settings' plane needs for the particles as they are, then sets it. */
  async compute(live: LiveSystem, s: ExplorerSettings, lenient = false): Promise<void> {
    const needs = sliceNeeds(s);
    const data: SliceData = { ...this.data };
    if (needs.best) {
      const summary = await live.sim.summary();
      data.best = summary.best >= 0 ? await live.sim.particlePosition(summary.best) : null;
    }
    if (needs.mean) data.mean = (await live.analyzer.mean()).mean;
    data.path = null;
    data.reach = undefined;
    if (needs.directions) {
      if (s.sliceDirections === 'pca') {
        data.directions = (await live.analyzer.principalComponents()).vectors;
      } else if (s.sliceDirections === 'filter') {
        const centre = sliceCenter(landscapeOf(s), s, data);
        data.directions = orthonormalPair(...filterNormalizedDirections(centre, landscapeOf(s), paramsArray(s), s.dim, s.sliceSeed));
      } else if (s.sliceDirections === 'trajectory') {
        // A new system has recorded nothing yet: it shows the axes until asked again.
        const plane = await live.paths.trajectoryPlane(s.slicePath).catch((e) => {
          if (lenient) return null;
          throw e;
        });
        if (!plane) {
          this.data = { ...data, directions: null, origin: null };
          live.surface.setPlane(this.plane(s));
          return;
        }
        data.origin = plane.end;
        data.directions = [plane.u, plane.v];
        data.path = { ...plane.path, explained: plane.explained };
        data.reach = Math.max(...Array.from(plane.path.a, Math.abs), ...Array.from(plane.path.b, Math.abs));
      } else if (s.sliceDirections === 'points') {
        const [a, b, c] = await Promise.all([s.pointA, s.pointB, s.pointC].map((p) => live.sim.particlePosition(checkParticle(p, live.sim.count))));
        const plane = planeThrough(a, b, c);
        data.origin = plane.center;
        data.directions = [plane.u, plane.v];
        data.reach = Math.max(...Object.values(plane.coordinates).flat().map(Math.abs));
      } else {
        const report = await live.analyzer.hessianAt(sliceCenter(landscapeOf(s), s, data));
        data.directions = [report.min.vector, report.max.vector];
        this.publish({ hessian: report });
      }
    }
    this.data = data;
    live.surface.setPlane(this.plane(s));
    live.marks.setPath(data.path ?? null);
    if (data.path || this.latest.trajectory) this.publish({ trajectory: data.path ?? null });
    live.clearTrails();
  }

  /** The recorded path drawn on the trajectory plane, if that is the plane. */
  get path() {
    return this.data.path ?? null;
  }

  /**
   * A view box holding what the plane was made for (a path, three particles) when the box is
   * automatic and the landscape's own would cut it: [lo, hi] on both axes, or null.
   */
  fittedBox(s: ExplorerSettings): [number, number] | null {
    const reach = this.data.reach;
    if (s.box !== null || !reach || !Number.isFinite(reach)) return null;
    const [lo, hi] = boxOf(s);
    if (reach <= 0.95 * Math.min(-lo, hi)) return null;
    // Two significant digits, so the box reads plainly in the panel and in links.
    const r = Number((1.15 * reach).toPrecision(2));
    return [-r, r];
  }

  async hessian(live: LiveSystem, point: ArrayLike<number>, options: { steps?: number; seed?: number }): Promise<HessianReport> {
    const report = await live.analyzer.hessianAt(point, options);
    this.publish({ hessian: report });
    return report;
  }

  async curvature(live: LiveSystem, s: ExplorerSettings): Promise<CurvatureCensus> {
    const census = await live.analyzer.curvature({ samples: s.curvatureSamples, steps: s.curvatureSteps, seed: s.seed, gradTol: s.criticalGradTol });
    this.publish({ curvature: census });
    return census;
  }

  get results(): AnalysisResults {
    return { ...this.latest };
  }

  /** Readouts of another landscape, dimension or parameters would mislead: they go. */
  clear(): void {
    this.publish({ hessian: null, curvature: null, interpolation: null, criticalPoints: null, noiseStability: null, trajectory: null, directions: null });
  }

  onChange(listener: AnalysisListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(patch: Partial<AnalysisResults>): void {
    this.latest = { ...this.latest, ...patch };
    this.listeners.forEach((l) => l(this.results));
  }
}

function checkParticle(p: number, count: number): number {
  if (p >= count) throw new RangeError(`Particle ${p} was refused: there are ${count} particles (0 to ${count - 1}).`);
  return p;
}
