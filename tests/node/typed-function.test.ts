import { describe, expect, it } from 'vitest';
import { landscapeById } from '../../src/landscapes';
import type { Landscape } from '../../src/landscapes/types';
import { checkTypedFunction, finiteDifferenceCheck, typedLandscape, TypedFunctionError } from '../../src/landscapes/typed';
import { mulberry32, randomPoint } from '../random';

/** Values and gradients of a typed function against a reference, relative to 1 + |reference|. */
function compare(typed: Landscape, reference: (x: number[], g: Float64Array) => number, dim: number, box: [number, number], seed: number) {
  const rand = mulberry32(seed);
  const g1 = new Float64Array(dim);
  const g2 = new Float64Array(dim);
  let worst = 0;
  for (let t = 0; t < 200; t++) {
    const x = randomPoint(rand, dim, box);
    const f1 = typed.evaluate(x, g1, [], dim);
    const f2 = reference(x, g2);
    worst = Math.max(worst, Math.abs(f1 - f2) / (1 + Math.abs(f2)));
    for (let d = 0; d < dim; d++) worst = Math.max(worst, Math.abs(g1[d] - g2[d]) / (1 + Math.abs(g2[d])));
  }
  return worst;
}

describe('typed functions equal the built-in landscapes', () => {
  const builtIn = (id: string, dim: number) => (x: number[], g: Float64Array) => landscapeById(id).evaluate(x, g, [], dim);
  it('Himmelblau', () => {
    const l = typedLandscape('(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
    expect(l.dims).toEqual({ min: 2, max: 2, default: 2 });
    expect(compare(l, builtIn('himmelblau', 2), 2, [-5, 5], 1)).toBeLessThan(1e-12);
  });
  it.each([2, 3, 16, 100])('Rastrigin, D = %i', (dim) => {
    const l = typedLandscape('10*D + sum(x^2 - 10*cos(2*pi*x))');
    expect(l.dims).toEqual({ min: 2, max: 4096, default: 10 });
    expect(compare(l, builtIn('rastrigin', dim), dim, [-5.12, 5.12], 2 + dim)).toBeLessThan(1e-12);
  });
  it.each([2, 3, 16, 100])('Rosenbrock, D = %i', (dim) => {
    const l = typedLandscape('sum(100*(xn - x^2)^2 + (1 - x)^2)');
    expect(compare(l, builtIn('rosenbrock', dim), dim, [-2, 2], 3 + dim)).toBeLessThan(1e-12);
  });
  it.each([2, 7, 50])('Ackley (sums inside exp and sqrt), D = %i', (dim) => {
    const l = typedLandscape('-20*exp(-0.2*sqrt(sum(x^2)/D)) - exp(sum(cos(2*pi*x))/D) + 20 + e');
    expect(compare(l, builtIn('ackley', dim), dim, [-5, 5], 4 + dim)).toBeLessThan(1e-12);
  });
  it('a product of trig functions', () => {
    const l = typedLandscape('sin(x) * cos(2*y) * tan(x*y/10)');
    const ref = (x: number[], g: Float64Array) => {
      const [u, v] = x;
      const a = Math.sin(u), b = Math.cos(2 * v), c = Math.tan((u * v) / 10);
      const sec2 = 1 / Math.cos((u * v) / 10) ** 2;
      g[0] = Math.cos(u) * b * c + a * b * sec2 * (v / 10);
      g[1] = -2 * a * Math.sin(2 * v) * c + a * b * sec2 * (u / 10);
      return a * b * c;
    };
    expect(compare(l, ref, 2, [-3, 3], 5)).toBeLessThan(1e-12);
  });
  it('x1, x2 outside sums, i and D inside', () => {
    const l = typedLandscape('x1^2 - 3*x2 + sum(i*x^2/D)');
    const dim = 5;
    const ref = (x: number[], g: Float64Array) => {
      let f = x[0] ** 2 - 3 * x[1];
      for (let j = 0; j < dim; j++) {
        f += ((j + 1) * x[j] ** 2) / dim;
        g[j] = (2 * (j + 1) * x[j]) / dim;
      }
      g[0] += 2 * x[0];
      g[1] -= 3;
      return f;
    };
    expect(compare(l, ref, dim, [-2, 2], 6)).toBeLessThan(1e-12);
  });
  it('powers: integer exponents of negative bases, fractional ones NaN there, abs differentiates to sign', () => {
    const l = typedLandscape('x^3 + y^(-2) + abs(x)');
    const g = new Float64Array(2);
    expect(l.evaluate([-2, -0.5], g, [], 2)).toBeCloseTo(-8 + 4 + 2, 12);
    expect(g[0]).toBeCloseTo(12 - 1, 12);
    expect(g[1]).toBeCloseTo(-2 * (-0.5) ** -3, 12);
    l.evaluate([0, 1], g, [], 2);
    expect(g[0]).toBe(0);
    expect(Number.isNaN(typedLandscape('x^1.5 + y').evaluate([-1, 0], null, [], 2))).toBe(true);
    expect(typedLandscape('x^y').evaluate([-2, 3], null, [], 2)).toBe(-8);
  });
});

/** Random expressions from the grammar, kept finite on [-2, 2]: log and sqrt of 1 + u^2, exp of sin u. */
function randomExpression(rand: () => number, depth: number, vars: string[]): string {
  const leaf = () => {
    const r = rand();
    if (r < 0.6) return vars[Math.floor(rand() * vars.length)];
    if (r < 0.7) return 'pi';
    return (Math.round(rand() * 50) / 10 + 0.1).toString();
  };
  if (depth === 0 || rand() < 0.2) return leaf();
  const sub = () => randomExpression(rand, depth - 1, vars);
  const pick = Math.floor(rand() * 14);
  switch (pick) {
    case 0: return `(${sub()} + ${sub()})`;
    case 1: return `(${sub()} - ${sub()})`;
    case 2: return `${sub()} * ${sub()}`;
    case 3: return `${sub()} / (2 + cos(${sub()}))`;
    case 4: return `(${sub()})^${1 + Math.floor(rand() * 4)}`;
    case 5: return `-${sub()}`;
    case 6: return `sin(${sub()})`;
    case 7: return `cos(${sub()})`;
    case 8: return `exp(sin(${sub()}))`;
    case 9: return `log(1 + (${sub()})^2)`;
    case 10: return `sqrt(1 + (${sub()})^2)`;
    case 11: return `tanh(${sub()})`;
    case 12: return `atan(${sub()})`;
    default: return `(1.5 + sin(${sub()}))^(${sub()} / 3)`;
  }
}

describe('symbolic gradients agree with central differences', () => {
  it('300 random 2-D expressions', () => {
    const rand = mulberry32(99);
    let worst = 0;
    for (let t = 0; t < 300; t++) {
      const src = randomExpression(rand, 4, ['x', 'y']);
      if (src.length > 500) continue;
      const l = typedLandscape(src);
      const pts = Array.from({ length: 5 }, () => randomPoint(rand, 2, [-2, 2]));
      const err = finiteDifferenceCheck(l, 2, pts);
      if (!(err < 1e-5)) throw new Error(`${src}: ${err}`);
      worst = Math.max(worst, err);
    }
    console.log(`2-D random expressions: worst FD error ${worst.toExponential(2)}`);
  });
  it('100 random sum-form expressions, D = 5', () => {
    const rand = mulberry32(7);
    let worst = 0;
    for (let t = 0; t < 100; t++) {
      const term = randomExpression(rand, 3, ['x', 'xn', 'x', 'i']);
      const outer = randomExpression(rand, 2, ['x1', 'x2']);
      const src = `${outer} + sin(sum(${term})) + D * sum(${randomExpression(rand, 2, ['x'])})^2 / 100`;
      if (src.length > 500) continue;
      const l = typedLandscape(src);
      const pts = Array.from({ length: 3 }, () => randomPoint(rand, 5, [-2, 2]));
      const err = finiteDifferenceCheck(l, 5, pts);
      if (!(err < 1e-5)) throw new Error(`${src}: ${err}`);
      worst = Math.max(worst, err);
    }
    console.log(`sum-form random expressions: worst FD error ${worst.toExponential(2)}`);
  });
});

describe('inputs outside the grammar are refused with their position', () => {
  const cases: [string, number, RegExp][] = [
    ['constructor', 0, /Unknown name "constructor"/],
    ["import('x')", 0, /Unknown function "import"/],
    ['x = 3', 2, /Assignment/],
    ['f(x) = x', 0, /Unknown function "f"/],
    ['[1,2]', 0, /Matrices/],
    ['"str"', 0, /Strings/],
    ['x.y', 1, /Property access/],
    ['evaluate("1")', 0, /Unknown function "evaluate"/],
    ['x^2 + z', 6, /Unknown name "z" at 6: f\(x, y\) may use x, y, pi, e, D/],
    ['(x^2 + y', 0, /Unbalanced parentheses: "\(" at 0/],
    ['x^2 + y)', 7, /Unbalanced parentheses: "\)" at 7/],
    ['sin x', 0, /needs parentheses/],
    ['x(2)', 0, /not a function/],
    ['1 +', 3, /Unexpected end/],
    ['log(x, 2)', 5, /one argument/],
    ['x!', 1, /"!" is not allowed/],
    ['x + sum(x)', 0, /only inside sum/],
    ['sum(x1)', 4, /may not appear inside sum/],
    ['sum(sum(x))', 4, /nested/],
    ['sum(x) + y', 9, /Unknown name "y"/],
    ['x + 0x1F', 4, /Hexadecimal/],
    ['1e39 * x', 0, /too large/],
    ['x; y', 1, /one expression/],
    ['x +\ny', 3, /one expression/],
    ['x' + ' '.repeat(500), 500, /Too long: 501 characters, at most 500/],
  ];
  it.each(cases)('%j at %i', (src, pos, why) => {
    let err: unknown;
    try {
      typedLandscape(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TypedFunctionError);
    expect(err).toBeInstanceOf(RangeError);
    expect((err as TypedFunctionError).position).toBe(pos);
    expect((err as TypedFunctionError).detail).toMatch(why);
    // A caret line under the position.
    if (src.length <= 120 && !src.includes('\n')) expect((err as Error).message.split('\n')[2]).toBe(' '.repeat(pos) + '^');
    const check = checkTypedFunction(src);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.position).toBe(pos);
  });
  it('too many nodes', () => {
    const src = Array.from({ length: 201 }, () => 'x').join('+');
    expect(src.length).toBeLessThanOrEqual(500);
    expect(() => typedLandscape(src)).toThrow(/more than 400 nodes/);
  });
  it('checkTypedFunction gives the normalised text', () => {
    expect(checkTypedFunction('2x+  sin( y )')).toEqual({ ok: true, normalised: '2 x + sin(y)', form: 'planar' });
  });
});

describe('generated WGSL', () => {
  const KEYWORDS = new Set([
    'fn', 'let', 'var', 'for', 'if', 'return', 'select', 'f32', 'u32', 'ctx', 'coord', 'set_grad', 'landscape_eval', 'DIM',
    'n', 'j', 'g', 'a', 'b', 'r', 'z', 'cossin2pi', 'x', 'y', 'exp2', 'log2', 'floor', 'bitcast', 'typed_pow',
    'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs', 'sign',
  ]);
  it.each([
    '(x^2 + y - 11)^2 + (x + y^2 - 7)^2 + abs(x*y) + 2^y + x^y + atan(pi*e*D)',
    '10*D + sum(x^2 - 10*cos(2*pi*x) + i*xn) + x1*x2 + sum(tanh(x))^1.5',
  ])('uses only grammar tokens and its own names: %s', (src) => {
    const l = typedLandscape(src);
    const code = l.wgsl.replace(/\/\/.*$/gm, '');
    const names = new Set(code.match(/[A-Za-z_][A-Za-z0-9_]*/g));
    const own = /^(t\d+|s\d+|v(x|y|xn|i|d|x1|x2))$/;
    const foreign = [...names].filter((n) => !KEYWORDS.has(n) && !own.test(n) && !/^\d/.test(n));
    // Literal suffixes and hex tails (0x7f800000u) are split off by the pattern above.
    expect(foreign.filter((n) => !/^(f|u|e\d*f?|x[0-9a-f]+u)$/.test(n))).toEqual([]);
  });
});
