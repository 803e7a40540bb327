// A data set for training: a CSV file with a header row, some numeric input columns and a 0/1
// label column. Every problem is reported with a span into the CSV text itself, so the
// renderer can point at the very cell; all bad cells are reported (up to a cap), not just the
// first.

import { CsvError, parse } from 'csv-parse/sync';
import { error, fail, ok, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import { closest } from '../diagnostics/suggest.js';
import { listSome, shorten } from '../diagnostics/text.js';
import { count, plural, thousands } from '../diagnostics/words.js';
import type { Examples } from './perceptron.js';

export interface Dataset {
  readonly examples: Examples;
  /** The input columns, in the order of each example's inputs. */
  readonly columns: string[];
}

/** Bad cells reported before the rest are summed up in a note. */
const MAX_REPORTED = 20;

/** Columns of the header listed when one is missing. */
const MAX_COLUMNS_LISTED = 20;

/** A record of the CSV: its fields, its position among all records, where it ends (after its line break). */
interface CsvRecord {
  readonly fields: readonly string[];
  readonly index: number;
  readonly end: number;
}

/**
 * Reads `csvText` (the contents of `file`): `columns` become the inputs, in that order, and
 * `label` the 0/1 output. Cells may have surrounding spaces; numbers are decimal (optionally
 * with an exponent) and finite; labels are exactly 0 or 1.
 */
export function parseDataset(csvText: string, file: string, columns: readonly string[], label: string): Result<Dataset> {
  const read = parseLabelled(csvText, file, columns, [label]);
  if (!read.ok) return read;
  const { x, y, count } = read.value;
  return ok({ examples: { x, y, count, features: columns.length }, columns: [...columns] }, read.diagnostics);
}

/** A data set of several 0/1 label columns, as a trained circuit learns one output per column. */
export interface LabelledColumns {
  /** Row-major `count × columns.length`. */
  readonly x: Float64Array;
  /** Row-major `count × labels.length`, each 0 or 1. */
  readonly y: Uint8Array;
  readonly count: number;
}

/** What to say when an input column or a label column is missing. */
export interface ColumnHints {
  readonly column: string;
  readonly label: string;
}

const NEURON_HINTS: ColumnHints = {
  column: "the inputs are read from columns named like the neuron's parameters",
  label: 'name the 0/1 column with label: "..."',
};

/** As `parseDataset`, with `labels` the 0/1 columns, in that order. */
export function parseLabelled(
  csvText: string,
  file: string,
  columns: readonly string[],
  labels: readonly string[],
  hints: ColumnHints = NEURON_HINTS,
): Result<LabelledColumns> {
  const source = new CsvSource(csvText, file);
  // Binary data is refused whole, wherever the NUL is: never trained on the part before it.
  const nul = csvText.indexOf('\0');
  if (nul >= 0) {
    return fail([error('binary-file', `${shorten(file)} is not a text file (it contains NUL bytes)`, source.span(nul, nul + 1), {
      hint: 'a data set is CSV text: a header row, then one row per example',
    })]);
  }
  let records: CsvRecord[];
  try {
    records = readRecords(csvText, source);
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = typeof e['lines'] === 'number' ? e['lines'] : 1;
    // csv-parse quotes the offending field in its message: bounded like any quote.
    return fail([error('dataset-syntax', `the data set is not valid CSV: ${shortenQuotes(e.message)}`, source.lineSpan(line))]);
  }
  const rows = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [header, ...data] = rows;
  if (header === undefined) {
    return fail([error('dataset-empty', 'the data set is empty: it has no header row and no data', source.span(0, 0))]);
  }

  const headerStart = source.recordStart(records, header.index);
  const names = header.fields.map((f) => f.trim());
  const headerSpan = source.span(headerStart, source.lineEnd(headerStart));
  const found = findColumns(names, [...columns, ...labels], columns.length, headerSpan, hints);
  if (!found.ok) return fail(found.diagnostics);
  const indices = found.value;

  if (data.length === 0) {
    return fail([error('dataset-empty', 'the data set has a header row but no data rows', headerSpan, { hint: 'add one row per example below the header' })]);
  }

  const n = columns.length;
  const m = labels.length;
  const x = new Float64Array(data.length * n);
  const y = new Uint8Array(data.length * m);
  const problems = new Problems();
  data.forEach((record, r) => {
    const row = { number: r + 1, start: source.recordStart(records, record.index) };
    if (record.fields.length !== names.length) {
      const fields = record.fields.length;
      problems.add(() => error('dataset-row-length', `data row ${row.number} has ${fields} ${plural(fields, 'field')}, but the header has ${names.length}`, source.span(row.start, source.lineEnd(row.start)), {
        hint: 'every row needs one value per column; a decimal comma (5,1 for 5.1) splits a value in two',
      }));
      return;
    }
    const cells = source.fieldSpans(row.start, record.fields.length);
    for (let j = 0; j < n; j++) {
      const k = indices[j]!;
      const value = readNumber(record.fields[k]!, columns[j]!, row.number, cells[k]!, problems);
      x[r * n + j] = value;
    }
    for (let q = 0; q < m; q++) {
      const k = indices[n + q]!;
      y[r * m + q] = readLabel(record.fields[k]!, labels[q]!, row.number, cells[k]!, problems);
    }
  });

  if (problems.count > 0) return fail(problems.summary());
  return ok({ x, y, count: data.length });
}

/** The index of each wanted column in the header (those from `firstLabel` on are labels), or a diagnostic for each one missing. */
function findColumns(names: readonly string[], wanted: readonly string[], firstLabel: number, headerSpan: Span, hints: ColumnHints): Result<number[]> {
  const problems: Diagnostic[] = [];
  const quoted = (c: string) => `"${shorten(c)}"`;
  // Only the names listed are quoted: a header may have 50,000.
  let listed: string | undefined;
  const columnsNote = () =>
    (listed ??= `its ${names.length > MAX_COLUMNS_LISTED ? `${thousands(names.length)} ` : ''}columns are: ${listSome([...names.slice(0, MAX_COLUMNS_LISTED).map(quoted), ...names.slice(MAX_COLUMNS_LISTED)], MAX_COLUMNS_LISTED)}`);
  const indices = wanted.map((name, w) => {
    const k = names.indexOf(name);
    const what = w >= firstLabel ? 'label column' : 'column';
    if (k < 0) {
      const guess = closest(name, names);
      problems.push(error('dataset-missing-column', `the data set has no ${what} ${quoted(name)}`, headerSpan, {
        notes: [{ message: columnsNote() }],
        hint: guess !== undefined ? `did you mean ${quoted(guess)}?` : what === 'column' ? hints.column : hints.label,
      }));
    } else if (names.indexOf(name, k + 1) >= 0) {
      problems.push(error('dataset-duplicate-column', `the data set has two columns named ${quoted(name)}, so it is unclear which to use`, headerSpan));
    }
    return k;
  });
  return problems.length > 0 ? fail(problems) : ok(indices);
}

// One way to match each number: `\d+\.?\d*` could split a run of digits in quadratically many
// ways, which a 5 MB cell of digits ending in a letter makes last for minutes.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function readNumber(cell: string, column: string, row: number, span: Span, problems: Problems): number {
  const text = cell.trim();
  if (text === '') {
    problems.add(() => error('dataset-not-a-number', `data row ${row} has no value in column "${shorten(column)}"`, span));
    return NaN;
  }
  if (!DECIMAL.test(text)) {
    problems.add(() => error('dataset-not-a-number', `"${shorten(text)}" in column "${shorten(column)}" (data row ${row}) is not a number`, span, {
      hint: 'inputs must be decimal numbers such as 5.1, -2 or 1e-3',
    }));
    return NaN;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    problems.add(() => error('dataset-not-finite', `${shorten(text)} in column "${shorten(column)}" (data row ${row}) is too large to be a finite number`, span));
  }
  return value;
}

function readLabel(cell: string, column: string, row: number, span: Span, problems: Problems): number {
  const text = cell.trim();
  if (text === '0' || text === '1') return Number(text);
  problems.add(() => {
    const message = text === '' ? `data row ${row} has no label in column "${shorten(column)}"` : `the label "${shorten(text)}" in column "${shorten(column)}" (data row ${row}) is not 0 or 1`;
    return error('dataset-bad-label', message, span, { hint: 'labels must be 0 or 1: a column with 1 for the class to learn and 0 for the rest' });
  });
  return 0;
}

/**
 * The problems of a data set's rows: the first MAX_REPORTED kept, the rest only counted, so a
 * million bad cells cost a number, not a million diagnostics. A hint is given once per kind
 * of problem, not repeated on every cell.
 */
class Problems {
  private readonly kept: Diagnostic[] = [];
  private readonly hinted = new Set<string>();
  count = 0;

  /** `make` runs only for a problem that will be shown. */
  add(make: () => Diagnostic): void {
    this.count++;
    if (this.kept.length >= MAX_REPORTED) return;
    const d = make();
    if (d.hint === undefined || !this.hinted.has(d.code)) {
      this.hinted.add(d.code);
      this.kept.push(d);
      return;
    }
    const { hint: _repeated, ...rest } = d;
    this.kept.push(rest);
  }

  /** The problems kept, the last with a note counting the others. */
  summary(): Diagnostic[] {
    const shown = [...this.kept];
    const more = this.count - shown.length;
    if (more > 0) {
      const last = shown[shown.length - 1]!;
      shown[shown.length - 1] = { ...last, notes: [...(last.notes ?? []), { message: `and ${count(more, 'more problem')} in this data set` }] };
    }
    return shown;
  }
}

/**
 * The records of `text`, as csv-parse reads them with nn's options. Text without a quote
 * character (most data sets) cannot hold a quoted field, an escape or a CSV error, so it is
 * split at its line breaks and commas directly: csv-parse looks at every byte through several
 * calls (a megabyte took it a tenth of a second). Text that is not well-formed UTF-16 is left
 * to csv-parse, which reads a lone surrogate as U+FFFD.
 */
export function readRecords(text: string, source: { charAt(byte: number): number } = new CsvSource(text, '')): CsvRecord[] {
  const delimiter = recordDelimiter(text);
  const records: CsvRecord[] = [];
  if (!text.includes('"') && isWellFormed(text)) {
    const start = text.startsWith('\uFEFF') ? 1 : 0;
    const end = text.length;
    const step = delimiter?.length ?? 0;
    for (let at = start; at < end; ) {
      const next = delimiter === undefined ? -1 : text.indexOf(delimiter, at);
      const lineEnd = next < 0 ? end : next;
      // An empty line is skipped (skip_empty_lines), as is an empty last line.
      if (lineEnd > at) records.push({ fields: text.slice(at, lineEnd).split(','), index: records.length, end: next < 0 ? end : next + step });
      at = next < 0 ? end : next + step;
    }
    return records;
  }
  parse(text, {
    ...(delimiter !== undefined && { record_delimiter: delimiter }),
    bom: true,
    relax_column_count: true, // rows of the wrong length are reported by the caller, with the others
    skip_empty_lines: true,
    on_record: (fields: string[], context) => {
      records.push({ fields, index: records.length, end: source.charAt(context.bytes) });
      return fields;
    },
  });
  return records;
}

/** No lone surrogate: the text is the same after a round trip through UTF-8. */
function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/**
 * The line ending csv-parse would settle on, found in one scan: the first line break, `\r\n`
 * before `\r`. Left to find it, csv-parse makes three buffers at every character of the first
 * line (0.3 s for a header of 50,000 columns). A quote before that break could hide it inside a
 * field: then csv-parse decides, as before.
 */
function recordDelimiter(text: string): string | undefined {
  const at = text.search(/[\r\n]/);
  if (at < 0 || text.lastIndexOf('"', at) >= 0) return undefined;
  return text.startsWith('\r\n', at) ? '\r\n' : text[at];
}

/** csv-parse's messages quote fields in full; a huge field is shortened like any quote. */
function shortenQuotes(message: string): string {
  return message.replace(/"([^"]{100,})"/g, (_, field: string) => `"${shorten(field)}"`);
}

/** The rest of a field: up to its comma or line break. */
const UNQUOTED = /[^,\r\n]*/y;

/**
 * Positions in the CSV text. csv-parse reports where each record ends as a UTF-8 byte count;
 * spans are offsets into the JavaScript string (UTF-16 units), so bytes are converted, and
 * fields are then found by scanning the record's text with the same quoting rules.
 */
class CsvSource {
  private charOfByte: ((byte: number) => number) | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  /** Where record `k` starts: after the previous one and any empty lines between. */
  recordStart(records: readonly CsvRecord[], k: number): number {
    let at = k === 0 ? (this.text.startsWith('\uFEFF') ? 1 : 0) : records[k - 1]!.end;
    while (this.text[at] === '\n' || this.text[at] === '\r') at++;
    return at;
  }

  /** The end of the line that contains `at` (before its line break). */
  lineEnd(at: number): number {
    const end = this.text.slice(at).search(/\r?\n/);
    return end < 0 ? this.text.length : at + end;
  }

  /** The span of line `line` (1-based). */
  lineSpan(line: number): Span {
    let start = 0;
    for (let l = 1; l < line; l++) {
      const next = this.text.indexOf('\n', start);
      if (next < 0) break;
      start = next + 1;
    }
    return this.span(start, this.lineEnd(start));
  }

  /** Spans of the first `count` fields of the record starting at `start` (quotes included). */
  fieldSpans(start: number, count: number): Span[] {
    const spans: Span[] = [];
    const text = this.text;
    let at = start;
    for (let f = 0; f < count; f++) {
      const from = at;
      if (text[at] === '"') {
        // To the closing quote: the first not doubled.
        let quote = text.indexOf('"', at + 1);
        while (quote >= 0 && text[quote + 1] === '"') quote = text.indexOf('"', quote + 2);
        at = (quote < 0 ? text.length : quote) + 1;
      }
      if (at < text.length) {
        UNQUOTED.lastIndex = at;
        UNQUOTED.test(text);
        at = UNQUOTED.lastIndex;
      }
      spans.push(this.span(from, at));
      at++; // past the comma
    }
    return spans;
  }

  /** The offset in the text of UTF-8 byte `byte`. */
  charAt(byte: number): number {
    this.charOfByte ??= byteToChar(this.text);
    return this.charOfByte(byte);
  }
}

/** Maps a UTF-8 byte offset into `text` to the matching UTF-16 offset. */
function byteToChar(text: string): (byte: number) => number {
  if (/^[\x00-\x7f]*$/.test(text)) return (byte) => byte;
  const bytesBefore = new Float64Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isHighOfPair = c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const isLowOfPair = c >= 0xdc00 && c < 0xe000 && i > 0 && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800;
    // A pair's four bytes are counted on its second half: the offset after them is after the pair.
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : isHighOfPair ? 0 : isLowOfPair ? 4 : 3;
    bytesBefore[i + 1] = bytesBefore[i]! + size;
  }
  return (byte) => {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bytesBefore[mid]! < byte) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
