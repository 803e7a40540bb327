// Which engine evaluates a circuit. The choice never changes a result, only the speed.

import type { CompiledCircuit } from './compile.js';
import type { Engine } from './engine.js';
import { rowEngine } from './row-engine.js';

export function engineFor(circuit: CompiledCircuit): Engine {
  return rowEngine(circuit);
}
