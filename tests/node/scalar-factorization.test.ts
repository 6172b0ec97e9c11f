/**
 * The scalar factorization landscape ½(1 − xy)²: its gradient and Hessian are exact (checked
 * against central differences at random points), its sharpness formula is the Hessian's top
 * eigenvalue, and gradient flow ends where the conserved x² − y² says.
 */
import { describe, expect, it } from 'vitest';
import {
  gradientFlowLimit,
  scalarFactorization as sf,
  scalarFactorizationHessian,
  scalarFactorizationSharpness,
} from '../../src/landscapes/factorization';
import { mulberry32 } from '../random';

const rand = mulberry32(2021);
const points = Array.from({ length: 200 }, () => [8 * rand() - 4, 8 * rand() - 4]);

describe('scalar factorization', () => {
  it('its gradient matches central differences of the loss', () => {
    const g = new Float64Array(2);
    for (const [x, y] of points) {
      sf.evaluate([x, y], g, [], 2);
      const h = 1e-6;
      const fx = (sf.evaluate([x + h, y], null, [], 2) - sf.evaluate([x - h, y], null, [], 2)) / (2 * h);
      const fy = (sf.evaluate([x, y + h], null, [], 2) - sf.evaluate([x, y - h], null, [], 2)) / (2 * h);
      expect(Math.abs(g[0] - fx)).toBeLessThan(1e-7 * (1 + Math.abs(fx)));
      expect(Math.abs(g[1] - fy)).toBeLessThan(1e-7 * (1 + Math.abs(fy)));
    }
  });

  it('its Hessian matches central differences of the gradient, and the sharpness is its top eigenvalue', () => {
    const gp = new Float64Array(2);
    const gm = new Float64Array(2);
    for (const [x, y] of points) {
      const H = scalarFactorizationHessian(x, y);
      const h = 1e-5;
      for (let j = 0; j < 2; j++) {
        const xp = [x, y];
        const xm = [x, y];
        xp[j] += h;
        xm[j] -= h;
        sf.evaluate(xp, gp, [], 2);
        sf.evaluate(xm, gm, [], 2);
        for (let i = 0; i < 2; i++) {
          const fd = (gp[i] - gm[i]) / (2 * h);
          // The gradient is cubic: central differences err by h² times a constant only.
          expect(Math.abs(H[2 * i + j] - fd)).toBeLessThan(1e-8 * (1 + Math.abs(fd)));
        }
      }
      const s = scalarFactorizationSharpness(x, y);
      // λ is an eigenvalue: det(H − λI) = 0, and it is the larger root (≥ the trace's half).
      const det = (H[0] - s) * (H[3] - s) - H[1] * H[2];
      expect(Math.abs(det)).toBeLessThan(1e-9 * (1 + s * s));
      expect(s).toBeGreaterThanOrEqual((H[0] + H[3]) / 2);
    }
  });

  it('every point of the valley xy = 1 is a minimum with sharpness x² + y² and a flat direction', () => {
    for (const t of [0.2, 0.5, 1, 3, 7]) {
      const [x, y] = [t, 1 / t];
      const g = new Float64Array(2);
      expect(sf.evaluate([x, y], g, [], 2)).toBe(0);
      expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-15);
      expect(scalarFactorizationSharpness(x, y)).toBeCloseTo(x * x + y * y, 12);
      const H = scalarFactorizationHessian(x, y);
      expect(H[0] * H[3] - H[1] * H[2]).toBeCloseTo(0, 10);
    }
  });

  it('gradient flow (tiny-step GD) ends where the conserved x² − y² meets the valley', () => {
    for (const [x0, y0] of [[3.5, 0.3], [0.2, -2.5], [-2, -0.1], [1.5, 1.2], [0.3, 0.1]]) {
      let [x, y] = [x0, y0];
      const g = new Float64Array(2);
      // Small steps: the flow's x² − y² drifts by O(η) per unit of time.
      for (let i = 0; i < 400_000; i++) {
        sf.evaluate([x, y], g, [], 2);
        x -= 1e-4 * g[0];
        y -= 1e-4 * g[1];
      }
      const limit = gradientFlowLimit(x0, y0);
      expect(Math.abs(x - limit.x)).toBeLessThan(5e-3 * (1 + Math.abs(limit.x)));
      expect(Math.abs(y - limit.y)).toBeLessThan(5e-3 * (1 + Math.abs(limit.y)));
      expect(scalarFactorizationSharpness(x, y)).toBeCloseTo(limit.sharpness, 1);
    }
  });
});
