import { afterAll, describe, expect, it } from 'vitest';
import { typedLandscape } from '../../src/landscapes/typed';
import { mulberry32, randomPoint } from '../random';
import { evaluateOnGpu } from './harness';

/**
 * The generated WGSL (f32) against the TypeScript twin (f64) at the GPU's own points. Errors are
 * relative to 1 + |f| + the same function at |x| (loss) and to 1 + the largest gradient
 * component; the bound grows with sqrt(D) past D = 32 as an f32 sum of D terms does.
 */
const TOL = 1e-5;

const CASES: [string, number][] = [
  ['(x^2 + y - 11)^2 + (x + y^2 - 7)^2', 2],
  ['sin(x) * cos(2*y) * tan(x*y/10) + abs(x - y) + exp(-x^2) + log(1 + y^2)', 2],
  ['x^3 - 3*x*y^2 + sqrt(1 + x^2) + atan(y) + tanh(x)', 2],
  ['(1.5 + sin(x))^(y/3) + 2^y + cosh(x/2) - sinh(y/2)', 2],
  ['10*D + sum(x^2 - 10*cos(2*pi*x))', 2],
  ['10*D + sum(x^2 - 10*cos(2*pi*x))', 16],
  ['10*D + sum(x^2 - 10*cos(2*pi*x))', 1000],
  ['sum(100*(xn - x^2)^2 + (1 - x)^2)', 16],
  ['sum(100*(xn - x^2)^2 + (1 - x)^2)', 1000],
  ['-20*exp(-0.2*sqrt(sum(x^2)/D)) - exp(sum(cos(2*pi*x))/D) + 20 + e', 16],
  ['x1^2 + sum(i*x^2/D) + log(1 + sum(sin(x*xn)^2))', 1000],
];

const measured: string[] = [];
afterAll(() => console.log(`typed WGSL vs twin:\n${measured.join('\n')}`));

describe('typed functions: WGSL agrees with the TypeScript twin', () => {
  it.each(CASES)('%s, D = %i', async (src, dim) => {
    const l = typedLandscape(src, { box: [-2, 2] });
    const rand = mulberry32(11 + dim);
    const count = dim >= 1000 ? 200 : 2000;
    const pts = Array.from({ length: count }, () => randomPoint(rand, dim, l.box));
    const gpu = await evaluateOnGpu(l, dim, pts, []);
    const grad = new Float64Array(dim);
    let lossErr = 0;
    let gradErr = 0;
    for (let p = 0; p < count; p++) {
      const x = Float64Array.from(gpu.points.subarray(p * dim, (p + 1) * dim));
      const f = l.evaluate(x, grad, [], dim);
      const scale = 1 + Math.abs(f) + Math.abs(l.evaluate(x.map(Math.abs), null, [], dim));
      lossErr = Math.max(lossErr, Math.abs(gpu.loss[p] - f) / scale);
      let gmax = 0;
      for (let d = 0; d < dim; d++) gmax = Math.max(gmax, Math.abs(grad[d]));
      for (let d = 0; d < dim; d++) gradErr = Math.max(gradErr, Math.abs(gpu.grad[p * dim + d] - grad[d]) / (1 + gmax));
    }
    measured.push(`  D = ${String(dim).padEnd(5)} ${count} points: loss ${lossErr.toExponential(2)}  grad ${gradErr.toExponential(2)}  ${src}`);
    const growth = Math.max(1, Math.sqrt(dim / 32));
    expect(lossErr).toBeLessThan(TOL * growth);
    expect(gradErr).toBeLessThan(TOL * growth);
  });
});
