/**
 * The trajectory plane's float64 twin (src/analysis/trajectoryPca.ts): its small symmetric
 * eigensolver against ml-matrix, a path planted in a known plane recovered exactly, degenerate
 * paths without NaN; and the recorder's slot bookkeeping and limits (src/analysis/trajectorySlots.ts).
 */
import { describe, expect, it } from 'vitest';
import { SIGN_SHARE, topEigenpairs, trajectoryPlane } from '../../src/analysis/trajectoryPca';
import {
  RecordSlots, TRAJECTORY_MAX_CAPACITY, TRAJECTORY_MAX_PARTICLES, TRAJECTORY_RECORD_BUDGET, checkTrajectorySize,
} from '../../src/analysis/trajectorySlots';
import { gaussian, mulberry32 } from '../../src/landscapes/seeded';
import { symmetricEigen } from '../reference/symmetricEigen';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

function randomUnit(dim: number, rand: () => number): Float64Array {
  const v = Float64Array.from({ length: dim }, () => gaussian(rand));
  return v.map((x) => x / norm(v));
}

/** Two orthonormal vectors in R^dim. */
function orthonormalPair(dim: number, rand: () => number): [Float64Array, Float64Array] {
  const p = randomUnit(dim, rand);
  const q = Float64Array.from({ length: dim }, () => gaussian(rand));
  const c = dot(q, p);
  for (let i = 0; i < dim; i++) q[i] -= c * p[i];
  return [p, q.map((x) => x / norm(q))];
}

describe('topEigenpairs (Householder + implicit QL)', () => {
  it.each([
    ['random symmetric', 7, 1],
    ['random symmetric', 64, 2],
    ['rank-deficient Gram (T = 120, rank 9)', 120, 3],
    ['Gram at the largest capacity', TRAJECTORY_MAX_CAPACITY, 4],
  ])('%s, n = %i, agrees with ml-matrix', (name, n, seed) => {
    const rand = mulberry32(seed);
    const a = new Float64Array(n * n);
    if (name.startsWith('random')) {
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = gaussian(rand);
    } else {
      const rank = name.includes('rank 9') ? 9 : 40;
      const y = Array.from({ length: n }, () => Float64Array.from({ length: rank }, () => gaussian(rand)));
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = dot(y[i], y[j]);
    }
    const ours = topEigenpairs(a, n, 2);
    const ref = symmetricEigen(a, n);
    const scale = Math.max(...ref.values.map(Math.abs));
    let worst = 0;
    for (let k = 0; k < 2; k++) {
      const refValue = ref.values[n - 1 - k];
      worst = Math.max(worst, Math.abs(ours.values[k] - refValue) / scale);
      // Residual |A x - lambda x| and unit length: the vector is an eigenvector whatever its sign.
      const x = ours.vectors[k];
      let r = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        r = Math.max(r, Math.abs(s - ours.values[k] * x[i]));
      }
      worst = Math.max(worst, r / scale, Math.abs(norm(x) - 1));
      // Against the reference vector, up to sign.
      worst = Math.max(worst, 1 - Math.abs(dot(x, ref.vectors[n - 1 - k])));
    }
    console.log(`topEigenpairs ${name}, n = ${n}: worst relative error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-10);
    expect(ours.values[0]).toBeGreaterThanOrEqual(ours.values[1]);
  });
});

describe('trajectoryPlane (float64 twin)', () => {
  it('recovers a path planted in a known plane: explained sums to 1, u and v span it, coordinates exact', () => {
    const rand = mulberry32(11);
    const dim = 40;
    const [p, q] = orthonormalPair(dim, rand);
    const end = Float64Array.from({ length: dim }, () => gaussian(rand));
    const T = 30;
    // A curved path that arrives at the end point: wide along p, narrower along q.
    const alpha = Array.from({ length: T }, (_, i) => -3 * (1 - i / (T - 1)) ** 1.5);
    const beta = Array.from({ length: T }, (_, i) => Math.sin((Math.PI * i) / (T - 1)) * 0.7 + 0.1 * gaussian(rand) * (i < T - 1 ? 1 : 0));
    const records = alpha.map((a, i) => Float64Array.from(end, (e, d) => e + a * p[d] + beta[i] * q[d]));
    const losses = alpha.map((_, i) => 10 - i);
    const steps = alpha.map((_, i) => 5 * i);
    const plane = trajectoryPlane(records, losses, steps);
    expect(plane.explained[0] + plane.explained[1]).toBeCloseTo(1, 12);
    expect(plane.explained[0]).toBeGreaterThan(plane.explained[1]);
    // Unit, orthogonal, inside span(p, q).
    expect(norm(plane.u)).toBeCloseTo(1, 12);
    expect(norm(plane.v)).toBeCloseTo(1, 12);
    expect(dot(plane.u, plane.v)).toBeCloseTo(0, 12);
    for (const w of [plane.u, plane.v]) expect(Math.hypot(dot(w, p), dot(w, q))).toBeCloseTo(1, 12);
    // Every record is end + a_i u + b_i v.
    let worst = 0;
    records.forEach((x, i) => {
      for (let d = 0; d < dim; d++) worst = Math.max(worst, Math.abs(end[d] + plane.path.a[i] * plane.u[d] + plane.path.b[i] * plane.v[d] - x[d]));
    });
    expect(worst).toBeLessThan(1e-12);
    // Sign convention: the path arrives from negative a (the first record is the farthest along u here).
    expect(plane.path.a[0]).toBeLessThan(0);
    const firstB = Array.from(plane.path.b).find((b) => Math.abs(b) >= SIGN_SHARE * Math.max(...plane.path.b.map(Math.abs)));
    expect(firstB).toBeLessThan(0);
    expect(Array.from(plane.end)).toEqual(Array.from(records[T - 1]));
    expect(plane.path.steps).toEqual(steps);
    expect(Array.from(plane.path.loss)).toEqual(losses);
    expect(Math.abs(plane.path.a[T - 1])).toBeLessThan(1e-12);
  });

  it('a straight path: all along u, explained [1, 0], a seeded v ⟂ u, b = 0', () => {
    const rand = mulberry32(3);
    const dim = 12;
    const dir = randomUnit(dim, rand);
    const records = Array.from({ length: 9 }, (_, i) => Float64Array.from(dir, (x) => (8 - i) ** 2 * 0.1 * x + 1));
    const plane = trajectoryPlane(records, new Array(9).fill(1), [...Array(9).keys()]);
    expect(plane.explained[0]).toBeCloseTo(1, 12);
    expect(plane.explained[1]).toBeLessThan(1e-12);
    expect(Math.abs(dot(plane.u, dir))).toBeCloseTo(1, 12);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-12);
    expect(norm(plane.v)).toBeCloseTo(1, 12);
    expect(Array.from(plane.path.b).every((b) => b === 0)).toBe(true);
    // Seeded: the same seed gives the same v, another seed another.
    const again = trajectoryPlane(records, new Array(9).fill(1), [...Array(9).keys()]);
    expect(Array.from(again.v)).toEqual(Array.from(plane.v));
    const other = trajectoryPlane(records, new Array(9).fill(1), [...Array(9).keys()], { seed: 2 });
    expect(Math.abs(dot(other.v, plane.v))).toBeLessThan(0.999);
  });

  it.each([1, 2])('T = %i records: a plane without NaN', (T) => {
    const rand = mulberry32(T);
    const records = Array.from({ length: T }, () => Float64Array.from({ length: 5 }, () => gaussian(rand)));
    const plane = trajectoryPlane(records, new Array(T).fill(0), [...Array(T).keys()]);
    for (const x of [...plane.u, ...plane.v, ...plane.path.a, ...plane.path.b, ...plane.explained]) expect(Number.isFinite(x)).toBe(true);
    expect(norm(plane.u)).toBeCloseTo(1, 12);
    expect(norm(plane.v)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-12);
    if (T === 1) expect(plane.explained).toEqual([0, 0]);
    if (T === 2) {
      // u points from the end back to the first record; that record sits at a = -|x_0 - e|.
      const gap = records[0].map((x, d) => x - records[1][d]);
      expect(plane.path.a[0]).toBeCloseTo(-norm(gap), 12);
      expect(dot(plane.u, gap)).toBeCloseTo(-norm(gap), 12);
      expect(plane.explained).toEqual([1, 0]);
    }
  });

  it('a path that never moved (every record the same): explained [0, 0], seeded orthonormal u, v', () => {
    const records = Array.from({ length: 6 }, () => Float64Array.from([1, 2, 3]));
    const plane = trajectoryPlane(records, new Array(6).fill(0), [...Array(6).keys()]);
    expect(plane.explained).toEqual([0, 0]);
    expect(norm(plane.u)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(plane.u, plane.v))).toBeLessThan(1e-12);
  });

  it('refuses bad input by name', () => {
    expect(() => trajectoryPlane([], [], [])).toThrow(RangeError);
    expect(() => trajectoryPlane([[1, 2], [1]], [0, 0], [0, 1])).toThrow(/same length/);
    expect(() => trajectoryPlane([[1, 2]], [0, 0], [0])).toThrow(/losses and steps/);
    expect(() => trajectoryPlane([[1]], [0], [0])).toThrow(/D >= 2/);
  });
});

describe('RecordSlots (thinning by relabelling)', () => {
  it('keeps the first step and the latest, a regular grid between, in bounded slots', () => {
    const slots = new RecordSlots(8, 1);
    for (let step = 0; step <= 100; step++) {
      slots.record(step);
      expect(slots.count).toBeLessThanOrEqual(8);
      expect(slots.steps[0]).toBe(0);
      expect(slots.steps.at(-1)).toBe(step);
      expect(new Set(slots.order).size).toBe(slots.count);
      expect(slots.order.every((s) => s >= 0 && s < 8)).toBe(true);
      // Every record but the head lies on the grid of the current interval.
      expect(slots.steps.slice(0, -1).every((s) => s % slots.interval === 0)).toBe(true);
    }
    // 101 steps in 8 slots: the interval doubled to 16 (0, 16, ..., 96 and 100).
    expect(slots.interval).toBe(16);
    expect(slots.steps).toEqual([0, 16, 32, 48, 64, 80, 96, 100]);
  });

  it('records every `every` steps, refreshes the same step in place, refuses steps that go back', () => {
    const slots = new RecordSlots(4, 10);
    expect(slots.record(3)).toBe(0);
    expect(slots.record(7)).toBe(1);
    // The head is overwritten until a grid step (13) is reached.
    expect(slots.record(9)).toBe(1);
    expect(slots.record(9)).toBe(1);
    expect(slots.record(14)).toBe(1);
    expect(slots.record(15)).toBe(2);
    expect(slots.steps).toEqual([3, 14, 15]);
    expect(() => slots.record(12)).toThrow(/clear\(\)/);
    expect(() => slots.record(1.5)).toThrow(RangeError);
    slots.clear();
    expect(slots.count).toBe(0);
    expect(slots.record(0)).toBe(0);
  });

  it('two records booked back to back take two slots', () => {
    const slots = new RecordSlots(16, 1);
    expect([slots.record(0), slots.record(1)]).toEqual([0, 1]);
  });
});

describe('checkTrajectorySize', () => {
  it('refuses sizes past the limits, naming them', () => {
    const some = [0, 1, 2];
    expect(() => checkTrajectorySize({ particles: [...Array(TRAJECTORY_MAX_PARTICLES + 1).keys()] }, 100, 2)).toThrow(/TRAJECTORY_MAX_PARTICLES = 16/);
    expect(() => checkTrajectorySize({ particles: [] }, 100, 2)).toThrow(/TRAJECTORY_MAX_PARTICLES/);
    expect(() => checkTrajectorySize({ particles: [5] }, 5, 2)).toThrow(/particle count 5/);
    expect(() => checkTrajectorySize({ particles: some, capacity: 7 }, 5, 2)).toThrow(/even whole number from 4 to TRAJECTORY_MAX_CAPACITY = 256/);
    expect(() => checkTrajectorySize({ particles: some, capacity: 512 }, 5, 2)).toThrow(/TRAJECTORY_MAX_CAPACITY/);
    expect(() => checkTrajectorySize({ particles: [...Array(16).keys()], capacity: 256 }, 100, 4096)).toThrow(/TRAJECTORY_RECORD_BUDGET = 8,388,608 \(32 MiB\)/);
    expect(() => checkTrajectorySize({ particles: some, every: 0 }, 5, 2)).toThrow(/every = 0/);
    expect(checkTrajectorySize({ particles: [...Array(16).keys()], capacity: 128 }, 100, 4096).capacity).toBe(128);
    expect(128 * 16 * 4096).toBe(TRAJECTORY_RECORD_BUDGET);
    expect(checkTrajectorySize({ particles: some }, 5, 2)).toEqual({ particles: some, capacity: 256, every: 1, seed: 1 });
  });
});
