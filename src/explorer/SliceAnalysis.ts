/**
 * What the drawn plane is made of when the particles or the landscape decide it (best particle,
 * mean, principal components, Hessian eigenvectors), and the latest curvature readouts, with
 * the listeners that show them. The Explorer runs these with its frames paused.
 */
import type { CurvatureCensus, HessianReport } from '../analysis/Analyzer';
import type { LiveSystem } from './LiveSystem';
import { landscapeOf, type ExplorerSettings } from '../settings';
import { sliceCenter, sliceNeeds, slicePlane, type SliceData } from './slice';

/** The latest curvature readouts, whoever asked for them (panel or script). */
export interface AnalysisResults {
  hessian: HessianReport | null;
  curvature: CurvatureCensus | null;
}
export type AnalysisListener = (results: AnalysisResults) => void;

export class SliceAnalysis {
  private data: SliceData = {};
  private latest: AnalysisResults = { hessian: null, curvature: null };
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
  async compute(live: LiveSystem, s: ExplorerSettings): Promise<void> {
    const needs = sliceNeeds(s);
    const data: SliceData = { ...this.data };
    if (needs.best) {
      const summary = await live.sim.summary();
      data.best = summary.best >= 0 ? await live.sim.particlePosition(summary.best) : null;
    }
    if (needs.mean) data.mean = (await live.analyzer.mean()).mean;
    if (needs.directions) {
      if (s.sliceDirections === 'pca') {
        data.directions = (await live.analyzer.principalComponents()).vectors;
      } else {
        const report = await live.analyzer.hessianAt(sliceCenter(landscapeOf(s), s, data));
        data.directions = [report.min.vector, report.max.vector];
        this.publish({ hessian: report });
      }
    }
    this.data = data;
    live.surface.setPlane(this.plane(s));
    live.clearTrails();
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
    this.publish({ hessian: null, curvature: null });
  }

  onChange(listener: AnalysisListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(patch: Partial<AnalysisResults>): void {
    this.latest = { ...this.latest, ...patch };
    this.listeners.forEach((l) => l(this.results));
  }
}
