/**
 * Lab settings in the page's link (src/lab/labQuery.ts), with both labs' own checks: only what
 * differs from the defaults is written, a link reads back to the same settings, and a bad value
 * is refused by name while the others still apply, whatever order they need.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_SETTINGS, mergeSettings, type GameLabSettings } from '../../src/lab/games/labSettings';
import { applyPatch, DEFAULT_SETTINGS, PRESETS } from '../../src/lab/gan/labSettings';
import { settingsFromQuery, settingsQuery } from '../../src/lab/labQuery';

const link = (q: string) => new URLSearchParams(q);

describe('lab settings in the link', () => {
  it('writes only what differs from the defaults, and reads it back to the same settings', () => {
    expect(settingsQuery(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual({});
    const gan = applyPatch(DEFAULT_SETTINGS, { ...PRESETS['half plain, half unrolled, lrD = lrG / 10'], gans: 8, mixture: 'grid', sigma: 0.07, focus: 5 });
    const q = settingsQuery(gan, DEFAULT_SETTINGS);
    expect(q).toEqual({ mixture: 'grid', sigma: '0.07', lrD: '0.0001', unroll: '5', unrollLr: '0.01', gans: '8', split: 'true', focus: '5' });
    expect(settingsFromQuery(link(new URLSearchParams(q).toString()), DEFAULT_SETTINGS, applyPatch)).toEqual({ settings: gan, refused: [] });

    const defaults = DEFAULT_LAB_SETTINGS as GameLabSettings;
    const games = mergeSettings(defaults, { game: 'quadratic', m: 3, n: 2, methods: ['extragradient', 'gda'], etaX: 0.05, momentum: 0.5 });
    const g = settingsQuery(games, defaults);
    expect(g.methods).toBe('extragradient,gda');
    expect(settingsFromQuery(link(new URLSearchParams(g).toString()), defaults, mergeSettings)).toEqual({ settings: games, refused: [] });
  });

  it('a bad value is refused by name; the others apply, one that needs another first included', () => {
    // split needs unroll > 0 and an even gans: tried alone from the defaults it fails, after them it passes.
    const r = settingsFromQuery(link('split=true&lrD=abc&gans=4&unroll=5&mixture=grid&sigma=0.1&focus=9&colour=red'), DEFAULT_SETTINGS, applyPatch);
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, split: true, gans: 4, unroll: 5, mixture: 'grid', sigma: 0.1 });
    expect(r.refused).toHaveLength(3);
    expect(r.refused[0]).toBe("lrD=abc was refused: 'abc' is not a number.");
    expect(r.refused[1]).toMatch(/^colour=red was refused: this lab has no setting colour\. Its settings are: mixture, sigma/);
    // The lab's own rule, against what the link set (4 GANs).
    expect(r.refused[2]).toMatch(/^focus = 9 was refused: .*gans − 1 = 3\.$/);
    // Without σ, a new mixture brings its own, as in the lab.
    expect(settingsFromQuery(link('mixture=grid&gans=100'), DEFAULT_SETTINGS, applyPatch).settings.sigma).toBe(0.05);
    // True and false as words or digits; anything else refused.
    expect(settingsFromQuery(link('unroll=3&split=1&gans=2'), DEFAULT_SETTINGS, applyPatch).settings.split).toBe(true);
    expect(settingsFromQuery(link('split=yes'), DEFAULT_SETTINGS, applyPatch).refused).toEqual(['split=yes was refused: it must be true or false.']);
    expect(settingsFromQuery(link('gans='), DEFAULT_SETTINGS, applyPatch).refused).toEqual(["gans= was refused: '' is not a number."]);
  });

  it('the games lab: a list of methods, and a refused one named by the lab', () => {
    const defaults = DEFAULT_LAB_SETTINGS as GameLabSettings;
    const r = settingsFromQuery(link('methods=gda,newton&m=2&etaX=0.2'), defaults, mergeSettings);
    expect(r.settings).toEqual({ ...defaults, m: 2, etaX: 0.2 });
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]).toMatch(/^methods: newton was refused/);
  });
});
