/**
 * The summary time series as a file: CSV (a header row, then one row per record) or JSON (the
 * records as objects, with what run they come from). Numbers in full precision; see format.ts
 * for NaN and Infinity.
 */
import { csvNumber, fileStem, jsonNumber, textFile } from './format';
import { RECORD_FIELDS, type SummaryRecord } from './SummaryHistory';

export type TableFormat = 'csv' | 'json';

/** Where the records come from, written into JSON files and file names. */
export interface RunDescription {
  landscape: string;
  dim: number;
  /** The setup's URL query (explorer.query()). */
  query: string;
}

export const SERIES_FORMAT = 'loss-landscape-explorer-summary-series';

export function checkTableFormat(method: string, format: unknown): asserts format is TableFormat {
  if (format !== 'csv' && format !== 'json') {
    throw new RangeError(`${method}(format): format must be 'csv' or 'json'; got ${JSON.stringify(format) ?? String(format)}.`);
  }
}

export function seriesCsv(records: readonly SummaryRecord[]): string {
  const lines = [RECORD_FIELDS.join(',')];
  for (const r of records) lines.push(RECORD_FIELDS.map((k) => csvNumber(r[k])).join(','));
  return `${lines.join('\n')}\n`;
}

export function seriesJson(records: readonly SummaryRecord[], run: RunDescription): string {
  const rows = records.map((r) => `    {${RECORD_FIELDS.map((k) => `"${k}": ${jsonNumber(r[k])}`).join(', ')}}`);
  return (
    `{\n  "format": "${SERIES_FORMAT}",\n  "version": 1,\n` +
    `  "landscape": ${JSON.stringify(run.landscape)},\n  "dim": ${run.dim},\n  "query": ${JSON.stringify(run.query)},\n` +
    `  "fields": ${JSON.stringify(RECORD_FIELDS)},\n  "records": [\n${rows.join(',\n')}\n  ]\n}\n`
  );
}

/** The series as a File named after the landscape and the last step. */
export function seriesFile(records: readonly SummaryRecord[], format: TableFormat, run: RunDescription): File {
  checkTableFormat('exportSeries', format);
  const step = records.length ? records[records.length - 1].step : 0;
  const name = `${fileStem('loss-series', run.landscape, `step${step}`)}.${format}`;
  return format === 'csv'
    ? textFile([seriesCsv(records)], name, 'text/csv')
    : textFile([seriesJson(records, run)], name, 'application/json');
}
