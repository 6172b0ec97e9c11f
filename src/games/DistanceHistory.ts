/**
 * Snapshots of a GameSimulation's per-particle readouts (value, distance, flags) taken on the GPU
 * at chosen steps, by buffer copies recorded into the caller's encoder, and read back in one map:
 * a whole distance-over-steps series costs one read, not one per point.
 */
import { DeviceLimitError } from '../gpu/device';
import { decodeReadouts, type GameReadouts, type GameSimulation } from './GameSimulation';

export class DistanceHistory {
  private readonly history: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly stride: number;
  private readonly steps: number[];

  constructor(
    private readonly device: GPUDevice,
    private readonly simulation: GameSimulation,
    readonly slots: number,
  ) {
    if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError(`slots = ${slots} was refused: it must be a whole number ≥ 1.`);
    this.stride = simulation.state.size;
    const bytes = this.stride * slots;
    if (bytes > device.limits.maxBufferSize) {
      throw new DeviceLimitError('maxBufferSize', bytes, device.limits.maxBufferSize, `${slots} snapshots of ${simulation.count} particles (bytes)`);
    }
    this.history = device.createBuffer({ label: 'DistanceHistory.history', size: bytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.staging = device.createBuffer({ label: 'DistanceHistory.staging', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.steps = new Array<number>(slots).fill(-1);
  }

  /** Records the simulation's readouts as they are at this point of the encoder into `slot`. */
  encode(encoder: GPUCommandEncoder, slot: number): void {
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.slots)) {
      throw new RangeError(`slot = ${slot} was refused: this history has slots 0 to ${this.slots - 1}.`);
    }
    encoder.copyBufferToBuffer(this.simulation.state, 0, this.history, slot * this.stride, this.stride);
    this.steps[slot] = this.simulation.stepIndex;
  }

  /** Slots 0 .. count − 1, after the work recording them was submitted. */
  async read(count = this.slots): Promise<GameReadouts[]> {
    const bytes = count * this.stride;
    const encoder = this.device.createCommandEncoder({ label: 'DistanceHistory.read' });
    encoder.copyBufferToBuffer(this.history, 0, this.staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ, 0, bytes);
    const all = this.staging.getMappedRange(0, bytes).slice(0);
    this.staging.unmap();
    return Array.from({ length: count }, (_, r) =>
      decodeReadouts(all.slice(r * this.stride, (r + 1) * this.stride), this.simulation.count, this.steps[r]),
    );
  }

  destroy(): void {
    this.history.destroy();
    this.staging.destroy();
  }
}
