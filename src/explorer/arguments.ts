/**
 * Checks of the API methods' arguments, so a script's bad call gets a RangeError naming the
 * method and argument before anything reaches the GPU (where it would fail every frame).
 */

type Kind = 'finite' | 'non-negative' | 'count' | 'positive-count' | 'index' | 'point-or-undefined' | 'hessian-options' | 'particle-or-point' | 'options';

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'function' ? 'a function' : Array.isArray(v) ? `an array of ${v.length}` : String(v));
const isWhole = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const finiteNumbers = (v: ArrayLike<unknown>) => Array.prototype.every.call(v, (x) => typeof x === 'number' && Number.isFinite(x));

/** Longest run one call may ask for (about a billion steps would outlast any page). */
const MAX_STEPS = 100_000_000;

function problem(kind: Kind, v: unknown, dim: number, count: number): string | null {
  switch (kind) {
    case 'particle-or-point':
      if (typeof v === 'number') return isWhole(v, 0, count - 1) ? null : `a particle from 0 to ${count - 1}, or a point of ${dim} coordinates`;
      return problem('point-or-undefined', v, dim, count) === null && v !== undefined ? null : `a particle from 0 to ${count - 1}, or a point of ${dim} finite coordinates`;
    case 'options':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'an object of options';
    case 'finite':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'a finite number';
    case 'non-negative':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a finite number >= 0';
    case 'count':
      return isWhole(v, 0, MAX_STEPS) ? null : `a whole number from 0 to ${MAX_STEPS.toLocaleString('en-US')}`;
    case 'positive-count':
      return isWhole(v, 1, 2 ** 24) ? null : 'a whole number from 1 to 16,777,216';
    case 'index':
      // `dim` is here the number of items indexed (particles).
      return isWhole(v, 0, dim - 1) ? null : `a whole number from 0 to ${dim - 1} (there are ${dim})`;
    case 'point-or-undefined': {
      if (v === undefined) return null;
      const ok = typeof v === 'object' && v !== null && typeof (v as ArrayLike<unknown>).length === 'number';
      return ok && (v as ArrayLike<unknown>).length === dim && finiteNumbers(v as ArrayLike<unknown>) ? null : `${dim} finite coordinates`;
    }
    case 'hessian-options': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object { steps?, seed? }';
      const o = v as Record<string, unknown>;
      const unknown = Object.keys(o).find((k) => k !== 'steps' && k !== 'seed');
      if (unknown) return `an object { steps?, seed? } (not "${unknown}")`;
      if (o.steps !== undefined && !isWhole(o.steps, 1, dim)) return `steps: a whole number from 1 to D = ${dim}`;
      if (o.seed !== undefined && !isWhole(o.seed, 0, 0xffffffff)) return 'seed: a whole number from 0 to 4294967295';
      return null;
    }
  }
}

/** Throws a RangeError naming the first argument that does not fit: `{ name: [value, kind, dim?] }`. */
export function checkArgs(method: string, args: Record<string, [unknown, Kind, number?, number?]>): void {
  for (const [name, [value, kind, dim = 0, count = 0]] of Object.entries(args)) {
    const wanted = problem(kind, value, dim, count);
    if (wanted) throw new RangeError(`${method}(): ${name} = ${show(value)} was refused: it must be ${wanted}.`);
  }
}
