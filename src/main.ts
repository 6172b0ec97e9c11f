/** Boots the explorer: WebGPU device, explorer, panel, overlay, URL state, clicks and keys. */
import './style.css';
import { acquireDevice, WebGPUUnavailableError } from './gpu/device';
import { Explorer } from './explorer/Explorer';
import { fromQuery, type ExplorerSettings } from './settings';
import { Panel } from './ui/Panel';
import { Overlay } from './ui/Overlay';
import { AnalysisOverlay } from './ui/AnalysisOverlay';
import { ColorBar } from './ui/ColorBar';
import { bindKeyboard } from './ui/keyboard';
import { notify } from './ui/notice';
import { startFallback } from './ui/fallback';

declare global {
  interface Window {
    explorer?: Explorer;
  }
}

const sceneEl = document.getElementById('scene')!;
const overlayEl = document.getElementById('overlay')!;
const analysisEl = document.getElementById('analysis')!;
const colorbarEl = document.getElementById('colorbar')!;

async function boot(settings: ExplorerSettings): Promise<void> {
  let device: GPUDevice;
  let software = false;
  try {
    const ctx = await acquireDevice();
    device = ctx.device;
    software = ctx.isFallbackAdapter || ctx.adapterInfo.architecture === 'swiftshader';
  } catch (e) {
    if (e instanceof WebGPUUnavailableError) {
      notify(`${e.message} Meanwhile the explorer runs on the CPU, in 2-D, with fewer particles.`, 'error', true);
      startFallback(sceneEl, overlayEl, settings);
      colorbarEl.hidden = true;
      return;
    }
    throw e;
  }
  // Validation errors would otherwise pass silently in many browsers: they are bugs, so they are logged.
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
  const explorer = await Explorer.create(sceneEl, device, settings, { software });
  if (software) notify('WebGPU runs in software here (no GPU found): expect a few frames per second.', 'info');
  window.explorer = explorer;
  const panel = new Panel(explorer);
  new Overlay(overlayEl, explorer);
  new AnalysisOverlay(analysisEl, explorer);
  new ColorBar(colorbarEl, explorer);
  bindKeyboard(explorer);
  bindClicks(explorer);
  const fitSafeArea = (refit = false) => {
    // Room for the loss axis labels, which sit left of the surface.
    const left = overlayEl.getBoundingClientRect().right + 70;
    const gui = panel.gui.domElement;
    const right = gui.offsetParent ? window.innerWidth - gui.getBoundingClientRect().left : 0;
    explorer.setSafeArea(left, right, refit);
  };
  fitSafeArea(true);
  window.addEventListener('resize', () => fitSafeArea());
  new MutationObserver(() => fitSafeArea()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  explorer.onSettings(() => history.replaceState(null, '', `${location.pathname}${explorer.query() ? `?${explorer.query()}` : ''}`));

  device.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    const kept = explorer.get();
    notify(`The GPU device was lost (${info.message || info.reason}). Restarting with your settings…`, 'error');
    panel.gui.destroy();
    explorer.destroy();
    boot(kept).catch(fatal);
  });
}

/** A click (not a drag) on the scene drops a cluster of particles there. */
function bindClicks(explorer: Explorer): void {
  let down: { x: number; y: number } | null = null;
  sceneEl.addEventListener('pointerdown', (e) => (down = { x: e.clientX, y: e.clientY }));
  sceneEl.addEventListener('pointerup', (e) => {
    if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) < 5 && e.button === 0) {
      explorer.dropAt(e.clientX, e.clientY);
    }
    down = null;
  });
}

function fatal(e: unknown): void {
  console.error(e);
  notify(`The explorer could not start: ${(e as Error).message}`, 'error', true);
}

const { settings, errors } = fromQuery(location.search);
// Every dropped value is named, on one notice that stays until read.
if (errors.length) notify(errors.join('\n'), 'error', true);
boot(settings).catch(fatal);
