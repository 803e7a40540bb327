// Source text → typed AST: the file cut into declarations, each matched piece by piece
// (declarations.ts) on its reduced text (reduce.ts), errors from the full grammar
// (syntax-error.ts). A declaration with a syntax error is reported and left out; the others
// are parsed all the same, so that the checker can report their problems too.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../diagnostics/suggest.js';
import type * as A from './ast.js';
import { Attempt, parseDeclaration } from './declarations.js';
import { reduce, type Reduced } from './reduce.js';
import { grammar, semantics } from './semantics.js';
import { Piece, relocate } from './shape-cache.js';
import { neuronPlace, rememberNeuron, repeatedNeuron } from './repeats.js';
import { fromTemplate } from './templates.js';
import { type Chunk, KEYWORDS, MAX_NESTING, RESERVED, skipSpace, skipTrivia, splitItems, wordAt } from './split.js';

export { MAX_NESTING };
import { describeFailure, syntaxError } from './syntax-error.js';

/** A parse with syntax errors still gives the declarations that parsed, as `partial`. */
export type ParseResult =
  | { readonly ok: true; readonly value: A.FileAst; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly partial: A.FileAst };

/** Parses one .nn source. Syntax errors come back as diagnostics, never as exceptions. */
export function parse(source: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const items: A.Item[] = [];
  const broken: A.BrokenDecl[] = [];
  for (const chunk of splitItems(source)) {
    const problem = tooDeep(source, file, chunk) ?? checkAssertSize(source, file, chunk.start, chunk.end) ?? parseChunk(source, file, chunk, items);
    if (problem) {
      diagnostics.push(problem);
      broken.push(brokenDecl(source, file, chunk));
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics, partial: { file, items, broken } };
  return { ok: true, value: { file, items }, diagnostics };
}

/** Parses one declaration into `items`, or says what is wrong with it. */
function parseChunk(source: string, file: string, chunk: { start: number; end: number }, items: A.Item[]): Diagnostic | undefined {
  // A neuron's place and key are made once, to look for the neuron it repeats and to be looked for.
  const place = neuronPlace(source, chunk.start, chunk.end);
  const repeat = place && repeatedNeuron(source, file, chunk.start, place);
  if (repeat) {
    items.push(repeat);
    parseStats.repeats++;
    return undefined;
  }
  const r = reduce(source, file, chunk.start, chunk.end);
  const copy = fromTemplate(r);
  if (copy) {
    items.push(copy);
    parseStats.templates++;
    return undefined;
  }
  const attempt = new Attempt(r);
  const outcome = parseDeclaration(attempt);
  if (outcome.ok) {
    items.push(...outcome.value);
    const [only] = outcome.value;
    if (place && only?.kind === 'neuron' && outcome.value.length === 1) rememberNeuron(only, place, chunk.start);
    return undefined;
  }
  return syntaxError(r, chunk, attempt.good, outcome.unit) ?? parseWhole(source, file, chunk, items);
}

/**
 * How often a declaration was matched whole (parseWhole): the tests check that it is never;
 * how often one was copied from a template, and how often a neuron from one it repeats.
 */
export const parseStats = { whole: 0, templates: 0, repeats: 0 };

/**
 * The declaration matched in one go, as written: only for a declaration that the pieces got
 * wrong, which the tests look for and should never find.
 */
function parseWhole(source: string, file: string, chunk: { start: number; end: number }, items: A.Item[]): Diagnostic | undefined {
  parseStats.whole++;
  const text = source.slice(chunk.start, chunk.end);
  const at = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) at[i] = chunk.start + i;
  const piece = Piece.of({ text, at, source, file } satisfies Reduced, 0, text.length);
  const match = grammar.match(text, 'File');
  if (match.failed()) return describeFailure(match, piece);
  items.push(...relocate(semantics(match).items() as A.Item[], piece));
  return undefined;
}

/** What a declaration with a syntax error was, as far as its first words tell. */
function brokenDecl(source: string, file: string, chunk: { start: number; end: number }): A.BrokenDecl {
  const start = skipSpace(source, chunk.start, chunk.end);
  const keyword = wordAt(source, start);
  // A misspelt keyword, `nueron`, still says what was meant.
  const meant = KEYWORDS.includes(keyword) ? keyword : closest(keyword, KEYWORDS);
  const kind = meant as A.Item['kind'] | undefined;
  const span = { file, start, end: Math.max(start, chunk.end) };
  if (!kind || kind === 'import') return { kind, span };
  const name = wordAt(source, skipSpace(source, start + keyword.length, chunk.end));
  return /^[A-Za-z_]/.test(name) && !RESERVED.includes(name) ? { kind, name, span } : { kind, span };
}

/**
 * An assert's expression is matched and built by recursion, a dozen frames per operator
 * along a chain and per parenthesis: these bounds keep it well inside the stack.
 */
export const MAX_ASSERT_OPERATORS = 256;
export const MAX_ASSERT_NESTING = 32;

const OPERATOR_CHARS = '+-*/%<>=!&|^~?';
const TWO_CHAR_OPERATORS = ['==', '!=', '<=', '>=', '<<', '>>', '&&', '||'];

function checkAssertSize(source: string, file: string, start: number, end: number): Diagnostic | undefined {
  const at = skipSpace(source, start, end);
  if (wordAt(source, at) !== 'assert') return undefined;
  let operators = 0;
  let depth = 0;
  for (let i = at; i < end; ) {
    const c = source.charCodeAt(i);
    if (c === 47 /* / */ || c === 34 /* " */) {
      const next = skipTrivia(source, i);
      if (next !== i) {
        i = next;
        continue;
      }
    }
    if (c === 40 /* ( */ && ++depth > MAX_ASSERT_NESTING) {
      return error('too-deep', `parentheses in this assert are nested more than ${MAX_ASSERT_NESTING} levels deep`, { file, start: i, end: i + 1 }, {
        hint: 'split it into several asserts, or compute the inner parts in the circuit',
      });
    }
    if (c === 41 /* ) */ && depth > 0) depth--;
    if (OPERATOR_CHARS.includes(source[i]!)) {
      if (++operators > MAX_ASSERT_OPERATORS) {
        return error('too-large', `this assert has more than ${MAX_ASSERT_OPERATORS} operators`, { file, start: at, end: at + 6 }, {
          hint: 'split it into several asserts, each about a few of the outputs',
        });
      }
      i += TWO_CHAR_OPERATORS.includes(source.slice(i, i + 2)) ? 2 : 1;
      continue;
    }
    i++;
  }
  return undefined;
}

/** Brackets nested deeper than MAX_NESTING (found as the file was cut) are refused before matching. */
function tooDeep(source: string, file: string, chunk: Chunk): Diagnostic | undefined {
  const i = chunk.tooDeep;
  if (i === undefined) return undefined;
  if (source.charCodeAt(i) === 40 /* ( */) {
    return error('too-deep', `parentheses are nested more than ${MAX_NESTING} levels deep here`, { file, start: i, end: i + 1 }, {
      hint: 'name the inner results: h1 = OR(a, b) on a line of its own, then use h1',
    });
  }
  return error('too-deep', `loops are nested more than ${MAX_NESTING} levels deep here`, { file, start: i, end: i + 1 }, {
    hint: 'a loop in a loop in a loop... is better a circuit of its own, used in the loop',
  });
}
