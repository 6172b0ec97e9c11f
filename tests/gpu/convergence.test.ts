import { describe, expect, it } from 'vitest';
import { landscapeById } from '../../src/landscapes';
import { withGpu } from './device';

describe('known minima are found', () => {
  it('particles started uniformly on Himmelblau all end at one of its four minima', () =>
    withGpu(async (gpu) => {
      const himmelblau = landscapeById('himmelblau');
      const sim = await gpu.simulation({ landscape: himmelblau, dim: 2, count: 4096, seed: 4, run: { lr: 0.003 } });
      await sim.step(3000);
      const snap = await sim.particles();
      const minima = himmelblau.minima(2, []);
      const hits = [0, 0, 0, 0];
      for (let p = 0; p < snap.count; p++) {
        expect(snap.flags[p]).not.toBe(1);
        const x = snap.positions[2 * p];
        const y = snap.positions[2 * p + 1];
        const dist = minima.map((m) => Math.hypot(x - m.x[0], y - m.x[1]));
        const k = dist.indexOf(Math.min(...dist));
        expect(dist[k]).toBeLessThan(1e-3);
        hits[k]++;
      }
      // Every basin catches a real share of a uniform start.
      for (const h of hits) expect(h).toBeGreaterThan(snap.count / 10);
    }),
  );

  it('GD, Nesterov and Adam reach the quadratic minimum in 64 dimensions', () =>
    withGpu(async (gpu) => {
      // Adam's constant step dithers at about lr around the minimum, hence its looser bound.
      for (const [optimizer, lr, tol] of [['gd', 0.015, 1e-6], ['nesterov', 0.005, 1e-6], ['adam', 0.01, 1e-3]] as const) {
        const sim = await gpu.simulation({
          landscape: landscapeById('quadratic'),
          dim: 64,
          params: [100],
          count: 256,
          run: { optimizer, lr },
        });
        await sim.step(2000);
        const s = await sim.summary();
        gpu.free(sim);
        expect(s.live, optimizer).toBe(256);
        expect(s.maxLoss, optimizer).toBeLessThan(tol);
      }
    }),
  );

  it('Styblinski-Tang started in the right basin reaches its stated minimum in 100 dimensions', () =>
    withGpu(async (gpu) => {
      const st = landscapeById('styblinski-tang');
      const dim = 100;
      const sim = await gpu.simulation({
        landscape: st,
        dim,
        count: 256,
        run: { lr: 0.01 },
        init: { kind: 'uniform', lo: -5, hi: -1 },
      });
      await sim.step(1000);
      const s = await sim.summary();
      const fStar = st.minima(dim, [])[0].f;
      expect(Math.abs(s.minLoss - fStar) / Math.abs(fStar)).toBeLessThan(1e-5);
      expect(Math.abs(s.maxLoss - fStar) / Math.abs(fStar)).toBeLessThan(1e-5);
    }),
  );
});
