/**
 * WGSL sources assembled from shaders/: shared pieces are concatenated in front of each
 * kernel, never copied into it. The generated prelude (constants shared with TypeScript) comes
 * first in every kernel; the optimizer registry generates the hyperparameter struct and the
 * update-rule dispatch.
 */
import common from '../../shaders/common.wgsl?raw';
import landscapeApi from '../../shaders/landscape_api.wgsl?raw';
import particleState from '../../shaders/particle_state.wgsl?raw';
import particles from '../../shaders/particles.wgsl?raw';
import optimizer from '../../shaders/optimizer.wgsl?raw';
import step from '../../shaders/step.wgsl?raw';
import init from '../../shaders/init.wgsl?raw';
import surface from '../../shaders/surface.wgsl?raw';
import summary from '../../shaders/summary.wgsl?raw';
import reduce from '../../shaders/reduce.wgsl?raw';
import histogram from '../../shaders/histogram.wgsl?raw';
import project from '../../shaders/project.wgsl?raw';
import hvp from '../../shaders/hvp.wgsl?raw';
import covariance from '../../shaders/covariance.wgsl?raw';
import curvature from '../../shaders/curvature.wgsl?raw';
import readout from '../../shaders/readout.wgsl?raw';
import noiseStability from '../../shaders/noise_stability.wgsl?raw';
import pathProfile from '../../shaders/path_profile.wgsl?raw';
import bezierFit from '../../shaders/bezier_fit.wgsl?raw';
import criticalPoints from '../../shaders/critical_points.wgsl?raw';
import trajectoryRecord from '../../shaders/trajectory_record.wgsl?raw';
import trajectoryGram from '../../shaders/trajectory_gram.wgsl?raw';
import trajectoryDirections from '../../shaders/trajectory_directions.wgsl?raw';
import { HYPERPARAMETERS_WGSL, OPTIMIZERS_WGSL } from '../optimizers/wgsl';
import { WGSL_PRELUDE } from './prelude';

const join = (...parts: string[]) => [WGSL_PRELUDE, common, ...parts].join('\n');

/** Particle storage and the run's uniform, shared by the init and step kernels. */
const particleStorage = [particleState, HYPERPARAMETERS_WGSL, particles];

export const stepKernel = (landscapeWgsl: string) =>
  join(landscapeApi, landscapeWgsl, ...particleStorage, optimizer, OPTIMIZERS_WGSL, step);

export const initKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, ...particleStorage, init);

export const surfaceKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, surface);

export const hvpKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, hvp);
export const curvatureKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, particleState, curvature);
export const covarianceKernel = join(particleState, covariance);
/** For landscapes with `metrics`: their landscape_metrics at sampled particles. */
export const readoutKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, particleState, readout);
/** Noise stability of one network; the MLP landscape's WGSL only (src/analysis/NoiseStability.ts). */
export const noiseStabilityKernel = (mlpWgsl: string) => join(landscapeApi, mlpWgsl, noiseStability);
/** The loss along a segment or Bézier curve; the Bézier fit is the same curve with its SGD kernels after it. */
export const pathProfileKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, pathProfile);
export const bezierFitKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, pathProfile, bezierFit);
/** Critical points of every index from many starts (src/analysis/CriticalPointSearch.ts). */
export const criticalPointsKernel = (landscapeWgsl: string) => join(landscapeApi, landscapeWgsl, criticalPoints);

export const reduceKernel = join(particleState, summary, reduce);
export const histogramKernel = join(particleState, summary, histogram);
export const projectKernel = join(particleState, project);

/** Every struct and uniform whose byte layout the TypeScript side needs, for webgpu-utils to read. */
export const layoutSource = join(landscapeApi, ...particleStorage, init, summary);
export const projectLayoutSource = join(particleState, project);
export const surfaceLayoutSource = join(landscapeApi, surface);
export const hvpLayoutSource = join(landscapeApi, hvp);
export const curvatureLayoutSource = join(landscapeApi, particleState, curvature);
export const covarianceLayoutSource = covarianceKernel;
export const readoutLayoutSource = join(landscapeApi, particleState, readout);
export const noiseStabilityLayoutSource = join(landscapeApi, noiseStability);
export const bezierFitLayoutSource = join(landscapeApi, pathProfile, bezierFit);
export const criticalPointsLayoutSource = join(landscapeApi, criticalPoints);
/** A chosen particle's path: records gathered from the engine, its Gram matrix about the end, the plane's directions. */
export const trajectoryRecordKernel = join(particleState, trajectoryRecord);
export const trajectoryGramKernel = join(trajectoryGram);
export const trajectoryDirectionsKernel = join(trajectoryDirections);
