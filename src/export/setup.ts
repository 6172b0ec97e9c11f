/**
 * The whole setup as a file, and back: every setting (explorer.get()), the same setup as a URL
 * query, a format name and a version. Reading one checks every field through the settings'
 * own validation (settingsFrom, as explorer.set() does) and throws a RangeError naming the first
 * bad one before anything changes.
 */
import { changedKeys, fromQuery, landscapeFor, paramsArray, settingsFrom, toQuery, type ExplorerSettings } from '../settings';
import { fileStem, textFile } from './format';

export const SETUP_FORMAT = 'loss-landscape-explorer-setup';
export const SETUP_VERSION = 1;
const FIELDS = ['format', 'version', 'settings', 'query'];

export interface SetupFile {
  format: typeof SETUP_FORMAT;
  version: number;
  settings: ExplorerSettings;
  query: string;
}

export function setupOf(settings: Readonly<ExplorerSettings>): SetupFile {
  return { format: SETUP_FORMAT, version: SETUP_VERSION, settings: structuredClone(settings) as ExplorerSettings, query: toQuery(settings) };
}

export function setupFile(settings: Readonly<ExplorerSettings>): File {
  const name = `${fileStem('setup', settings.landscape, `D${settings.dim}`)}.json`;
  return textFile([`${JSON.stringify(setupOf(settings), null, 2)}\n`], name, 'application/json');
}

const refuse = (why: string) => new RangeError(`The setup was refused: ${why}`);

/**
 * The settings a setup file describes, checked whole: its JSON, its fields, every setting.
 * `format` and `version` may be left out of a hand-written setup; `settings`, `query` or both
 * must be there, and when both are they must describe the same setup.
 */
export function parseSetup(input: unknown): ExplorerSettings {
  let setup = input;
  if (typeof input === 'string') {
    try {
      setup = JSON.parse(input);
    } catch (e) {
      throw refuse(`it is not JSON (${(e as Error).message}).`);
    }
  }
  if (typeof setup !== 'object' || setup === null || Array.isArray(setup)) {
    throw refuse(`a setup is a JSON object with settings and query; got ${setup === null ? 'null' : Array.isArray(setup) ? 'an array' : typeof setup}.`);
  }
  const fields = setup as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!FIELDS.includes(key)) throw refuse(`unknown field "${key}" (a setup has ${FIELDS.join(', ')}).`);
  }
  if ('format' in fields && fields.format !== SETUP_FORMAT) {
    throw refuse(`format is ${JSON.stringify(fields.format)}, not "${SETUP_FORMAT}": this is not an explorer setup.`);
  }
  if ('version' in fields) {
    const v = fields.version;
    if (!Number.isInteger(v) || (v as number) < 1) throw refuse(`version must be a whole number from 1; got ${JSON.stringify(v)}.`);
    if ((v as number) > SETUP_VERSION) throw refuse(`version ${v} was written by a newer explorer; this one reads version ${SETUP_VERSION}.`);
  }
  if (!('settings' in fields) && !('query' in fields)) throw refuse('it has neither settings nor query.');
  if ('query' in fields && typeof fields.query !== 'string') throw refuse(`query must be a URL query string; got ${typeof fields.query}.`);
  const fromSettings = 'settings' in fields ? settingsOf(fields.settings) : null;
  const fromLink = typeof fields.query === 'string' ? settingsOfQuery(fields.query) : null;
  if (fromSettings && fromLink && toQuery(fromSettings) !== toQuery(fromLink)) {
    const keys = changedKeys(fromSettings, fromLink).join(', ');
    throw refuse(`its settings and query describe different setups (they differ in ${keys}); edit one and delete the other.`);
  }
  return (fromSettings ?? fromLink)!;
}

function settingsOf(settings: unknown): ExplorerSettings {
  try {
    return settingsFrom(settings);
  } catch (e) {
    throw refuse(`in settings, ${(e as Error).message}`);
  }
}

function settingsOfQuery(query: string): ExplorerSettings {
  const { settings, errors } = fromQuery(query.replace(/^\?/, ''));
  if (errors.length) throw refuse(`in query, ${errors.join(' ')}`);
  return settings;
}

/**
 * What to pass to explorer.set() to go from `current` to `target`: the target itself, with the
 * parameters `current` sets and `target` leaves at their defaults named at those defaults (a
 * patch merges parameters, so one left out would keep its current value).
 */
export function importPatch(current: Readonly<ExplorerSettings>, target: ExplorerSettings): ExplorerSettings {
  if (current.landscape !== target.landscape) return target;
  const landscape = landscapeFor(target);
  const params = { ...target.params };
  for (const key of Object.keys(current.params)) {
    const param = landscape.params.find((q) => q.key === key);
    if (param && !(key in params)) params[key] = param.default;
  }
  return { ...target, params };
}

/** `applied` with the target's own parameter record, when it means the same parameter values (it names no defaults it did not). */
export function withTargetParams(applied: ExplorerSettings, target: Readonly<ExplorerSettings>): ExplorerSettings {
  const tidy = { ...applied, params: { ...target.params } };
  const same = applied.landscape === target.landscape && paramsArray(tidy).join() === paramsArray(applied).join();
  return same ? tidy : applied;
}

/** The full URL that opens this setup: the page's origin and path, and the query. */
export function setupUrlOf(page: { origin: string; pathname: string }, query: string): string {
  return `${page.origin}${page.pathname}${query ? `?${query}` : ''}`;
}
