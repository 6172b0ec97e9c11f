/**
 * The birthday-paradox support test on the lab's GANs and on the true mixture: one GAN's
 * generator samples (or the real ones) are drawn into a GPU buffer, copied coordinate-major
 * (./SampleColumns.ts) and measured in place by BirthdayTest; only its few numbers come back.
 * Also holds the real samples, which the focused view draws.
 */
import { BirthdayTest, type BirthdayReport } from '../../analysis/BirthdayTest';
import type { BirthdayOptions } from '../../analysis/birthdayReference';
import type { GanTrainer } from '../../gan/GanTrainer';
import { mixtureSample, type MixtureSpec } from '../../gan/mixtures';
import { SampleColumns } from './SampleColumns';

/** Samples per test (of one GAN, or of the mixture). */
export const BIRTHDAY_SAMPLES = 1024;
/** Batch sizes swept: fine at small s, where a few modes give duplicates. */
export const BIRTHDAY_SIZES = [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256];
export const BIRTHDAY_BATCHES = 32;
/** Seed of the real samples' draws: far from any GAN's own minibatch draws. */
const REAL_SEED = 0x5eed;
const REAL_DRAW = 0x7fffffff;

export class LabBirthday {
  /** The batch sizes swept unless a request names others. */
  readonly sizes = BIRTHDAY_SIZES;
  /** BIRTHDAY_SAMPLES real samples, (x, y) pairs. */
  readonly realPairs: GPUBuffer;
  private constructor(
    private readonly device: GPUDevice,
    private readonly columns: SampleColumns,
    private readonly test: BirthdayTest,
  ) {
    this.realPairs = device.createBuffer({ label: 'LabBirthday.realPairs', size: 8 * BIRTHDAY_SAMPLES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  }

  static async create(device: GPUDevice): Promise<LabBirthday> {
    const [columns, test] = await Promise.all([
      SampleColumns.create(device, BIRTHDAY_SAMPLES),
      BirthdayTest.create(device, { count: BIRTHDAY_SAMPLES, dim: 2 }, { maxBatchSize: Math.max(...BIRTHDAY_SIZES), batches: 64 }),
    ]);
    return new LabBirthday(device, columns, test);
  }

  /** Draws the real samples of `mixture` (once per mixture; not per frame). */
  setMixture(mixture: MixtureSpec): void {
    const pairs = new Float32Array(2 * BIRTHDAY_SAMPLES);
    for (let b = 0; b < BIRTHDAY_SAMPLES; b++) pairs.set(mixtureSample(mixture, REAL_SEED, b, REAL_DRAW), 2 * b);
    this.device.queue.writeBuffer(this.realPairs, 0, pairs);
  }

  /** The test on GAN `gan`'s generator: BIRTHDAY_SAMPLES fresh samples (latents from `seed`). */
  measureGan(trainer: GanTrainer, gan: number, seed: number, options: BirthdayOptions): Promise<BirthdayReport> {
    if (!(Number.isInteger(gan) && gan >= 0 && gan < trainer.gans)) throw new RangeError(`gan = ${gan} was refused: there are GANs 0 to ${trainer.gans - 1}.`);
    const encoder = this.device.createCommandEncoder({ label: 'LabBirthday.draw' });
    trainer.encodeSamples(encoder, BIRTHDAY_SAMPLES, seed);
    this.columns.encode(encoder, trainer.samplesBuffer, gan * BIRTHDAY_SAMPLES, BIRTHDAY_SAMPLES);
    this.device.queue.submit([encoder.finish()]);
    return this.test.sweep(this.columns.columns, this.resolve(options));
  }

  /** The test on the true mixture's samples: the reference. */
  measureReal(options: BirthdayOptions): Promise<BirthdayReport> {
    const encoder = this.device.createCommandEncoder({ label: 'LabBirthday.real' });
    this.columns.encode(encoder, this.realPairs, 0, BIRTHDAY_SAMPLES);
    this.device.queue.submit([encoder.finish()]);
    return this.test.sweep(this.columns.columns, this.resolve(options));
  }

  private resolve(options: BirthdayOptions): BirthdayOptions {
    return { sizes: BIRTHDAY_SIZES, batches: BIRTHDAY_BATCHES, ...options };
  }

  destroy(): void {
    this.columns.destroy();
    this.test.destroy();
    this.realPairs.destroy();
  }
}
