export { CpuSimulation } from './CpuSimulation';
export { GpuSimulation } from './GpuSimulation';
export { ParticleEngine } from './ParticleEngine';
export { ParticleStatistics, type SummaryTicket } from './ParticleStatistics';
export { SurfaceEvaluator, axisPlane, readHeightRange, MAX_SURFACE_GRID, type SlicePlane } from './SurfaceEvaluator';
export { LandscapeBinding } from './LandscapeBinding';
export { summarize, summarizeEscape, histogramLoss, HISTOGRAM_BINS } from './summarize';
export { MAX_PARTICLES } from './validate';
export * from './types';
