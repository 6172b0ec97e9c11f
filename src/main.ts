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
import { SceneCaption, renderKeyLegend } from './ui/SceneCaption';
import { addSceneControls } from './ui/ScenePanel';
import { addExportFolder } from './ui/ExportPanel';
import { addRecordFolder } from './ui/RecordPanel';
import { LabHost } from './ui/LabHost';
import { SCENES, SCENE_ERRORS, ScenePlayer, type Scene } from './scenes';
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
    /** The lecture scenes (src/scenes/data/), played on window.explorer. */
    scenes?: ScenePlayer & { list(): readonly Scene[] };
    /** Set while a scene is open: puts the scene at the step a recording shows at a frame (explorer.record's beforeFrame). */
    sceneTimeline?: (frame: number, fps: number) => Promise<{ title: string; caption: string } | undefined>;
    /** Opens a lab (src/lab: 'games', 'gan', …) over the explorer; resolves with its API, also window.lab. */
    openLab?: (name: string) => Promise<object>;
    lab?: object;
  }
}

const sceneEl = document.getElementById('scene')!;
const overlayEl = document.getElementById('overlay')!;
const readoutsEl = document.getElementById('readouts')!;
const analysisEl = document.getElementById('analysis')!;
const trajectoryEl = document.getElementById('trajectory')!;
const experimentEl = document.getElementById('experiment')!;
const functionEl = document.getElementById('function-view')!;
const colorbarEl = document.getElementById('colorbar')!;
const captionEl = document.getElementById('scene-caption')!;
const legendEl = document.getElementById('key-legend')!;
const labEl = document.getElementById('lab-root')!;
/** The lab open (?lab=<name>), kept across a lost device. */
let openLabName: string | null = null;

/** The scene open and its step (0-based), kept across a lost device; from ?scene=<id>&sceneStep=<n> at first. */
let openScene: { id: string; step: number } | null = null;

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
  // Taken before anything below rewrites the address.
  const labQuery = labLinkQuery();
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
    // Undone in reverse (folders before the panel that holds them); one that fails never stops the restart.
    for (const u of undo.reverse()) {
      try {
        u();
      } catch (e) {
        console.warn('Undoing the lost explorer:', e);
      }
    }
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
  const scenes = new ScenePlayer(explorer);
  undo.push(() => scenes.destroy());
  window.scenes = Object.assign(scenes, { list: () => SCENES });
  const caption = new SceneCaption(captionEl, scenes);
  undo.push(addSceneControls(panel.folder('Scenes'), scenes, explorer));
  undo.push(addRecordFolder(panel.gui, explorer));
  undo.push(addExportFolder(panel.gui, explorer));
  const labs = new LabHost(labEl, explorer, (name) => {
    openLabName = name;
    writeUrl();
  });
  undo.push(() => labs.destroy());
  undo.push(labs.addButtons(panel.folder('Scenes')));
  window.openLab = (name) => labs.open(name);
  undo.push(() => caption.destroy());
  undo.push(bindKeyboard(explorer, scenes));
  const showClassroom = (on: boolean) => {
    document.body.classList.toggle('classroom', on);
    explorer.view.renderer.setClearColor(on ? '#000000' : '#14161c');
    renderKeyLegend(legendEl, scenes.current !== null);
  };
  const writeUrl = () => {
    const s = scenes.current;
    let query = explorer.query();
    if (s) {
      // A scene's link reopens the scene at its step (its settings come from the scene); classroom mode travels too.
      const q = new URLSearchParams({ scene: s.scene.id, sceneStep: String(s.step + 1) });
      const classroom = new URLSearchParams(query).get('classroom');
      if (classroom) q.set('classroom', classroom);
      query = q.toString();
    }
    if (openLabName) {
      // A lab's link: the lab and its settings that differ from its defaults, classroom mode too.
      const q = new URLSearchParams({ lab: openLabName, ...labs.query() });
      const classroom = new URLSearchParams(query).get('classroom');
      if (classroom) q.set('classroom', classroom);
      query = q.toString();
    }
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
  };
  scenes.onChange((s) => {
    openScene = s && { id: s.scene.id, step: Math.max(s.step, 0) };
    window.sceneTimeline = s ? scenes.timeline : undefined;
    renderKeyLegend(legendEl, s !== null);
    writeUrl();
  });
  showClassroom(explorer.get().classroom);
  explorer.onSettings((s) => document.body.classList.contains('classroom') !== s.classroom && showClassroom(s.classroom));
  bindClicks(explorer, bound.signal);
  const fitSafeArea = (refit = false) => {
    // Room for the loss axis labels, which sit left of the surface.
    // The readouts' column, its scroll bar's gutter included.
    const left = readoutsEl.getBoundingClientRect().right + 70;
    const gui = panel.gui.domElement;
    const right = gui.offsetParent ? window.innerWidth - gui.getBoundingClientRect().left : 0;
    explorer.setSafeArea(left, right, refit);
  };
  fitSafeArea(true);
  window.addEventListener('resize', () => fitSafeArea(), { signal: bound.signal });
  const classes = new MutationObserver(() => fitSafeArea());
  classes.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  undo.push(() => classes.disconnect());
  explorer.onSettings(writeUrl);
  if (openLabName) labs.open(openLabName, labQuery).catch((e: Error) => notify(e.message, 'error', true));
  if (openScene) {
    const { id, step } = openScene;
    scenes.open(id, Math.min(step, (SCENES.find((x) => x.id === id)?.steps.length ?? 1) - 1)).catch((e: Error) => notify(e.message, 'error', true));
  }
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

/**
 * The lab settings in the page's link: all but the lab's name and classroom mode. Read at each
 * start, so a restart after a lost device reopens the lab as the link has it by then.
 */
function labLinkQuery(): URLSearchParams {
  const q = new URLSearchParams(location.search);
  q.delete('lab');
  q.delete('classroom');
  return q;
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

// The scene's own parameters are not settings: they are taken out before the settings are read.
const pageQuery = new URLSearchParams(location.search);
const sceneId = pageQuery.get('scene');
const sceneStep = Number(pageQuery.get('sceneStep') ?? '1');
openLabName = pageQuery.get('lab');
pageQuery.delete('lab');
// A lab's link carries the lab's settings: they are the lab's, not the explorer's (classroom mode aside).
if (openLabName !== null) for (const key of labLinkQuery().keys()) pageQuery.delete(key);
pageQuery.delete('scene');
pageQuery.delete('sceneStep');
if (sceneId !== null) openScene = { id: sceneId, step: Number.isInteger(sceneStep) && sceneStep >= 1 ? sceneStep - 1 : 0 };
const { settings, errors } = fromQuery(pageQuery.toString());
if (SCENE_ERRORS.length) errors.push(...SCENE_ERRORS);
// Every dropped value is named, on one notice that stays until read.
if (errors.length) notify(errors.join('\n'), 'error', true);
boot(settings).catch(fatal);
