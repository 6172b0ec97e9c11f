import { DeviceLostError, describeLoss } from '../gpu/device';

/**
 * Serialises the explorer's GPU work that spans several submits (rebuilds, scripted steps,
 * analyses): one at a time, never interleaved. Work that must not share the queue with frames
 * holds the frame loop still while it runs. Once the device is lost, work running or queued
 * rejects with a DeviceLostError instead of failing obscurely or waiting forever.
 */
export class WorkQueue {
  private busy: Promise<unknown> = Promise.resolve();
  /** While set, the frame loop skips frames. */
  framesHeld = false;
  /** What describeLoss said, once the device is lost. */
  private loss: string | null = null;
  /** Rejects each call still running: held here, not on device.lost, so settled calls leave nothing behind. */
  private readonly running = new Set<(e: Error) => void>();

  constructor(private readonly device: GPUDevice) {
    device.lost.then((info) => {
      this.loss = describeLoss(info);
      for (const reject of this.running) reject(new DeviceLostError(this.loss));
      this.running.clear();
    });
  }

  /** Runs fn after every earlier piece of work (frames are synchronous: never interleaved). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = new Promise<T>((resolve, reject) => {
      // A read-back on a lost device may never settle: the loss settles the call.
      this.running.add(reject);
      this.busy
        .then(() => {
          if (this.loss !== null) throw new DeviceLostError(this.loss);
          return fn();
        })
        .catch((e) => this.explain(e))
        .then(resolve, reject)
        .finally(() => this.running.delete(reject));
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** A GPU call that failed as the device went (a rejected mapAsync, say) becomes a DeviceLostError. */
  private async explain(e: unknown): Promise<never> {
    if (e instanceof DOMException && this.loss === null) {
      // The loss is reported a moment after the calls it breaks start failing.
      await new Promise((r) => setTimeout(r, 100));
    }
    if (this.loss !== null && !(e instanceof DeviceLostError)) throw new DeviceLostError(this.loss, { cause: e });
    throw e;
  }

  /** Runs fn exclusively with frames held and the queue drained first, so particles do not move under it. */
  withFramesHeld<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(() => this.holdingFrames(fn));
  }

  /** Holds frames around fn (already exclusive), after the work already submitted has finished. */
  async holdingFrames<T>(fn: () => Promise<T>): Promise<T> {
    const wasHeld = this.framesHeld;
    this.framesHeld = true;
    try {
      await this.device.queue.onSubmittedWorkDone();
      return await fn();
    } finally {
      this.framesHeld = wasHeld;
    }
  }
}
