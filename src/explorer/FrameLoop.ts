/** The animation-frame loop: calls a frame function once per display frame and keeps the frame rate. */
const FPS_WINDOW = 30;

export class FrameLoop {
  private running = false;
  private handle = 0;
  private readonly times: number[] = [];
  /** Frames drawn so far. */
  count = 0;

  /** `frame` returns whether it drew (skipped frames do not count). */
  constructor(private readonly frame: () => boolean) {}

  start(): void {
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.handle = requestAnimationFrame(loop);
      if (!this.frame()) return;
      this.count++;
      this.times.push(performance.now());
      while (this.times.length > FPS_WINDOW) this.times.shift();
    };
    this.handle = requestAnimationFrame(loop);
  }

  stop(): void {
    this.running = false;
    cancelAnimationFrame(this.handle);
  }

  /** Frames per second over the last FPS_WINDOW frames drawn. */
  get fps(): number {
    const t = this.times;
    return t.length > 1 ? ((t.length - 1) * 1000) / (t[t.length - 1] - t[0]) : 0;
  }
}
