/**
 * The panel's scene chooser: every scene by title; choosing one opens it at its first step,
 * choosing "none" leaves it. It follows the player, whoever opened the scene (a link, a script).
 */
import type GUI from 'lil-gui';
import { SCENES } from '../scenes';
import type { ScenePlayer } from '../scenes/ScenePlayer';
import { notify } from './notice';

const NONE = '';

export function addSceneControls(folder: GUI, player: ScenePlayer): () => void {
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
  const stop = player.onChange((s) => {
    model.scene = s?.scene.id ?? NONE;
    chooser.updateDisplay();
  });
  return () => {
    stop();
    chooser.destroy();
  };
}
