/**
 * The same vectorised update written with TF.js on its WebGPU backend: what a JavaScript user
 * would reach for instead of hand-written WGSL.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-webgpu';

export type TfLandscape = 'rastrigin' | 'rosenbrock' | 'quadratic';

export async function initTf(): Promise<string> {
  await tf.setBackend('webgpu');
  await tf.ready();
  return tf.getBackend();
}

function gradient(kind: TfLandscape, x: tf.Tensor2D, lambda: tf.Tensor1D | null): tf.Tensor2D {
  const [n, d] = x.shape;
  switch (kind) {
    case 'rastrigin':
      return x.mul(2).add(tf.sin(x.mul(2 * Math.PI)).mul(20 * Math.PI));
    case 'quadratic':
      return x.mul(lambda!);
    case 'rosenbrock': {
      const x0 = x.slice([0, 0], [n, d - 1]);
      const x1 = x.slice([0, 1], [n, d - 1]);
      const t = x1.sub(x0.square());
      const a = x0.mul(t).mul(-400).sub(tf.scalar(1).sub(x0).mul(2));
      const b = t.mul(200);
      return tf.pad(a, [[0, 0], [0, 1]]).add(tf.pad(b, [[0, 0], [1, 0]])) as tf.Tensor2D;
    }
  }
}

export class TfParticles {
  private x: tf.Variable;
  private m: tf.Variable;
  private v: tf.Variable;
  private t = 0;
  private readonly lambda: tf.Tensor1D | null;

  constructor(
    private readonly kind: TfLandscape,
    private readonly optimizer: 'gd' | 'adam',
    private readonly lr: number,
    positions: Float32Array,
    n: number,
    d: number,
    kappa = 10,
  ) {
    this.x = tf.variable(tf.tensor2d(positions, [n, d]));
    this.m = tf.variable(tf.zeros([n, d]));
    this.v = tf.variable(tf.zeros([n, d]));
    this.lambda = kind === 'quadratic' ? tf.tensor1d(Array.from({ length: d }, (_, i) => Math.exp((Math.log(kappa) * i) / Math.max(d - 1, 1)))) : null;
  }

  step(steps: number): void {
    for (let s = 0; s < steps; s++) {
      this.t++;
      tf.tidy(() => {
        const g = gradient(this.kind, this.x as tf.Tensor2D, this.lambda);
        if (this.optimizer === 'gd') {
          this.x.assign(this.x.sub(g.mul(this.lr)));
          return;
        }
        const [b1, b2, eps] = [0.9, 0.999, 1e-8];
        this.m.assign(this.m.mul(b1).add(g.mul(1 - b1)));
        this.v.assign(this.v.mul(b2).add(g.square().mul(1 - b2)));
        const mh = this.m.div(1 - b1 ** this.t);
        const vh = this.v.div(1 - b2 ** this.t);
        this.x.assign(this.x.sub(mh.mul(this.lr).div(vh.sqrt().add(eps))));
      });
    }
  }

  /** Waits for queued work by reading back one number. */
  async sync(): Promise<void> {
    const one = this.x.slice([0, 0], [1, 1]);
    await one.data();
    one.dispose();
  }

  async positions(): Promise<Float32Array> {
    return (await this.x.data()) as Float32Array;
  }

  dispose(): void {
    this.x.dispose();
    this.m.dispose();
    this.v.dispose();
    this.lambda?.dispose();
  }
}
