// Numeric CSV tables for training: a header row of column names, then one number per cell.
// Lines starting with '#' and blank lines are skipped; empty cells are missing values (NaN), which
// the fits skip. Cells are split at every comma (no quoted commas: the cells are numbers). Every
// problem is a TrainingDataError naming the file, line and column.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** Bad training data or options: a user error with a message meant for the terminal. */
export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';
}

export interface Table {
  readonly file: string;
  readonly columns: readonly string[];
  /** Column-major values: data[c][r]. */
  readonly data: readonly Float64Array[];
  readonly rows: number;
  /** "sha256:<hex>" of the file's bytes (training provenance). */
  readonly hash: string;
}

export function readTable(file: string): Table {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new TrainingDataError(`cannot read data file ${file}`);
  }
  return parseTable(bytes.toString('utf8'), file, `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
}

export function parseTable(text: string, file = '<data>', hash = `sha256:${createHash('sha256').update(text).digest('hex')}`): Table {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  const cols: number[][] = [];
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (!header) {
      header = cells;
      const seen = new Set<string>();
      for (const h of header) {
        if (h === '') throw new TrainingDataError(`${file}:${k + 1}: the header has an empty column name`);
        if (seen.has(h)) throw new TrainingDataError(`${file}:${k + 1}: column '${h}' appears twice in the header`);
        seen.add(h);
      }
      header.forEach(() => cols.push([]));
      return;
    }
    if (cells.length !== header.length) throw new TrainingDataError(`${file}:${k + 1}: ${cells.length} values but the header has ${header.length} columns`);
    cells.forEach((c, j) => {
      if (c === '' || /^(nan|na)$/i.test(c)) { cols[j]!.push(NaN); return; }
      const v = Number(c);
      if (!Number.isFinite(v)) throw new TrainingDataError(`${file}:${k + 1}: column '${header![j]}' holds '${c}', not a number`);
      cols[j]!.push(v);
    });
  });
  if (!header) throw new TrainingDataError(`${file}: no header row (the first line names the columns)`);
  const rows = cols[0]?.length ?? 0;
  if (rows === 0) throw new TrainingDataError(`${file}: no data rows under the header`);
  return { file, columns: header, data: cols.map((c) => Float64Array.from(c)), rows, hash };
}

/** The column called `name` holding `variable` (e.g. "input x of surrogate f"), or a
 *  TrainingDataError listing the columns there are and how to map another one. */
export function column(t: Table, name: string, variable: string, what: string): Float64Array {
  const i = t.columns.indexOf(name);
  if (i < 0) throw new TrainingDataError(`${t.file}: no column '${name}' for ${what} (columns: ${t.columns.join(', ')}); use --map ${variable}=<column> to read it from another column`);
  return t.data[i]!;
}
