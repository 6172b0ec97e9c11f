/**
 * A lab's settings in the page's link (?lab=gan&gans=64&split=true): what differs from the lab's
 * defaults goes in, written as text; reading a link back turns each value into its default's type
 * (number, true/false, a comma list, text) and checks it by the lab's own rules. A refused value is
 * named and left at its default; the others still apply.
 */

type Settings = object;
type Merge<T> = (current: T, patch: Partial<T>) => T;

const text = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));

/** The settings that differ from `defaults`, as link parameters. */
export function settingsQuery<T extends Settings>(settings: T, defaults: T): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    if (text(settings[key]) !== text(defaults[key])) out[key] = text(settings[key]);
  }
  return out;
}

/** One link value as its default's type, or a RangeError naming it. */
function parseValue(key: string, raw: string, like: unknown): unknown {
  if (typeof like === 'number') {
    const v = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(v)) throw new RangeError(`${key}=${raw} was refused: '${raw}' is not a number.`);
    return v;
  }
  if (typeof like === 'boolean') {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new RangeError(`${key}=${raw} was refused: it must be true or false.`);
  }
  if (Array.isArray(like)) return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}

/**
 * `defaults` with the link's values applied and checked by `merge` (which throws a RangeError for a
 * bad one). All at once when they pass together; otherwise one by one, again while any more pass (one
 * may need another first, as split needs unroll), so each refused value is named and the rest kept.
 */
export function settingsFromQuery<T extends Settings>(query: URLSearchParams, defaults: T, merge: Merge<T>): { settings: T; refused: string[] } {
  const refused: string[] = [];
  const patch: Record<string, unknown> = {};
  for (const [key, raw] of query) {
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      refused.push(`${key}=${raw} was refused: this lab has no setting ${key}. Its settings are: ${Object.keys(defaults).join(', ')}.`);
      continue;
    }
    try {
      patch[key] = parseValue(key, raw, (defaults as Record<string, unknown>)[key]);
    } catch (e) {
      refused.push((e as Error).message);
    }
  }
  try {
    return { settings: merge(defaults, patch as Partial<T>), refused };
  } catch {
    // Some value is refused: find which, keeping every one that passes.
  }
  // Values are tried together with those accepted so far, so pairs keep their meaning (a new
  // mixture brings its own σ unless σ comes with it).
  const accepted: Record<string, unknown> = {};
  const tryWith = (key: string) => merge(defaults, { ...accepted, [key]: patch[key] } as Partial<T>);
  let left = Object.keys(patch);
  for (let progress = true; progress && left.length; ) {
    progress = false;
    left = left.filter((key) => {
      try {
        tryWith(key);
      } catch {
        return true;
      }
      accepted[key] = patch[key];
      progress = true;
      return false;
    });
  }
  for (const key of left) {
    try {
      tryWith(key);
    } catch (e) {
      refused.push((e as Error).message);
    }
  }
  const settings = merge(defaults, accepted as Partial<T>);
  return { settings, refused };
}
