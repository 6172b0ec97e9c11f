/**
 * The panel's Record folder: a video of the explorer (MP4 or WebM, or PNG frames where the
 * browser has no WebCodecs) at a chosen size, rate, length and steps per frame, with a still,
 * orbiting or keyframed camera, a title and caption; progress with the time left, cancel, and
 * the file downloaded when done. Also a PNG of the view at 1x to 4x.
 */
import type GUI from 'lil-gui';
import type { Explorer } from '../explorer/Explorer';
import { RESOLUTIONS, type VideoFormat } from '../record/options';
import type { CameraMotion } from '../record/cameraPath';
import { hasWebCodecs } from '../record/sinks';
import { notify } from './notice';
import { download as saveFile } from './ExportPanel';

type Resolution = keyof typeof RESOLUTIONS;

/** Saves a blob as a file through a temporary link. */
const download = (blob: Blob, name: string) => saveFile(new File([blob], name, { type: blob.type }));

/** Adds the Record folder (closed) to `gui`; the returned function cancels a running recording and removes the folder. */
export function addRecordFolder(gui: GUI, explorer: Explorer): () => void {
  const folder = gui.addFolder('Record');
  folder.close();
  const video = hasWebCodecs();
  const maxTexture = explorer.device.limits.maxTextureDimension2D;
  const sizes = (Object.keys(RESOLUTIONS) as Resolution[]).filter((k) => Math.max(...RESOLUTIONS[k]) <= maxTexture);
  const model = {
    format: 'mp4' as VideoFormat,
    resolution: sizes.includes('1280 × 720 (720p)') ? '1280 × 720 (720p)' : sizes[0],
    fps: 30,
    seconds: 5,
    stepsPerFrame: explorer.get().stepsPerFrame,
    camera: 'still' as CameraMotion,
    orbitSpeed: 12,
    title: '',
    caption: '',
    progress: 'not recording',
    pngScale: 2,
    record: () => void start(),
    cancel: () => abort?.abort(),
    addKeyframe: () => keyframes(() => explorer.addCameraKeyframe()),
    clearKeyframes: () => keyframes(() => explorer.clearCameraKeyframes()),
    savePng: () => void savePng(),
    saveAgain: () => finished.forEach(([blob, name]) => download(blob, name)),
  };
  let abort: AbortController | null = null;
  /** The last files made, offered again: a browser may block a download that does not follow a click at once. */
  let finished: [Blob, string][] = [];

  const format = folder.add(model, 'format', { 'MP4 (H.264)': 'mp4', 'WebM (VP9)': 'webm' }).name('format');
  if (!video) format.name('format (no WebCodecs here: PNG frames)').disable();
  folder.add(model, 'resolution', sizes).name('size (pixels)');
  folder.add(model, 'fps', [24, 25, 30, 60]).name('frames / s');
  folder.add(model, 'seconds', 1, 120, 1).name('length (s)');
  folder.add(model, 'stepsPerFrame', 0, 1000, 1).name('steps per frame');
  folder.add(model, 'camera', { still: 'still', orbit: 'orbit', 'path through keyframes': 'path' }).name('camera');
  folder.add(model, 'orbitSpeed', -90, 90, 1).name('orbit speed (°/s)');
  const addKey = folder.add(model, 'addKeyframe').name('add camera keyframe (0)');
  folder.add(model, 'clearKeyframes').name('clear keyframes');
  folder.add(model, 'title').name('title');
  folder.add(model, 'caption').name('caption');
  const recordButton = folder.add(model, 'record').name(video ? 'record' : 'record PNG frames');
  const progress = folder.add(model, 'progress').name('progress').disable();
  const cancel = folder.add(model, 'cancel').name('cancel').hide();
  folder.add(model, 'pngScale', 1, 4, 1).name('PNG scale (×)');
  const pngButton = folder.add(model, 'savePng').name('save PNG');
  const again = folder.add(model, 'saveAgain').name('download the last file again').hide();

  function keyframes(change: () => void): void {
    try {
      change();
    } catch (e) {
      notify((e as Error).message);
    }
    addKey.name(`add camera keyframe (${explorer.cameraKeyframes.length})`);
  }

  function show(text: string): void {
    model.progress = text;
    progress.updateDisplay();
  }

  /** While recording or capturing, neither can start again; only a recording can be cancelled. */
  function busy(on: boolean, recording: boolean): void {
    for (const b of [recordButton, pngButton]) b.enable(!on);
    cancel.show(on && recording);
  }

  /** Downloads the files now and keeps them for the download-again button. */
  function offer(files: [Blob, string][]): void {
    finished = files;
    files.forEach(([blob, name]) => download(blob, name));
    again.name(files.length > 1 ? `download the ${files.length} frames again` : `download ${files[0][1]} again`).show();
  }

  async function start(): Promise<void> {
    const [width, height] = RESOLUTIONS[model.resolution as Resolution];
    abort = new AbortController();
    busy(true, true);
    show('starting…');
    try {
      const file = await explorer.record({
        format: model.format, width, height, fps: model.fps, seconds: model.seconds, stepsPerFrame: model.stepsPerFrame,
        camera: model.camera, orbitSpeed: model.orbitSpeed, title: model.title, caption: model.caption, signal: abort.signal,
        onProgress: ({ frame, frames, secondsLeft }) => show(`frame ${frame} / ${frames} · ${Math.ceil(secondsLeft)} s left`),
      });
      const name = `loss-landscape-${explorer.get().landscape}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`;
      if (Array.isArray(file)) {
        // No WebCodecs: each frame downloads as its own PNG (the browser may ask once to allow several downloads).
        offer(file.map((png, i) => [png, `${name}-${String(i + 1).padStart(5, '0')}.png`]));
        show(`done: ${file.length} PNG frames`);
      } else {
        offer([[file, `${name}.${model.format}`]]);
        show(`done: ${(file.size / 1e6).toFixed(1)} MB`);
      }
    } catch (e) {
      const cancelled = (e as Error).name === 'AbortError';
      show(cancelled ? 'cancelled' : 'failed');
      if (!cancelled) notify((e as Error).message);
    } finally {
      abort = null;
      busy(false, false);
    }
  }

  async function savePng(): Promise<void> {
    busy(true, false);
    try {
      const png = await explorer.capturePng(model.pngScale, { title: model.title, caption: model.caption });
      offer([[png, `loss-landscape-${explorer.get().landscape}-${model.pngScale}x.png`]]);
    } catch (e) {
      notify((e as Error).message);
    } finally {
      busy(false, false);
    }
  }

  return () => {
    abort?.abort();
    folder.destroy();
  };
}
