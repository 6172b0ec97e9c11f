/**
 * The kinds of row the settings table is made of. A row knows its type, default, range or
 * choices, label, panel folder, URL name and what a change triggers; it checks a value and
 * reads and writes it in a URL. Everything else (validation, the URL codec, the panel,
 * explorer.set(), the README's table) reads rows and never repeats what they say.
 */

/** What a change of the setting sets off in the explorer, cheapest last. */
export type Trigger =
  /** new GPU buffers and pipelines (landscape, dimension, count, grid, trails) */
  | 'rebuild'
  /** the landscape's parameters: re-evaluated in place */
  | 'params'
  /** particles placed afresh, step count back to 0 */
  | 'reset'
  /** the optimizer's settings, live between steps */
  | 'run'
  /** the drawn plane moves */
  | 'slice'
  /** the path records (sharpness, trajectories) start over */
  | 'paths'
  /** drawing only: the engine is not touched */
  | 'view'
  /** read when next used (a click, an analysis, the frame loop) */
  | 'none';

export type Folder =
  | 'Landscape'
  | 'Slice'
  | 'Curvature and saddles'
  | 'Trajectories'
  | 'Particles'
  | 'Optimizer'
  | 'Noise'
  | 'View'
  | 'Experiments'
  | 'Scenes'
  | 'Run';

/** The panel's order of folders. */
export const FOLDERS: readonly Folder[] = ['Landscape', 'Slice', 'Curvature and saddles', 'Trajectories', 'Particles', 'Optimizer', 'Noise', 'View', 'Experiments', 'Scenes', 'Run'];

interface RowBase<T> {
  default: T;
  /** Short label, as the panel shows it. */
  label: string;
  /** One sentence for the README's table and the panel's tooltip. */
  help: string;
  /** Panel folder; null: scripts and URLs only. */
  folder: Folder | null;
  trigger: Trigger;
  /** The name in a shared link (the key unless given). */
  url?: string;
  unit?: string;
  /** The panel shows the control only while this holds (settings as they are). */
  shownWhen?: (s: Record<string, unknown>) => boolean;
  /** The panel's reason when it shows the control disabled. */
  disabledWhen?: (s: Record<string, unknown>) => string | null;
}

export interface NumberRow extends RowBase<number> {
  type: 'number';
  min: number;
  max: number;
  /** An open end: a value must be strictly inside (e.g. momentum < 1). */
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
  /** The panel slides in log10 but its box shows and takes the value itself. */
  log?: boolean;
  /** Panel step for linear sliders. */
  step?: number;
  /** The panel offers these values (a list), the API takes any in range. */
  presets?: readonly number[];
}

export interface ChoiceRow<C extends string = string> extends RowBase<C> {
  type: 'choice';
  /** Value → label, in the panel's order. */
  choices: Readonly<Record<C, string>>;
}

export interface BooleanRow extends RowBase<boolean> {
  type: 'boolean';
}

/** A number or null (null: the landscape's own, shown as "auto"). */
export interface OptionalNumberRow extends RowBase<number | null> {
  type: 'optional-number';
  min: number;
  minOpen?: boolean;
}

/** [lo, hi] with lo < hi, or null (the landscape's own). */
export interface IntervalRow extends RowBase<[number, number] | null> {
  type: 'interval';
}

/** Named numbers whose names and ranges another setting decides (a landscape's parameters). */
export interface RecordRow extends RowBase<Record<string, number>> {
  type: 'record';
}

/** Text a checker reads (a typed function): at most maxLength characters, and whatever `check` says. */
export interface TextRow extends RowBase<string> {
  type: 'text';
  maxLength: number;
  /** What the text must be, in words (for messages and the README). */
  rule: string;
  /** Null when the text is good, else why not (with where). */
  check: (text: string) => string | null;
}

export type Row = NumberRow | ChoiceRow | BooleanRow | OptionalNumberRow | IntervalRow | RecordRow | TextRow;

/** The value type a row holds. */
export type RowValue<R> = R extends RowBase<infer T> ? T : never;

type Options<R> = Omit<R, 'type'>;

export const number = (o: Options<NumberRow>): NumberRow => ({ type: 'number', ...o });
export const boolean = (o: Options<BooleanRow>): BooleanRow => ({ type: 'boolean', ...o });
export const choice = <const R extends Record<string, string>>(
  o: Omit<Options<ChoiceRow<keyof R & string>>, 'choices' | 'default'> & { choices: R; default: NoInfer<keyof R & string> },
): ChoiceRow<keyof R & string> => ({ type: 'choice', ...o });
export const optionalNumber = (o: Options<OptionalNumberRow>): OptionalNumberRow => ({ type: 'optional-number', ...o });
export const interval = (o: Options<IntervalRow>): IntervalRow => ({ type: 'interval', ...o });
export const record = (o: Options<RecordRow>): RecordRow => ({ type: 'record', ...o });
export const text = (o: Options<TextRow>): TextRow => ({ type: 'text', ...o });

const fmt = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString('en-US') : (Math.abs(v) < 1e-3 ? v.toExponential() : String(v)).replace('e+', 'e');
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'function' ? 'a function' : String(v));

/** The range a number row takes, in words ("a whole number from 1 to 4096"). */
export function rangeText(row: NumberRow): string {
  const what = row.integer ? 'a whole number' : 'a number';
  if (row.minOpen) return `${what} above ${fmt(row.min)}, up to ${fmt(row.max)}${row.maxOpen ? ' (excluded)' : ''}`;
  if (row.maxOpen) return `${what} from ${fmt(row.min)}, below ${fmt(row.max)}`;
  return `${what} from ${fmt(row.min)} to ${fmt(row.max)}`;
}

/** What a row's value must be, in words, for messages and the README. */
export function describe(row: Row): string {
  switch (row.type) {
    case 'number':
      return rangeText(row);
    case 'choice':
      return `one of ${Object.keys(row.choices).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'optional-number':
      return `null (auto) or a number ${row.minOpen ? 'above' : 'from'} ${fmt(row.min)}`;
    case 'interval':
      return 'null (auto) or [lo, hi] with lo < hi';
    case 'record':
      return 'an object of named numbers';
    case 'text':
      return `${row.rule}, at most ${row.maxLength} characters`;
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Null when the value fits the row (alone: cross-setting rules come later), else why not. */
export function checkValue(key: string, row: Row, v: unknown): string | null {
  const bad = `${key} = ${show(v)} was refused: it must be ${describe(row)}.`;
  switch (row.type) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad;
      if (row.integer && !Number.isInteger(v)) return bad;
      if (row.minOpen ? !(v > row.min) : !(v >= row.min)) return bad;
      if (row.maxOpen ? !(v < row.max) : !(v <= row.max)) return bad;
      return null;
    }
    case 'choice':
      return typeof v === 'string' && Object.hasOwn(row.choices, v) ? null : bad;
    case 'boolean':
      return typeof v === 'boolean' ? null : bad;
    case 'optional-number':
      if (v === null) return null;
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad;
      return (row.minOpen ? v > row.min : v >= row.min) ? null : bad;
    case 'interval':
      if (v === null) return null;
      if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return bad;
      return v[0] < v[1] ? null : bad;
    case 'record':
      if (!isPlainObject(v)) return bad;
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== 'number' || !Number.isFinite(x)) return `${key}.${k} = ${show(x)} was refused: it must be a finite number.`;
      }
      return null;
    case 'text': {
      if (typeof v !== 'string' || v.length > row.maxLength) return bad;
      const problem = row.check(v);
      return problem ? `${key} = ${show(v.length > 60 ? `${v.slice(0, 60)}…` : v)} was refused: ${problem}` : null;
    }
  }
}

/** A number as written in a URL: a plain decimal or exponent literal, nothing else ("", "0x1", " 1" are not). */
const NUMBER_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Reads a URL value into the row's type; throws a message naming the setting when it cannot. */
export function parseUrlValue(key: string, row: Row, raw: string): unknown {
  const fail = (): never => {
    throw new RangeError(`${key} = ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)} was refused: it must be ${describe(row)}.`);
  };
  const num = (s: string) => (NUMBER_LITERAL.test(s) ? Number(s) : fail());
  switch (row.type) {
    case 'number':
      return num(raw);
    case 'choice':
    case 'text':
      return raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : fail();
    case 'optional-number':
      return raw === 'null' || raw === 'auto' ? null : num(raw);
    case 'interval': {
      if (raw === 'null' || raw === 'auto') return null;
      const parts = raw.replace(/^\[|\]$/g, '').split(',');
      return parts.length === 2 ? parts.map((p) => num(p.trim())) : fail();
    }
    case 'record': {
      const out: Record<string, number> = {};
      // name:value pairs separated by commas (JSON objects from older links are read too).
      const text = raw.startsWith('{') ? raw.slice(1, -1).replace(/"/g, '') : raw;
      for (const pair of text.split(',').filter(Boolean)) {
        const [k, v, ...more] = pair.split(':');
        if (more.length || !/^[A-Za-z_]\w{0,31}$/.test(k?.trim() ?? '') || v === undefined) fail();
        out[k.trim()] = num(v.trim());
      }
      return out;
    }
  }
}

/** Writes a value in a URL, as parseUrlValue reads it. */
export function formatUrlValue(row: Row, v: unknown): string {
  switch (row.type) {
    case 'interval':
      return v === null ? 'auto' : (v as number[]).join(',');
    case 'optional-number':
      return v === null ? 'auto' : String(v);
    case 'record':
      return Object.entries(v as Record<string, number>).map(([k, x]) => `${k}:${x}`).join(',');
    default:
      return String(v);
  }
}
