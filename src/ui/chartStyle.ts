/** The look every readout chart shares (uPlot axes on the dark panels). */
import type uPlot from 'uplot';

export function chartAxis(size = 34): uPlot.Axis {
  return {
    stroke: '#9aa3b5',
    grid: { stroke: 'rgba(255,255,255,0.08)' },
    ticks: { stroke: 'rgba(255,255,255,0.2)' },
    font: '11px system-ui',
    size,
  };
}
