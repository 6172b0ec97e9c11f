/**
 * Settings in a link: only what differs from the defaults, each under its row's URL name.
 * Reading a link keeps every good value and drops each bad one with a message naming it.
 */
import { landscapeById } from '../landscapes';
import { applyPatch, settingsFrom } from './apply';
import { formatUrlValue, parseUrlValue } from './rows';
import { DEFAULT_SETTINGS, SCHEMA, type ExplorerSettings } from './schema';

const urlName = (key: string) => SCHEMA[key].url ?? key;
const keyByUrlName = new Map(Object.keys(SCHEMA).map((k) => [urlName(k), k]));

/** Read first: later settings are checked against the landscape, dimension and parameters. */
const FIRST = ['landscape', 'dim', 'params'];

/** Settings that differ from the defaults, as URL search parameters. */
export function toQuery(s: Readonly<ExplorerSettings>): string {
  const q = new URLSearchParams();
  // What the link's landscape starts with (networks start with their own view): only the rest is written.
  const base = s.landscape === DEFAULT_SETTINGS.landscape ? DEFAULT_SETTINGS : settingsFrom({ landscape: s.landscape });
  for (const [key, row] of Object.entries(SCHEMA)) {
    const value = s[key as keyof ExplorerSettings];
    if (key !== 'landscape' && JSON.stringify(value) === JSON.stringify(base[key as keyof ExplorerSettings])) continue;
    if (key === 'landscape' && value === DEFAULT_SETTINGS.landscape) continue;
    // A network's dimension follows from its parameters, which the link carries.
    if (key === 'dim' && landscapeById(s.landscape).dimensionOf) continue;
    q.set(urlName(key), formatUrlValue(row, value));
  }
  return q.toString();
}

/** Parses a URL query: every good value is kept, each bad one dropped with a message naming it. */
export function fromQuery(query: string, base: ExplorerSettings = settingsFrom()): { settings: ExplorerSettings; errors: string[] } {
  const errors: string[] = [];
  const values = new Map<string, string>();
  const shorten = (t: string) => (t.length > 40 ? `${t.slice(0, 40)}…` : t);
  for (const [name, raw] of new URLSearchParams(query)) {
    const key = keyByUrlName.get(name);
    if (!key) {
      errors.push(`In the link, "${shorten(name)}" is not a setting and was ignored.`);
      continue;
    }
    if (values.has(key)) errors.push(`In the link, ${name} is set more than once; the last value was used.`);
    values.set(key, raw);
  }
  let settings = base;
  const order = [...values.keys()].sort((a, b) => rank(a) - rank(b));
  for (const key of order) {
    const raw = values.get(key)!;
    try {
      settings = applyPatch(settings, { [key]: parseUrlValue(key, SCHEMA[key], raw) });
    } catch (e) {
      errors.push(`In the link, ${(e as Error).message.replace(key, urlName(key))}`);
    }
  }
  return { settings, errors };
}

function rank(key: string): number {
  const i = FIRST.indexOf(key);
  return i < 0 ? FIRST.length : i;
}
