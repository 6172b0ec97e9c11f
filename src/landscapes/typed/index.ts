/**
 * Typed functions as landscapes: f(x, y), or f over x_1..x_D written with sum(...). The text is
 * checked against a whitelisted grammar (grammar.ts), differentiated symbolically by mathjs, and
 * turned into WGSL and a TypeScript twin from the checked trees, never from the text.
 */
import type { MathNode, FunctionNode, SymbolNode } from 'mathjs';
import type { Landscape } from '../types';
import { MAX_DIM } from '../separable';
import { checkGrammar, math, TypedFunctionError, type CheckedFunction } from './grammar';
import {
  compile,
  ConstantRangeError,
  fixAbsDerivative,
  fold,
  fromMath,
  uses,
  WgslEmitter,
  WGSL_HELPERS,
  f32Literal,
  SLOT,
  type Expr,
} from './expr';

export { TypedFunctionError, FUNCTIONS, MAX_LENGTH, MAX_NODES } from './grammar';

const FunctionNodeCtor = (math as unknown as { FunctionNode: new (fn: string, args: MathNode[]) => MathNode }).FunctionNode;
const SymbolNodeCtor = (math as unknown as { SymbolNode: new (name: string) => MathNode }).SymbolNode;

function derive(node: MathNode, variable: string, constants: Record<string, number>): Expr {
  const d = math.derivative(node, variable, { simplify: false });
  return fold(fromMath(fixAbsDerivative(d, { FunctionNode: FunctionNodeCtor }), constants));
}

const CONSTANTS = { pi: Math.PI, e: Math.E };

interface SumTerm {
  term: Expr;
  dx: Expr;
  dxn: Expr;
  /** Uses xn: runs over i = 1..D-1. */
  chained: boolean;
}

interface Plan {
  checked: CheckedFunction;
  /** 2-D: f, df/dx, df/dy. Sum form: the outer function of x1, x2 and the sums S_k. */
  value: Expr;
  /** Partial derivatives of the outer function, by variable (x, y | x1, x2, S0, S1, ...). */
  partials: Record<string, Expr>;
  sums: SumTerm[];
}

function plan(checked: CheckedFunction): Plan {
  const { node, form } = checked;
  if (form === 'planar') {
    const constants = { ...CONSTANTS, D: 2 };
    return {
      checked,
      value: fold(fromMath(node, constants)),
      partials: { x: derive(node, 'x', constants), y: derive(node, 'y', constants) },
      sums: [],
    };
  }
  // Each sum becomes a symbol S<k> of the outer function; its terms are differentiated apart.
  const sumNodes: MathNode[] = [];
  const outer = node.transform((n) => {
    if (n.type === 'FunctionNode' && ((n as FunctionNode).fn as unknown as SymbolNode).name === 'sum') {
      sumNodes.push((n as FunctionNode).args[0]);
      return new SymbolNodeCtor(`S${sumNodes.length - 1}`);
    }
    return n;
  });
  const partials: Record<string, Expr> = {
    x1: derive(outer, 'x1', CONSTANTS),
    x2: derive(outer, 'x2', CONSTANTS),
  };
  sumNodes.forEach((_, k) => (partials[`S${k}`] = derive(outer, `S${k}`, CONSTANTS)));
  const sums = sumNodes.map((t) => {
    const term = fold(fromMath(t, CONSTANTS));
    return { term, dx: derive(t, 'x', CONSTANTS), dxn: derive(t, 'xn', CONSTANTS), chained: uses(term, 'xn') };
  });
  return { checked, value: fold(fromMath(outer, CONSTANTS)), partials, sums };
}

function planarWgsl(p: Plan): string {
  const counter = { n: 0 };
  const em = new WgslEmitter({ x: 'vx', y: 'vy' }, counter, '  ');
  const f = em.emit(p.value);
  const gx = em.emit(p.partials.x);
  const gy = em.emit(p.partials.y);
  return `${WGSL_HELPERS}
// Typed: f(x, y) = ${comment(p.checked.normalised)}
fn landscape_eval(ctx: u32) -> f32 {
  let vx = coord(ctx, 0u);
  let vy = coord(ctx, 1u);
${em.lines.join('\n')}
  set_grad(ctx, 0u, ${gx});
  set_grad(ctx, 1u, ${gy});
  return ${f};
}
`;
}

/** Keeps the normalised text inside a one-line comment (it holds only grammar tokens). */
const comment = (s: string) => s.replace(/[\r\n]/g, ' ');

function sumWgsl(p: Plan): string {
  const counter = { n: 0 };
  const loopVars = (x: string, xn: string, i: string) => ({ x, xn, i, D: 'vd' });
  const out: string[] = [];
  out.push(WGSL_HELPERS);
  out.push(`// Typed: f(x) = ${comment(p.checked.normalised)}`);
  out.push('fn landscape_eval(ctx: u32) -> f32 {');
  out.push('  let n = DIM;');
  out.push('  let vd = f32(n);');
  out.push('  let vx1 = coord(ctx, 0u);');
  out.push('  let vx2 = coord(ctx, 1u);');
  // First pass: the sums.
  p.sums.forEach((s, k) => {
    out.push(`  var s${k} = 0.0;`);
    out.push(`  for (var j = 0u; j < ${s.chained ? 'n - 1u' : 'n'}; j++) {`);
    out.push('    let vx = coord(ctx, j);');
    if (s.chained) out.push('    let vxn = coord(ctx, j + 1u);');
    out.push('    let vi = f32(j + 1u);');
    const em = new WgslEmitter(loopVars('vx', 'vxn', 'vi'), counter, '    ');
    const t = em.emit(s.term);
    out.push(...em.lines, `    s${k} += ${t};`, '  }');
  });
  // The outer function and its partials.
  const outerVars: Record<string, string> = { x1: 'vx1', x2: 'vx2', D: 'vd' };
  p.sums.forEach((_, k) => (outerVars[`S${k}`] = `s${k}`));
  const em = new WgslEmitter(outerVars, counter, '  ');
  const f = em.emit(p.value);
  const g1 = em.emit(p.partials.x1);
  const g2 = em.emit(p.partials.x2);
  const gs = p.sums.map((_, k) => em.emit(p.partials[`S${k}`]));
  out.push(...em.lines);
  // Second pass: d f / d x_j = outer partials + sum_k dF/dS_k (d term_k(j)/dx + d term_k(j-1)/dxn).
  out.push('  for (var j = 0u; j < n; j++) {');
  out.push(`    var g = select(0.0, ${g1}, j == 0u) + select(0.0, ${g2}, j == 1u);`);
  p.sums.forEach((s, k) => {
    if (s.dx.k !== 'num' || s.dx.v !== 0) {
      out.push(`    if (j < ${s.chained ? 'n - 1u' : 'n'}) {`);
      out.push('      let vx = coord(ctx, j);');
      if (s.chained) out.push('      let vxn = coord(ctx, j + 1u);');
      out.push('      let vi = f32(j + 1u);');
      const e = new WgslEmitter(loopVars('vx', 'vxn', 'vi'), counter, '      ');
      const d = e.emit(s.dx);
      out.push(...e.lines, `      g += ${gs[k]} * ${d};`, '    }');
    }
    if (s.chained && (s.dxn.k !== 'num' || s.dxn.v !== 0)) {
      out.push('    if (j >= 1u) {');
      out.push('      let vx = coord(ctx, j - 1u);');
      out.push('      let vxn = coord(ctx, j);');
      out.push('      let vi = f32(j);');
      const e = new WgslEmitter(loopVars('vx', 'vxn', 'vi'), counter, '      ');
      const d = e.emit(s.dxn);
      out.push(...e.lines, `      g += ${gs[k]} * ${d};`, '    }');
    }
  });
  out.push('    set_grad(ctx, j, g);', '  }', `  return ${f};`, '}', '');
  return out.join('\n');
}

type Evaluate = Landscape['evaluate'];

function planarTwin(p: Plan): Evaluate {
  const f = compile(p.value);
  const gx = compile(p.partials.x);
  const gy = compile(p.partials.y);
  const env = new Float64Array(8);
  return (x, grad) => {
    env[SLOT.x] = x[0];
    env[SLOT.y] = x[1];
    if (grad) {
      grad[0] = gx(env);
      grad[1] = gy(env);
    }
    return f(env);
  };
}

function sumTwin(p: Plan): Evaluate {
  const f = compile(p.value);
  const g1 = compile(p.partials.x1);
  const g2 = compile(p.partials.x2);
  const sums = p.sums.map((s, k) => ({
    chained: s.chained,
    term: compile(s.term),
    dx: compile(s.dx),
    dxn: compile(s.dxn),
    dS: compile(p.partials[`S${k}`]),
  }));
  const env = new Float64Array(7 + sums.length);
  const at = (x: ArrayLike<number>, j: number, dim: number) => {
    env[SLOT.x] = x[j];
    env[SLOT.xn] = j + 1 < dim ? x[j + 1] : 0;
    env[SLOT.i] = j + 1;
  };
  return (x, grad, _params, dim) => {
    env[SLOT.D] = dim;
    env[SLOT.x1] = x[0];
    env[SLOT.x2] = x[1];
    sums.forEach((s, k) => {
      const m = s.chained ? dim - 1 : dim;
      let acc = 0;
      for (let j = 0; j < m; j++) {
        at(x, j, dim);
        acc += s.term(env);
      }
      env[7 + k] = acc;
    });
    const value = f(env);
    if (grad) {
      const dS = sums.map((s) => s.dS(env));
      grad[0] = g1(env);
      grad[1] = g2(env);
      for (let j = 2; j < dim; j++) grad[j] = 0;
      sums.forEach((s, k) => {
        const m = s.chained ? dim - 1 : dim;
        for (let j = 0; j < m; j++) {
          at(x, j, dim);
          grad[j] += dS[k] * s.dx(env);
          if (s.chained) grad[j + 1] += dS[k] * s.dxn(env);
        }
      });
    }
    return value;
  };
}

/** A landscape from a typed function; throws TypedFunctionError for text outside the grammar. */
export function typedLandscape(source: string, options: { box?: [number, number] } = {}): Landscape {
  const checked = checkGrammar(source);
  let p: Plan;
  let wgsl: string;
  try {
    p = plan(checked);
    wgsl = checked.form === 'planar' ? planarWgsl(p) : sumWgsl(p);
  } catch (err) {
    if (err instanceof ConstantRangeError) throw new TypedFunctionError(err.message, 0, source);
    throw new TypedFunctionError(`Cannot differentiate this function: ${err instanceof Error ? err.message : String(err)}`, 0, source);
  }
  const planar = checked.form === 'planar';
  return {
    id: 'typed',
    name: 'Typed function',
    formula: planar ? `f(x, y) = ${checked.normalised}` : `f(x) = ${checked.normalised}`,
    dims: planar ? { min: 2, max: 2, default: 2 } : { min: 2, max: MAX_DIM, default: 10 },
    wgsl,
    params: [],
    box: options.box ?? [-5, 5],
    bound: 1e6,
    minima: () => [],
    noKnownMinimum: 'a typed function',
    evaluate: planar ? planarTwin(p) : sumTwin(p),
  };
}

export type TypedCheck = { ok: true; normalised: string; form: 'planar' | 'sum' } | { ok: false; message: string; position: number; caret: string };

/** Live feedback while typing: the normalised text, or what is wrong and where. */
export function checkTypedFunction(source: string): TypedCheck {
  try {
    const l = typedLandscape(source);
    return { ok: true, normalised: l.formula.replace(/^f\([^)]*\) = /, ''), form: l.dims.max === 2 ? 'planar' : 'sum' };
  } catch (err) {
    if (err instanceof TypedFunctionError) {
      return { ok: false, message: err.detail, position: err.position, caret: err.message.slice(err.detail.length + 1) };
    }
    throw err;
  }
}

/**
 * Worst error of the symbolic gradient against central differences over the points, relative to
 * 1 + the largest gradient component at each point. Points where f is not finite are skipped.
 */
export function finiteDifferenceCheck(landscape: Landscape, dim: number, points: ArrayLike<number>[]): number {
  const grad = new Float64Array(dim);
  let worst = 0;
  for (const pt of points) {
    const x = Float64Array.from(pt);
    const f = landscape.evaluate(x, grad, [], dim);
    if (!Number.isFinite(f)) continue;
    let gmax = 0;
    for (let d = 0; d < dim; d++) gmax = Math.max(gmax, Math.abs(grad[d]));
    for (let d = 0; d < dim; d++) {
      const x0 = x[d];
      const h = 6e-6 * Math.max(1, Math.abs(x0));
      x[d] = x0 + h;
      const fp = landscape.evaluate(x, null, [], dim);
      x[d] = x0 - h;
      const fm = landscape.evaluate(x, null, [], dim);
      x[d] = x0;
      const fd = (fp - fm) / (2 * h);
      if (!Number.isFinite(fd)) continue;
      const err = Math.abs(grad[d] - fd) / (1 + gmax);
      worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
    }
  }
  return worst;
}

export { f32Literal };
