import type { Bit } from '../../check/model.js';
import { signatureOf } from '../../check/model.js';
import { positionOf } from '../../diagnostics/render.js';
import { thousands } from '../../diagnostics/words.js';
import { DEFAULT_MAX_NEURONS } from '../../elaborate/elaborate.js';
import type { Radix } from '../../evaluate/ports.js';
import { nodeHost } from '../../pipeline.js';
import { oscillationDiagnostic } from '../../simulate/report.js';
import { stimulusFromCsv, stimulusFromLists, stimulusFromTest } from '../../simulate/stimulus.js';
import { columnValue, runTicks, TRACE_FORMATS, traceLayout, traceWriter, type RunResult, type TraceFormat, type TickVisitor } from '../../simulate/trace.js';
import { vcdWriter, type ByteSink } from '../../simulate/vcd.js';
import { MAX_WAVEFORM_TICKS, waveformSvg } from '../../simulate/waveform.js';
import { EXIT, UsageError } from '../context.js';
import type { Command } from '../command.js';
import { version } from '../main.js';
import { Progress } from '../progress.js';
import { OutputError, openOutputSafely, type OutputStream } from '../write-output.js';
import { emit } from './output.js';
import { buildMachinePart, loadFile, numberOption, pickPart } from './shared.js';

const RADIXES: readonly Radix[] = ['dec', 'hex', 'bin'];
/** Ticks a run without any stimulus takes, for a part without inputs. */
const DEFAULT_TICKS = 16;
const MAX_TICKS = 1_000_000_000;

export const simCommand: Command = {
  name: 'sim',
  summary: 'run a circuit over time, tick by tick: trace, VCD waveform, timing diagram',
  usage: 'nn sim FILE [NAME] [PORT=V,V,...]... [--input STIM.csv | --sequence] [--ticks N] [--hidden] [--format text|csv|json] [--vcd OUT.vcd] [--svg OUT.svg]',
  help: `Runs NAME from its start-up state (every neuron 0, every delay its initial value), one clock
tick after another, and prints each tick's inputs and outputs once the circuit has settled.
Inputs for each tick come from one of:
  PORT=V,V,...       a list per input on the command line, one value per tick (en=1,1,0,1;
                     a bus takes numbers: a=3,0x5,0b101); a shorter list holds its last value
  --input FILE.csv   a CSV file: a header naming the inputs, then one row per tick (a tick
                     column, and columns named like outputs, are ignored)
  --sequence         the part's test NAME sequence block in FILE: what nn does by default
                     when there is one and no other inputs are given
A part without inputs needs none (${DEFAULT_TICKS} ticks unless --ticks says). A loop that does not
settle (an oscillation) stops the run with an error naming its neurons and period.

Options:
  --ticks N          run N ticks; after the inputs end, the last tick's inputs are held
  --hidden           also show every register and neuron that drives no output
  --format FORMAT    the trace as text (default), csv or json
  --radix RADIX      how a bus's number is written: dec (default), hex or bin
  --bits             a column for every bit of a bus instead of one number
  --vcd OUT.vcd      write the trace as a Value Change Dump (GTKWave and other waveform
                     viewers open it), written as the ticks run; - for stdout
  --svg OUT.svg      draw the trace as a timing diagram (at most ${thousands(MAX_WAVEFORM_TICKS)} ticks); - for stdout
  -q, --quiet        no trace on stdout (with --vcd or --svg)
  --max-neurons N    refuse circuits that expand to more than N neurons (default ${thousands(DEFAULT_MAX_NEURONS)})`,
  options: {
    input: { type: 'string' },
    sequence: { type: 'boolean' },
    ticks: { type: 'string' },
    hidden: { type: 'boolean' },
    format: { type: 'string' },
    radix: { type: 'string' },
    bits: { type: 'boolean' },
    vcd: { type: 'string' },
    svg: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    'max-neurons': { type: 'string' },
  },
  positionals: { min: 1, max: Infinity },
  async run(ctx, { values, positionals }) {
    const [file, ...rest] = positionals as [string, ...string[]];
    const name = rest[0] !== undefined && !rest[0].includes('=') ? rest.shift() : undefined;
    const bad = rest.find((a) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
    if (bad !== undefined) throw new UsageError(`unexpected argument '${bad}': inputs are given as PORT=V,V,... (en=1,0,1)`);
    const format = (values.format ?? 'text') as TraceFormat;
    if (!TRACE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${TRACE_FORMATS.join(', ')}, not '${values.format}'`);
    const radix = (values.radix ?? 'dec') as Radix;
    if (!RADIXES.includes(radix)) throw new UsageError(`--radix must be dec, hex or bin, not '${values.radix}'`);
    const ticksWanted = numberOption('ticks', values.ticks as string | undefined, { integer: true, min: 1, max: MAX_TICKS });
    const maxNeurons = numberOption('max-neurons', values['max-neurons'] as string | undefined, { integer: true, min: 1 });
    const csv = values.input as string | undefined;
    const sources = [rest.length > 0 && 'PORT=...', csv !== undefined && '--input', values.sequence === true && '--sequence'].filter(Boolean);
    if (sources.length > 1) throw new UsageError(`give the inputs one way: ${sources.join(' or ')}`);
    const vcdPath = values.vcd as string | undefined;
    const svgPath = values.svg as string | undefined;
    if (vcdPath === '-' && svgPath === '-') throw new UsageError('--vcd - and --svg - cannot both go to stdout: write one to a file');
    // A waveform on stdout takes the place of the trace.
    const quiet = values.quiet === true || vcdPath === '-' || svgPath === '-';
    if (quiet && vcdPath === undefined && svgPath === undefined) throw new UsageError('--quiet leaves nothing to show: add --vcd OUT.vcd or --svg OUT.svg');

    const loaded = loadFile(ctx, file);
    if (!loaded) return EXIT.failed;
    const picked = pickPart(ctx, loaded, file, name, 'sim');
    const built = await buildMachinePart(ctx, loaded, picked, { maxNeurons, limits: true });
    if (!built) return EXIT.failed;
    const { machine, netlist } = built;

    // The inputs, tick by tick.
    let stimulus: Bit[][] = [];
    if (rest.length > 0) {
      const lists = stimulusFromLists(netlist, rest);
      if (!lists.ok) throw new UsageError(lists.message);
      stimulus = lists.rows;
    } else if (csv !== undefined) {
      let text: string;
      try {
        text = nodeHost.readFile(csv);
      } catch (e) {
        throw new UsageError(`cannot read ${csv}: ${(e as Error).message}`);
      }
      ctx.sources.set(csv, text);
      const all = traceLayout(machine, { hidden: true });
      const read = stimulusFromCsv(netlist, text, csv, [...all.hidden, ...all.outputs].map((c) => c.name));
      if (!read.ok) {
        ctx.report(read.diagnostics);
        return EXIT.failed;
      }
      stimulus = read.rows;
    } else {
      const sequences = loaded.model.tests.filter((t) => t.sequence && signatureOf(t.target).name === netlist.name);
      const first = sequences[0];
      if (first) {
        const p = positionOf(ctx.sources.get(first.file) ?? '', first.decl.span.start);
        ctx.note(`inputs from the sequence test at ${first.file}:${p.line}:${p.column}${sequences.length > 1 ? ` (the first of ${sequences.length})` : ''}`);
        stimulus = stimulusFromTest(first);
      } else if (values.sequence === true) {
        throw new UsageError(`${netlist.name} has no test ${netlist.name} sequence { ... } block in ${file}`);
      } else if (netlist.inputs.length > 0) {
        throw new UsageError(`${netlist.name} has inputs (${netlist.inputPorts.map((p) => p.name).join(', ')}): give their values per tick as PORT=V,V,..., with --input FILE.csv, or in a test ${netlist.name} sequence block`);
      }
    }
    const ticks = ticksWanted ?? (stimulus.length > 0 ? stimulus.length : DEFAULT_TICKS);
    if (svgPath !== undefined && ticks > MAX_WAVEFORM_TICKS) {
      throw new UsageError(`--svg draws at most ${thousands(MAX_WAVEFORM_TICKS)} ticks, and this run has ${thousands(ticks)}: use --ticks, or --vcd for long runs`);
    }

    // What sees each tick: the trace on stdout, the VCD file, the diagram's memory.
    const layout = traceLayout(machine, { hidden: values.hidden === true, bits: values.bits === true });
    const visitors: TickVisitor[] = [];
    const finish: ((ticks: number) => Promise<void>)[] = [];
    const stdout = ctx.io.stdout;
    if (!quiet) {
      const writer = traceWriter(layout, { format, radix, name: netlist.name, lastTick: ticks - 1 }, (text) => new Promise<void>((resolve) => {
        stdout.write(text, () => resolve());
      }));
      visitors.push(writer.row);
      finish.push(() => writer.end());
    }
    let vcd: OutputStream | undefined;
    if (vcdPath !== undefined) {
      let sink: ByteSink;
      if (vcdPath === '-') {
        sink = (chunk) => new Promise<void>((resolve) => {
          stdout.write(chunk, () => resolve());
        });
      } else {
        try {
          vcd = openOutputSafely(vcdPath, { protect: ctx.inputs() });
        } catch (e) {
          return refuse(ctx, e);
        }
        const stream = vcd;
        sink = (chunk) => stream.write(chunk);
      }
      const date = ctx.io.env.SOURCE_DATE_EPOCH ? new Date(Number(ctx.io.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
      const writer = vcdWriter(layout, { name: netlist.name, version: `nn ${version()}`, date: date.toISOString() }, sink);
      visitors.push(writer.row);
      finish.push((n) => writer.end(n));
    }
    const columns = [layout.inputs, layout.hidden, layout.outputs];
    const wave = columns.map((g) => g.map(() => [] as (number | bigint)[]));
    if (svgPath !== undefined) {
      visitors.push((_t, v) => {
        columns.forEach((g, gi) => g.forEach((c, ci) => wave[gi]![ci]!.push(columnValue(c, v))));
      });
    }
    const progress = new Progress(ctx, `simulating ${netlist.name}`);
    const all: TickVisitor = (t, v) => {
      if ((t & 0xffff) === 0xffff) progress.update(t + 1, ticks, 'ticks');
      let pending: Promise<void> | undefined;
      for (const f of visitors) {
        const p = f(t, v);
        if (p) pending = pending ? pending.then(() => p) : p;
      }
      return pending;
    };
    // One output and no terminal to show progress on: nothing between the run and the writer.
    const visit = visitors.length === 1 && !progress.enabled ? visitors[0]! : all;
    let result: RunResult;
    try {
      result = await runTicks(machine, stimulus, ticks, visit);
      progress.end();
      for (const f of finish) await f(result.ticks);
    } catch (e) {
      progress.end();
      vcd?.abort();
      if (e instanceof OutputError) return refuse(ctx, e);
      throw e;
    }
    if (result.oscillation) {
      vcd?.abort();
      ctx.report([oscillationDiagnostic(machine, result.oscillation)]);
      if (vcdPath !== undefined || svgPath !== undefined) ctx.note('no waveform written: the run stopped at the oscillation');
      return EXIT.failed;
    }
    try {
      vcd?.commit();
    } catch (e) {
      return refuse(ctx, e);
    }
    if (svgPath !== undefined) {
      const svg = waveformSvg({
        title: netlist.name,
        groups: columns.map((g, gi) => g.map((c, ci) => ({ name: c.name, width: c.width, values: wave[gi]![ci]! }))),
        ticks: result.ticks,
        radix,
      });
      if (!emit(ctx, svg, svgPath, ctx.inputs(), 'sim')) return EXIT.failed;
    }
    return EXIT.ok;
  },
};

function refuse(ctx: Parameters<Command['run']>[0], e: unknown): number {
  if (!(e instanceof OutputError)) throw e;
  ctx.blameCommandLine();
  ctx.err(`nn sim: ${e.message}\n`);
  return EXIT.failed;
}
