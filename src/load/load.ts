// Reads a .nn file and, transitively, the files it imports. All file access goes through a
// host, so the library never touches the file system itself and tests can load from memory.

import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { error, warning, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import { shorten } from '../diagnostics/text.js';
import type { FileAst, ImportDecl } from '../parse/ast.js';
import { parse, type ParseResult } from '../parse/parse.js';
import { errorCode, fileErrorReason } from './file-errors.js';

export interface SourceHost {
  /** The file's text; throws (with a Node-style `code`) when it cannot be read. */
  readFile(path: string): string;
  /**
   * One name per file however it is reached (through symlinks, `..`, hard links), so import
   * loops are found; the absolute path when absent.
   */
  fileId?(path: string): string;
}

export interface LoadedFile {
  /** The path as the user would write it: as given, or joined onto the importer's path. */
  readonly path: string;
  readonly source: string;
  readonly ast: FileAst;
  /** The paths (as above) of the files it imports itself. */
  readonly imports: readonly string[];
}

export interface Program {
  /** Every file, imports before the files that import them; the entry file comes last. */
  readonly files: readonly LoadedFile[];
  readonly entry: LoadedFile;
}

/** A file being loaded: its imports are loaded one by one before it is done. */
interface Open {
  readonly id: string;
  readonly path: string;
  readonly source: string;
  readonly ast: FileAst;
  readonly imports: string[];
  /** The next of `ast.items` to look at for an import. */
  next: number;
}

/**
 * A load that failed only on syntax errors still has the declarations that parsed, as
 * `partial`, so that the checker can report their problems too.
 */
export type LoadResult = Result<Program> & { readonly partial?: Program };

/**
 * Loads `path` and its imports. Sources of every file read are put in `sources` for
 * diagnostics. Imports are followed depth first with a stack of our own, not the JS stack,
 * so a chain of thousands of imports is no deeper than one.
 */
export function loadProgram(path: string, host: SourceHost, sources: Map<string, string> = new Map()): LoadResult {
  const diagnostics: Diagnostic[] = [];
  let syntaxErrors = 0;
  const files: LoadedFile[] = [];
  const stack: Open[] = [];
  /** Each file seen, by id: its place on the stack while it is being loaded, then -1. */
  const seen = new Map<string, number>();
  const identify = (p: string): string => host.fileId?.(p) ?? resolve(p);

  const open = (display: string, via?: ImportDecl): void => {
    const id = identify(display);
    const at = seen.get(id);
    if (at !== undefined) {
      if (at >= 0 && via) diagnostics.push(importCycle(stack.slice(at).map((s) => s.path), display, via));
      return;
    }
    seen.set(id, -1);
    const text = read(display, host, via?.path.span, diagnostics);
    if (text === undefined) return;
    sources.set(display, text);
    const parsed = parseOnce(text, display);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.ok) syntaxErrors += parsed.diagnostics.length;
    const ast = parsed.ok ? parsed.value : parsed.partial;
    if (parsed.ok && ast.items.length === 0 && !via) {
      diagnostics.push(warning('empty-file', `${display} declares nothing`, undefined, {
        hint: 'a .nn file holds neuron, circuit, test and assert declarations; see docs/language.md',
      }));
    }
    seen.set(id, stack.length);
    stack.push({ id, path: display, source: text, ast, imports: [], next: 0 });
  };

  open(path);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const items = top.ast.items;
    while (top.next < items.length && items[top.next]!.kind !== 'import') top.next++;
    const item = items[top.next++];
    if (item?.kind === 'import') {
      const imported = importPath(top.path, item.path.value);
      top.imports.push(imported);
      open(imported, item);
      continue;
    }
    stack.pop();
    seen.set(top.id, -1);
    files.push({ path: top.path, source: top.source, ast: top.ast, imports: top.imports });
  }
  const entry = files[files.length - 1];
  if (!entry || entry.path !== path || diagnostics.some((d) => d.severity === 'error')) {
    const onlySyntax = diagnostics.filter((d) => d.severity === 'error').length === syntaxErrors;
    return { ok: false, diagnostics, ...(entry && entry.path === path && onlySyntax && { partial: { files, entry } }) };
  }
  return { ok: true, value: { files, entry }, diagnostics };
}

/**
 * The parses of the files read lately, by path and text. A file many others import (gates.nn)
 * is parsed once for `nn test` of a folder, not once per importer, and so is a file a program
 * loads again unchanged. A parse is a function of the text and the path its spans name alone,
 * and nothing changes its result. Up to a megabyte of text is kept, the least recently used
 * going first.
 */
const recentParses = new Map<string, ParseResult>();
const MOST_KEPT_TEXT = 1024 * 1024;
let keptText = 0;

function parseOnce(text: string, path: string): ParseResult {
  if (text.length > MOST_KEPT_TEXT / 4) return parse(text, path);
  const key = `${path}\0${text}`;
  const kept = recentParses.get(key);
  if (kept) {
    // Moved to the end: the most recently used.
    recentParses.delete(key);
    recentParses.set(key, kept);
    return kept;
  }
  const parsed = parse(text, path);
  recentParses.set(key, parsed);
  keptText += key.length;
  for (const old of recentParses.keys()) {
    if (keptText <= MOST_KEPT_TEXT) break;
    recentParses.delete(old);
    keptText -= old.length;
  }
  return parsed;
}

/** An import's path as the user would write it: absolute as given, else from the importer's folder. */
function importPath(importer: string, path: string): string {
  // join normalizes what it joins.
  return isAbsolute(path) ? normalize(path) : join(dirname(importer), path);
}

function importCycle(chain: string[], display: string, via: ImportDecl): Diagnostic {
  if (chain.length === 1) {
    // Through a symlink the file may be reached under another name: say both.
    const as = display === chain[0] ? '' : ` (as ${shorten(display)})`;
    return error('import-cycle', `${shorten(chain[0]!)} imports itself${as}`, via.path.span, { hint: 'remove this import' });
  }
  const names = [...chain, display].map((p) => shorten(p));
  // A loop through thousands of files is named by its two ends.
  const shown = names.length <= 12 ? names : [...names.slice(0, 6), `… ${names.length - 10} more …`, ...names.slice(-4)];
  return error('import-cycle', `circular import: ${shown.join(' → ')}`, via.path.span, {
    hint: 'files cannot import each other in a loop; move the shared declarations into a file both import',
  });
}

/** Reads a file, turning every way it can fail into one plain diagnostic. */
function read(path: string, host: SourceHost, importedAt: Span | undefined, out: Diagnostic[]): string | undefined {
  let text: string;
  try {
    text = host.readFile(path);
  } catch (e) {
    const code = errorCode(e);
    const reason = fileErrorReason(e, 'read');
    if (code === 'EBINARY') return binary(path, importedAt, out);
    const shown = shorten(path);
    const message = importedAt ? `cannot import ${shown}: ${reason}` : `cannot read ${shown}: ${reason}`;
    const hint =
      code === 'EISDIR' ? (importedAt ? 'import a .nn file, not a folder' : 'pass a .nn file; `nn test` and `nn check` also accept folders') :
      code === 'ENOTREGULAR' ? 'nn reads .nn files from regular files only: save the text to a file first' :
      undefined;
    out.push(error(importedAt ? 'import-not-found' : 'unreadable-file', message, importedAt, hint ? { hint } : {}));
    return undefined;
  }
  if (text.includes('\0')) return binary(path, importedAt, out);
  // A byte-order mark is not part of the text: columns on line 1 count from after it.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function binary(path: string, importedAt: Span | undefined, out: Diagnostic[]): undefined {
  out.push(error('binary-file', `${shorten(path)} is not a text file (it contains NUL bytes)`, importedAt, {
    hint: '.nn files are UTF-8 text',
  }));
  return undefined;
}
