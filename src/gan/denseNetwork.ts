/**
 * Dense networks in float64, the twin of the layer routines of shaders/gan_networks.wgsl:
 * forward over a minibatch keeping every layer's output, and backward accumulating parameter
 * gradients and giving the gradient at the input. Rows are samples, stored row after row.
 */
import { LEAKY_SLOPE, type DenseLayer, type GanActivation } from './ganConfig';

export function activate(activation: GanActivation, z: number): number {
  if (activation === 'tanh') return Math.tanh(z);
  if (activation === 'relu') return Math.max(z, 0);
  return z > 0 ? z : LEAKY_SLOPE * z;
}

/** The activation's derivative from its output h (the kernels keep only h). */
export function activationSlope(activation: GanActivation, h: number): number {
  if (activation === 'tanh') return 1 - h * h;
  if (activation === 'relu') return h > 0 ? 1 : 0;
  return h > 0 ? 1 : LEAKY_SLOPE;
}

/** log(1 + e^x) without overflow. */
export const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Every layer's output for `rows` inputs (rows × fanIn of the first layer): [input, hidden…,
 * output], hidden layers through the activation, the last layer linear.
 */
export function forward(
  theta: Float64Array,
  layers: DenseLayer[],
  activation: GanActivation,
  input: Float64Array,
  rows: number,
): Float64Array[] {
  const outs = [input];
  layers.forEach((layer, l) => {
    const { fanIn, fanOut, offset } = layer;
    const below = outs[l];
    const out = new Float64Array(rows * fanOut);
    const last = l === layers.length - 1;
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < fanOut; u++) {
        const row = offset + u * (fanIn + 1);
        let z = theta[row + fanIn];
        for (let v = 0; v < fanIn; v++) z += theta[row + v] * below[r * fanIn + v];
        out[r * fanOut + u] = last ? z : activate(activation, z);
      }
    }
    outs.push(out);
  });
  return outs;
}

/**
 * Backward from `delta` (d loss / d output, rows × fanOut of the last layer): adds each
 * parameter's gradient into `grad` (at the layers' offsets) and returns d loss / d input.
 */
export function backward(
  theta: Float64Array,
  layers: DenseLayer[],
  activation: GanActivation,
  outs: Float64Array[],
  delta: Float64Array,
  rows: number,
  grad: Float64Array,
): Float64Array {
  let d = delta;
  for (let l = layers.length - 1; l >= 0; l--) {
    const { fanIn, fanOut, offset } = layers[l];
    const below = outs[l];
    const down = new Float64Array(rows * fanIn);
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < fanOut; u++) {
        const du = d[r * fanOut + u];
        const row = offset + u * (fanIn + 1);
        grad[row + fanIn] += du;
        for (let v = 0; v < fanIn; v++) {
          grad[row + v] += du * below[r * fanIn + v];
          down[r * fanIn + v] += theta[row + v] * du;
        }
      }
    }
    // Below a hidden layer, through its activation; the network's input takes the plain gradient.
    if (l > 0) for (let k = 0; k < down.length; k++) down[k] *= activationSlope(activation, below[k]);
    d = down;
  }
  return d;
}
