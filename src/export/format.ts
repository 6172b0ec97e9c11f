/**
 * How exported files write numbers and names. CSV: NaN is an empty cell (what spreadsheets and
 * pandas read as missing), ±Infinity is written "Infinity" / "-Infinity". JSON has no NaN or
 * Infinity: every non-finite number is null there.
 */

/** A double in full precision (the shortest text that reads back to the same double); NaN empty. */
export function csvNumber(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

/** A double as a JSON token: itself in full precision, or null when not finite. */
export function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/**
 * A float32 value (positions and losses as the GPU holds them) with the fewest significant digits,
 * at most 9, that read back to the same float32: shorter than its exact double, and exact.
 */
export function float32Text(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  for (let digits = 6; digits < 9; digits++) {
    const shorter = Number(x.toPrecision(digits));
    if (Math.fround(shorter) === x) return String(shorter);
  }
  return String(Number(x.toPrecision(9)));
}

export const csvFloat32 = (x: number): string => (Number.isNaN(x) ? '' : float32Text(x));
export const jsonFloat32 = (x: number): string => (Number.isFinite(x) ? float32Text(x) : 'null');

/** A name safe in file names on every system: letters, digits, '-' and '_' only. */
export function fileStem(...parts: (string | number)[]): string {
  return parts
    .map((p) => String(p).replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((p) => p.length > 0)
    .join('-');
}

/** The text parts as a File: a Blob that carries its suggested name. */
export function textFile(parts: string[], name: string, type: string): File {
  return new File(parts, name, { type });
}
