// nn as a library: load a file, build a part, read its truth table, trace one input, prove an assert.
import { load, build, truthTable, evaluate, Exact, compileAssert, proveAssert } from 'nn';

const loaded = load('circuits/ripple-adder.nn'); // read, parse and check, imports included
if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
const { model } = loaded.value;

const built = await build(model, 'RippleAdder<2>'); // fit, elaborate, compile, pick an engine
if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('\n'));
const { netlist, circuit, engine } = built.value;
console.log(`${netlist.name}: ${netlist.neurons.length} neurons, inputs ${netlist.inputs.join(' ')}`);

// Buses as numbers: a + b == s + 4 * cout on every row.
const rows = truthTable(engine, { bits: false });
console.log(rows.every(({ inputs: [a, b], outputs: [s, cout] }) => a + b === s + 4 * cout));

// One input through every neuron, sums exact: a = 3 (a[1] a[0] = 1 1), b = 1.
const trace = evaluate(circuit, [1, 1, 0, 1].map((bit) => Exact.integer(bit)));
console.log(trace.outputs.map((o) => `${o.name}=${o.value.num}`).join(' ')); // values are exact rationals

// Proofs: the file's assert about Add8, for all 65,536 inputs.
const add8 = model.asserts.find((a) => a.name === 'Add8');
const part = await build(model, 'Add8');
const ready = compileAssert(part.value.netlist, add8);
const proof = await proveAssert(ready.value);
console.log(`${proof.status} by ${proof.method}, ${proof.rows} inputs`);
