// Writes a part's neuron netlist as Verilog for the Verilator comparison in docs/performance.md:
// every neuron as its integer weighted sum compared with 0, as nn decides it, inputs packed in
// one bus `in` (the first input the most significant bit), outputs in one bus `out`.
//
//   node bench/verilator/to-verilog.js FILE PART > PART.v
import { load, build } from '../../dist/src/pipeline.js';

const [file, name] = process.argv.slice(2);
const loaded = load(file);
if (!loaded.ok) throw new Error(`cannot load ${file}`);
const built = await build(loaded.value.model, name);
if (!built.ok) throw new Error(`cannot build ${name}`);
const { netlist, circuit } = built.value;
const n = netlist.inputs.length;
const k = netlist.outputs.length;
const ref = (s) => (s.kind === 'constant' ? `1'b${s.value}` : s.kind === 'input' ? `in[${n - 1 - s.index}]` : `n${s.index}`);
const lines = [`module ${name}(input [${n - 1}:0] in, output [${k - 1}:0] out);`];
netlist.neurons.forEach((neuron, i) => {
  const form = circuit.forms[i];
  let total = form.bias < 0n ? -form.bias : form.bias;
  for (const w of form.weights) total += w < 0n ? -w : w;
  if (total >= 2n ** 31n) throw new Error(`${neuron.name}: its sums do not fit 32 bits`);
  // 32-bit signed sums: what a hand-written C model would use.
  const terms = neuron.inputs.map((s, j) => `${form.weights[j]} * $signed({31'b0, ${ref(s)}})`);
  lines.push(`  wire signed [31:0] z${i} = ${[...terms, `${form.bias}`].join(' + ')};`);
  lines.push(`  wire n${i} = z${i} >= 0;`);
});
netlist.outputs.forEach((o, i) => lines.push(`  assign out[${k - 1 - i}] = ${ref(o.source)};`));
lines.push('endmodule');
process.stdout.write(lines.join('\n') + '\n');
