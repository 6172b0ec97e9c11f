/**
 * The README's settings table is the schema's own: this test fails when they differ, and
 * `npm run settings-table` rewrites the table from the schema.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { settingsTable } from '../../src/settings/table';
import { SCHEMA } from '../../src/settings';

const START = '<!-- settings table: written by `npm run settings-table` -->';
const END = '<!-- end of settings table -->';

it("the README's settings table is the schema's", () => {
  const readme = readFileSync('README.md', 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  expect(from, 'README.md has no settings table markers').toBeGreaterThan(0);
  const current = readme.slice(from + START.length, to).trim();
  const wanted = settingsTable();
  if (process.env.UPDATE_README === '1' && current !== wanted) {
    writeFileSync('README.md', `${readme.slice(0, from + START.length)}\n${wanted}\n${readme.slice(to)}`);
    return;
  }
  expect(current).toBe(wanted);
  for (const key of Object.keys(SCHEMA)) expect(current).toContain(`\`${key}\``);
});
