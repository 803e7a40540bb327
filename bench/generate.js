// Generated circuits for the benchmarks and the scale tests: ripple-carry adders of any width.

export const GATES = `neuron AND(x1, x2)  { weights: 1, 1    bias: -2 }
neuron OR(x1, x2)   { weights: 1, 1    bias: -1 }
neuron NAND(x1, x2) { weights: -1, -1  bias: 1 }

circuit XOR(x1, x2) -> y {
  h1 = OR(x1, x2)
  h2 = NAND(x1, x2)
  y  = AND(h1, h2)
}

circuit HalfAdder(a, b) -> (sum, carry) {
  sum   = XOR(a, b)
  carry = AND(a, b)
}

circuit FullAdder(a, b, cin) -> (sum, cout) {
  (s1, c1)  = HalfAdder(a, b)
  (sum, c2) = HalfAdder(s1, cin)
  cout      = OR(c1, c2)
}
`;

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** An n-bit ripple-carry adder `Adder<n>(a<n-1>..a0, b<n-1>..b0) -> (cout, s<n-1>..s0)`. */
export function adder(n) {
  const down = range(n).reverse();
  const inputs = [...down.map((i) => `a${i}`), ...down.map((i) => `b${i}`)].join(', ');
  const outputs = ['cout', ...down.map((i) => `s${i}`)].join(', ');
  const lines = [`circuit Adder${n}(${inputs}) -> (${outputs}) {`, `  (s0, c0) = HalfAdder(a0, b0)`];
  for (let i = 1; i < n; i++) lines.push(`  (s${i}, ${i === n - 1 ? 'cout' : `c${i}`}) = FullAdder(a${i}, b${i}, c${i - 1})`);
  if (n === 1) lines[1] = `  (s0, cout) = HalfAdder(a0, b0)`;
  lines.push('}');
  return `${GATES}\n${lines.join('\n')}\n`;
}

/**
 * A file of about `statements` statements in one flat circuit: a wide adder written out
 * neuron by neuron (nine statements per bit), the shape of a netlist exported by a tool.
 */
export function flatAdder(statements) {
  const bits = Math.max(1, Math.ceil(statements / 9));
  const down = range(bits).reverse();
  const inputs = [...down.map((i) => `a${i}`), ...down.map((i) => `b${i}`)].join(', ');
  const outputs = ['cout', ...down.map((i) => `s${i}`)].join(', ');
  const lines = [
    'neuron AND(x1, x2)  { weights: 1, 1    bias: -2 }',
    'neuron OR(x1, x2)   { weights: 1, 1    bias: -1 }',
    'neuron NAND(x1, x2) { weights: -1, -1  bias: 1 }',
    '',
    `circuit Wide${bits}(${inputs}) -> (${outputs}) {`,
  ];
  for (let i = 0; i < bits; i++) {
    const c = i === 0 ? '0' : `c${i - 1}`;
    const cout = i === bits - 1 ? 'cout' : `c${i}`;
    lines.push(
      `  p${i}_h1 = OR(a${i}, b${i})`,
      `  p${i}_h2 = NAND(a${i}, b${i})`,
      `  p${i} = AND(p${i}_h1, p${i}_h2)`,
      `  g${i} = AND(a${i}, b${i})`,
      `  s${i}_h1 = OR(p${i}, ${c})`,
      `  s${i}_h2 = NAND(p${i}, ${c})`,
      `  s${i} = AND(s${i}_h1, s${i}_h2)`,
      `  t${i} = AND(p${i}, ${c})`,
      `  ${cout} = OR(g${i}, t${i})`,
    );
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * `adder(n)` and a test block of its full truth table: 4^n rows, `a b -> cout s`, each bit a
 * column, most significant first (8 bits: 65,536 rows, 3.6 MB).
 */
export function adderTest(n) {
  const bits = (v, w) => Array.from({ length: w }, (_, i) => (v >> (w - 1 - i)) & 1).join(' ');
  const rows = [];
  for (let a = 0; a < 1 << n; a++) for (let b = 0; b < 1 << n; b++) rows.push(`  ${bits(a, n)} ${bits(b, n)} -> ${bits(a + b, n + 1)}`);
  return `${adder(n)}\ntest Adder${n} {\n${rows.join('\n')}\n}\n`;
}
