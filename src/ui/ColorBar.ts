/** The colour bar: the colour map with the losses it stands for, log-aware, readable on its own. */
import type { Explorer } from '../explorer/Explorer';
import { cssGradient } from '../view/colormaps';
import { formatNumber } from '../view/ticks';

export class ColorBar {
  constructor(private readonly el: HTMLElement, private readonly explorer: Explorer) {
    explorer.onSettings(() => this.draw());
    // The surface's loss range arrives after a re-evaluation: the ticks follow it.
    explorer.mappingForOverlay.onChange(() => this.draw());
    this.draw();
  }

  draw(): void {
    const s = this.explorer.get();
    const mapping = this.explorer.mappingForOverlay;
    this.el.style.background = cssGradient(s.colormap);
    this.el.innerHTML = `<div class="title">${s.logScale ? 'loss (log scale)' : 'loss'}</div>`;
    for (let i = 0; i <= 4; i++) {
      const t = i / 4;
      const tick = document.createElement('div');
      tick.className = 'tick';
      tick.style.bottom = `${t * 100}%`;
      tick.textContent = formatNumber(mapping.lossAt(t));
      this.el.appendChild(tick);
    }
    this.el.hidden = !s.showSurface && s.colorBy !== 'loss';
  }
}
