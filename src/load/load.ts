// Reads a .nn file and, transitively, the files it imports. All file access goes through a
// host, so the library never touches the file system itself and tests can load from memory.

import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { error, warning, type Diagnostic, type Result, type Span } from '../diagnostics/diagnostic.js';
import type { FileAst, ImportDecl } from '../parse/ast.js';
import { parse } from '../parse/parse.js';

export interface SourceHost {
  /** The file's text; throws (with a Node-style `code`) when it cannot be read. */
  readFile(path: string): string;
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

/**
 * A load that failed only on syntax errors still has the declarations that parsed, as
 * `partial`, so that the checker can report their problems too.
 */
export type LoadResult = Result<Program> & { readonly partial?: Program };

/** Loads `path` and its imports. Sources of every file read are put in `sources` for diagnostics. */
export function loadProgram(path: string, host: SourceHost, sources: Map<string, string> = new Map()): LoadResult {
  const diagnostics: Diagnostic[] = [];
  let syntaxErrors = 0;
  const files: LoadedFile[] = [];
  const done = new Map<string, LoadedFile | null>();
  const stack: { id: string; path: string; via?: ImportDecl }[] = [];

  const visit = (display: string, via?: ImportDecl): void => {
    const id = resolve(display);
    const onStack = stack.findIndex((s) => s.id === id);
    if (onStack >= 0 && via) {
      diagnostics.push(importCycle(stack.slice(onStack).map((s) => s.path), display, via));
      return;
    }
    if (done.has(id)) return;
    done.set(id, null);
    const text = read(display, host, via?.path.span, diagnostics);
    if (text === undefined) return;
    sources.set(display, text);
    const parsed = parse(text, display);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.ok) syntaxErrors += parsed.diagnostics.length;
    const ast = parsed.ok ? parsed.value : parsed.partial;
    if (parsed.ok && ast.items.length === 0 && !via) {
      diagnostics.push(warning('empty-file', `${display} declares nothing`, undefined, {
        hint: 'a .nn file holds neuron, circuit and test declarations; see docs/language.md',
      }));
    }
    stack.push({ id, path: display, ...(via && { via }) });
    const imports: string[] = [];
    for (const item of ast.items) {
      if (item.kind !== 'import') continue;
      const path = importPath(display, item.path.value);
      imports.push(path);
      visit(path, item);
    }
    stack.pop();
    const file: LoadedFile = { path: display, source: text, ast, imports };
    done.set(id, file);
    files.push(file);
  };

  visit(path);
  const entry = files[files.length - 1];
  if (!entry || entry.path !== path || diagnostics.some((d) => d.severity === 'error')) {
    const onlySyntax = diagnostics.filter((d) => d.severity === 'error').length === syntaxErrors;
    return { ok: false, diagnostics, ...(entry && entry.path === path && onlySyntax && { partial: { files, entry } }) };
  }
  return { ok: true, value: { files, entry }, diagnostics };
}

/** An import's path as the user would write it: absolute as given, else from the importer's folder. */
function importPath(importer: string, path: string): string {
  return isAbsolute(path) ? normalize(path) : normalize(join(dirname(importer), path));
}

function importCycle(chain: string[], display: string, via: ImportDecl): Diagnostic {
  if (chain.length === 1) {
    return error('import-cycle', `${display} imports itself`, via.path.span, { hint: 'remove this import' });
  }
  return error('import-cycle', `circular import: ${[...chain, display].join(' → ')}`, via.path.span, {
    hint: 'files cannot import each other in a loop; move the shared declarations into a file both import',
  });
}

/** Reads a file, turning every way it can fail into one plain diagnostic. */
function read(path: string, host: SourceHost, importedAt: Span | undefined, out: Diagnostic[]): string | undefined {
  let text: string;
  try {
    text = host.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason =
      code === 'ENOENT' ? 'no such file' :
      code === 'EISDIR' ? 'it is a directory, not a file' :
      code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
      code === 'EFBIG' ? (e as Error).message :
      (e as Error).message;
    const message = importedAt ? `cannot import ${path}: ${reason}` : `cannot read ${path}: ${reason}`;
    const hint = code !== 'EISDIR' ? undefined : importedAt ? 'import a .nn file, not a folder' : 'pass a .nn file; `nn test` and `nn check` also accept folders';
    out.push(error(importedAt ? 'import-not-found' : 'unreadable-file', message, importedAt, hint ? { hint } : {}));
    return undefined;
  }
  if (text.includes('\0')) {
    out.push(error('binary-file', `${path} is not a text file (it contains NUL bytes)`, importedAt, {
      hint: '.nn files are UTF-8 text',
    }));
    return undefined;
  }
  // A byte-order mark is not part of the text: columns on line 1 count from after it.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
