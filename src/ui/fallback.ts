/**
 * Without WebGPU: the TypeScript engine at a reduced particle count, drawn top-down on a 2-D
 * canvas, so a browser without WebGPU still shows the landscape and its particles moving.
 */
import { CpuSimulation } from '../engine/CpuSimulation';
import { FLAG_DIVERGED } from '../engine/types';
import { landscapeById } from '../landscapes';
import { boxOf, landscapeOf, paramsArray, runOf, type ExplorerSettings } from '../settings';
import { COLORMAPS, rgbOf } from '../view/colormaps';
import { formatNumber } from '../view/ticks';

/** Particles the CPU can step at 60 frames per second on a modest laptop. */
export const FALLBACK_PARTICLES = 2000;

export function startFallback(container: HTMLElement, overlay: HTMLElement, s: ExplorerSettings): CpuSimulation {
  const landscape = landscapeOf(s);
  const dim = 2;
  const params = paramsArray({ ...s, dim });
  const [lo, hi] = boxOf(s);
  const sim = new CpuSimulation({
    landscape: landscape.dims.min === 2 ? landscape : landscapeById('himmelblau'),
    dim,
    params: landscape.dims.min === 2 ? params : [],
    count: Math.min(s.count, FALLBACK_PARTICLES),
    seed: s.seed,
    run: runOf(s),
    init: { kind: 'uniform', lo, hi },
  });
  const canvas = document.createElement('canvas');
  canvas.className = 'scene-canvas';
  container.appendChild(canvas);
  const ctx = canvas.getContext('2d')!;
  const size = 512;
  canvas.width = size;
  canvas.height = size;
  canvas.style.objectFit = 'contain';
  const background = heatmap(sim, size, lo, hi);
  overlay.innerHTML = `<h1>${sim.landscape.name} · CPU engine</h1>
    <div class="engine">No WebGPU: ${sim.count.toLocaleString('en-US')} particles on the CPU, top-down only.</div>
    <dl><dt>step</dt><dd data-k="step">0</dd><dt>mean loss</dt><dd data-k="mean">—</dd><dt>diverged</dt><dd data-k="div">—</dd></dl>`;
  const field = (k: string) => overlay.querySelector<HTMLElement>(`[data-k="${k}"]`)!;
  const toPx = (v: number) => ((v - lo) / (hi - lo)) * size;
  const frame = async () => {
    await sim.step(s.stepsPerFrame);
    const p = await sim.particles();
    const summary = await sim.summary();
    ctx.putImageData(background, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.strokeStyle = '#000000';
    for (let i = 0; i < p.count; i++) {
      if (p.flags[i] & FLAG_DIVERGED) continue;
      ctx.beginPath();
      ctx.arc(toPx(p.positions[2 * i]), size - toPx(p.positions[2 * i + 1]), 2.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    field('step').textContent = summary.step.toLocaleString('en-US');
    field('mean').textContent = formatNumber(summary.meanLoss);
    field('div').textContent = `${((100 * summary.diverged) / summary.count).toFixed(1)} %`;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return sim;
}

function heatmap(sim: CpuSimulation, size: number, lo: number, hi: number): ImageData {
  const img = new ImageData(size, size);
  const values = new Float64Array(size * size);
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = [lo + ((i + 0.5) / size) * (hi - lo), hi - ((j + 0.5) / size) * (hi - lo)];
      const f = sim.landscape.evaluate(x, null, sim.params, 2);
      values[j * size + i] = f;
      if (Number.isFinite(f)) {
        min = Math.min(min, f);
        max = Math.max(max, f);
      }
    }
  }
  for (let k = 0; k < values.length; k++) {
    const t = Math.log(1 + (1000 * (values[k] - min)) / (max - min || 1)) / Math.log(1001);
    img.data.set([...rgbOf(COLORMAPS.viridis(Math.min(Math.max(t, 0), 1))), 255], k * 4);
  }
  return img;
}
