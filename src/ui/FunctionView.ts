/**
 * What one network computes, live as it trains: the best particle's (or a chosen particle's)
 * network read back every 0.7 s, and drawn on a small canvas in the readout column. For a
 * network of a 2-D input (the MLP), its output over the input plane with the training points on
 * top (a decision map); for a teacher–student network, the cosine of the angle between every
 * student unit and every teacher unit (a heat map: a student that learned the teacher shows one
 * bright cell per teacher column). Landscapes opt in through `inputPlane` or `unitAngles`.
 */
import type { Explorer } from '../explorer/Explorer';
import { landscapeOf, paramsArray, type ExplorerSettings } from '../settings';

/** Cells per side of the decision map (each cell one forward pass in TypeScript). */
const MAP_CELLS = 40;
const REFRESH_MS = 700;
const SIZE = 220;

/** Label −1 → blue, +1 → orange, through white at 0.5 (projector-safe, colour-blind-safe pair). */
function mapColour(t: number): [number, number, number] {
  const neg = [33, 102, 172];
  const pos = [230, 97, 1];
  const u = Math.min(1, Math.max(0, t));
  const [c, w] = u < 0.5 ? [neg, 1 - 2 * u] : [pos, 2 * u - 1];
  return [0, 1, 2].map((i) => Math.round(255 + (c[i] - 255) * w)) as [number, number, number];
}

export class FunctionView {
  private readonly canvas: HTMLCanvasElement;
  private readonly title: HTMLElement;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  /** Which particle to show: null follows the best one. */
  particle: number | null = null;

  constructor(private readonly root: HTMLElement, private readonly explorer: Explorer) {
    this.title = document.createElement('h2');
    this.canvas = document.createElement('canvas');
    this.canvas.style.width = this.canvas.style.height = `${SIZE}px`;
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    this.canvas.width = this.canvas.height = Math.round(SIZE * dpr);
    root.replaceChildren(this.title, this.canvas);
    explorer.onSettings((s) => this.update(s));
    this.update(explorer.get());
  }

  private supported(s: ExplorerSettings): boolean {
    const l = landscapeOf(s);
    return s.showFunction && Boolean(l.inputPlane || l.unitAngles);
  }

  private update(s: ExplorerSettings): void {
    const on = this.supported(s);
    this.root.hidden = !on;
    if (on && !this.timer) this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    if (!on && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Reads the network and draws it; skipped while a read is in flight or the page is hidden. */
  async refresh(): Promise<void> {
    const s = this.explorer.get();
    if (this.busy || document.hidden || !this.supported(s)) return;
    const index = this.particle ?? this.explorer.lastSummary?.best ?? -1;
    if (index < 0 || index >= s.count) return;
    this.busy = true;
    try {
      const x = await this.explorer.particle(index);
      // The setup may have changed while the read was in flight.
      const now = this.explorer.get();
      if (now !== s && (now.landscape !== s.landscape || now.dim !== s.dim)) return;
      this.draw(now, x, index);
    } catch {
      // A rebuild or a lost device: the next tick tries again.
    } finally {
      this.busy = false;
    }
  }

  private draw(s: ExplorerSettings, x: Float32Array, index: number): void {
    const l = landscapeOf(s);
    const params = paramsArray(s);
    const ctx = this.canvas.getContext('2d')!;
    const who = this.particle === null ? `best network (#${index})` : `network #${index}`;
    if (l.inputPlane) {
      this.title.textContent = `${who}: output over the input plane`;
      this.drawDecisionMap(ctx, l.inputPlane, x, params, s.dim);
    } else if (l.unitAngles) {
      this.title.textContent = `${who}: cos ∠(student unit, teacher unit)`;
      this.drawAngles(ctx, l.unitAngles(x, params, s.dim));
    }
  }

  private drawDecisionMap(
    ctx: CanvasRenderingContext2D,
    plane: NonNullable<ReturnType<typeof landscapeOf>['inputPlane']>,
    x: Float32Array,
    params: number[],
    dim: number,
  ): void {
    const { width } = this.canvas;
    const [lo, hi] = plane.box;
    const image = ctx.createImageData(MAP_CELLS, MAP_CELLS);
    for (let j = 0; j < MAP_CELLS; j++) {
      for (let i = 0; i < MAP_CELLS; i++) {
        const a = lo + ((hi - lo) * (i + 0.5)) / MAP_CELLS;
        const b = hi - ((hi - lo) * (j + 0.5)) / MAP_CELLS;
        const out = plane.output(x, params, dim, [a, b]);
        const [r, g, bl] = mapColour(1 / (1 + Math.exp(-2 * out)));
        const k = 4 * (j * MAP_CELLS + i);
        image.data.set([r, g, bl, 255], k);
      }
    }
    // Upscale the cells smoothly onto the canvas.
    const cells = new OffscreenCanvas(MAP_CELLS, MAP_CELLS);
    cells.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cells, 0, 0, width, width);
    const { train } = plane.data(params);
    const r = Math.max(2, width / 90);
    for (let p = 0; p < train.y.length; p++) {
      const px = ((train.x[2 * p] - lo) / (hi - lo)) * width;
      const py = ((hi - train.x[2 * p + 1]) / (hi - lo)) * width;
      const [cr, cg, cb] = mapColour(train.y[p] > 0 ? 1 : 0);
      ctx.beginPath();
      ctx.arc(px, py, r, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${cr},${cg},${cb})`;
      ctx.fill();
      ctx.lineWidth = Math.max(1, r / 3);
      ctx.strokeStyle = '#111';
      ctx.stroke();
    }
  }

  private drawAngles(ctx: CanvasRenderingContext2D, cos: number[][]): void {
    const { width } = this.canvas;
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, width, width);
    const rows = cos.length;
    const cols = rows ? cos[0].length : 0;
    if (!rows || !cols) return;
    const cell = width / Math.max(rows, cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const [r, g, b] = mapColour((cos[i][j] + 1) / 2);
        ctx.fillStyle = `rgb(${r},${g},${b})`;
        ctx.fillRect(j * cell + 0.5, i * cell + 0.5, cell - 1, cell - 1);
      }
    }
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
