// Reading a table file (CSV or PLA) through a SourceHost, with the same diagnostics as a .nn
// file that cannot be read.

import { basename, extname } from 'node:path';
import { error, fail, ok, type Result } from '../diagnostics/diagnostic.js';
import type { SourceHost } from '../load/load.js';
import { nodeHost } from '../load/node-host.js';
import { nameFrom } from './names.js';
import { readCsvTable } from './read-csv.js';
import { readPlaTable } from './read-pla.js';
import type { TruthTable } from '../train/truth-table.js';
import { fileErrorReason } from '../load/file-errors.js';

export type TableFileKind = 'csv' | 'pla';

/** The kind of table file a path names, by its extension (.csv; .pla or .espresso), if any. */
export function tableFileKind(path: string): TableFileKind | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.pla' || ext === '.espresso' ? 'pla' : undefined;
}

export interface TableFileOptions {
  /** The circuit's name; by default made from the file's name (adder-4.pla: adder_4). */
  readonly name?: string;
  /** CSV only: the output columns (default: the last column). */
  readonly outputs?: readonly string[];
  readonly host?: SourceHost;
  /** Receives the file's text, for rendering diagnostics. */
  readonly sources?: Map<string, string>;
}

export function readTableFile(path: string, kind: TableFileKind, options: TableFileOptions = {}): Result<TruthTable> {
  const host = options.host ?? nodeHost;
  let text: string;
  try {
    text = host.readFile(path);
  } catch (e) {
    return fail([error('unreadable-file', `cannot read ${path}: ${fileErrorReason(e, 'read')}`)]);
  }
  if (text.includes('\0')) return fail([error('binary-file', `${path} is not a text file (it contains NUL bytes)`)]);
  options.sources?.set(path, text);
  const name = options.name ?? nameFrom(basename(path, extname(path)));
  if (kind === 'csv') return readCsvTable(text, path, { name, ...(options.outputs && { outputs: options.outputs }) });
  const table = readPlaTable(text, path, { name });
  return table.ok ? ok(table.value, table.diagnostics) : table;
}
