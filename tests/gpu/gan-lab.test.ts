/**
 * The GAN lab's kernels against their float64 twins: the discriminator's heat map (D on a grid,
 * shaders/lab_gan_discriminator.wgsl, run on the trainer's parameter buffer in place) at random
 * parameters; samples drawn into the trainer's buffer without a read-back against readSamples;
 * the copy to the birthday test's coordinate-major layout; and the birthday test on the true
 * mixture with a mode-sized threshold, which must find about as many points as modes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GanTrainer } from '../../src/gan/GanTrainer';
import { DEFAULT_RUN, ganLayout, type GanSpec } from '../../src/gan/ganConfig';
import { GRID_25, RING_8 } from '../../src/gan/mixtures';
import { DiscriminatorMap } from '../../src/lab/gan/DiscriminatorMap';
import { discriminatorGrid, windowFor } from '../../src/lab/gan/discriminatorGrid';
import { toColumns } from '../../src/lab/gan/columnsReference';
import { SampleColumns } from '../../src/lab/gan/SampleColumns';
import { LabBirthday } from '../../src/lab/gan/LabBirthday';
import { withGpu } from './device';

const measured: string[] = [];
afterAll(() => console.log(`GAN lab kernels, GPU vs float64 twin:\n${measured.join('\n')}`));

const spec = (over: Partial<GanSpec> = {}): GanSpec => ({
  mixture: RING_8, latent: 3, generator: { hidden: 2, width: 8 }, discriminator: { hidden: 2, width: 10 },
  activation: 'tanh', batch: 12, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, ...over,
});
const runs = (n: number) => Array.from({ length: n }, (_, g) => ({ ...DEFAULT_RUN, seed: 10 + g, lrG: 0.05, lrD: 0.05 }));

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe('GAN lab kernels', () => {
  const cases: [string, Partial<GanSpec>, number][] = [
    ['tanh, 2 hidden × 10, 13 × 13 grid (a partial chunk)', {}, 13],
    ['leaky ReLU, 3 hidden × 40, grid mixture, 48 × 48', { activation: 'leakyRelu', discriminator: { hidden: 3, width: 40 }, mixture: GRID_25 }, 48],
    ['ReLU, 1 hidden × 128, 32 × 32', { activation: 'relu', discriminator: { hidden: 1, width: 128 } }, 32],
  ];
  it.each(cases)('D on a grid at random parameters matches the twin: %s', async (name, over, resolution) => {
    const s = spec(over);
    const { g } = ganLayout(s);
    await withGpu(async (gpu) => {
      const trainer = gpu.own(await GanTrainer.create(gpu.device, { spec: s, runs: runs(3) }));
      // Random initial weights moved by a few large steps, so the biases are not zero either.
      await trainer.train(6);
      const { theta } = await trainer.readParameters(1);
      expect(Math.max(...Array.from(theta.subarray(g)).map(Math.abs))).toBeGreaterThan(0.1);
      const map = gpu.own(await DiscriminatorMap.create(gpu.device, trainer, resolution));
      const window = windowFor(s.mixture.kind === 'grid' ? 5 : 2.2);
      const encoder = gpu.device.createCommandEncoder();
      map.encode(encoder, 1, window);
      gpu.device.queue.submit([encoder.finish()]);
      const heat = new Float32Array(await gpu.read(map.heat));
      const twin = discriminatorGrid(s, theta, window, resolution);
      const error = maxAbs(heat, twin);
      const spread = Math.max(...twin) - Math.min(...twin);
      measured.push(`  heat map, ${name}: max |ΔD| ${error.toExponential(2)} (D spans ${spread.toFixed(3)})`);
      expect(spread).toBeGreaterThan(0.05);
      expect(error).toBeLessThan(2e-6);
    });
  });

  it('encodeSamples writes what readSamples reads, in place; the column copy matches its twin', async () => {
    const s = spec();
    await withGpu(async (gpu) => {
      const trainer = gpu.own(await GanTrainer.create(gpu.device, { spec: s, runs: runs(3), sampleCapacity: 100 }));
      await trainer.train(2);
      const columns = gpu.own(await SampleColumns.create(gpu.device, 70));
      const encoder = gpu.device.createCommandEncoder();
      trainer.encodeSamples(encoder, 70, 5);
      columns.encode(encoder, trainer.samplesBuffer, 2 * 70 + 3, 67);
      gpu.device.queue.submit([encoder.finish()]);
      const drawn = new Float32Array(await gpu.read(trainer.samplesBuffer, 8 * 3 * 70));
      const copied = new Float32Array(await gpu.read(columns.columns, 8 * 67));
      const read = await trainer.readSamples(70, 5);
      expect(Array.from(drawn)).toEqual(Array.from(read));
      expect(new Set(read).size).toBeGreaterThan(100);
      expect(Array.from(copied)).toEqual(Array.from(toColumns(read, 2 * 70 + 3, 67)));
      expect(() => trainer.encodeSamples(gpu.device.createCommandEncoder(), 101, 5)).toThrow(/sampleCapacity = 100/);
      expect(() => columns.encode(gpu.device.createCommandEncoder(), trainer.samplesBuffer, 0, 71)).toThrow(/capacity 70/);
    });
  });

  it('the birthday test on the true 8-mode mixture with a mode-sized threshold finds about 8 points', async () => {
    await withGpu(async (gpu) => {
      const birthday = gpu.own(await LabBirthday.create(gpu.device));
      birthday.setMixture(RING_8);
      const coarse = await birthday.measureReal({ threshold: RING_8.radius / 4 });
      measured.push(`  birthday on RING_8's samples, threshold ${RING_8.radius / 4}: ${coarse.estimate.kind} ${coarse.estimate.support.toFixed(2)}, s½ ${coarse.estimate.halfSize?.toFixed(2)}`);
      expect(coarse.estimate.kind).toBe('estimate');
      expect(coarse.estimate.support).toBeGreaterThan(5.5);
      expect(coarse.estimate.support).toBeLessThan(11.5);
      // A threshold far under σ: pairs almost never coincide, the support looks large.
      const fine = await birthday.measureReal({ threshold: RING_8.sigma / 100 });
      measured.push(`  … threshold σ/100: ${fine.estimate.kind} ${fine.estimate.support.toFixed(0)}`);
      expect(fine.estimate.support).toBeGreaterThan(1000);
    });
  });

  it('a heat map larger than its limit is refused by name', async () => {
    await withGpu(async (gpu) => {
      const trainer = gpu.own(await GanTrainer.create(gpu.device, { spec: spec(), runs: runs(1) }));
      await expect(DiscriminatorMap.create(gpu.device, trainer, 1000)).rejects.toThrow(/MAX_HEAT_RESOLUTION = 256/);
    });
  });
});
