/**
 * The lecture scenes: every JSON file in src/scenes/data/ is one, named by its file name and
 * checked when the page loads (a bad file names its field in the error; the others still load).
 */
import { parseScene, type Scene } from './types';

const files = import.meta.glob('./data/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

const loaded: Scene[] = [];
/** Scene files that were refused, with why (shown on the page, failed in the tests). */
export const SCENE_ERRORS: string[] = [];
for (const [path, data] of Object.entries(files)) {
  const id = path.replace(/^.*\/(.+)\.json$/, '$1');
  try {
    loaded.push(parseScene(id, data));
  } catch (e) {
    SCENE_ERRORS.push((e as Error).message);
  }
}

/** In lecture order: the order of the topics below, then by title. */
const TOPIC_ORDER = ['optimization', 'landscapes', 'high dimension', 'generalization', 'generative models'];
const rank = (s: Scene) => (TOPIC_ORDER.indexOf(s.topic) + TOPIC_ORDER.length + 1) % (TOPIC_ORDER.length + 1);
export const SCENES: readonly Scene[] = loaded.sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title));

export function sceneById(id: string): Scene {
  const scene = SCENES.find((s) => s.id === id);
  if (!scene) throw new RangeError(`No scene "${id}". The scenes are: ${SCENES.map((s) => s.id).join(', ')}.`);
  return scene;
}

export { parseScene, poseAt, stateAt, timeline, SCENE_ACTIONS, DEFAULT_STEP_SECONDS, type Scene, type SceneStep, type SceneAction, type ScenePose } from './types';
export { READOUTS, type ReadoutKind, type ReadoutValue } from './readouts';
export { ScenePlayer, type SceneState } from './ScenePlayer';
