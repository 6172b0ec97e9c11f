/**
 * The grammar of typed functions, checked on the text and on mathjs's syntax tree before any
 * code is generated. Everything not listed here is refused, so nothing the user types can reach
 * mathjs's evaluator, the generated WGSL or the TypeScript twin except numbers, the variables
 * below, + - * / ^ and the functions of FUNCTIONS.
 */
import { create, parseDependencies, derivativeDependencies, SymbolNodeDependencies } from 'mathjs';
import type { MathNode, ConstantNode, SymbolNode, OperatorNode, FunctionNode, ParenthesisNode } from 'mathjs';

/** Parser and differentiator only: no evaluation functions are created. */
export const math = create({ parseDependencies, derivativeDependencies, SymbolNodeDependencies });

export const MAX_LENGTH = 500;
export const MAX_NODES = 400;
/** Largest finite f32. */
export const F32_MAX = 3.4028234663852886e38;

/** One-argument functions a user may call; each has a symbolic derivative and an exact WGSL form. */
export const FUNCTIONS = [
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs',
] as const;
const FUNCTION_SET = new Set<string>(FUNCTIONS);
const CONSTANTS = new Set(['pi', 'e', 'D']);

/** The 2-D form f(x, y), or the D form with sum(...) over coordinates. */
export type TypedForm = 'planar' | 'sum';

const PLANAR_NAMES = new Set(['x', 'y', ...CONSTANTS]);
/** Inside sum(...): x = x_i, xn = x_{i+1}, i = 1-based index. */
const SUM_INNER = new Set(['x', 'xn', 'i', ...CONSTANTS]);
/** Outside sums in the D form: the first two coordinates. */
const SUM_OUTER = new Set(['x1', 'x2', ...CONSTANTS]);

const PLANAR_HINT = 'f(x, y) may use x, y, pi, e, D';
const SUM_HINT = 'sum(...) may use x, xn, i, pi, e, D; outside sums use x1, x2, pi, e, D';

/** A refused typed function: `detail` names the problem, `position` is a 0-based character index. */
export class TypedFunctionError extends RangeError {
  readonly detail: string;
  readonly position: number;
  readonly source: string;
  constructor(detail: string, position: number, source: string) {
    const shown = source.length > 120 ? source.slice(0, 120) + '…' : source;
    const caret = position <= 120 ? `\n${shown}\n${' '.repeat(position)}^` : '';
    super(`${detail}${caret}`);
    this.name = 'TypedFunctionError';
    this.detail = detail;
    this.position = position;
    this.source = source;
  }
}

interface Token {
  kind: 'num' | 'name' | 'op' | 'lp' | 'rp';
  text: string;
  pos: number;
}

const REFUSED_CHARS: Record<string, string> = {
  '=': 'Assignments and comparisons are not allowed',
  '[': 'Matrices are not allowed',
  ']': 'Matrices are not allowed',
  '{': 'Objects are not allowed',
  '}': 'Objects are not allowed',
  '"': 'Strings are not allowed',
  "'": 'Strings are not allowed',
  '`': 'Strings are not allowed',
  '.': 'Property access is not allowed (a "." belongs only in a number)',
  ';': 'Only one expression is allowed',
  '\n': 'Only one expression (one line) is allowed',
  '\r': 'Only one expression (one line) is allowed',
  ',': 'Functions take one argument here: a comma is not allowed',
  ':': 'Ranges are not allowed',
};

/** Splits the text into tokens, refusing any character or name outside the grammar. */
function lex(source: string): { tokens: Token[]; form: TypedForm } {
  const tokens: Token[] = [];
  const usesSum = /(^|[^A-Za-z0-9_])sum\s*\(/.test(source) || /(^|[^A-Za-z0-9_])sum($|[^A-Za-z0-9_])/.test(source);
  const form: TypedForm = usesSum ? 'sum' : 'planar';
  const names = form === 'sum' ? new Set([...SUM_INNER, ...SUM_OUTER, 'sum']) : PLANAR_NAMES;
  const fail = (detail: string, pos: number): never => {
    throw new TypedFunctionError(detail, pos, source);
  };
  const opens: number[] = [];
  let p = 0;
  while (p < source.length) {
    const c = source[p];
    if (c === ' ' || c === '\t') {
      p++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(p));
    if (num) {
      const after = source.slice(p + num[0].length);
      if (num[0] === '0' && /^[xXbBoO][0-9a-fA-F]/.test(after)) fail('Hexadecimal, binary and octal numbers are not allowed', p);
      if (after[0] === '.') fail('A number has at most one "."', p + num[0].length);
      if (Number(num[0]) > F32_MAX) fail(`The number ${num[0]} at ${p} is too large for 32-bit floats (at most 3.4e38)`, p);
      tokens.push({ kind: 'num', text: num[0], pos: p });
      p += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(p));
    if (name) {
      const n = name[0];
      const next = /^\s*\(/.test(source.slice(p + n.length));
      if (FUNCTION_SET.has(n) || n === 'sum') {
        if (!next) fail(`The function ${n} at ${p} needs parentheses: ${n}(...)`, p);
      } else if (names.has(n)) {
        if (next) fail(`"${n}" at ${p} is a variable, not a function: write ${n}*(...)`, p);
      } else {
        const known = FUNCTION_SET.has(n.toLowerCase()) ? ` (functions are lower case: ${n.toLowerCase()})` : '';
        const hint = form === 'sum' ? SUM_HINT : PLANAR_HINT;
        const other = form === 'planar' && SUM_INNER.has(n) || form === 'planar' && SUM_OUTER.has(n) ? '; xn, i, x1, x2 belong to the form with sum(...)' : '';
        if (next) fail(`Unknown function "${n}" at ${p}${known}: allowed are ${FUNCTIONS.join(', ')}${form === 'sum' ? ', sum' : ''}`, p);
        fail(`Unknown name "${n}" at ${p}${known}: ${hint}${other}`, p);
      }
      tokens.push({ kind: 'name', text: n, pos: p });
      p += n.length;
      continue;
    }
    if ('+-*/^'.includes(c)) {
      tokens.push({ kind: 'op', text: c, pos: p });
      p++;
      continue;
    }
    if (c === '(') {
      opens.push(p);
      tokens.push({ kind: 'lp', text: c, pos: p });
      p++;
      continue;
    }
    if (c === ')') {
      if (!opens.length) fail(`Unbalanced parentheses: ")" at ${p} has no matching "("`, p);
      opens.pop();
      tokens.push({ kind: 'rp', text: c, pos: p });
      p++;
      continue;
    }
    const why = REFUSED_CHARS[c] ?? `The character "${c}" is not allowed`;
    fail(`${why} (at ${p})`, p);
  }
  if (opens.length) fail(`Unbalanced parentheses: "(" at ${opens[opens.length - 1]} is never closed`, opens[opens.length - 1]);
  return { tokens, form };
}

/** A checked expression: mathjs's tree, which form it is, and its normalised text. */
export interface CheckedFunction {
  source: string;
  form: TypedForm;
  node: MathNode;
  normalised: string;
}

/** Checks the text and its syntax tree against the grammar; throws TypedFunctionError. */
export function checkGrammar(source: string): CheckedFunction {
  if (source.length > MAX_LENGTH) {
    throw new TypedFunctionError(`Too long: ${source.length} characters, at most ${MAX_LENGTH}`, MAX_LENGTH, source);
  }
  if (!source.trim()) throw new TypedFunctionError('Type a function, e.g. (x^2 + y - 11)^2 + (x + y^2 - 7)^2', 0, source);
  const { tokens, form } = lex(source);
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (err) {
    // mathjs reports a 1-based character.
    const ch = (err as { char?: number }).char;
    const pos = typeof ch === 'number' ? Math.max(0, Math.min(source.length, ch - 1)) : 0;
    const text = err instanceof Error ? err.message.replace(/\s*\(char \d+\)\s*$/, '') : String(err);
    throw new TypedFunctionError(`${text} (at ${pos})`, pos, source);
  }
  // Names appear in the tree in the order they appear in the text, so the k-th name node is the
  // k-th name token: that gives positions to errors found on the tree.
  const nameTokens = tokens.filter((t) => t.kind === 'name');
  let nameIndex = 0;
  const nextNamePos = (name: string) => {
    const t = nameTokens[nameIndex++];
    return t && t.text === name ? t.pos : Math.max(0, source.indexOf(name));
  };
  let count = 0;
  const fail = (detail: string, pos: number): never => {
    throw new TypedFunctionError(detail, pos, source);
  };
  const walk = (n: MathNode, inSum: boolean): void => {
    if (++count > MAX_NODES) fail(`Too many terms: more than ${MAX_NODES} nodes in the expression`, 0);
    switch (n.type) {
      case 'ConstantNode': {
        const v = (n as ConstantNode).value;
        if (typeof v !== 'number' || !Number.isFinite(v)) fail('Only plain numbers are allowed', 0);
        return;
      }
      case 'SymbolNode': {
        const name = (n as SymbolNode).name;
        const pos = nextNamePos(name);
        const allowed = form === 'planar' ? PLANAR_NAMES : inSum ? SUM_INNER : SUM_OUTER;
        if (!allowed.has(name)) {
          if (form === 'sum' && !inSum && SUM_INNER.has(name)) fail(`"${name}" at ${pos} may appear only inside sum(...): outside, use x1, x2`, pos);
          if (form === 'sum' && inSum && SUM_OUTER.has(name)) fail(`"${name}" at ${pos} may not appear inside sum(...): use x (x_i) and xn (x_{i+1})`, pos);
          fail(`Unknown name "${name}" at ${pos}: ${form === 'sum' ? SUM_HINT : PLANAR_HINT}`, pos);
        }
        return;
      }
      case 'ParenthesisNode':
        walk((n as ParenthesisNode).content, inSum);
        return;
      case 'OperatorNode': {
        const op = n as OperatorNode;
        const ok = ['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus'].includes(op.fn);
        if (!ok) fail(`The operator "${op.op}" is not allowed: use + - * / ^`, 0);
        for (const a of op.args) walk(a, inSum);
        return;
      }
      case 'FunctionNode': {
        const f = n as FunctionNode;
        const name = f.fn.type === 'SymbolNode' ? (f.fn as unknown as SymbolNode).name : '';
        const pos = name ? nextNamePos(name) : 0;
        if (name === 'sum' && form === 'sum') {
          if (inSum) fail(`sum(...) at ${pos} may not be nested in another sum`, pos);
        } else if (!FUNCTION_SET.has(name)) {
          fail(`Unknown function "${name || '?'}" at ${pos}: allowed are ${FUNCTIONS.join(', ')}${form === 'sum' ? ', sum' : ''}`, pos);
        }
        if (f.args.length !== 1) fail(`${name} at ${pos} takes exactly one argument`, pos);
        walk(f.args[0], inSum || name === 'sum');
        return;
      }
      default:
        fail(`${n.type.replace(/Node$/, '')} expressions are not allowed`, 0);
    }
  };
  walk(node, false);
  return { source, form, node, normalised: node.toString() };
}
