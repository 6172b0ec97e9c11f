/**
 * The GAN lab's settings (src/lab/gan/labSettings.ts): every preset is accepted as it stands, from
 * the defaults and from a state it must override, and bad values are refused naming the setting.
 */
import { describe, expect, it } from 'vitest';
import { applyPatch, DEFAULT_SETTINGS, PRESETS, runsOf } from '../../src/lab/gan/labSettings';

describe('GAN lab presets', () => {
  it('each applies from the defaults and from a split, unrolled state, and sets what it names', () => {
    const odd = applyPatch(DEFAULT_SETTINGS, { gans: 16, split: true, unroll: 7, unrollLr: 0.5, lrG: 2e-2, lrD: 3e-2, k: 3, loss: 'minimax' });
    expect(Object.keys(PRESETS).length).toBeGreaterThanOrEqual(6);
    for (const [name, patch] of Object.entries(PRESETS)) {
      for (const from of [DEFAULT_SETTINGS, odd]) {
        const s = applyPatch(from, patch);
        expect(s, name).toMatchObject(patch);
        const runs = runsOf(s);
        const unrolled = runs.filter((r) => r.unroll > 0).length;
        // A split preset trains half of the GANs unrolled; the others all or none.
        expect(unrolled, name).toBe(s.split ? s.gans / 2 : patch.unroll ? s.gans : 0);
        expect(runs.every((r) => r.lrG === patch.lrG && r.lrD === patch.lrD), name).toBe(true);
      }
    }
    // The names say the step-size ratio they set.
    for (const [name, p] of Object.entries(PRESETS)) {
      if (name.includes('lrD = lrG / 10')) expect(p.lrD! * 10).toBeCloseTo(p.lrG!, 15);
      if (name.includes('lrD = 5 × lrG')) expect(p.lrD).toBeCloseTo(5 * p.lrG!, 15);
      if (name.includes('lrG = 5 × lrD')) expect(p.lrG).toBeCloseTo(5 * p.lrD!, 15);
    }
  });

  it('refuses bad values naming the setting, and changes nothing', () => {
    expect(() => applyPatch(DEFAULT_SETTINGS, { lrD: 0 })).toThrow(/^lrD = 0 was refused/);
    expect(() => applyPatch(DEFAULT_SETTINGS, { split: true, unroll: 0 })).toThrow(/unroll = 0 was refused with split on/);
    expect(() => applyPatch(DEFAULT_SETTINGS, { gans: 65 })).toThrow(/LAB_MAX_GANS = 64/);
    expect(DEFAULT_SETTINGS.lrD).toBe(1e-3);
  });
});
