/**
 * WGSL sources assembled from shaders/: shared pieces are concatenated in front of each
 * kernel, never copied into it.
 */
import common from '../../shaders/common.wgsl?raw';
import landscapeApi from '../../shaders/landscape_api.wgsl?raw';
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

const join = (...parts: string[]) => parts.join('\n');

export const stepKernel = (landscapeWgsl: string) =>
  join(common, landscapeApi, landscapeWgsl, particles, optimizer, step);

export const initKernel = (landscapeWgsl: string) =>
  join(common, landscapeApi, landscapeWgsl, particles, init);

export const surfaceKernel = (landscapeWgsl: string) => join(common, landscapeApi, landscapeWgsl, surface);

export const hvpKernel = (landscapeWgsl: string) => join(common, landscapeApi, landscapeWgsl, hvp);
export const curvatureKernel = (landscapeWgsl: string) => join(common, landscapeApi, landscapeWgsl, curvature);
export const covarianceKernel = join(common, covariance);

export const reduceKernel = join(common, summary, reduce);
export const histogramKernel = join(common, summary, histogram);
export const projectKernel = join(common, project);

/** Every struct and uniform whose byte layout the TypeScript side needs, for webgpu-utils to read. */
export const layoutSource = join(common, landscapeApi, particles, init, summary);
export const projectLayoutSource = join(common, project);
export const surfaceLayoutSource = join(common, landscapeApi, surface);
export const hvpLayoutSource = join(common, landscapeApi, hvp);
export const curvatureLayoutSource = join(common, landscapeApi, curvature);
export const covarianceLayoutSource = covarianceKernel;
