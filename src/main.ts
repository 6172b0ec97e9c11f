/**
 * Boots the explorer: WebGPU device, explorer, panel, overlay, URL state, clicks and keys; and
 * boots it again, with the same settings, on a new device when the GPU device is lost.
 */
import './style.css';
import { acquireDevice, describeLoss, GpuLostError, WebGPUUnavailableError } from './gpu/device';
import { Explorer } from './explorer/Explorer';
import { fromQuery, type ExplorerSettings } from './settings';
import { Panel } from './ui/Panel';
import { Overlay } from './ui/Overlay';
import { AnalysisOverlay } from './ui/AnalysisOverlay';
import { TrajectoryOverlay } from './ui/TrajectoryOverlay';
import { ColorBar } from './ui/ColorBar';
import { bindKeyboard } from './ui/keyboard';
import { notify } from './ui/notice';
import { startFallback } from './ui/fallback';
import { ExperimentView } from './ui/ExperimentView';
import { FunctionView } from './ui/FunctionView';
import type { ExperimentHooks, OverparameterizationOptions, OverparameterizationResult } from './experiments/overparameterization';
import type { DepthAccelerationOptions, DepthAccelerationResult, DepthHooks } from './experiments/depthAcceleration';
import type { WidthGeneralizationOptions, WidthGeneralizationResult, WidthHooks } from './experiments/widthGeneralization';

declare global {
  interface Window {
    explorer?: Explorer;
    /** The lecture's experiments, run through window.explorer (see src/experiments). */
    experiments?: {
      overparameterization(options?: Partial<OverparameterizationOptions>, hooks?: ExperimentHooks): Promise<OverparameterizationResult>;
      depthAcceleration(options?: Partial<DepthAccelerationOptions>, hooks?: DepthHooks): Promise<DepthAccelerationResult>;
      widthGeneralization(options?: Partial<WidthGeneralizationOptions>, hooks?: WidthHooks): Promise<WidthGeneralizationResult>;
    };
  }
}

const sceneEl = document.getElementById('scene')!;
const overlayEl = document.getElementById('overlay')!;
const analysisEl = document.getElementById('analysis')!;
const trajectoryEl = document.getElementById('trajectory')!;
const experimentEl = document.getElementById('experiment')!;
const functionEl = document.getElementById('function-view')!;
const colorbarEl = document.getElementById('colorbar')!;

/** Set as the page goes away: a device destroyed then is no loss to recover from. */
let unloading = false;
window.addEventListener('pagehide', () => (unloading = true));

/** When recent devices were lost: a device lost again and again is not restarted for ever. */
const losses: number[] = [];
const MAX_LOSSES = 3;
const LOSS_WINDOW_MS = 60_000;

/**
 * Starts the explorer on a new device. `lost` (what describeLoss said) means the device before
 * this one was lost: messages then say so, rather than blaming the browser or driver.
 */
async function boot(settings: ExplorerSettings, lost?: string): Promise<Explorer | null> {
  let device: GPUDevice;
  let software = false;
  try {
    const ctx = await acquireDevice(undefined, lost);
    device = ctx.device;
    software = ctx.isFallbackAdapter || ctx.adapterInfo.architecture === 'swiftshader';
  } catch (e) {
    if (e instanceof WebGPUUnavailableError) {
      runOnCpu(settings, e.message);
      return null;
    }
    throw e;
  }
  // Everything bound to this device's explorer, undone if the device is lost.
  const bound = new AbortController();
  const undo: (() => void)[] = [];
  let explorer: Explorer | undefined;
  let gone = false;
  device.lost.then((info) => {
    gone = true;
    if (unloading) return;
    const loss = describeLoss(info);
    const kept = explorer?.get() ?? settings;
    bound.abort();
    undo.forEach((u) => u());
    explorer?.destroy();
    analysisEl.hidden = true;
    trajectoryEl.hidden = true;
    experimentEl.hidden = true;
    functionEl.hidden = true;
    const now = performance.now();
    losses.push(now);
    while (losses[0] < now - LOSS_WINDOW_MS) losses.shift();
    if (losses.length > MAX_LOSSES) {
      runOnCpu(kept, new GpuLostError(loss, `${losses.length} devices lost within a minute`).message);
      return;
    }
    notify(`The GPU device was lost (${loss}). Restarting on a new one with your settings…`, 'error');
    boot(kept, loss)
      .then((next) => next && notify(`Restarted with your settings after the GPU device was lost (${loss}).`, 'info'))
      .catch(fatal);
  });
  // Validation errors would otherwise pass silently in many browsers: they are bugs, so they are logged.
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
  try {
    explorer = await Explorer.create(sceneEl, device, settings, { software });
  } catch (e) {
    // Lost while starting: the loss handler starts again on a new device.
    if (gone) return null;
    throw e;
  }
  if (gone) {
    explorer.destroy();
    return null;
  }
  if (software && !lost) notify('WebGPU runs in software here (no GPU found): expect a few frames per second.', 'info');
  window.explorer = explorer;
  const experiments = new ExperimentView(experimentEl, explorer);
  const panel = new Panel(explorer, {
    overparameterization: () => experiments.runOverparameterization(),
    depthAcceleration: () => experiments.runDepthAcceleration(),
    widthGeneralization: () => experiments.runWidthGeneralization(),
  });
  // Scripts run the experiments through the same view as the panel's buttons: the table fills in for them too.
  window.experiments = {
    overparameterization: (options = {}, hooks = {}) => experiments.runOverparameterization(options, hooks),
    depthAcceleration: (options = {}, hooks = {}) => experiments.runDepthAcceleration(options, hooks),
    widthGeneralization: (options = {}, hooks = {}) => experiments.runWidthGeneralization(options, hooks),
  };
  undo.push(() => panel.gui.destroy());
  const functionView = new FunctionView(functionEl, explorer);
  undo.push(() => functionView.destroy());
  new Overlay(overlayEl, explorer);
  new AnalysisOverlay(analysisEl, explorer);
  new TrajectoryOverlay(trajectoryEl, explorer);
  new ColorBar(colorbarEl, explorer);
  undo.push(bindKeyboard(explorer));
  bindClicks(explorer, bound.signal);
  const fitSafeArea = (refit = false) => {
    // Room for the loss axis labels, which sit left of the surface.
    const left = overlayEl.getBoundingClientRect().right + 70;
    const gui = panel.gui.domElement;
    const right = gui.offsetParent ? window.innerWidth - gui.getBoundingClientRect().left : 0;
    explorer.setSafeArea(left, right, refit);
  };
  fitSafeArea(true);
  window.addEventListener('resize', () => fitSafeArea(), { signal: bound.signal });
  const classes = new MutationObserver(() => fitSafeArea());
  classes.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  undo.push(() => classes.disconnect());
  explorer.onSettings(() => history.replaceState(null, '', `${location.pathname}${explorer.query() ? `?${explorer.query()}` : ''}`));
  return explorer;
}

/** The TypeScript engine in 2-D, with `why` WebGPU is not there, on a notice that stays. */
function runOnCpu(settings: ExplorerSettings, why: string): void {
  // No GPU explorer any more (after a loss, scripts holding the old one get DeviceLostErrors).
  window.explorer = undefined;
  notify(`${why} Meanwhile the explorer runs on the CPU, in 2-D, with fewer particles.`, 'error', true);
  startFallback(sceneEl, overlayEl, settings);
  colorbarEl.hidden = true;
}

/** A click (not a drag) on the scene drops a cluster of particles there. */
function bindClicks(explorer: Explorer, signal: AbortSignal): void {
  let down: { x: number; y: number } | null = null;
  sceneEl.addEventListener('pointerdown', (e) => (down = { x: e.clientX, y: e.clientY }), { signal });
  sceneEl.addEventListener(
    'pointerup',
    (e) => {
      if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) < 5 && e.button === 0) {
        explorer.dropAt(e.clientX, e.clientY);
      }
      down = null;
    },
    { signal },
  );
}

function fatal(e: unknown): void {
  console.error(e);
  notify(`The explorer could not start: ${(e as Error).message}`, 'error', true);
}

const { settings, errors } = fromQuery(location.search);
// Every dropped value is named, on one notice that stays until read.
if (errors.length) notify(errors.join('\n'), 'error', true);
boot(settings).catch(fatal);
