// A truth table from a Berkeley PLA file, the format espresso reads (espresso(5)):
//
//   # a full adder        comment lines start with #
//   .i 3                  number of inputs
//   .o 2                  number of outputs
//   .ilb a b cin          input names (optional: x1 x2 ...)
//   .ob sum cout          output names (optional: y, or y1 y2 ...)
//   .type fr              what the output symbols mean (optional: fd)
//   .p 4                  number of product terms (optional)
//   1-1 01                a product term: inputs 0, 1, - (either); outputs as .type says
//   .e                    the end (optional)
//
// Output symbols, as espresso reads them: 1 (or 4) puts the term in the ON-set where the type
// has f; 0 in the OFF-set where it has r; - (or 2) in the don't-care set where it has d; ~ (or 3)
// means nothing. What no term covers is OFF for types f and fd, ON for r and dr, and don't
// care for fr and fdr. A row in the don't-care set is don't care even if a term puts it in
// the ON- or OFF-set (espresso lets such rows be dropped); one in both the ON- and the
// OFF-set is an error. Input columns may also be written 2 for -; spaces, tabs and | between
// symbols are ignored, and each term is on one line. .phase and .pair only steer espresso's
// minimisation and are ignored (with a warning); .mv, .label, .symbolic and .kiss describe
// multiple-valued functions and are refused.

import { error, fail, resultOf, warning, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import { isName } from './names.js';
import { expandPattern, MAX_REPORTED, shown } from './table-builder.js';
import { emptyTable, inputBits, MAX_SYNTH_INPUTS, type TruthTable } from '../train/truth-table.js';

export interface PlaTableOptions {
  /** The circuit's name. */
  readonly name: string;
}

const TYPES = ['f', 'r', 'fd', 'fr', 'dr', 'fdr'] as const;
type PlaType = (typeof TYPES)[number];

interface Line {
  readonly text: string;
  readonly start: number;
}

interface Term {
  readonly inputs: (0 | 1 | null)[];
  /** Per output: the symbol's set, or undefined for none. */
  readonly outputs: ('on' | 'off' | 'dc' | undefined)[];
  readonly span: Span;
}

export function readPlaTable(text: string, file: string, options: PlaTableOptions): Result<TruthTable> {
  const out: Diagnostic[] = [];
  const span = (start: number, end: number): Span => ({ file, start, end });
  let n: number | undefined;
  let m: number | undefined;
  let inputNames: string[] | undefined;
  let outputNames: string[] | undefined;
  let type: PlaType = 'fd';
  let declaredTerms: { count: number; span: Span } | undefined;
  let typeSpan: Span | undefined;
  const terms: Term[] = [];
  let bad = 0;
  const report = (d: Diagnostic) => {
    if (++bad <= MAX_REPORTED) out.push(d);
  };

  for (const line of lines(text)) {
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const lead = line.start + line.text.indexOf(trimmed);
    const whole = span(lead, lead + trimmed.length);
    if (trimmed.startsWith('.')) {
      const words = trimmed.split(/\s+/);
      const key = words[0]!;
      const keySpan = span(lead, lead + key.length);
      const args = words.slice(1);
      if (key === '.e' || key === '.end') break;
      switch (key) {
        case '.i':
        case '.o':
        case '.p': {
          const value = Number(args[0]);
          if (args.length !== 1 || !Number.isInteger(value) || value < (key === '.o' ? 1 : 0)) {
            out.push(error('pla-directive', `${key} needs one whole number${key === '.o' ? ' of at least 1' : ''}`, whole, { hint: `for example: ${key} ${key === '.i' ? 3 : key === '.o' ? 1 : 4}` }));
            continue;
          }
          if (key === '.p') {
            declaredTerms = { count: value, span: whole };
            continue;
          }
          if ((key === '.i' ? n : m) !== undefined) {
            out.push(error('pla-directive', `${key} is given twice`, whole));
            continue;
          }
          if (terms.length > 0) {
            out.push(error('pla-directive', `${key} must come before the product terms`, whole));
            continue;
          }
          if (key === '.i' && value > MAX_SYNTH_INPUTS) {
            return fail([error('table-too-wide', `the PLA has ${value} inputs; nn synthesises tables of up to ${MAX_SYNTH_INPUTS}`, whole)]);
          }
          if (key === '.i') n = value;
          else m = value;
          continue;
        }
        case '.ilb':
        case '.ob': {
          const expected = key === '.ilb' ? n : m;
          if (expected === undefined) {
            out.push(error('pla-directive', `${key} must come after ${key === '.ilb' ? '.i' : '.o'}`, whole));
            continue;
          }
          if (args.length !== expected) {
            out.push(error('pla-directive', `${key} names ${args.length} ${key === '.ilb' ? 'inputs' : 'outputs'}, but ${key === '.ilb' ? '.i' : '.o'} says ${expected}`, whole));
            continue;
          }
          let ok = true;
          let from = lead + key.length;
          for (const name of args) {
            const at = text.indexOf(name, from);
            from = at + name.length;
            if (!isName(name)) {
              ok = false;
              out.push(error('pla-name', `${shown(name)} cannot name a circuit input or output`, span(at, at + name.length), {
                hint: 'names are letters, digits and _, not starting with a digit; or leave the names out (x1 x2 ..., y1 y2 ...)',
              }));
            }
          }
          if (ok) {
            if (key === '.ilb') inputNames = args;
            else outputNames = args;
          }
          continue;
        }
        case '.type': {
          const t = args[0] as PlaType;
          if (args.length !== 1 || !TYPES.includes(t)) {
            out.push(error('pla-directive', `.type must be one of ${TYPES.join(', ')}`, whole));
            continue;
          }
          if (terms.length > 0) {
            out.push(error('pla-directive', '.type must come before the product terms', whole));
            continue;
          }
          type = t;
          typeSpan = whole;
          continue;
        }
        case '.phase':
        case '.pair':
          out.push(warning('pla-ignored', `${key} only steers espresso's minimisation; nn ignores it`, keySpan));
          continue;
        case '.mv':
        case '.label':
        case '.symbolic':
        case '.symbolic-output':
        case '.kiss':
          out.push(error('pla-unsupported', `${key} describes multiple-valued functions, which nn does not synthesise`, keySpan, { hint: 'use binary inputs and outputs: .i and .o' }));
          continue;
        default:
          out.push(error('pla-directive', `unknown keyword ${shown(key)}`, keySpan, { hint: 'nn reads .i .o .ilb .ob .type .p .e (and ignores .phase and .pair)' }));
          continue;
      }
    }
    if (n === undefined || m === undefined) {
      out.push(error('pla-directive', 'a product term before .i and .o', whole, { hint: 'start the file with .i (inputs) and .o (outputs)' }));
      return fail(out);
    }
    const term = readTerm(line, n, m, type, file);
    if ('message' in term) report(term);
    else terms.push(term);
  }
  if (bad > MAX_REPORTED) out.push(error('pla-cube', `and ${bad - MAX_REPORTED} more bad product terms`));
  if (n === undefined || m === undefined) {
    out.push(error('pla-directive', `the file has no ${n === undefined ? '.i' : '.o'} line`, span(0, 0), { hint: 'a PLA file starts with .i (inputs) and .o (outputs)' }));
  }
  if (declaredTerms && declaredTerms.count !== terms.length && out.every((d) => d.severity !== 'error')) {
    out.push(warning('pla-count', `.p says ${declaredTerms.count} product terms, but the file has ${terms.length}`, declaredTerms.span));
  }
  if (out.some((d) => d.severity === 'error') || n === undefined || m === undefined) return fail(out);

  const inputs = inputNames ?? Array.from({ length: n }, (_, j) => `x${j + 1}`);
  const outputs = outputNames ?? (m === 1 ? ['y'] : Array.from({ length: m }, (_, q) => `y${q + 1}`));
  const clash = outputs.find((o) => inputs.includes(o));
  if (clash !== undefined) return fail([...out, error('pla-name', `${clash} names both an input and an output`, span(0, 0))]);
  const built = buildTable(options.name, inputs, outputs, terms, type, typeSpan);
  return resultOf(built.table, [...out, ...built.diagnostics]);
}

function readTerm(line: Line, n: number, m: number, type: PlaType, file: string): Term | Diagnostic {
  const symbols: { c: string; at: number }[] = [];
  for (let k = 0; k < line.text.length; k++) {
    const c = line.text[k]!;
    if (c === ' ' || c === '\t' || c === '|') continue;
    symbols.push({ c, at: line.start + k });
  }
  const trimmedEnd = line.start + line.text.trimEnd().length;
  const whole: Span = { file, start: symbols[0]!.at, end: trimmedEnd };
  if (symbols.length !== n + m) {
    return error('pla-cube', `this product term has ${symbols.length} symbols, but .i ${n} and .o ${m} make ${n + m}`, whole, {
      hint: `write ${n} input symbols (0, 1, -) and ${m} output symbols`,
    });
  }
  const inputs: (0 | 1 | null)[] = [];
  for (let j = 0; j < n; j++) {
    const { c, at } = symbols[j]!;
    if (c === '0' || c === '1') inputs.push(c === '1' ? 1 : 0);
    else if (c === '-' || c === '2') inputs.push(null);
    else return error('pla-cube', `input ${j + 1} of a product term must be 0, 1 or -, not ${shown(c)}`, { file, start: at, end: at + 1 });
  }
  const outputs: Term['outputs'] = [];
  for (let q = 0; q < m; q++) {
    const { c, at } = symbols[n + q]!;
    if ('14'.includes(c)) outputs.push(type.includes('f') ? 'on' : undefined);
    else if (c === '0') outputs.push(type.includes('r') ? 'off' : undefined);
    else if ('-2'.includes(c)) outputs.push(type.includes('d') ? 'dc' : undefined);
    else if ('~3'.includes(c)) outputs.push(undefined);
    else return error('pla-cube', `output ${q + 1} of a product term must be 0, 1, - or ~, not ${shown(c)}`, { file, start: at, end: at + 1 });
  }
  return { inputs, outputs, span: whole };
}

function buildTable(name: string, inputs: string[], outputs: string[], terms: readonly Term[], type: PlaType, typeSpan: Span | undefined): { table: TruthTable; diagnostics: Diagnostic[] } {
  const n = inputs.length;
  const rows = 2 ** n;
  const table = emptyTable(name, inputs, outputs);
  const out: Diagnostic[] = [];
  outputs.forEach((output, q) => {
    // The first term that put each row in each set, +1 (0: none).
    const on = new Int32Array(rows);
    const off = new Int32Array(rows);
    const dc = new Uint8Array(rows);
    terms.forEach((term, k) => {
      const set = term.outputs[q];
      if (set === undefined) return;
      expandPattern(term.inputs, (r) => {
        if (set === 'dc') dc[r] = 1;
        else if (set === 'on') on[r] ||= k + 1;
        else off[r] ||= k + 1;
      });
    });
    let conflicts = 0;
    for (let r = 0; r < rows; r++) {
      if (on[r]! > 0 && off[r]! > 0 && dc[r] === 0) {
        if (++conflicts <= MAX_REPORTED) {
          const [first, second] = [Math.min(on[r]!, off[r]!), Math.max(on[r]!, off[r]!)];
          out.push(error('table-conflict', `for inputs ${inputBits(r, n).join(' ')}, this product term puts ${output} in the ${second === on[r] ? 'ON' : 'OFF'}-set, an earlier one in the ${second === on[r] ? 'OFF' : 'ON'}-set`, terms[second - 1]!.span, {
            notes: [{ message: 'the earlier term', span: terms[first - 1]!.span }, ...(typeSpan ? [{ message: 'the type that gives 0 and 1 those meanings', span: typeSpan }] : [])],
            hint: 'the ON-set and the OFF-set may not share a row',
          }));
        }
        continue;
      }
      if (dc[r] === 1) continue;
      let value: 0 | 1 | undefined;
      if (on[r]! > 0) value = 1;
      else if (off[r]! > 0) value = 0;
      else if (type === 'f' || type === 'fd') value = 0;
      else if (type === 'r' || type === 'dr') value = 1;
      if (value === undefined) continue;
      table.care[q]![r] = 1;
      table.on[q]![r] = value;
    }
    if (conflicts > MAX_REPORTED) out.push(error('table-conflict', `and ${conflicts - MAX_REPORTED} more rows of ${output} in both the ON- and the OFF-set`));
  });
  return { table, diagnostics: out };
}

/** The lines of a text with their offsets; line breaks are \n, \r\n or \r. */
function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let k = 0; k <= text.length; k++) {
    const c = text[k];
    if (k === text.length || c === '\n' || c === '\r') {
      out.push({ text: text.slice(start, k), start });
      if (c === '\r' && text[k + 1] === '\n') k++;
      start = k + 1;
    }
  }
  return out;
}
