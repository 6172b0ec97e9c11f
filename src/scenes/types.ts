/**
 * A lecture scene is data: a JSON file in src/scenes/data/ with a title, a one-sentence claim, a
 * readout that measures the claim, the settings it starts from and a few narrated steps. This
 * file says what such a file may hold and checks one, naming the field that is wrong.
 */
import type { ExplorerSettings } from '../settings';
import { applyPatch, DEFAULT_SETTINGS } from '../settings';
import { READOUTS } from './readouts';

/** What a step may ask of the explorer after its settings are applied (the panel's buttons, by name). */
export const SCENE_ACTIONS = ['criticalPoints', 'noiseStability', 'flatness', 'hessian', 'curvature', 'refreshSlice', 'interpolate', 'birthdayTest'] as const;
export type SceneAction = (typeof SCENE_ACTIONS)[number];

export interface SceneStep {
  /** What the lecturer says at this step, shown on screen. */
  caption: string;
  /** Settings changed from the step before (a step undone by going back returns to what came before). */
  settings?: Partial<ExplorerSettings>;
  /** Re-place the particles after the settings (default: only when the settings change the landscape). */
  reset?: boolean;
  /** Play (true) or pause (false) after entering the step; unset leaves it as it is. */
  play?: boolean;
  /** Steps run at once (deterministically, paused) when the step is entered, before an action. */
  advance?: number;
  /** An analysis run when the step is entered. */
  action?: SceneAction;
  /** Seconds the step lasts in a recording of the scene (default 6). */
  seconds?: number;
  /** Where the 3-D camera looks from (world units; the surface spans about ±6), kept for later steps until one sets another. */
  pose?: ScenePose;
}

export interface ScenePose {
  position: [number, number, number];
  /** The point looked at (default: the view's usual target). */
  target?: [number, number, number];
}

export interface Scene {
  /** The name in links: ?scene=<id> (the file's name). */
  id: string;
  title: string;
  /** The lecture topic it belongs to. */
  topic: string;
  /** One sentence the readout measures. */
  claim: string;
  /** Which measurement the readout shows (src/scenes/readouts.ts). */
  readout: string;
  /** Settings the scene starts from, over the defaults. */
  settings: Partial<ExplorerSettings>;
  steps: SceneStep[];
}

export const DEFAULT_STEP_SECONDS = 6;
const MAX_ADVANCE = 100_000;

const fail = (id: string, what: string): never => {
  throw new RangeError(`Scene "${id}": ${what}`);
};

function text(id: string, value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) fail(id, `${field} must be a non-empty string.`);
  return value as string;
}

/** Checks a scene file's contents; throws a RangeError naming the scene and the bad field. */
export function parseScene(id: string, data: unknown): Scene {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(id, 'the file must hold one JSON object.');
  const d = data as Record<string, unknown>;
  const known = new Set(['title', 'topic', 'claim', 'readout', 'settings', 'steps']);
  for (const key of Object.keys(d)) if (!known.has(key)) fail(id, `unknown field "${key}" (allowed: ${[...known].join(', ')}).`);
  const readout = text(id, d.readout, 'readout');
  if (!(readout in READOUTS)) fail(id, `readout "${readout}" is not one of ${Object.keys(READOUTS).join(', ')}.`);
  const settings = (d.settings ?? {}) as Partial<ExplorerSettings>;
  if (!Array.isArray(d.steps) || d.steps.length === 0) fail(id, 'steps must be a non-empty array.');
  const steps = (d.steps as unknown[]).map((raw, i) => parseStep(id, i, raw));
  const scene: Scene = { id, title: text(id, d.title, 'title'), topic: text(id, d.topic, 'topic'), claim: text(id, d.claim, 'claim'), readout, settings, steps };
  // Every step's settings, as the player applies them, pass the same checks as explorer.set().
  for (let i = 0; i < steps.length; i++) {
    try {
      applyPatch(DEFAULT_SETTINGS, stateAt(scene, i));
    } catch (e) {
      fail(id, `step ${i + 1}'s settings were refused: ${(e as Error).message}`);
    }
  }
  return scene;
}

function parseStep(id: string, i: number, raw: unknown): SceneStep {
  const where = `step ${i + 1}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(id, `${where} must be an object.`);
  const s = raw as Record<string, unknown>;
  const known = new Set(['caption', 'settings', 'reset', 'play', 'advance', 'action', 'seconds', 'pose']);
  for (const key of Object.keys(s)) if (!known.has(key)) fail(id, `${where} has an unknown field "${key}" (allowed: ${[...known].join(', ')}).`);
  const step: SceneStep = { caption: text(id, s.caption, `${where}'s caption`) };
  if (s.settings !== undefined) {
    if (typeof s.settings !== 'object' || s.settings === null || Array.isArray(s.settings)) fail(id, `${where}'s settings must be an object.`);
    step.settings = s.settings as Partial<ExplorerSettings>;
  }
  for (const flag of ['reset', 'play'] as const) {
    if (s[flag] !== undefined && typeof s[flag] !== 'boolean') fail(id, `${where}'s ${flag} must be true or false.`);
    if (s[flag] !== undefined) step[flag] = s[flag] as boolean;
  }
  if (s.advance !== undefined) {
    if (!Number.isInteger(s.advance) || (s.advance as number) < 1 || (s.advance as number) > MAX_ADVANCE) fail(id, `${where}'s advance must be a whole number of steps from 1 to ${MAX_ADVANCE}.`);
    step.advance = s.advance as number;
  }
  if (s.action !== undefined) {
    if (!SCENE_ACTIONS.includes(s.action as SceneAction)) fail(id, `${where}'s action "${String(s.action)}" is not one of ${SCENE_ACTIONS.join(', ')}.`);
    step.action = s.action as SceneAction;
  }
  if (s.seconds !== undefined) {
    const seconds = s.seconds;
    if (typeof seconds !== 'number' || !(seconds > 0) || seconds > 600) fail(id, `${where}'s seconds must be a number above 0 and at most 600.`);
    step.seconds = seconds as number;
  }
  if (s.pose !== undefined) step.pose = parsePose(id, where, s.pose);
  return step;
}

function parsePose(id: string, where: string, raw: unknown): ScenePose {
  const triple = (v: unknown, name: string) => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= 1000)) {
      fail(id, `${where}'s pose.${name} must be three numbers (x, y, z) of at most 1000 in size.`);
    }
    return v as [number, number, number];
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(id, `${where}'s pose must be an object { position, target }.`);
  const p = raw as Record<string, unknown>;
  for (const key of Object.keys(p)) if (key !== 'position' && key !== 'target') fail(id, `${where}'s pose has an unknown field "${key}" (allowed: position, target).`);
  return { position: triple(p.position, 'position'), ...(p.target !== undefined ? { target: triple(p.target, 'target') } : {}) };
}

/** The camera pose at step i: the latest step's up to i that sets one, or null (the view as the scene found it). */
export function poseAt(scene: Scene, i: number): ScenePose | null {
  for (let j = i; j >= 0; j--) if (scene.steps[j].pose) return scene.steps[j].pose!;
  return null;
}

/**
 * The settings patch that puts the explorer in step i's state: the scene's settings, every
 * step's up to i, and the defaults for what a later step changes (so going back undoes it).
 */
export function stateAt(scene: Scene, i: number): Partial<ExplorerSettings> {
  const touched = new Set<string>();
  for (const step of scene.steps) for (const key of Object.keys(step.settings ?? {})) touched.add(key);
  const state: Record<string, unknown> = {};
  for (const key of touched) if (key !== 'params') state[key] = structuredClone(DEFAULT_SETTINGS[key as keyof ExplorerSettings]);
  let params: Record<string, number> = { ...(scene.settings.params ?? {}) };
  Object.assign(state, structuredClone(scene.settings));
  for (const step of scene.steps.slice(0, i + 1)) {
    Object.assign(state, structuredClone(step.settings ?? {}));
    params = { ...params, ...(step.settings?.params ?? {}) };
  }
  // A landscape's parameters: the scene's, then each step's on top (a record merges, it is not replaced).
  if (Object.keys(params).length || touched.has('params')) state.params = params;
  return state as Partial<ExplorerSettings>;
}

/** When each step starts in a recording of the scene, in seconds, and the recording's length. */
export function timeline(scene: Scene): { starts: number[]; length: number } {
  const starts: number[] = [];
  let t = 0;
  for (const step of scene.steps) {
    starts.push(t);
    t += step.seconds ?? DEFAULT_STEP_SECONDS;
  }
  return { starts, length: t };
}
