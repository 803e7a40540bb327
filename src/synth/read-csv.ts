// A truth table from a CSV file: a header naming the columns, then one row per line of 0/1
// cells. The output columns are named by the caller (`nn synth --outputs y1,y2`); without
// that, the last column is the one output and the others are the inputs, in their order.
//
//   a,b,cin,sum,cout
//   0,0,0,0,0
//   0,1,-,*,0        an input cell "-" stands for both values; an output "*" or "-" for don't care
//
// Rows not listed are don't-cares. Every problem is reported with its place in the file.

import { error, fail, resultOf, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { plural } from '../diagnostics/words.js';
import { isName } from './names.js';
import { expandPattern, MAX_REPORTED, shown, TableBuilder } from './table-builder.js';
import { MAX_SYNTH_INPUTS, type TruthTable } from '../train/truth-table.js';

export interface CsvTableOptions {
  /** The circuit's name. */
  readonly name: string;
  /** The output columns, by name; the last column when left out. */
  readonly outputs?: readonly string[];
}

interface Field {
  readonly text: string;
  readonly span: Span;
}

interface Record {
  readonly fields: Field[];
  readonly span: Span;
}

export function readCsvTable(text: string, file: string, options: CsvTableOptions): Result<TruthTable> {
  const parsed = records(text, file);
  if (!parsed.ok) return parsed;
  const rows = parsed.value.filter((r) => r.fields.some((f) => f.text.trim() !== ''));
  if (rows.length === 0) return fail([error('csv-header', 'the file is empty: it needs a header row naming the inputs and outputs', { file, start: 0, end: 0 })]);
  const [header, ...data] = rows as [Record, ...Record[]];
  const names = header.fields.map((f) => f.text.trim());
  const out: Diagnostic[] = [];

  names.forEach((name, k) => {
    const span = header.fields[k]!.span;
    if (!isName(name)) {
      out.push(error('csv-header', `the column name ${shown(name)} cannot name a circuit input or output`, span, {
        hint: 'names are letters, digits and _, not starting with a digit (and not import, neuron, circuit, test, assert or for)',
      }));
    } else if (names.indexOf(name) !== k) {
      out.push(error('csv-header', `the column ${name} is named twice`, span, { notes: [{ message: 'first named here', span: header.fields[names.indexOf(name)]!.span }] }));
    }
  });
  const outputs = options.outputs ?? [names[names.length - 1]!];
  for (const o of outputs) {
    if (!names.includes(o)) {
      const hint = didYouMean(o, names);
      out.push(error('csv-header', `there is no column ${shown(o)} for the output`, header.span, { hint: hint ?? `the columns are ${names.join(', ')}` }));
    }
  }
  if (outputs.length === 0) {
    out.push(error('csv-header', 'no output column is named', header.span, { hint: 'name them: --outputs y1,y2' }));
  }
  if (out.length > 0) return fail(out);
  const inputs = names.filter((n) => !outputs.includes(n));
  if (inputs.length > MAX_SYNTH_INPUTS) {
    return fail([error('table-too-wide', `the table has ${inputs.length} inputs; nn synthesises tables of up to ${MAX_SYNTH_INPUTS}`, header.span)]);
  }
  const inputColumn = inputs.map((name) => names.indexOf(name));
  const outputColumn = outputs.map((name) => names.indexOf(name));

  const builder = new TableBuilder(options.name, inputs, outputs);
  let bad = 0;
  const report = (d: Diagnostic) => {
    if (++bad <= MAX_REPORTED) out.push(d);
  };
  for (const record of data) {
    if (record.fields.length !== names.length) {
      report(error('csv-row-width', `this row has ${record.fields.length} ${plural(record.fields.length, 'cell')}, but the header has ${names.length}`, record.span, {
        hint: `write one cell per column: ${names.join(', ')}`,
      }));
      continue;
    }
    const pattern: (0 | 1 | null)[] = [];
    let ok = true;
    for (const k of inputColumn) {
      const f = record.fields[k]!;
      const cell = f.text.trim();
      if (cell === '0' || cell === '1') pattern.push(cell === '1' ? 1 : 0);
      else if (cell === '-') pattern.push(null);
      else {
        ok = false;
        report(error('csv-cell', `the input ${names[k]} must be 0, 1 or - (both), not ${shown(cell)}`, f.span));
      }
    }
    const values: (0 | 1 | null)[] = [];
    for (const k of outputColumn) {
      const f = record.fields[k]!;
      const cell = f.text.trim();
      if (cell === '0' || cell === '1') values.push(cell === '1' ? 1 : 0);
      else if (cell === '*' || cell === '-') values.push(null);
      else {
        ok = false;
        report(error('csv-cell', `the output ${names[k]} must be 0, 1, or * for don't care, not ${shown(cell)}`, f.span));
      }
    }
    if (!ok) continue;
    const place = builder.place(record.span);
    expandPattern(pattern, (row) => values.forEach((v, q) => v !== null && builder.set(row, q, v, place)));
  }
  if (bad > MAX_REPORTED) out.push(error('csv-cell', `and ${bad - MAX_REPORTED} more bad rows or cells`));
  return resultOf(builder.table, [...out, ...builder.finish()]);
}

/**
 * The records of a CSV text, each field with its span: fields split at commas, records at line
 * breaks (\n, \r\n or \r) outside quotes; a quoted field may hold commas, line breaks and "".
 */
function records(text: string, file: string): Result<Record[]> {
  const out: Record[] = [];
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  while (at < text.length) {
    const start = at;
    const fields: Field[] = [];
    for (;;) {
      const from = at;
      let value = '';
      if (text[at] === '"') {
        at++;
        for (;;) {
          if (at >= text.length) return fail([error('csv-syntax', 'this quoted cell is never closed', { file, start: from, end: from + 1 }, { hint: 'end it with "' })]);
          if (text[at] === '"') {
            if (text[at + 1] === '"') {
              value += '"';
              at += 2;
              continue;
            }
            at++;
            break;
          }
          value += text[at++];
        }
        // Anything between the closing quote and the next comma is kept, as most readers do.
        while (at < text.length && !',\r\n'.includes(text[at]!)) value += text[at++];
      } else {
        while (at < text.length && !',\r\n'.includes(text[at]!)) value += text[at++];
      }
      fields.push({ text: value, span: { file, start: from, end: at } });
      if (text[at] === ',') {
        at++;
        continue;
      }
      break;
    }
    out.push({ fields, span: { file, start, end: at } });
    if (text[at] === '\r') at++;
    if (text[at] === '\n') at++;
  }
  return resultOf(out, []);
}
