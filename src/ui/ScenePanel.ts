/**
 * The panel's scene chooser: every scene by title; choosing one opens it at its first step,
 * choosing "none" leaves it. It follows the player, whoever opened the scene (a link, a script).
 */
import type GUI from 'lil-gui';
import { SCENES } from '../scenes';
import type { ScenePlayer } from '../scenes/ScenePlayer';
import { notify } from './notice';
import type { Explorer } from '../explorer/Explorer';
import { download } from './ExportPanel';

const NONE = '';

export function addSceneControls(folder: GUI, player: ScenePlayer, explorer: Explorer): () => void {
  const model = { scene: player.current?.scene.id ?? NONE };
  const choices: Record<string, string> = { '(none)': NONE, ...Object.fromEntries(SCENES.map((s) => [s.title, s.id])) };
  const chooser = folder
    .add(model, 'scene', choices)
    .name('lecture scene')
    .onChange((id: string) => {
      if (id === NONE) player.close();
      else player.open(id).catch((e: Error) => notify(e.message));
    });
  chooser.domElement.title = 'Opens a scene of the lecture: a claim, a readout that measures it, and steps (← → in the page).';
  const label = 'record this scene (MP4, 720p)';
  let recording: AbortController | null = null;
  const record = folder
    .add({
      go: async () => {
        if (recording) return recording.abort();
        const s = player.current;
        if (!s) return;
        recording = new AbortController();
        try {
          // From the first step to the end of the last, each step for its seconds (window.sceneTimeline steps it).
          const file = await explorer.record({
            format: 'mp4', width: 1280, height: 720, fps: 30, seconds: player.recordingSeconds, signal: recording.signal,
            onProgress: ({ frame, frames, secondsLeft }) => record.name(`recording: ${Math.round((100 * frame) / frames)} %, ${Math.ceil(secondsLeft)} s left (click to cancel)`),
          });
          const blob = Array.isArray(file) ? file[0] : file;
          download(new File([blob], `scene-${s.scene.id}.mp4`, { type: blob.type }));
        } catch (e) {
          if ((e as Error).name !== 'AbortError') notify((e as Error).message);
        } finally {
          recording = null;
          record.name(label);
        }
      },
    }, 'go')
    .name(label);
  record.domElement.title = 'Plays the scene from its first step and records it offline, frame by frame (the Record folder has more choices).';
  const show = (open: boolean) => record.show(open);
  show(player.current !== null);
  const stop = player.onChange((s) => {
    model.scene = s?.scene.id ?? NONE;
    chooser.updateDisplay();
    show(s !== null);
  });
  return () => {
    recording?.abort();
    stop();
    chooser.destroy();
    record.destroy();
  };
}
