/**
 * Every particle's state as a file: CSV (index, x1..xD, loss, gradNorm, diverged, converged,
 * age, escapeAge; one row per particle) or JSON (one object per particle, coordinates as an
 * array). Values are float32 as the GPU holds them, each written with the fewest digits that read
 * back to the same float32. Built in chunks, so no single string grows with the cloud; past
 * MAX_EXPORTED_NUMBERS numbers an export is refused before anything is read back.
 */
import { FLAG_CONVERGED, FLAG_DIVERGED, NOT_ESCAPED, type ParticleSnapshot } from '../engine/types';
import { csvFloat32, fileStem, jsonFloat32, textFile } from './format';
import { checkTableFormat, type RunDescription, type TableFormat } from './seriesExport';

/** About 110 MB of CSV: a million particles in 4-D, or 1,600 networks of 6,000 parameters. */
export const MAX_EXPORTED_NUMBERS = 10_000_000;
/** Numbers per particle besides its coordinates (index, loss, gradNorm, diverged, converged, age, escapeAge). */
const EXTRA_COLUMNS = 7;
const ROWS_PER_CHUNK = 1024;

export const PARTICLES_FORMAT = 'loss-landscape-explorer-particles';

/** Throws a RangeError when count particles of dimension dim are more than an export holds. */
export function checkParticleExportSize(count: number, dim: number): void {
  const numbers = count * (dim + EXTRA_COLUMNS);
  if (numbers > MAX_EXPORTED_NUMBERS) {
    throw new RangeError(
      `exportParticles(): ${count} particles × (${dim} coordinates + ${EXTRA_COLUMNS} columns) is ${numbers.toLocaleString('en')} numbers, ` +
        `past the ${MAX_EXPORTED_NUMBERS.toLocaleString('en')} an export holds. Lower count, or read explorer.particles() in a script.`,
    );
  }
}

export function particleCsvHeader(dim: number): string {
  const coords = Array.from({ length: dim }, (_, d) => `x${d + 1}`);
  return ['index', ...coords, 'loss', 'gradNorm', 'diverged', 'converged', 'age', 'escapeAge'].join(',');
}

const escapeAgeOf = (p: ParticleSnapshot, i: number) => (p.escapeAge[i] === NOT_ESCAPED ? null : p.escapeAge[i]);
const isSet = (p: ParticleSnapshot, i: number, flag: number) => (p.flags[i] & flag) !== 0;

function csvRow(p: ParticleSnapshot, i: number): string {
  const cells = [String(i)];
  for (let d = 0; d < p.dim; d++) cells.push(csvFloat32(p.positions[i * p.dim + d]));
  const escape = escapeAgeOf(p, i);
  cells.push(
    csvFloat32(p.loss[i]), csvFloat32(p.gradNorm[i]), isSet(p, i, FLAG_DIVERGED) ? '1' : '0', isSet(p, i, FLAG_CONVERGED) ? '1' : '0',
    String(p.age[i]), escape === null ? '' : String(escape),
  );
  return cells.join(',');
}

function jsonRow(p: ParticleSnapshot, i: number): string {
  const x: string[] = [];
  for (let d = 0; d < p.dim; d++) x.push(jsonFloat32(p.positions[i * p.dim + d]));
  return (
    `    {"index": ${i}, "x": [${x.join(', ')}], "loss": ${jsonFloat32(p.loss[i])}, "gradNorm": ${jsonFloat32(p.gradNorm[i])}, ` +
    `"diverged": ${isSet(p, i, FLAG_DIVERGED)}, "converged": ${isSet(p, i, FLAG_CONVERGED)}, "age": ${p.age[i]}, "escapeAge": ${escapeAgeOf(p, i)}}`
  );
}

/** The rows in chunks of ROWS_PER_CHUNK, each chunk one string ending in `separator`, the last without. */
function chunks(p: ParticleSnapshot, row: (p: ParticleSnapshot, i: number) => string, separator: string): string[] {
  const parts: string[] = [];
  for (let first = 0; first < p.count; first += ROWS_PER_CHUNK) {
    const rows: string[] = [];
    for (let i = first; i < Math.min(first + ROWS_PER_CHUNK, p.count); i++) rows.push(row(p, i));
    parts.push(rows.join(separator) + (first + ROWS_PER_CHUNK < p.count ? separator : ''));
  }
  return parts;
}

export function particleCsvParts(p: ParticleSnapshot): string[] {
  return [`${particleCsvHeader(p.dim)}\n`, ...chunks(p, csvRow, '\n'), '\n'];
}

export function particleJsonParts(p: ParticleSnapshot, run: RunDescription): string[] {
  const head =
    `{\n  "format": "${PARTICLES_FORMAT}",\n  "version": 1,\n  "landscape": ${JSON.stringify(run.landscape)},\n` +
    `  "query": ${JSON.stringify(run.query)},\n  "step": ${p.step},\n  "count": ${p.count},\n  "dim": ${p.dim},\n  "particles": [\n`;
  return [head, ...chunks(p, jsonRow, ',\n'), '\n  ]\n}\n'];
}

/** The snapshot as a File named after the landscape and the step. */
export function particlesFile(p: ParticleSnapshot, format: TableFormat, run: RunDescription): File {
  checkTableFormat('exportParticles', format);
  checkParticleExportSize(p.count, p.dim);
  const name = `${fileStem('particles', run.landscape, `D${p.dim}`, `step${p.step}`)}.${format}`;
  return format === 'csv'
    ? textFile(particleCsvParts(p), name, 'text/csv')
    : textFile(particleJsonParts(p, run), name, 'application/json');
}
