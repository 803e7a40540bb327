// An oscillation as a diagnostic: where the loop is in the source, which neurons keep
// changing, the period, and their values over one period.

import { error, type Diagnostic, type Note } from '../diagnostics/diagnostic.js';
import { thousands } from '../diagnostics/words.js';
import type { Machine } from './machine.js';
import type { Oscillation } from './settle.js';

/** Most neurons an oscillation's notes list one by one. */
const SHOWN = 8;

export function oscillationDiagnostic(m: Machine, o: Oscillation): Diagnostic {
  const neurons = m.netlist.neurons;
  const names = o.involved.map((k) => neurons[k]!.name);
  const list = names.length > SHOWN ? `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more` : names.join(', ');
  const what = `the loop of ${list}`;
  const message = o.period !== undefined
    ? `${m.netlist.name} oscillates at tick ${o.tick}: ${what} never settles, it comes back to the same values every ${o.period} steps`
    : `${m.netlist.name} does not settle at tick ${o.tick}: ${what} was still changing after ${thousands(o.steps)} steps, the most nn takes (no state had come back)`;
  const notes: Note[] = [];
  if (o.cycle) {
    o.involved.slice(0, SHOWN).forEach((k, i) => {
      const values = o.cycle!.map((state) => state[i]);
      notes.push({ message: `${neurons[k]!.name} goes ${values.join(', ')}, then the same again`, ...(neurons[k]!.span && { span: neurons[k]!.span }) });
    });
  }
  const span = neurons[o.involved[0]!]?.span;
  return error('oscillation', message, span, {
    hint: 'in a loop each neuron takes one unit of time, all in step: a ring of an odd number of NOTs never settles, nor does a latch whose two sides switch at once (an SR latch released from S = R = 1). Change such inputs on different ticks, or put a delay in the loop',
    notes,
  });
}
