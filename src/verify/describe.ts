// A failure put into words, the same for `nn test` and `nn verify`: the input, what the part
// gave, what each side of the assert came to, the hidden neurons (the first of them), and
// the `nn eval` command that shows the whole evaluation.

import { formatValue, type Radix } from '../evaluate/ports.js';
import type { Failure, PortValue } from './asserts.js';

/** Hidden neurons listed at most; `nn eval` shows them all. */
export const MAX_HIDDEN_SHOWN = 32;
/** Lines of hidden neurons are wrapped at about this many characters. */
const LINE = 100;

export const portsText = (ports: readonly PortValue[], radix: Radix = 'dec'): string =>
  ports.map((p) => `${p.name}=${formatValue(p.value, p.width, radix)}`).join(' ');

/** A long expression cut in the middle, for one line of output. */
export function shorten(text: string, most = 120): string {
  return text.length <= most ? text : `${text.slice(0, most - 20)} … ${text.slice(-15)}`;
}

const OPPOSITE: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/**
 * Lines describing a failure (no trailing newlines). `part` names the part for the `nn eval`
 * line; `other` is the second part's name for an equivalence.
 */
export function describeFailure(f: Failure, part: { file: string; name: string; other?: string }): string[] {
  const lines = [`inputs:  ${portsText(f.inputs)}`];
  if (f.otherOutputs) {
    lines.push(`${part.name}: ${portsText(f.outputs)}`);
    lines.push(`${part.other ?? 'other'}: ${portsText(f.otherOutputs)}`);
  } else {
    lines.push(`outputs: ${portsText(f.outputs)}`);
  }
  if (f.sides) {
    const value = (v: bigint) => shorten(v.toString(), 60);
    lines.push(`${shorten(f.sides.leftText, 60)} is ${value(f.sides.left)}, ${shorten(f.sides.rightText, 60)} is ${value(f.sides.right)}: ${value(f.sides.left)} ${OPPOSITE[f.sides.op]} ${value(f.sides.right)}`);
  }
  if (f.hidden.length > 0) {
    const words = f.hidden.slice(0, MAX_HIDDEN_SHOWN).map((h) => `${h.name}=${h.value}`);
    if (f.hidden.length > MAX_HIDDEN_SHOWN) words.push(`... (${f.hidden.length - MAX_HIDDEN_SHOWN} more)`);
    let line = 'hidden: ';
    for (const word of words) {
      if (line.length + word.length + 1 > LINE && line.trim() !== 'hidden:') {
        lines.push(line);
        line = '        ';
      }
      line += ` ${word}`;
    }
    lines.push(line);
  }
  lines.push(`see every neuron: nn eval ${shellWord(part.file)} ${shellWord(part.name)} ${f.inputs.map((p) => `${p.name}=${p.value}`).join(' ')}`);
  return lines;
}

/** A word as a shell reads it: quoted when it holds anything but safe characters. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./@:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
