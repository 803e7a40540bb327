import type { ParseArgsConfig } from 'node:util';
import type { Context } from './context.js';

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: readonly string[];
}

/** One `nn` subcommand: its help text, its options, and a run function over a Context. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals: { readonly min: number; readonly max: number };
  /** Returns the exit code. Throws UsageError for a mistake on the command line. */
  run(ctx: Context, args: ParsedArgs): Promise<number>;
}
