/**
 * Serialises the explorer's GPU work that spans several submits (rebuilds, scripted steps,
 * analyses): one at a time, never interleaved. Work that must not share the queue with frames
 * holds the frame loop still while it runs.
 */
export class WorkQueue {
  private busy: Promise<unknown> = Promise.resolve();
  /** While set, the frame loop skips frames. */
  framesHeld = false;

  constructor(private readonly device: GPUDevice) {}

  /** Runs fn after every earlier piece of work (frames are synchronous: never interleaved). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn);
    this.busy = run.catch(() => undefined);
    return run;
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
