/**
 * How a GanTrainer's storage is laid out per GAN, in floats (the uniform GanParams carries it to
 * the WGSL): in `nets`, θ = [θ_G, θ_D], Adam's m and v, the gradient, the unrolling's λ, λ_next,
 * probe and spare gradient, and the K stored iterates θ_D^1..θ_D^K; in `scratch`, the minibatch's
 * layer outputs and deltas (shaders/gan_networks.wgsl). Also the workgroup size, and the device
 * limits these sizes must fit, checked with messages naming them.
 */
import { DeviceLimitError, checkStorageSize } from '../gpu/device';
import { GAN_MAX_WIDTH, ganLayout, type GanSpec } from './ganConfig';

export interface GanBufferPlan {
  /** Parameters of G and D. */
  g: number;
  d: number;
  /** Floats per scratch row (the widest layer, latent or 2-D sample). */
  stride: number;
  netStride: number;
  scratchStride: number;
  offsets: { m: number; v: number; grad: number; lambda: number; lambdaNext: number; probe: number; tmp: number; hist: number };
  /** Threads per workgroup (one GAN): the widest layer rounded up to a power of two, 32 to GAN_MAX_WIDTH. */
  threads: number;
}

export function bufferPlan(spec: GanSpec, maxUnroll: number): GanBufferPlan {
  const { g, d } = ganLayout(spec);
  const p = g + d;
  const widest = Math.max(spec.generator.width, spec.discriminator.width, spec.latent, 2);
  const offsets = { m: p, v: 2 * p, grad: 3 * p, lambda: 4 * p, lambdaNext: 4 * p + d, probe: 4 * p + 2 * d, tmp: 4 * p + 3 * d, hist: 5 * p + 3 * d };
  const rows2 = 2 * spec.batch * widest;
  const scratchStride = (spec.discriminator.hidden + 2) * rows2 + (spec.generator.hidden + 1) * spec.batch * widest + 3 * rows2;
  const threads = Math.min(GAN_MAX_WIDTH, Math.max(32, 2 ** Math.ceil(Math.log2(widest))));
  return { g, d, stride: widest, netStride: offsets.hist + maxUnroll * d, scratchStride, offsets, threads };
}

/** Throws a DeviceLimitError naming the limit when `gans` GANs of this plan do not fit `device`. */
export function checkPlan(device: GPUDevice, plan: GanBufferPlan, gans: number, sampleCapacity: number): void {
  const { maxComputeWorkgroupsPerDimension, maxComputeInvocationsPerWorkgroup, maxComputeWorkgroupSizeX } = device.limits;
  if (gans > maxComputeWorkgroupsPerDimension) {
    throw new DeviceLimitError('maxComputeWorkgroupsPerDimension', gans, maxComputeWorkgroupsPerDimension, 'GANs (one workgroup each)');
  }
  if (plan.threads > maxComputeInvocationsPerWorkgroup) {
    throw new DeviceLimitError('maxComputeInvocationsPerWorkgroup', plan.threads, maxComputeInvocationsPerWorkgroup, 'a GAN layer of this width (threads per workgroup)');
  }
  if (plan.threads > maxComputeWorkgroupSizeX) {
    throw new DeviceLimitError('maxComputeWorkgroupSizeX', plan.threads, maxComputeWorkgroupSizeX, 'a GAN layer of this width (threads per workgroup)');
  }
  checkStorageSize(device, 4 * gans * plan.netStride, `${gans} GANs' parameters, Adam moments and unrolling`);
  checkStorageSize(device, 4 * gans * plan.scratchStride, `${gans} GANs' minibatch activations`);
  checkStorageSize(device, 8 * gans * sampleCapacity, `${gans} GANs × ${sampleCapacity} read-back samples`);
}
