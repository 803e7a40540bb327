// One Diagnostic type for every stage: parse, check, elaborate, train, render and the CLI.
// Spans hold offsets only; line and column are worked out when a diagnostic is rendered.

/** A stretch of a source file: offsets `start` (inclusive) to `end` (exclusive). */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export type Severity = 'error' | 'warning';

/** A further place that explains a diagnostic, e.g. the first declaration of a duplicate. */
export interface Note {
  readonly message: string;
  readonly span?: Span;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier, e.g. `unknown-name`; documented in docs/diagnostics.md. */
  readonly code: string;
  readonly message: string;
  /** Where the problem is; absent for problems with no place in a file (an unreadable file). */
  readonly span?: Span;
  /** How to fix it, where we can say. */
  readonly hint?: string;
  readonly notes?: readonly Note[];
}

/** What a stage returns: a value with any warnings, or the reasons it could not make one. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function error(
  code: string,
  message: string,
  span?: Span,
  extra: { hint?: string; notes?: Note[] } = {},
): Diagnostic {
  return { severity: 'error', code, message, ...(span && { span }), ...extra };
}

export function warning(
  code: string,
  message: string,
  span?: Span,
  extra: { hint?: string; notes?: Note[] } = {},
): Diagnostic {
  return { severity: 'warning', code, message, ...(span && { span }), ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function ok<T>(value: T, diagnostics: readonly Diagnostic[] = []): Result<T> {
  return { ok: true, value, diagnostics };
}

export function fail<T>(diagnostics: readonly Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

/** A Result that fails when any diagnostic is an error. */
export function resultOf<T>(value: T, diagnostics: readonly Diagnostic[]): Result<T> {
  return hasErrors(diagnostics) ? fail(diagnostics) : ok(value, diagnostics);
}
