// What a command may touch: the streams, the environment and whether each stream is a
// terminal, passed in so the whole CLI runs in-process in tests (files are read from the
// real file system, relative to the working directory). Only src/cli/ knows about any of this.

import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics, safe } from '../diagnostics/render.js';
import { escapeControl } from '../diagnostics/text.js';
import { count } from '../diagnostics/words.js';
import { fileErrorReason } from '../load/file-errors.js';

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** 3: nn verify could not decide a property (a time limit, a problem too large for the method). */
export const EXIT = { ok: 0, failed: 1, usage: 2, undecided: 3 } as const;

/** Diagnostics printed for one file (one report) at most, errors first; the rest are counted in a note. */
export const MAX_DIAGNOSTICS_SHOWN = 100;

/**
 * Diagnostics whose fix is on the command line, not in a file: a FILE named there that cannot
 * be read, a table longer than --max-rows allows. A run that reports one exits 2.
 */
const COMMAND_LINE_CODES: ReadonlySet<string> = new Set(['unreadable-file', 'table-too-large']);

/** A mistake on the command line: reported with the command's usage line, exit code 2. */
export class UsageError extends Error {}

/** A file that has nothing for a command to work on: exit code 1, like any problem in a file. */
export class NothingToRun extends Error {}

export class Context {
  /** Texts of every file read, so diagnostics can show their source lines. */
  readonly sources = new Map<string, string>();

  /** Set once a problem of the command line itself was reported: the run then exits 2. */
  private commandLineProblem = false;

  constructor(readonly io: Io) {}

  /**
   * Marks the problem being reported as one whose fix is on the command line rather than in
   * a file (an output nn will not or cannot write, a limit an option sets): the run exits 2.
   */
  blameCommandLine(): void {
    this.commandLineProblem = true;
  }

  /** A command's exit code, 2 instead of 1 when the failure was one of the command line. */
  exitCode(code: number): number {
    return code === EXIT.failed && this.commandLineProblem ? EXIT.usage : code;
  }

  /** Every file this run has read (.nn files and data sets): never to be written over. */
  inputs(): string[] {
    return [...this.sources.keys()];
  }

  get colorErr(): boolean {
    return this.io.stderrIsTTY && !this.io.env.NO_COLOR;
  }

  get colorOut(): boolean {
    return this.io.stdoutIsTTY && !this.io.env.NO_COLOR;
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  /**
   * Writes to stderr, with control characters escaped: what is said may quote a file (a
   * name, a path, an error's message), and a file must never drive the terminal.
   */
  err(text: string): void {
    this.io.stderr.write(escapeControl(text));
  }

  private readonly shown = new Set<string>();

  /**
   * Renders diagnostics to stderr, each only once per run: checking a folder loads a shared
   * import once per importer, and its warnings should not repeat. Returns those shown.
   */
  report(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    if (diagnostics.some((d) => d.severity === 'error' && COMMAND_LINE_CODES.has(d.code))) this.commandLineProblem = true;
    const fresh = diagnostics.filter((d) => {
      const key = `${d.span?.file}:${d.span?.start}:${d.span?.end}:${d.code}:${d.message}`;
      if (this.shown.has(key)) return false;
      this.shown.add(key);
      return true;
    });
    // Past the cap, errors go first: 5,000 warnings must not hide the one error.
    const capped = fresh.length > MAX_DIAGNOSTICS_SHOWN;
    const ordered = capped ? [...fresh.filter((d) => d.severity === 'error'), ...fresh.filter((d) => d.severity !== 'error')] : fresh;
    const shown = ordered.slice(0, MAX_DIAGNOSTICS_SHOWN);
    if (shown.length > 0) {
      // The renderer escapes what it quotes itself, and adds colour: written as it is.
      this.io.stderr.write(renderDiagnostics(shown, { source: (f) => this.sources.get(f), color: this.colorErr }));
    }
    const hidden = ordered.slice(MAX_DIAGNOSTICS_SHOWN);
    if (hidden.length > 0) {
      const errors = hidden.filter((d) => d.severity === 'error').length;
      this.note(`${count(hidden.length, 'more problem')} not shown (${count(errors, 'error')}, ${count(hidden.length - errors, 'warning')}); fix the first ${MAX_DIAGNOSTICS_SHOWN} and run nn again`);
    }
    return fresh;
  }

  /** A note on stderr: one line, escaped and bounded however much of a file it quotes. */
  note(text: string): void {
    this.io.stderr.write(`${this.colorErr ? '\x1b[36;1mnote\x1b[0m' : 'note'}: ${safe(text)}\n`);
  }

}

/** Lists a folder; readdirSync with file types, unless a test gives another. */
export type ReadDir = (dir: string) => Dirent[];

const readDir: ReadDir = (dir) => readdirSync(dir, { withFileTypes: true });

export interface FoundFiles {
  readonly files: string[];
  /** Folders that could not be listed (permission denied, ...), one error each. */
  readonly problems: Diagnostic[];
}

/**
 * The .nn files named on the command line, folders searched recursively, in sorted order; a
 * file named twice (or also found in a folder given) is kept once, where it first appears. A
 * folder that cannot be listed is a problem to report, and the search goes on without it.
 */
export function expandPaths(paths: readonly string[], list: ReadDir = readDir): FoundFiles {
  const found = findFiles(paths, list);
  if (found.files.length === 0 && found.problems.length === 0) throw new UsageError(`no .nn files in ${paths.join(', ')}`);
  const seen = new Set<string>();
  const files: string[] = [];
  for (const { path, id } of found.files) {
    if (seen.has(id)) continue;
    seen.add(id);
    files.push(path);
  }
  return { files, problems: found.problems };
}

/** One name per file: through symbolic links when it exists, else the absolute path. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** A file found, and its one name (see canonical). */
interface Found {
  readonly path: string;
  readonly id: string;
}

function findFiles(paths: readonly string[], list: ReadDir): { files: Found[]; problems: Diagnostic[] } {
  const files: Found[] = [];
  const problems: Diagnostic[] = [];
  const listed = (dir: string, id: string): { dir: string; id: string; entries: Dirent[]; next: number } | undefined => {
    try {
      const entries = list(dir).sort((a, b) => a.name.localeCompare(b.name));
      return { dir, id, entries, next: 0 };
    } catch (e) {
      problems.push(error('unreadable-folder', `cannot read the folder ${dir}: ${fileErrorReason(e, 'list')}`, undefined, {
        hint: 'its .nn files were skipped; give nn permission to read it, or name the files you mean',
      }));
      return undefined;
    }
  };
  // Depth first, in sorted order, with our own stack: a deep tree of folders must not
  // exhaust the JS stack.
  const walk = (root: string): void => {
    const first = listed(root, canonical(root));
    const stack = first ? [first] : [];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const entry = top.entries[top.next++];
      if (entry === undefined) {
        stack.pop();
        continue;
      }
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      // Below the root a folder's path is already normal, so a separator is enough: join would
      // normalise it again, which makes walking a tree quadratic in its depth.
      const path = top === stack[0] ? join(top.dir, entry.name) : `${top.dir}${sep}${entry.name}`;
      // The walk does not follow symbolic links to folders, so below a folder's one name an
      // entry's is that name and its own, unless it is a link itself: a file system call
      // for a link only, not for every file (which made a deep tree quadratic again).
      const id = `${top.id}${sep}${entry.name}`;
      if (entry.isDirectory()) {
        const sub = listed(path, id);
        if (sub) stack.push(sub);
      } else if (entry.name.endsWith('.nn')) files.push({ path, id: entry.isSymbolicLink() ? canonical(path) : id });
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Not there: loading it reports the problem in the usual way.
    }
    if (isDir) walk(p);
    else files.push({ path: p, id: canonical(p) });
  }
  return { files, problems };
}
