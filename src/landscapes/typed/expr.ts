/**
 * A small expression tree built from checked mathjs trees (the function and its symbolic
 * derivatives), with constant folding, a TypeScript evaluator made of closures and a WGSL
 * emitter. Both back ends give the same meaning to every node, including powers.
 */
import type { MathNode, ConstantNode, SymbolNode, OperatorNode, FunctionNode, ParenthesisNode } from 'mathjs';
import { F32_MAX } from './grammar';

/** Variables an expression reads; S<k> is the value of the k-th sum. */
export type Var = 'x' | 'y' | 'xn' | 'i' | 'D' | 'x1' | 'x2' | `S${number}`;

/** Functions of one argument; sign and sec/sech come from derivatives. */
export type Fn =
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh'
  | 'exp' | 'log' | 'sqrt' | 'abs' | 'sign' | 'sec' | 'sech';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'var'; name: Var }
  | { k: 'neg'; a: Expr }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: Expr; b: Expr }
  | { k: 'pow'; a: Expr; b: Expr }
  | { k: 'fn'; f: Fn; a: Expr };

const FNS = new Set<string>(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs', 'sign', 'sec', 'sech']);

/** Integer exponents up to this size are done by multiplication (exact for negative bases). */
const MAX_INT_EXPONENT = 1024;

const num = (v: number): Expr => ({ k: 'num', v });

/** Converts a checked mathjs tree; `constants` gives values to symbols known here (pi, e, D in 2-D). */
export function fromMath(node: MathNode, constants: Record<string, number>): Expr {
  switch (node.type) {
    case 'ConstantNode':
      return num(Number((node as ConstantNode).value));
    case 'SymbolNode': {
      const name = (node as SymbolNode).name;
      if (name in constants) return num(constants[name]);
      return { k: 'var', name: name as Var };
    }
    case 'ParenthesisNode':
      return fromMath((node as ParenthesisNode).content, constants);
    case 'OperatorNode': {
      const op = node as OperatorNode;
      const args = op.args.map((a) => fromMath(a, constants));
      switch (op.fn) {
        case 'unaryMinus':
          return { k: 'neg', a: args[0] };
        case 'unaryPlus':
          return args[0];
        case 'pow':
          return { k: 'pow', a: args[0], b: args[1] };
        case 'add':
        case 'subtract':
        case 'multiply':
        case 'divide': {
          const o = ({ add: '+', subtract: '-', multiply: '*', divide: '/' } as const)[op.fn];
          return args.slice(1).reduce((a, b) => ({ k: 'bin', op: o, a, b }), args[0]);
        }
      }
      throw new Error(`unsupported operator ${op.fn}`);
    }
    case 'FunctionNode': {
      const f = node as FunctionNode;
      const name = (f.fn as unknown as SymbolNode).name;
      // d|u|/du arrives from mathjs as abs(u)/u, undefined at 0: the derivative is sign(u).
      if (!FNS.has(name) || f.args.length !== 1) throw new Error(`unsupported function ${name}`);
      return { k: 'fn', f: name as Fn, a: fromMath(f.args[0], constants) };
    }
  }
  throw new Error(`unsupported node ${node.type}`);
}

/** mathjs differentiates |u| as abs(u)/u; rewrites that to sign(u), defined at 0 too. */
export function fixAbsDerivative(node: MathNode, m: { FunctionNode: new (fn: string, args: MathNode[]) => MathNode }): MathNode {
  return node.transform((n) => {
    if (n.type === 'OperatorNode' && (n as OperatorNode).fn === 'divide') {
      const [a, b] = (n as OperatorNode).args;
      if (a.type === 'FunctionNode' && (a as FunctionNode).fn.name === 'abs' && (a as FunctionNode).args[0].toString() === b.toString()) {
        return new m.FunctionNode('sign', [b]);
      }
    }
    return n;
  });
}

export function applyFn(f: Fn, a: number): number {
  switch (f) {
    case 'sec':
      return 1 / Math.cos(a);
    case 'sech':
      return 1 / Math.cosh(a);
    default:
      return Math[f](a);
  }
}

const isInt = (v: number) => Number.isInteger(v) && Math.abs(v) <= MAX_INT_EXPONENT;

/** a^n by squaring, for an integer n: exact sign for negative bases. */
export function powInt(a: number, n: number): number {
  let m = Math.abs(n);
  let r = 1;
  let s = a;
  while (m > 0) {
    if (m & 1) r *= s;
    m >>= 1;
    if (m) s *= s;
  }
  return n < 0 ? 1 / r : r;
}

/**
 * a^b for a non-constant or non-integer b: a > 0 through pow; a = 0 gives 0, 1 or +inf; a < 0
 * only for whole b (sign from its parity), else NaN. The WGSL helper typed_pow does the same.
 */
export function powGeneral(a: number, b: number): number {
  if (a > 0) return Math.pow(a, b);
  if (a === 0) return b > 0 ? 0 : b === 0 ? 1 : Infinity;
  if (b !== Math.floor(b)) return NaN;
  const r = Math.pow(-a, b);
  return b / 2 !== Math.floor(b / 2) ? -r : r;
}

function evalConst(e: Expr): number {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'var':
      return NaN;
    case 'neg':
      return -evalConst(e.a);
    case 'bin': {
      const a = evalConst(e.a);
      const b = evalConst(e.b);
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : a / b;
    }
    case 'pow': {
      const a = evalConst(e.a);
      const b = evalConst(e.b);
      return isInt(b) ? powInt(a, b) : powGeneral(a, b);
    }
    case 'fn':
      return applyFn(e.f, evalConst(e.a));
  }
}

const hasVar = (e: Expr): boolean =>
  e.k === 'var' ? true : e.k === 'num' ? false : e.k === 'bin' || e.k === 'pow' ? hasVar(e.a) || hasVar(e.b) : hasVar(e.a);

/** Thrown when a constant part folds to a value 32-bit floats cannot hold. */
export class ConstantRangeError extends Error {}

/**
 * Folds constant subtrees (in f64, so literals carry one rounding) and drops the 0 and 1 terms
 * derivatives are full of. Constant parts must fit an f32: WGSL refuses overflowing constants.
 */
export function fold(e: Expr): Expr {
  if (e.k === 'num' || e.k === 'var') return e;
  if (!hasVar(e)) {
    const v = evalConst(e);
    if (!Number.isFinite(v) || Math.abs(v) > F32_MAX) throw new ConstantRangeError('A constant part of the function is undefined or too large for 32-bit floats');
    return num(v);
  }
  if (e.k === 'neg') {
    const a = fold(e.a);
    if (a.k === 'neg') return a.a;
    return { k: 'neg', a };
  }
  if (e.k === 'fn') return { k: 'fn', f: e.f, a: fold(e.a) };
  const a = fold(e.a);
  const b = fold(e.b);
  const zero = (x: Expr) => x.k === 'num' && x.v === 0;
  const one = (x: Expr) => x.k === 'num' && x.v === 1;
  if (e.k === 'pow') {
    if (b.k === 'num' && b.v === 1) return a;
    if (b.k === 'num' && b.v === 0) return num(1);
    return { k: 'pow', a, b };
  }
  switch (e.op) {
    case '+':
      if (zero(a)) return b;
      if (zero(b)) return a;
      break;
    case '-':
      if (zero(b)) return a;
      if (zero(a)) return fold({ k: 'neg', a: b });
      break;
    case '*':
      // A derivative's 0 factor is an exact zero of the calculus, not 0 * inf.
      if (zero(a) || zero(b)) return num(0);
      if (one(a)) return b;
      if (one(b)) return a;
      break;
    case '/':
      if (zero(a)) return num(0);
      if (one(b)) return a;
      break;
  }
  return { k: 'bin', op: e.op, a, b };
}

/** Slots of the evaluation environment of the TypeScript twin. */
export const SLOT: Record<string, number> = { x: 0, y: 1, xn: 2, i: 3, D: 4, x1: 5, x2: 6 };
export const slotOf = (name: Var) => (name[0] === 'S' ? 7 + Number(name.slice(1)) : SLOT[name]);

export type Compiled = (env: Float64Array) => number;

/** A closure tree: the twin evaluates the same tree the WGSL is made from, in f64. */
export function compile(e: Expr): Compiled {
  switch (e.k) {
    case 'num': {
      const v = e.v;
      return () => v;
    }
    case 'var': {
      const s = slotOf(e.name);
      return (env) => env[s];
    }
    case 'neg': {
      const a = compile(e.a);
      return (env) => -a(env);
    }
    case 'bin': {
      const a = compile(e.a);
      const b = compile(e.b);
      switch (e.op) {
        case '+':
          return (env) => a(env) + b(env);
        case '-':
          return (env) => a(env) - b(env);
        case '*':
          return (env) => a(env) * b(env);
        case '/':
          return (env) => a(env) / b(env);
      }
      break;
    }
    case 'pow': {
      const a = compile(e.a);
      if (e.b.k === 'num' && isInt(e.b.v)) {
        const n = e.b.v;
        if (n === 2) return (env) => {
          const v = a(env);
          return v * v;
        };
        return (env) => powInt(a(env), n);
      }
      const b = compile(e.b);
      return (env) => powGeneral(a(env), b(env));
    }
    case 'fn': {
      const a = compile(e.a);
      const f = e.f;
      if (f === 'sec' || f === 'sech') return (env) => applyFn(f, a(env));
      const m = Math[f];
      return (env) => m(a(env));
    }
  }
  throw new Error('unreachable');
}

/** An f32 literal that rounds to the same f32 as v (shortest round-trip digits). */
export function f32Literal(v: number): string {
  const r = Math.fround(v);
  if (!Number.isFinite(r)) throw new ConstantRangeError('A constant is too large for 32-bit floats');
  let s = String(r).replace('e+', 'e');
  if (!/[.e]/.test(s)) s += '.0';
  return s.startsWith('-') ? `(${s}f)` : `${s}f`;
}

/** WGSL helpers the generated code may call (prefixed so no other code clashes). */
export const WGSL_HELPERS = /* wgsl */ `
// a^b for non-integer or varying b, with the meaning the TypeScript twin gives it: negative
// bases only for whole exponents (sign from parity), else NaN.
// inf and NaN come from run-time bit patterns: as constants WGSL refuses them.
fn typed_pow(a: f32, b: f32) -> f32 {
  if (a > 0.0) { return exp2(b * log2(a)); }
  let z = bitcast<u32>(a) & 0u;
  if (a == 0.0) { return select(select(bitcast<f32>(0x7f800000u | z), 1.0, b == 0.0), 0.0, b > 0.0); }
  if (b != floor(b)) { return bitcast<f32>(0x7fc00000u | z); }
  let r = exp2(b * log2(-a));
  return select(r, -r, b * 0.5 != floor(b * 0.5));
}
`;

/** Emits WGSL statements with value numbering: a repeated subexpression is computed once per scope. */
export class WgslEmitter {
  readonly lines: string[] = [];
  private memo = new Map<string, string>();
  constructor(
    private readonly vars: Record<string, string>,
    private readonly counter: { n: number },
    private readonly indent: string,
  ) {}

  /** Returns a WGSL expression (a literal, a variable or a temporary) for e. */
  emit(e: Expr): string {
    switch (e.k) {
      case 'num':
        return f32Literal(e.v);
      case 'var': {
        const v = this.vars[e.name];
        if (!v) throw new Error(`variable ${e.name} not available here`);
        return v;
      }
      case 'neg':
        return this.let(`-${this.emit(e.a)}`);
      case 'bin':
        return this.let(`${this.emit(e.a)} ${e.op} ${this.emit(e.b)}`);
      case 'fn': {
        if (e.f === 'sin' || e.f === 'cos' || e.f === 'tan' || e.f === 'sec') {
          // WGSL promises sin and cos only to 2^-11 near [-pi, pi]: go through cossin2pi
          // (common.wgsl), folding a constant factor c of c*u into u's turns (2 pi x -> x exactly).
          const turns =
            e.a.k === 'bin' && e.a.op === '*' && e.a.a.k === 'num'
              ? this.let(`${this.emit(e.a.b)} * ${f32Literal(e.a.a.v / (2 * Math.PI))}`)
              : this.let(`${this.emit(e.a)} * ${f32Literal(1 / (2 * Math.PI))}`);
          const cs = this.let(`cossin2pi(${turns})`);
          if (e.f === 'sin') return `${cs}.y`;
          if (e.f === 'cos') return `${cs}.x`;
          if (e.f === 'tan') return this.let(`${cs}.y / ${cs}.x`);
          return this.let(`1.0 / ${cs}.x`);
        }
        const a = this.emit(e.a);
        if (e.f === 'sech') return this.let(`1.0 / cosh(${a})`);
        return this.let(`${e.f}(${a})`);
      }
      case 'pow': {
        const a = this.emit(e.a);
        if (e.b.k === 'num' && isInt(e.b.v)) return this.powInt(a, e.b.v);
        return this.let(`typed_pow(${a}, ${this.emit(e.b)})`);
      }
    }
  }

  private powInt(a: string, n: number): string {
    let m = Math.abs(n);
    let r = '';
    let s = a;
    while (m > 0) {
      if (m & 1) r = r ? this.let(`${r} * ${s}`) : s;
      m >>= 1;
      if (m) s = this.let(`${s} * ${s}`);
    }
    if (!r) return '1.0';
    return n < 0 ? this.let(`1.0 / ${r}`) : r;
  }

  private let(expr: string): string {
    const hit = this.memo.get(expr);
    if (hit) return hit;
    const name = `t${this.counter.n++}`;
    this.lines.push(`${this.indent}let ${name} = ${expr};`);
    this.memo.set(expr, name);
    return name;
  }
}

/** Whether e reads the variable. */
export function uses(e: Expr, name: Var): boolean {
  switch (e.k) {
    case 'num':
      return false;
    case 'var':
      return e.name === name;
    case 'bin':
    case 'pow':
      return uses(e.a, name) || uses(e.b, name);
    default:
      return uses(e.a, name);
  }
}
