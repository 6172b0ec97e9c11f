import { describe, expect, it } from 'vitest';
import { parseScene, poseAt, READOUTS, SCENE_ERRORS, SCENES, stateAt, timeline, DEFAULT_STEP_SECONDS } from '../../src/scenes';
import { applyPatch, DEFAULT_SETTINGS } from '../../src/settings';

const minimal = (extra: Record<string, unknown> = {}) => ({
  title: 'T', topic: 'optimization', claim: 'C', readout: 'mean-loss',
  settings: { landscape: 'rastrigin', dim: 4, params: {} },
  steps: [{ caption: 'one' }, { caption: 'two', settings: { lr: 0.02, dim: 8 } }, { caption: 'three', settings: { noise: 'gradient' } }],
  ...extra,
});

describe('lecture scenes', () => {
  it('every scene file loads, with a readout that exists and settings every step accepts', () => {
    expect(SCENE_ERRORS).toEqual([]);
    expect(SCENES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(SCENES.map((s) => s.id)).size).toBe(SCENES.length);
    for (const scene of SCENES) {
      expect(scene.readout in READOUTS).toBe(true);
      expect(scene.steps.length).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < scene.steps.length; i++) expect(() => applyPatch(DEFAULT_SETTINGS, stateAt(scene, i))).not.toThrow();
    }
  });

  it('every readout kind is used by some scene', () => {
    const used = new Set(SCENES.map((s) => s.readout));
    for (const kind of Object.keys(READOUTS)) expect(used.has(kind), kind).toBe(true);
  });

  it('a step state is the scene, plus every step up to it; going back restores what later steps changed', () => {
    const scene = parseScene('t', minimal());
    expect(stateAt(scene, 0)).toMatchObject({ landscape: 'rastrigin', dim: 4, lr: DEFAULT_SETTINGS.lr, noise: DEFAULT_SETTINGS.noise });
    expect(stateAt(scene, 1)).toMatchObject({ dim: 8, lr: 0.02, noise: DEFAULT_SETTINGS.noise });
    expect(stateAt(scene, 2)).toMatchObject({ dim: 8, lr: 0.02, noise: 'gradient' });
  });

  it("a landscape's parameters merge step by step", () => {
    const scene = parseScene('t', minimal({
      settings: { landscape: 'strict-saddle', dim: 10, params: { k: 1 } },
      steps: [{ caption: 'a' }, { caption: 'b', settings: { params: { k: 3 } } }],
    }));
    expect(stateAt(scene, 0).params).toEqual({ k: 1 });
    expect(stateAt(scene, 1).params).toEqual({ k: 3 });
  });

  it('a camera pose holds for later steps until one sets another; before any, the view as the scene found it', () => {
    const scene = parseScene('t', minimal({ steps: [{ caption: 'a' }, { caption: 'b', pose: { position: [1, 2, 3] } }, { caption: 'c' }, { caption: 'd', pose: { position: [4, 5, 6], target: [0, 1, 0] } }] }));
    expect([0, 1, 2, 3].map((i) => poseAt(scene, i))).toEqual([null, { position: [1, 2, 3] }, { position: [1, 2, 3] }, { position: [4, 5, 6], target: [0, 1, 0] }]);
  });

  it('the recording timeline adds up the steps, each lasting its seconds', () => {
    const scene = parseScene('t', minimal({ steps: [{ caption: 'a', seconds: 2 }, { caption: 'b' }, { caption: 'c', seconds: 0.5 }] }));
    expect(timeline(scene)).toEqual({ starts: [0, 2, 2 + DEFAULT_STEP_SECONDS], length: 2.5 + DEFAULT_STEP_SECONDS });
  });

  it('a bad scene file is refused naming the scene and the field', () => {
    expect(() => parseScene('bad', minimal({ readout: 'nope' }))).toThrow(/Scene "bad": readout "nope" is not one of/);
    expect(() => parseScene('bad', minimal({ colour: 1 }))).toThrow(/unknown field "colour"/);
    expect(() => parseScene('bad', minimal({ steps: [] }))).toThrow(/steps must be a non-empty array/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: 'a', action: 'rm -rf' }] }))).toThrow(/step 1's action "rm -rf" is not one of/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: 'a' }, { caption: 'b', settings: { lr: -1 } }] }))).toThrow(/step 2's settings were refused: .*lr/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: 'a', advance: 0.5 }] }))).toThrow(/advance must be a whole number/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: '' }] }))).toThrow(/caption must be a non-empty string/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: 'a', seconds: -1 }] }))).toThrow(/seconds must be a number above 0/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: 'a', pose: { position: [1, 2] } }] }))).toThrow(/step 1's pose.position must be three numbers/);
    expect(() => parseScene('bad', minimal({ steps: [{ caption: 'a', pose: { position: [1, 2, 3], up: [0, 1, 0] } }] }))).toThrow(/unknown field "up"/);
  });
});
