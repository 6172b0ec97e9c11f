/**
 * The grid the lab evaluates the discriminator on, and the float64 twin of
 * shaders/lab_gan_discriminator.wgsl: D(x) = sigmoid(logit) at each cell's centre, row-major
 * with row 0 at the bottom of the plane.
 */
import { forward, sigmoid } from '../../gan/denseNetwork';
import { ganLayout, type GanSpec } from '../../gan/ganConfig';

/** A square window on the plane: its centre and half its side. */
export interface PlaneWindow {
  centre: [number, number];
  halfExtent: number;
}

/** Centre of grid cell i of a resolution × resolution grid over `window`. */
export function gridPoint(window: PlaneWindow, resolution: number, i: number): [number, number] {
  const cx = ((i % resolution) + 0.5) / resolution;
  const cy = (Math.floor(i / resolution) + 0.5) / resolution;
  return [window.centre[0] + window.halfExtent * (2 * cx - 1), window.centre[1] + window.halfExtent * (2 * cy - 1)];
}

/** D on every grid cell, from one GAN's parameters θ = [θ_G, θ_D]. */
export function discriminatorGrid(spec: GanSpec, theta: ArrayLike<number>, window: PlaneWindow, resolution: number): Float64Array {
  const layout = ganLayout(spec);
  const cells = resolution * resolution;
  const input = new Float64Array(2 * cells);
  for (let i = 0; i < cells; i++) input.set(gridPoint(window, resolution, i), 2 * i);
  const logits = forward(Float64Array.from(theta), layout.discriminator, spec.activation, input, cells).at(-1)!;
  return logits.map(sigmoid);
}

/** The window that shows a mixture whole with a margin: its modes lie within `reach` of the origin. */
export function windowFor(reach: number): PlaneWindow {
  return { centre: [0, 0], halfExtent: 1.3 * reach };
}
