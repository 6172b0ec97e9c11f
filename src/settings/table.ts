/** The README's settings table, written from the schema so the two cannot disagree. */
import { describe, type Row, type Trigger } from './rows';
import { SCHEMA } from './schema';

const EFFECT: Record<Trigger, string> = {
  rebuild: 'rebuilds the GPU resources',
  params: 're-evaluates in place',
  reset: 're-places the particles',
  run: 'live, between steps',
  slice: 'moves the drawn plane',
  paths: 'starts the path records over',
  view: 'redraws only',
  none: 'used when next needed',
};

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultText(row: Row): string {
  if (row.default === null) return 'auto';
  if (typeof row.default === 'object') return Object.keys(row.default).length ? JSON.stringify(row.default) : '{}';
  if (typeof row.default === 'string') return `'${row.default}'`;
  return String(row.default);
}

export function settingsTable(): string {
  const lines = ['| setting | what it is | values | default | panel | a change |', '| --- | --- | --- | --- | --- | --- |'];
  for (const [key, row] of Object.entries(SCHEMA)) {
    const name = row.url && row.url !== key ? `\`${key}\` (link: \`${row.url}\`)` : `\`${key}\``;
    const values = row.type === 'choice' ? Object.keys(row.choices).map((c) => `'${c}'`).join(', ') : describe(row);
    const extras = row.type === 'number' && row.log ? ' (log slider)' : '';
    const panel = row.folder ? `${row.folder} › ${row.label}` : '—';
    lines.push(`| ${[name, row.help, values + extras, defaultText(row), panel, EFFECT[row.trigger]].map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}
