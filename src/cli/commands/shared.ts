// Steps several commands share: loading a file, picking a part, reading numeric options.

import type { PartDef } from '../../check/model.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { build, defaultPart, load, type Loaded } from '../../pipeline.js';
import type { FitOptions } from '../../train/fit.js';
import { NothingToRun, UsageError, type Context } from '../context.js';

/** Loads a file through the whole pipeline, reporting diagnostics; undefined on errors. */
export async function loadFile(ctx: Context, path: string, fit?: FitOptions): Promise<Loaded | undefined> {
  const loaded = await load(path, { sources: ctx.sources, ...(fit && { fit }) });
  ctx.report(loaded.diagnostics);
  return loaded.ok && !hasErrors(loaded.diagnostics) ? loaded.value : undefined;
}

/** The part called `name`, or the file's default part (saying which when there was a choice). */
export function pickPart(ctx: Context, loaded: Loaded, file: string, name: string | undefined, command: string): PartDef {
  const { model } = loaded;
  if (name !== undefined) {
    const part = model.parts.get(name);
    if (part) return part;
    const hint = didYouMean(name, model.parts.keys());
    const known = model.own.map((p) => p.name).join(', ');
    throw new UsageError(`there is no neuron or circuit called ${name} in ${file}${hint ? `; ${hint}` : known ? ` (it declares ${known})` : ''}`);
  }
  const picked = defaultPart(model);
  if (!picked) throw new NothingToRun(`${file} declares no neuron or circuit of its own: nothing to ${command}`);
  // Say which part was used, so a default never goes unnoticed.
  if (picked.choices > 1) {
    ctx.note(`${file} declares ${picked.choices} ${picked.part.kind}s; using ${picked.part.name}, the last one. Name another: nn ${command} ${file} NAME`);
  } else {
    ctx.note(`using ${picked.part.name}, the only ${picked.part.kind} in ${file}`);
  }
  return picked.part;
}

/**
 * Elaborates and compiles `part`, reporting diagnostics; undefined on errors. `limits` is
 * given by the commands that take --max-neurons: for them a circuit over the limit is a
 * problem of the command line (exit 2).
 */
export function buildPart(ctx: Context, loaded: Loaded, part: PartDef, limits?: { readonly maxNeurons: number | undefined }) {
  const maxNeurons = limits?.maxNeurons;
  const built = build(loaded.model, part.name, maxNeurons === undefined ? {} : { maxNeurons });
  if (limits && built.diagnostics.some((d) => d.code === 'too-large')) ctx.blameCommandLine();
  ctx.report(built.diagnostics);
  return built.ok ? built.value : undefined;
}

/** A numeric option's value, or a usage error that says what was expected. */
export function numberOption(
  name: string,
  value: string | undefined,
  rule: { integer?: boolean; min?: number; positive?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const what = rule.integer ? 'a whole number' : 'a number';
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs ${what}, not '${value}'`);
  if (rule.integer && !Number.isInteger(n)) throw new UsageError(`--${name} needs ${what}, not '${value}'`);
  if (rule.min !== undefined && n < rule.min) throw new UsageError(`--${name} must be at least ${rule.min}`);
  if (rule.positive && n <= 0) throw new UsageError(`--${name} must be more than 0`);
  return n;
}

/**
 * 1,048,576: a whole number with thousands separators, for help texts. Not toLocaleString:
 * its first call sets up ICU's number formatting, which costs more than the rest of a small
 * command's start-up, and help texts are built whenever a command's module loads.
 */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A compact, exact-enough rendering of a weight, bias or pre-activation. */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return '0';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}
