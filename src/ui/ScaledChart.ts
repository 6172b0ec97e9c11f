/**
 * A readout chart (uPlot) that follows classroom mode. Its options are a function of a scale
 * (1, or CLASSROOM_CHART_SCALE for a projector), so each chart says once how it looks; when the
 * scale changes it is drawn again from them, with the data it holds.
 */
import uPlot from 'uplot';
import { CLASSROOM_CHART_SCALE } from './chartStyle';

/** The chart scale for classroom mode on or off. */
export const chartScaleFor = (classroom: boolean) => (classroom ? CLASSROOM_CHART_SCALE : 1);

/** A readout panel's chart box: `width` px wide (350, the wider classroom panels' room, when scaled), `height` × scale tall. */
export function chartBox(scale: number, height: number, width = 300): { width: number; height: number } {
  return { width: scale === 1 ? width : 350, height: Math.round(height * scale) };
}

export class ScaledChart {
  private plot: uPlot;
  private data: uPlot.AlignedData;

  constructor(
    private readonly target: HTMLElement,
    private readonly options: (scale: number) => uPlot.Options,
    empty: uPlot.AlignedData,
    private scale = 1,
  ) {
    this.data = empty;
    this.plot = new uPlot(options(scale), empty, target);
  }

  get currentScale(): number {
    return this.scale;
  }

  setData(data: uPlot.AlignedData): void {
    this.data = data;
    this.plot.setData(data);
  }

  setSize(size: { width: number; height: number }): void {
    this.plot.setSize(size);
  }

  /** Draws the chart again at `scale` if that differs from the one it has. */
  rescale(scale: number): void {
    if (scale === this.scale) return;
    this.scale = scale;
    this.redraw();
  }

  /** Draws the chart again from its options (after something they read has changed), with its data. */
  redraw(): void {
    this.plot.destroy();
    this.plot = new uPlot(this.options(this.scale), this.data, this.target);
  }

  destroy(): void {
    this.plot.destroy();
  }
}
