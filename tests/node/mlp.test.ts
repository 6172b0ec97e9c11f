import { afterAll, describe, expect, it } from 'vitest';
import { CpuSimulation } from '../../src/engine/CpuSimulation';
import { networkInit } from '../../src/engine/networkInit';
import { batchIndices, type BatchKey } from '../../src/landscapes/batch';
import { DATASETS } from '../../src/landscapes/datasets';
import { MAX_DIM } from '../../src/landscapes/separable';
import { MLP_MAX_LAYERS, MLP_MAX_WIDTH } from '../../src/landscapes/limits';
import { gaussian } from '../../src/landscapes/seeded';
import { mlp, mlpDataset, mlpDimension, mlpLoss, mlpOutput, mlpPointLoss, MLP_PARAM } from '../../src/landscapes/mlp';
import { defaultParams } from '../../src/landscapes/types';
import { mulberry32 } from '../random';

const measured: string[] = [];
afterAll(() => console.log(`MLP, measured:\n${measured.join('\n')}`));

type Settings = Partial<Record<keyof typeof MLP_PARAM, number>>;

/** The default parameters with some replaced. */
function paramsOf(settings: Settings): number[] {
  const p = defaultParams(mlp);
  for (const [k, v] of Object.entries(settings)) p[MLP_PARAM[k as keyof typeof MLP_PARAM]] = v;
  return p;
}

/** Weights N(0, gain²/fan-in) per block, biases N(0, 0.3²): units neither all saturated nor all linear. */
function randomNetwork(rand: () => number, params: number[], gain = 1.5): number[] {
  return mlp.layers!(params).flatMap((b) =>
    Array.from({ length: b.size }, () => gaussian(rand) * (b.zero ? 0.3 : gain / Math.sqrt(b.fanIn))),
  );
}

const phi = (z: number, relu: boolean) => (relu ? Math.max(z, 0) : Math.tanh(z));
const dphi = (z: number, relu: boolean) => (relu ? (z > 0 ? 1 : 0) : 1 - Math.tanh(z) ** 2);
/** Loss and its slope in out, written the plain way (fine for |y·out| < 700, where e^(∓y·out) is finite). */
const plainLoss = (y: number, o: number, logistic: boolean) =>
  logistic ? [Math.log1p(Math.exp(-y * o)), -y / (1 + Math.exp(y * o))] : [0.5 * (o - y) ** 2, o - y];

describe('the MLP loss and its gradient', () => {
  // Both activations and losses, one wide shallow and one narrow deep network, full batch and a batch key.
  const cases = [0, 1].flatMap((activation) =>
    [0, 1].flatMap((loss) =>
      [[1, 5], [MLP_MAX_LAYERS, 3]].flatMap(([layers, width]) =>
        [undefined, { seed: 9, particle: 3, step: 17 }].map((key, k) => {
          const params = paramsOf({ dataset: (activation + 2 * loss + layers) % DATASETS.length, train: 24, noise: 0.1, layers, width, activation, loss, batch: 5 });
          const label = `${['tanh', 'ReLU'][activation]}, ${['logistic', 'squared'][loss]}, L = ${layers}, w = ${width}, ${key ? 'B = 5 of m = 24' : 'full batch'}`;
          return [label, params, key, 100 * activation + 10 * loss + layers + k] as const;
        }),
      ),
    ),
  );

  it.each(cases)('gradient matches central finite differences at random points: %s', (_label, params, key, seed) => {
    const dim = mlpDimension(params);
    const rand = mulberry32(seed);
    const grad = new Float64Array(dim);
    const relu = params[MLP_PARAM.activation] === 1;
    let worst = 0;
    let checked = 0;
    let kinks = 0;
    for (let trial = 0; trial < 6; trial++) {
      const x = randomNetwork(rand, params);
      const f0 = mlp.evaluate(x, grad, params, dim, key);
      const gmax = Math.max(...Array.from(grad, Math.abs));
      expect(gmax).toBeGreaterThan(1e-3);
      for (let d = 0; d < dim; d++) {
        const h = 1e-6;
        const xp = x.slice();
        const xm = x.slice();
        xp[d] += h;
        xm[d] -= h;
        const fp = mlp.evaluate(xp, null, params, dim, key);
        const fm = mlp.evaluate(xm, null, params, dim, key);
        // A ReLU kink within h bends the loss by a sample's share of a slope (about 1e-2 here),
        // against h f'' ~ 1e-5 for a smooth stretch: skip such coordinates, and count them.
        if (relu && Math.abs(fp - 2 * f0 + fm) / h > 1e-3 * (1 + gmax)) {
          kinks++;
          continue;
        }
        checked++;
        worst = Math.max(worst, Math.abs(grad[d] - (fp - fm) / (2 * h)) / (1 + gmax));
      }
    }
    measured.push(`  FD  ${_label.padEnd(44)}: worst |g − fd| / (1 + max|g|) = ${worst.toExponential(2)} over ${checked} coordinates, ${kinks} at ReLU kinks skipped`);
    // h = 1e-6: truncation h² f''' ~ 1e-11 and rounding eps f / h ~ 1e-10.
    expect(worst).toBeLessThan(1e-7);
    expect(kinks).toBeLessThanOrEqual(0.02 * checked);
  });

  it('a batch key picks batchIndices(key, B, m): the loss and gradient are the mean over those samples', () => {
    const params = paramsOf({ dataset: 1, train: 30, batch: 7, activation: 1 });
    const dim = mlpDimension(params);
    const x = randomNetwork(mulberry32(4), params);
    const data = mlpDataset(params);
    const key: BatchKey = { seed: 12345, particle: 77, step: 3 };
    const grad = new Float64Array(dim);
    const f = mlp.evaluate(x, grad, params, dim, key);
    const samples = batchIndices(key, 7, 30);
    expect(samples).toHaveLength(7);
    const expected = new Float64Array(dim);
    const one = new Float64Array(dim);
    let loss = 0;
    for (const i of samples) {
      loss += mlpPointLoss(x, params, dim, [data.trainX[2 * i], data.trainX[2 * i + 1]], data.trainY[i], one) / 7;
      for (let d = 0; d < dim; d++) expected[d] += one[d] / 7;
    }
    expect(f).toBeCloseTo(loss, 13);
    for (let d = 0; d < dim; d++) expect(grad[d]).toBeCloseTo(expected[d], 13);
    // Another key, another batch; no key, or B ≥ m, the full set.
    expect(mlp.evaluate(x, null, params, dim, { ...key, step: 4 })).not.toBe(f);
    const full = mlp.evaluate(x, null, params, dim);
    expect(full).not.toBeCloseTo(f, 3);
    for (const b of [30, 31, 1000]) expect(mlp.evaluate(x, null, paramsOf({ dataset: 1, train: 30, batch: b, activation: 1 }), dim, key)).toBe(full);
  });

  it('minibatch gradients averaged over 4,000 keys approach the full-batch gradient (unbiased), within 5 standard errors', () => {
    const params = paramsOf({ dataset: 0, train: 40, batch: 8, layers: 2, width: 4, noise: 0.2 });
    const dim = mlpDimension(params);
    const x = randomNetwork(mulberry32(8), params);
    const full = new Float64Array(dim);
    const fFull = mlp.evaluate(x, full, params, dim);
    const g = new Float64Array(dim);
    const sum = new Float64Array(dim);
    const sum2 = new Float64Array(dim);
    const keys = 4000;
    let fSum = 0;
    let fSum2 = 0;
    for (let k = 0; k < keys; k++) {
      const f = mlp.evaluate(x, g, params, dim, { seed: 2, particle: k % 64, step: Math.floor(k / 64) });
      fSum += f;
      fSum2 += f * f;
      for (let d = 0; d < dim; d++) {
        sum[d] += g[d];
        sum2[d] += g[d] * g[d];
      }
    }
    let worstZ = 0;
    let spread = 0;
    for (let d = 0; d < dim; d++) {
      const mean = sum[d] / keys;
      const sd = Math.sqrt(sum2[d] / keys - mean * mean);
      spread = Math.max(spread, sd);
      worstZ = Math.max(worstZ, Math.abs(mean - full[d]) / (sd / Math.sqrt(keys)));
    }
    const fMean = fSum / keys;
    const fZ = Math.abs(fMean - fFull) / Math.sqrt((fSum2 / keys - fMean * fMean) / keys);
    measured.push(`  SGD mean of ${keys} minibatch gradients: worst |mean − full| ${worstZ.toFixed(2)} SE over D = ${dim}; loss ${fZ.toFixed(2)} SE`);
    expect(worstZ).toBeLessThan(5);
    expect(fZ).toBeLessThan(5);
    // The minibatches are really noisy: a single one is far from the full gradient.
    expect(spread).toBeGreaterThan(0.05 * Math.max(...Array.from(full, Math.abs)));
  });

  it('a hand-made network of one unit (L = 1, w = 1) has the loss and gradient worked out here from the data points', () => {
    // out = v φ(a₁x₁ + a₂x₂ + b) + c, coordinates (a₁, a₂, b, v, c).
    const x = [0.8, -1.3, 0.25, 1.7, -0.4];
    const [a1, a2, b, v, c] = x;
    for (const activation of [0, 1]) {
      for (const loss of [0, 1]) {
        const params = paramsOf({ dataset: 3, train: 50, noise: 0.1, layers: 1, width: 1, activation, loss });
        expect(mlpDimension(params)).toBe(5);
        const relu = activation === 1;
        const data = mlpDataset(params);
        let f = 0;
        const g = [0, 0, 0, 0, 0];
        for (let i = 0; i < 50; i++) {
          const [x1, x2, y] = [data.trainX[2 * i], data.trainX[2 * i + 1], data.trainY[i]];
          const z = a1 * x1 + a2 * x2 + b;
          const o = v * phi(z, relu) + c;
          const [l, s] = plainLoss(y, o, loss === 0);
          f += l / 50;
          const back = (s * v * dphi(z, relu)) / 50;
          [back * x1, back * x2, back, (s * phi(z, relu)) / 50, s / 50].forEach((gi, k) => (g[k] += gi));
          expect(mlpOutput(x, params, 5, [x1, x2])).toBeCloseTo(o, 14);
        }
        const grad = new Float64Array(5);
        expect(mlp.evaluate(x, grad, params, 5)).toBeCloseTo(f, 13);
        for (let k = 0; k < 5; k++) expect(grad[k]).toBeCloseTo(g[k], 13);
      }
    }
  });

  it('the coordinates are laid out as documented: L = 2, w = 2 by hand', () => {
    const params = paramsOf({ layers: 2, width: 2 });
    const dim = mlpDimension(params);
    expect(dim).toBe(15);
    const x = randomNetwork(mulberry32(21), params);
    // W₁ row-major (4), b₁ (2), W₂ row-major (4), b₂ (2), v (2), c.
    const W1 = [[x[0], x[1]], [x[2], x[3]]];
    const b1 = [x[4], x[5]];
    const W2 = [[x[6], x[7]], [x[8], x[9]]];
    const b2 = [x[10], x[11]];
    const v = [x[12], x[13]];
    for (const input of [[0.3, -1.1], [1.4, 0.2], [-0.7, -0.9]] as [number, number][]) {
      const h1 = [0, 1].map((i) => Math.tanh(W1[i][0] * input[0] + W1[i][1] * input[1] + b1[i]));
      const h2 = [0, 1].map((i) => Math.tanh(W2[i][0] * h1[0] + W2[i][1] * h1[1] + b2[i]));
      expect(mlpOutput(x, params, dim, input)).toBeCloseTo(v[0] * h2[0] + v[1] * h2[1] + x[14], 14);
    }
  });

  it('the logistic loss is stable at huge outputs and equals the plain formula at ordinary ones', () => {
    expect(mlpLoss(1, 1000, true)).toEqual([0, -0]);
    expect(mlpLoss(1, -1000, true)).toEqual([1000, -1]);
    expect(mlpLoss(-1, 800, true)).toEqual([800, 1]);
    expect(mlpLoss(-1, -1e30, true)[0]).toBe(0);
    for (let o = -20; o <= 20; o += 0.37) {
      for (const y of [1, -1]) {
        const [l, s] = mlpLoss(y, o, true);
        const [pl, ps] = plainLoss(y, o, true);
        expect(Math.abs(l - pl)).toBeLessThanOrEqual(1e-14 * pl);
        expect(Math.abs(s - ps)).toBeLessThanOrEqual(1e-14);
      }
    }
    expect(mlpLoss(1, 3, false)).toEqual([2, 2]);
  });
});

describe('metrics', () => {
  it.each([
    ['tanh, logistic', 0, 0],
    ['ReLU, squared', 1, 1],
    ['ReLU, logistic', 1, 0],
  ])('%s: training loss on all m, accuracies and test loss as computed here from each point\'s output', (_label, activation, loss) => {
    const params = paramsOf({ dataset: 2, train: 120, test: 90, noise: 0.05, activation, loss, batch: 10 });
    const dim = mlpDimension(params);
    const rand = mulberry32(5 + activation + 2 * loss);
    const data = mlpDataset(params);
    const direct = (x: number[], xs: Float32Array, ys: Float32Array) => {
      let l = 0;
      let right = 0;
      for (let i = 0; i < ys.length; i++) {
        const o = mlpOutput(x, params, dim, [xs[2 * i], xs[2 * i + 1]]);
        l += plainLoss(ys[i], o, loss === 0)[0];
        if (Math.sign(o) === ys[i]) right++;
      }
      return [l / ys.length, right / ys.length];
    };
    const accuracies = new Set<number>();
    for (let trial = 0; trial < 5; trial++) {
      const x = randomNetwork(rand, params);
      const m = mlp.metrics!.evaluate(x, params, dim);
      expect(m).toHaveLength(mlp.metrics!.names.length);
      const expected = [...direct(x, data.trainX, data.trainY), ...direct(x, data.testX, data.testY)];
      for (let k = 0; k < 4; k++) expect(m[k]).toBeCloseTo(expected[k], 12);
      // The training loss on all m is the full-batch loss, whatever B.
      expect(m[0]).toBeCloseTo(mlp.evaluate(x, null, params, dim), 14);
      accuracies.add(m[1]);
    }
    // Random networks: accuracies vary (no constant was returned).
    expect(accuracies.size).toBeGreaterThan(1);
  });
});

describe('shape', () => {
  it('D = 3w + (L − 1)(w² + w) + w + 1, the layers hold it in order, biases start at zero', () => {
    for (let layers = 1; layers <= MLP_MAX_LAYERS; layers++) {
      for (const width of [1, 2, 7, MLP_MAX_WIDTH]) {
        const params = paramsOf({ layers, width });
        const dim = 3 * width + (layers - 1) * (width * width + width) + width + 1;
        expect(mlp.dimensionOf!(params)).toBe(dim);
        const blocks = mlp.layers!(params);
        expect(blocks).toHaveLength(2 * layers + 2);
        expect(blocks.reduce((s, b) => s + b.size, 0)).toBe(dim);
        blocks.forEach((b, i) => {
          const layer = Math.floor(i / 2);
          const fanIn = layer === 0 ? 2 : width;
          const fanOut = layer === layers ? 1 : width;
          expect([b.fanIn, b.fanOut, b.size, Boolean(b.zero)]).toEqual([fanIn, fanOut, i % 2 === 0 ? fanIn * fanOut : fanOut, i % 2 === 1]);
        });
      }
    }
    expect(mlp.dims.default).toBe(mlpDimension(defaultParams(mlp)));
  });

  it('the largest networks within the engine\'s D ≤ 4,096: w = 64, 61, 43, 35 for L = 1 to 4', () => {
    const largest = [1, 2, 3, 4].map((layers) => {
      let w = MLP_MAX_WIDTH;
      while (mlpDimension(paramsOf({ layers, width: w })) > MAX_DIM) w--;
      return [w, mlpDimension(paramsOf({ layers, width: w }))];
    });
    measured.push(`  largest (w, D) for L = 1..4: ${JSON.stringify(largest)}`);
    expect(largest).toEqual([[64, 257], [61, 4027], [43, 3957], [35, 3921]]);
    // One unit wider is over the limit.
    for (const [layers, w] of [[2, 62], [3, 44], [4, 36]]) expect(mlpDimension(paramsOf({ layers, width: w }))).toBeGreaterThan(MAX_DIM);
  });

  it('refuses a dimension its parameters do not make, and sizes past the limits', () => {
    const params = defaultParams(mlp);
    expect(() => mlp.evaluate(new Array(100).fill(0), null, params, 100)).toThrow(/D = 105; got D = 100/);
    expect(() => mlp.metrics!.evaluate(new Array(100).fill(0), params, 100)).toThrow(RangeError);
    expect(() => mlp.evaluate(new Array(5).fill(0), null, paramsOf({ layers: 0, width: 1 }), 5)).toThrow(/1 to 4 hidden layers/);
    expect(() => mlpDataset(paramsOf({ dataset: 5 }))).toThrow(/Data set index 5/);
    expect(() => mlpDataset(paramsOf({ noise: 2 }))).toThrow(/Label noise/);
  });

  it('data: (x₁, x₂, label) per point, training points then test points, as float32', () => {
    const params = paramsOf({ train: 13, test: 6 });
    const [{ name, data }] = mlp.data!(mlpDimension(params), params);
    const set = mlpDataset(params);
    expect(name).toBe('mlp_data');
    expect(data).toHaveLength(3 * 19);
    for (let i = 0; i < 13; i++) expect([data[3 * i], data[3 * i + 1], data[3 * i + 2]]).toEqual([set.trainX[2 * i], set.trainX[2 * i + 1], set.trainY[i]]);
    for (let i = 0; i < 6; i++) expect([data[39 + 3 * i], data[40 + 3 * i], data[41 + 3 * i]]).toEqual([set.testX[2 * i], set.testX[2 * i + 1], set.testY[i]]);
  });

  it('the decision map: inputPlane gives the output at an input point and the data set drawn under it', () => {
    const params = paramsOf({ dataset: 1, train: 20, test: 10, width: 3 });
    const dim = mlpDimension(params);
    const x = randomNetwork(mulberry32(2), params);
    const plane = mlp.inputPlane!;
    expect(plane.output(x, params, dim, [0.4, -0.2])).toBe(mlpOutput(x, params, dim, [0.4, -0.2]));
    const { train, test } = plane.data(params);
    const set = mlpDataset(params);
    expect([train.x, train.y, test.x, test.y]).toEqual([set.trainX, set.trainY, set.testX, set.testY]);
    // The data lies inside the map.
    for (const v of Array.from(train.x).concat(Array.from(test.x))) expect(Math.abs(v)).toBeLessThan(plane.box[1]);
  });

  it('the cost of an evaluation grows with the batch, up to m', () => {
    const cost = (batch: number) => mlp.evalCost!(105, paramsOf({ batch }));
    expect(cost(64)).toBeCloseTo(2 * cost(32), -2);
    expect(cost(200)).toBe(cost(1000));
    expect(cost(32)).toBeGreaterThan(6 * 32 * 105);
  });
});

describe('training', () => {
  it('SGD (B = 32) from Xavier starts fits the two moons on the TypeScript engine: > 95% training, > 90% test accuracy', async () => {
    const params = defaultParams(mlp);
    const dim = mlpDimension(params);
    const sim = new CpuSimulation({
      landscape: mlp,
      dim,
      params,
      count: 8,
      seed: 3,
      init: networkInit(mlp.layers!(params), dim, 'xavier-normal'),
      run: { lr: 0.5, convergeTol: 0 },
    });
    const before = (await sim.particles()).positions;
    await sim.step(1500);
    const after = (await sim.particles()).positions;
    const score = (pos: Float32Array, p: number) => mlp.metrics!.evaluate(pos.subarray(p * dim, (p + 1) * dim), params, dim);
    const start = Array.from({ length: 8 }, (_, p) => score(before, p));
    const end = Array.from({ length: 8 }, (_, p) => score(after, p));
    const worst = (k: number, s: number[][]) => Math.min(...s.map((m) => m[k]));
    measured.push(
      `  SGD on two moons, 8 networks, 1,500 steps: worst training accuracy ${worst(1, start).toFixed(3)} → ${worst(1, end).toFixed(3)}, ` +
        `worst test accuracy ${worst(3, end).toFixed(3)}, training loss ${Math.max(...start.map((m) => m[0])).toFixed(3)} → ${Math.max(...end.map((m) => m[0])).toFixed(3)}`,
    );
    expect(worst(1, end)).toBeGreaterThan(0.95);
    expect(worst(3, end)).toBeGreaterThan(0.9);
    for (let p = 0; p < 8; p++) expect(end[p][0]).toBeLessThan(start[p][0]);
  });
});
