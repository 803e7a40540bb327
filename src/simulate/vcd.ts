// Value Change Dump (IEEE 1364-2005, section 18): the waveform file every viewer opens
// (GTKWave, Surfer, a Verilog simulator's own). The header declares each column as a `wire`
// of its width inside `$scope module` blocks (the instances around a register or neuron),
// then `#t` marks tick t and only the values that changed follow. Written as the ticks come.

import { columnValue, type TextSink, type TickVisitor, type TraceColumn, type TraceLayout } from './trace.js';

export interface VcdOptions {
  /** The top scope's name: the circuit's. */
  readonly name: string;
  /** `$version`: the tool that wrote the file. */
  readonly version: string;
  /** `$date`, as text. */
  readonly date: string;
}

const CHUNK = 1 << 16;

/** The identifier code of the k-th variable: printable ASCII from '!' to '~', base 94. */
export function vcdId(k: number): string {
  let id = '';
  let n = k;
  do {
    id += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return id;
}

/** A scope or variable name as one VCD token: no white space (and no `$`, which starts keywords). */
function token(name: string): string {
  const t = name.replace(/[\s$]+/g, '_');
  return t === '' ? '_' : t;
}

interface ScopeNode {
  readonly columns: { column: TraceColumn; id: string }[];
  readonly children: Map<string, ScopeNode>;
}

/**
 * Writes the trace as VCD: `row` per settled tick, `end(ticks)` after the last. One tick is
 * one unit of `$timescale` (1 ns: viewers want a unit; nn's ticks have no length).
 */
export function vcdWriter(layout: TraceLayout, options: VcdOptions, sink: TextSink): { row: TickVisitor; end: (ticks: number) => Promise<void> } {
  const columns = [...layout.inputs, ...layout.hidden, ...layout.outputs];
  const ids = columns.map((_, k) => vcdId(k));
  const root: ScopeNode = { columns: [], children: new Map() };
  columns.forEach((column, k) => {
    let node = root;
    for (const scope of column.scopes) {
      let child = node.children.get(scope.label);
      if (!child) {
        child = { columns: [], children: new Map() };
        node.children.set(scope.label, child);
      }
      node = child;
    }
    node.columns.push({ column, id: ids[k]! });
  });
  const lines = [
    '$date',
    `  ${options.date}`,
    '$end',
    '$version',
    `  ${options.version}`,
    '$end',
    '$timescale 1 ns $end',
  ];
  const declare = (node: ScopeNode, name: string) => {
    lines.push(`$scope module ${token(name)} $end`);
    for (const { column, id } of node.columns) lines.push(`$var wire ${column.width ?? 1} ${id} ${reference(column)} $end`);
    for (const [label, child] of node.children) declare(child, label);
    lines.push('$upscope $end');
  };
  declare(root, options.name);
  lines.push('$enddefinitions $end');
  let text = `${lines.join('\n')}\n`;
  const last: (number | bigint)[] = columns.map(() => -1);
  const change = (k: number, x: number | bigint) => {
    const c = columns[k]!;
    return c.width === null ? `${x}${ids[k]}\n` : `b${x.toString(2).padStart(c.width, '0')} ${ids[k]}\n`;
  };
  return {
    row: (t, v) => {
      if (t === 0) {
        text += '#0\n$dumpvars\n';
        columns.forEach((c, k) => {
          last[k] = columnValue(c, v);
          text += change(k, last[k]!);
        });
        text += '$end\n';
      } else {
        let stamped = false;
        for (let k = 0; k < columns.length; k++) {
          const x = columnValue(columns[k]!, v);
          if (x === last[k]) continue;
          if (!stamped) {
            text += `#${t}\n`;
            stamped = true;
          }
          last[k] = x;
          text += change(k, x);
        }
      }
      if (text.length < CHUNK) return undefined;
      const chunk = text;
      text = '';
      return sink(chunk);
    },
    end: async (ticks) => {
      // The time the last tick ends, so viewers draw it as wide as the others.
      await sink(`${text}#${ticks}\n`);
      text = '';
    },
  };
}

/** `q [3:0]` for a bus, `s [3]` for a bit named `s[3]`, else the name. */
function reference(c: TraceColumn): string {
  if (c.width !== null) return `${token(c.short)} [${c.width - 1}:0]`;
  const m = /^(.*)\[(\d+)\]$/.exec(c.short);
  return m ? `${token(m[1]!)} [${m[2]}]` : token(c.short);
}
