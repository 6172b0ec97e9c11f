import { describe, expect, it } from 'vitest';
import { pcg4d, randNormal, randUniform, STREAM_INIT, STREAM_NOISE } from '../../src/engine/rng';

describe('the TypeScript twin of the counter-based generator', () => {
  it('matches pcg4d reference values computed by hand with 64-bit integers', () => {
    // pcg4d(0,0,0,0): v = 1013904223 each, then the two mixing rounds, done here in BigInt.
    const mask = (1n << 32n) - 1n;
    let v = [0n, 0n, 0n, 0n].map((x) => (x * 1664525n + 1013904223n) & mask);
    const round = () => {
      v[0] = (v[0] + v[1] * v[3]) & mask;
      v[1] = (v[1] + v[2] * v[0]) & mask;
      v[2] = (v[2] + v[0] * v[1]) & mask;
      v[3] = (v[3] + v[1] * v[2]) & mask;
    };
    round();
    v = v.map((x) => x ^ (x >> 16n));
    round();
    expect(pcg4d(0, 0, 0, 0)).toEqual(v.map(Number));
  });

  it('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = randUniform(7, STREAM_INIT, i, 0, 0);
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('normals are independent across steps, coordinates, streams and seeds', () => {
    const n = 100_000;
    const corr = (f: (i: number) => number, g: (i: number) => number) => {
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let i = 0; i < n; i++) {
        const a = f(i);
        const b = g(i);
        sab += a * b;
        saa += a * a;
        sbb += b * b;
      }
      return sab / Math.sqrt(saa * sbb);
    };
    const se = 5 / Math.sqrt(n);
    const base = (i: number) => randNormal(1, STREAM_NOISE, i, 10, 0);
    expect(Math.abs(corr(base, (i) => randNormal(1, STREAM_NOISE, i, 11, 0)))).toBeLessThan(se);
    expect(Math.abs(corr(base, (i) => randNormal(1, STREAM_NOISE, i, 10, 1)))).toBeLessThan(se);
    expect(Math.abs(corr(base, (i) => randNormal(1, STREAM_INIT, i, 10, 0)))).toBeLessThan(se);
    expect(Math.abs(corr(base, (i) => randNormal(2, STREAM_NOISE, i, 10, 0)))).toBeLessThan(se);
    expect(corr(base, base)).toBeCloseTo(1, 12);
  });
});
