import { existsSync } from 'node:fs';
import type { AssertDef, Part } from '../../check/model.js';
import { positionOf } from '../../diagnostics/render.js';
import { escapeControl } from '../../diagnostics/text.js';
import { plural, thousands } from '../../diagnostics/words.js';
import type { Netlist } from '../../elaborate/netlist.js';
import { compileAssert, exprText, proveAssert, proveEquivalence, type Proof } from '../../verify/asserts.js';
import { describeFailure, shorten } from '../../verify/describe.js';
import { DEFAULT_MAX_EXHAUSTIVE_ROWS, type ProveOptions } from '../../verify/prove.js';
import type { Built, Loaded } from '../../pipeline.js';
import { EXIT, NothingToRun, UsageError, type Context } from '../context.js';
import type { Command } from '../command.js';
import { defaultJobs, parallelSweeper } from '../parallel.js';
import { Progress } from '../progress.js';
import { threadSat } from '../sat-thread.js';
import { buildPart, loadFile, numberOption, pickPart, trainerFor } from './shared.js';

const METHODS = ['auto', 'exhaustive', 'sat'] as const;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'prove asserts, or that two parts are equivalent, for every input',
  usage: 'nn verify FILE [NAME] [--equals OTHER] [--method auto|exhaustive|sat] [--timeout SECONDS] [--jobs N] [--json]',
  help: `Proves, for every input, each assert block in FILE (with NAME: those about NAME), or with
--equals that NAME and OTHER give the same outputs on every input. Each property is proved
by evaluating every row on the bit-parallel engine while that is quick, and by a SAT solver
(CaDiCaL) beyond; the verdict says which method and how long it took. A property that does
not hold gets a counterexample: the input (buses as numbers), the outputs, what each side of
the assert came to, and the hidden neurons' values. Exit code 0 when everything is proved, 1
when something fails (or a file has errors), 3 when something could not be decided in time.

OTHER is a part of FILE, a part of another file written FILE2:NAME2, or a file FILE2 (its
main part). Ports are paired by name when both parts have the same names, else in order;
their widths must agree.

Options:
  --equals OTHER     prove NAME (or FILE's main part) equivalent to OTHER
  --method METHOD    auto (default), exhaustive (every row) or sat
  --exhaustive N     with auto, prove a property of at most N rows by evaluating every row,
                     a larger one by SAT (default 2^32 = ${thousands(DEFAULT_MAX_EXHAUSTIVE_ROWS)})
  --timeout SECONDS  give up on a property after this long ("undecided", exit code 3)
  --jobs N           worker threads for exhaustive proofs (default: the cores available)
  --json             print the verdicts as JSON`,
  options: {
    equals: { type: 'string' },
    method: { type: 'string' },
    exhaustive: { type: 'string' },
    timeout: { type: 'string' },
    jobs: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals }) {
    const [file, name] = positionals as [string, string | undefined];
    const method = (values.method ?? 'auto') as (typeof METHODS)[number];
    if (!METHODS.includes(method)) throw new UsageError(`--method must be auto, exhaustive or sat, not '${values.method}'`);
    const timeout = numberOption('timeout', values.timeout as string | undefined, { positive: true, max: 1e7 });
    const maxRows = numberOption('exhaustive', values.exhaustive as string | undefined, { integer: true, min: 1, max: 2 ** 53 });
    const jobs = numberOption('jobs', values.jobs as string | undefined, { integer: true, min: 1, max: 256 }) ?? defaultJobs();
    const options: ProveOptions = {
      method,
      ...(maxRows !== undefined && { maxExhaustiveRows: maxRows }),
      ...(timeout !== undefined && { timeout: Math.round(timeout * 1000) }),
      sweeper: parallelSweeper(jobs),
      sat: threadSat,
    };
    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    // Text verdicts print as they come; JSON prints once at the end.
    const print = values.json === true ? () => {} : (r: Result, part: PartNames) => ctx.out(verdictText(ctx, r, part));
    const results = typeof values.equals === 'string'
      ? await equivalence(ctx, loaded, file, name, values.equals, options, print)
      : await asserts(ctx, loaded, file, name, options, print);
    if (!results) return EXIT.failed;
    if (values.json === true) ctx.out(JSON.stringify(results.map(jsonOf), null, 2) + '\n');
    else {
      const proved = results.filter((r) => r.proof.status === 'proved').length;
      const failed = results.filter((r) => r.proof.status === 'failed').length;
      const undecided = results.length - proved - failed;
      const summary = [`${results.length} ${plural(results.length, 'property', 'properties')}: ${proved} proved, ${failed} failed`];
      if (undecided > 0) summary.push(`${undecided} undecided`);
      ctx.out(summary.join(', ') + '\n');
    }
    if (results.some((r) => r.proof.status === 'failed' || r.broken)) return EXIT.failed;
    return results.some((r) => r.proof.status === 'undecided') ? EXIT.undecided : EXIT.ok;
  },
};

interface Result {
  readonly kind: 'assert' | 'equivalence';
  /** `RippleAdder<16>`, or `A = B` for an equivalence. */
  readonly name: string;
  readonly property: string;
  readonly at?: string;
  readonly proof: Proof;
  /** An assert nn could not build (reported as a diagnostic). */
  readonly broken?: boolean;
}

interface PartNames {
  readonly file: string;
  readonly name: string;
  readonly other?: string;
}

type Print = (r: Result, part: PartNames) => void;

async function asserts(ctx: Context, loaded: Loaded, file: string, name: string | undefined, options: ProveOptions, print: Print): Promise<Result[] | undefined> {
  let chosen: readonly AssertDef[] = loaded.model.asserts;
  if (name !== undefined) {
    const picked = pickPart(ctx, loaded, file, name, 'verify');
    const key = name.replace(/\s+/g, '');
    chosen = chosen.filter((a) => a.name === key || (a.target.kind === 'neuron' && a.target === picked.def));
    if (chosen.length === 0) {
      throw new UsageError(`${file} has no assert about ${name}: write one (assert ${name} { ... }), or compare it with another part: nn verify ${file} ${name} --equals OTHER`);
    }
  }
  if (chosen.length === 0) {
    throw new NothingToRun(`${file} has no assert blocks: write one (assert NAME { ... }), or compare two parts: nn verify ${file} NAME --equals OTHER`);
  }
  const builds = new Map<Part, Built | undefined>();
  const trainer = trainerFor(ctx);
  const results: Result[] = [];
  for (const def of chosen) {
    if (!builds.has(def.target)) builds.set(def.target, await buildPart(ctx, loaded, def.name, { trainer }));
    const built = builds.get(def.target);
    const at = where(ctx, def.file, def.decl.span.start);
    const property = shorten(exprText(def.expr));
    if (!built) continue;
    const compiled = compileAssert(built.netlist, def);
    if (!compiled.ok) {
      ctx.report(compiled.diagnostics);
      results.push({ kind: 'assert', name: def.name, property, at, broken: true, proof: { status: 'undecided', method: 'exhaustive', ms: 0, rows: 0n, reason: compiled.diagnostics[0]!.message } });
      continue;
    }
    const proof = await withProgress(ctx, `proving ${def.name}`, compiled.value.circuit.inputCount, options, (o) => proveAssert(compiled.value, o));
    const result: Result = { kind: 'assert', name: def.name, property, at, proof };
    print(result, { file, name: def.name });
    results.push(result);
  }
  if (results.length === 0) return undefined;
  return results;
}

async function equivalence(
  ctx: Context, loaded: Loaded, file: string, name: string | undefined, other: string, options: ProveOptions, print: Print,
): Promise<Result[] | undefined> {
  const a = await netlistOf(ctx, loaded, file, name);
  if (!a) return undefined;
  const target = otherPart(other);
  let b: Netlist | undefined;
  if (target.file === undefined) b = await netlistOf(ctx, loaded, file, target.name);
  else {
    const otherLoaded = loadFile(ctx, target.file);
    if (!otherLoaded) return undefined;
    b = await netlistOf(ctx, otherLoaded, target.file, target.name);
  }
  if (!b) return undefined;
  const inputs = a.inputs.length;
  const proof = await withProgress(ctx, `proving ${a.name} = ${b.name}`, inputs, options, (o) => proveEquivalence(a, b, o));
  if (proof.status === 'incomparable') throw new UsageError(proof.reason);
  const result: Result = { kind: 'equivalence', name: `${a.name} = ${b.name}`, property: `${a.name} and ${b.name} give the same outputs (ports paired ${proof.pairing.inputs === 'name' && proof.pairing.outputs === 'name' ? 'by name' : 'in order'})`, proof };
  print(result, { file, name: a.name, other: b.name });
  return [result];
}

async function netlistOf(ctx: Context, loaded: Loaded, file: string, name: string | undefined): Promise<Netlist | undefined> {
  const picked = pickPart(ctx, loaded, file, name, 'verify');
  return (await buildPart(ctx, loaded, picked))?.netlist;
}

/** `Name`, `file.nn:Name`, or `file.nn` (its main part). */
function otherPart(text: string): { file?: string; name?: string } {
  const colon = text.lastIndexOf(':');
  if (colon > 0 && /^\s*[A-Za-z_][A-Za-z0-9_]*\s*(<[^>]*>)?\s*$/.test(text.slice(colon + 1))) {
    return { file: text.slice(0, colon), name: text.slice(colon + 1) };
  }
  if (/\.nn$/i.test(text) || existsSync(text)) return { file: text };
  return { name: text };
}

async function withProgress<T>(ctx: Context, label: string, inputs: number, options: ProveOptions, prove: (o: ProveOptions) => Promise<T>): Promise<T> {
  const progress = new Progress(ctx, label);
  const rows = 2 ** inputs;
  // SAT reports nothing while it runs: the line shows the time spent.
  const timer = progress.enabled ? setInterval(() => progress.elapsed(), 250) : undefined;
  try {
    return await prove({ ...options, progress: (done) => progress.update(done, rows, 'rows') });
  } finally {
    if (timer) clearInterval(timer);
    progress.end();
  }
}

function verdictText(ctx: Context, r: Result, part: PartNames): string {
  const paint = (code: string, s: string) => (ctx.colorOut ? `\x1b[${code}m${s}\x1b[0m` : s);
  const p = r.proof;
  const how = `${p.method === 'sat' ? 'by SAT' : 'exhaustively'}, ${seconds(p.ms)}`;
  const at = r.at ? ` ${paint('2', r.at)}` : '';
  const title = r.kind === 'assert' ? `assert ${escapeControl(r.name)} { ${escapeControl(r.property)} }` : escapeControl(r.property);
  if (p.status === 'proved') return `${paint('32;1', 'PROVED')} ${title}: every one of ${rowsText(p.rows)} inputs, ${how}${at}\n`;
  if (p.status === 'undecided') return `${paint('33;1', 'UNDECIDED')} ${title}: ${escapeControl(p.reason)} (${how})${at}\n`;
  const lines = describeFailure(p.failure, part).map((l) => `  ${escapeControl(l)}`);
  return `${paint('31;1', 'FAILED')} ${title}: a counterexample, found ${how}${at}\n${lines.join('\n')}\n`;
}

function jsonOf(r: Result): unknown {
  const p = r.proof;
  const base = { kind: r.kind, name: r.name, property: r.property, ...(r.at && { at: r.at }), status: p.status, method: p.method, ms: p.ms, rows: String(p.rows) };
  if (p.status === 'undecided') return { ...base, reason: p.reason };
  if (p.status !== 'failed') return base;
  const f = p.failure;
  const ports = (list: typeof f.inputs) => Object.fromEntries(list.map((q) => [q.name, q.value.toString()]));
  return {
    ...base,
    counterexample: {
      row: f.row.toString(),
      inputs: ports(f.inputs),
      outputs: ports(f.outputs),
      ...(f.otherOutputs && { otherOutputs: ports(f.otherOutputs) }),
      ...(f.sides && { sides: { op: f.sides.op, left: f.sides.left.toString(), right: f.sides.right.toString() } }),
      hidden: Object.fromEntries(f.hidden.map((h) => [h.name, h.value])),
    },
  };
}

export function rowsText(rows: bigint): string {
  const bits = rows.toString(2).length - 1;
  return rows <= 2n ** 40n ? thousands(Number(rows)) : `2^${bits}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.max(ms, 1)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function where(ctx: Context, file: string, offset: number): string {
  const p = positionOf(ctx.sources.get(file) ?? '', offset);
  return `${escapeControl(file)}:${p.line}:${p.column}`;
}
