import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../src/diagnostics/render.js';
import { readingBits } from '../src/check/tables.js';
import { check, checkLimits } from '../src/check/check.js';
import { loadProgram } from '../src/load/load.js';
import { checkSource, GATES, memoryHost, seededRandom } from './helpers.js';

const withGates = { 'gates.nn': GATES };

describe('errors, one test per class, with message and position', () => {
  it.each([
    [
      'unknown part, with did-you-mean',
      'import "gates.nn"\ncircuit C(a, b) -> y {\n  y = ANDD(a, b)\n}',
      'unknown-name main.nn:3:7 there is no neuron or circuit called ANDD',
      ["  = hint: did you mean 'AND'?"],
    ],
    [
      'unknown wire, with did-you-mean',
      'import "gates.nn"\ncircuit C(a, b) -> y {\n  h1 = OR(a, b)\n  y = AND(h2, b)\n}',
      'unknown-name main.nn:4:11 h2 is not an input or a wire of C',
      ["  = hint: did you mean 'h1'?"],
    ],
    [
      'wrong number of arguments, with the expected count',
      'import "gates.nn"\ncircuit C(a, b) -> y {\n  y = AND(a, b, a)\n}',
      'arity main.nn:3:7 AND takes 2 inputs (x1, x2), but this call gives 3',
      ['  = hint: call it as AND(x1, x2)'],
    ],
    [
      'wrong number of weights',
      'neuron N(a, b) { weights: 1, 2, 3  bias: 0 }',
      'weight-count main.nn:1:18 neuron N has 2 inputs (a, b) but 3 weights',
      ['  = hint: give one weight per input, in order: weights: w, w'],
    ],
    [
      'duplicate declaration',
      'neuron N(a) { weights: 1 }\nneuron N(a) { weights: -1 }',
      'duplicate-declaration main.nn:2:8 N is declared twice',
      [
        '  = hint: rename one of them; neurons and circuits share one set of names across imported files',
        '  = note: main.nn:1:8: first declared here',
      ],
    ],
    [
      'duplicate declaration across an import',
      'import "gates.nn"\nneuron AND(a, b) { weights: 1, 1 bias: -2 }',
      'duplicate-declaration main.nn:2:8 AND is declared twice',
      [
        '  = hint: rename one of them; neurons and circuits share one set of names across imported files',
        '  = note: gates.nn:4:8: first declared here',
      ],
    ],
    [
      'output never assigned',
      'import "gates.nn"\ncircuit C(a, b) -> (s, c) {\n  s = AND(a, b)\n}',
      'unassigned-output main.nn:2:24 output c of C is never assigned',
      ['  = hint: assign it in the body: c = ...'],
    ],
    [
      'output assigned twice',
      'import "gates.nn"\ncircuit C(a, b) -> y {\n  y = AND(a, b)\n  y = OR(a, b)\n}',
      'assigned-twice main.nn:4:3 y is assigned twice',
      ['  = hint: every wire has exactly one source; rename one of them', '  = note: main.nn:3:3: first assigned here'],
    ],
    [
      'a loop of wires alone, naming the loop',
      'import "gates.nn"\ncircuit C(a) -> y {\n  p = q\n  q = p\n  y = AND(a, p)\n}',
      'cycle main.nn:3:3 these wires form a loop: p → q → p',
      [
        '  = hint: wires alone cannot hold a value: a loop needs a neuron in it (one unit of time) or a delay (one clock tick)',
        '  = note: main.nn:4:3: part of the loop',
      ],
    ],
    [
      'a circuit that instantiates itself',
      'circuit C(a) -> y {\n  y = C(a)\n}',
      'recursive-circuit main.nn:2:7 circuit C uses itself',
      ['  = hint: a circuit is a fixed network of neurons, so it cannot contain itself'],
    ],
    [
      'a circuit that instantiates itself through another',
      'circuit A(x) -> y {\n  y = B(x)\n}\ncircuit B(x) -> y {\n  y = A(x)\n}',
      'recursive-circuit main.nn:2:7 circuit A uses itself through B: A → B → A',
      ['  = hint: a circuit is a fixed network of neurons, so it cannot contain itself'],
    ],
    ['missing import', 'import "nowhere.nn"', 'import-not-found main.nn:1:8 cannot import nowhere.nn: no such file', []],
    ['a file that imports itself', 'import "main.nn"', 'import-cycle main.nn:1:8 main.nn imports itself', ['  = hint: remove this import']],
    [
      'circular imports',
      'import "b.nn"',
      'import-cycle b.nn:1:8 circular import: main.nn → b.nn → main.nn',
      ['  = hint: files cannot import each other in a loop; move the shared declarations into a file both import'],
    ],
    [
      'truth-table row of the wrong width',
      'import "gates.nn"\ntest AND {\n  0 1 1 -> 0\n}',
      'row-width main.nn:3:3 this row has 3 inputs, but AND takes 2 (x1 x2)',
      ['  = hint: write one bit per input, separated by spaces'],
    ],
    [
      'truth-table cell that is not a bit',
      'import "gates.nn"\ntest AND {\n  0 2 -> 0\n}',
      'not-a-bit main.nn:3:5 a truth table holds bits, 0 or 1, but this cell is 2',
      [],
    ],
    [
      'bits written together',
      'import "gates.nn"\ntest AND {\n  01 -> 0\n}',
      'row-width main.nn:3:3 this row has 1 input, but AND takes 2 (x1 x2)',
      ['  = hint: separate the bits with spaces: 0 1'],
    ],
    [
      'a test of an unknown circuit',
      'import "gates.nn"\ntest XRO { 0 0 -> 0 }',
      'unknown-test-target main.nn:2:6 test XRO: there is no neuron or circuit called XRO',
      ['  = hint: a test block is named after the neuron or circuit it tests'],
    ],
    [
      'a training table that contradicts itself',
      'neuron N(a, b) {\n  train {\n    0 0 -> 0\n    0 1 -> 1\n    0 0 -> 1\n  }\n}',
      'contradiction main.nn:5:5 the training table of N contradicts itself: inputs 0 0 give 0 on one row and 1 on this one',
      [
        '  = hint: a neuron computes a function: each input row has one output; remove one of the rows',
        '  = note: main.nn:3:5: inputs 0 0 give 0 here',
      ],
    ],
    [
      'a number that is not finite',
      'neuron N(a) { weights: 1e999  bias: 0 }',
      'not-finite main.nn:1:24 1e999 is too large: numbers must be finite (at most about 1.8e308)',
      ["  = hint: scale all of the neuron's weights and its bias down by the same factor: the neuron stays the same"],
    ],
    [
      'header that does not match',
      'import "gates.nn"\ntest AND {\n  a b -> y\n  0 0 -> 0\n}',
      'header-mismatch main.nn:3:3 the header names the inputs a b, but AND takes x1 x2',
      ['  = hint: write x1 x2 -> ..., in the order of the declaration, or leave the header out'],
    ],
    [
      "don't care in an input",
      'import "gates.nn"\ntest AND { * 0 -> 0 }',
      "not-a-bit main.nn:2:12 '*' (don't care) can stand only for an expected output, not an input",
      [],
    ],
    [
      'wrong number of outputs assigned',
      'import "gates.nn"\ncircuit H(a, b) -> (s, c) {\n  s = AND(a, b)\n  c = OR(a, b)\n}\ncircuit C(a, b) -> y {\n  y = H(a, b)\n}',
      'output-count main.nn:7:3 H has 2 outputs (s, c), but 1 name is assigned',
      ['  = hint: write (s, c) = H(...)'],
    ],
    [
      'multi-output part nested in a call',
      'import "gates.nn"\ncircuit H(a, b) -> (s, c) {\n  s = AND(a, b)\n  c = OR(a, b)\n}\ncircuit C(a, b) -> y {\n  y = NOT(H(a, b))\n}',
      'output-count main.nn:7:11 H has 2 outputs (s, c), so it cannot be used inside another call',
      ['  = hint: give it a statement of its own: (s, c) = H(...)'],
    ],
    [
      'assigning an input',
      'import "gates.nn"\ncircuit C(a, b) -> y {\n  a = NOT(b)\n  y = AND(a, b)\n}',
      'assign-to-input main.nn:3:3 a is an input of C and cannot be assigned',
      ['  = hint: inputs get their values from whoever uses the circuit; pick another name for this wire'],
    ],
    [
      'a constant other than 0 and 1',
      'import "gates.nn"\ncircuit C(a) -> y {\n  y = AND(a, 2)\n}',
      'not-a-bit main.nn:3:14 only the constants 0 and 1 can be wired into a circuit, not 2',
      ['  = hint: a whole number is a bus value: pass it to a bus input, such as Add4(x, 5, 0)'],
    ],
    [
      'unknown neuron field',
      'neuron N(a) { weights: 1  bais: 0 }',
      'unknown-field main.nn:1:27 a neuron has no field called bais',
      ["  = hint: did you mean 'bias'?"],
    ],
    [
      'a neuron with nothing to compute',
      'neuron N(a, b) { }',
      'incomplete-neuron main.nn:1:8 neuron N has no weights, threshold or training table',
      ['  = hint: give it weights and a bias, e.g. { weights: 1, 1  bias: -1 }, a threshold, or train { rows }'],
    ],
    [
      'threshold and weights together',
      'neuron N(a, b) { threshold: 2  weights: 1, 1 }',
      'conflicting-fields main.nn:1:32 neuron N has a threshold, so it cannot have weights too',
      ['  = hint: a McCulloch–Pitts neuron (threshold: θ) adds its inputs with weight 1; for other weights write weights and bias: -θ'],
    ],
    [
      'a training knob without training',
      'neuron N(a) { weights: 1  rate: 0.5 }',
      'training-knob-without-train main.nn:1:27 rate only applies to a neuron that is trained',
      ['  = hint: add a train { ... } table or train: "data.csv", or remove this line'],
    ],
    [
      'a data set without a label',
      'neuron N(a) { train: "d.csv" }',
      'missing-label main.nn:1:15 a data set needs the name of its 0/1 label column',
      ['  = hint: add label: "column" next to train: "..."'],
    ],
    [
      'a duplicate input name',
      'neuron N(a, a) { weights: 1, 1 }',
      'duplicate-name main.nn:1:13 the input a is named twice',
      ['  = hint: give each one a name of its own', '  = note: main.nn:1:10: first named here'],
    ],
  ])('%s', (_, source, expected, guidance) => {
    const result = checkSource(source, { ...withGates, 'b.nn': 'import "main.nn"' });
    expect(result.ok).toBe(false);
    // Exactly one error, said in full, with exactly its hints and notes (warnings aside).
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(result.summary.filter((_, i) => result.diagnostics[i]!.severity === 'error')).toEqual([expected]);
    const rendered = renderDiagnostics(errors, { source: (f) => result.sources.get(f) });
    expect(rendered.split('\n').filter((l) => l.startsWith('  = '))).toEqual(guidance);
  });
});

describe('warnings', () => {
  it('warns about an unused wire and input, but not about _names', () => {
    const r = checkSource('import "gates.nn"\ncircuit C(a, b, _c) -> y {\n  t = NOT(a)\n  _u = NOT(a)\n  y = NOT(a)\n}', withGates);
    expect(r.ok).toBe(true);
    expect(r.summary).toEqual(['unused main.nn:2:14 input b of C is never used', 'unused main.nn:3:3 wire t is never used']);
  });

  it('warns about a wire read before the line that assigns it, and still orders the circuit', () => {
    const r = checkSource('import "gates.nn"\ncircuit C(a, b) -> y {\n  y = AND(h, b)\n  h = OR(a, b)\n}', withGates);
    expect(r.ok).toBe(true);
    expect(r.summary).toEqual(['read-before-assigned main.nn:3:11 h is read here but assigned further down']);
    expect(r.model!.instances.get('C')!.statements.map((s) => s.label)).toEqual(['h', 'y']);
  });

  it('does not warn about reading ahead where a loop is the reader or the assigner', () => {
    const r = checkSource(
      'import "gates.nn"\ncircuit C(a[3]) -> y[3] {\n  y[2] = AND(c[0], d)\n  for i in 0..1 {\n    y[i] = NOT(c[i+1])\n    c[i] = NOT(a[i])\n  }\n  c[2] = NOT(a[2])\n  d = NOT(a[0])\n}',
      withGates,
    );
    // Only the read outside any loop of a wire assigned further down, also outside: d.
    expect(r.summary).toEqual(['read-before-assigned main.nn:3:20 d is read here but assigned further down']);
  });

  it('says where a bit read early is read: in a bus of bits, in a slice', () => {
    const r = checkSource(
      'import "gates.nn"\nneuron ANY2(x[2]) { weights: 1, 1  bias: -1 }\ncircuit C(a[2]) -> (y, z) {\n  y = ANY2([a[1], h[0]])\n  z = ANY2(h[0..1])\n  h[0] = NOT(a[0])\n  h[1] = NOT(a[1])\n}',
      withGates,
    );
    expect(r.summary).toEqual([
      'read-before-assigned main.nn:4:19 h[0] is read here but assigned further down',
      'read-before-assigned main.nn:5:12 h[0] is read here but assigned further down',
    ]);
  });
});

describe('all diagnostics at once', () => {
  it('reports every error of a file, in source order', () => {
    const r = checkSource(
      `import "gates.nn"
circuit C(a, b) -> (y, z) {
  h = ANDD(a, b)
  y = OR(a, b, h)
}
neuron N(a) { weights: 1, 2 }
test Nope { 0 -> 1 }`,
      withGates,
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unassigned-output', 'unknown-name', 'arity', 'weight-count', 'unknown-test-target']);
  });

  it('renders each with file:line:col, the line and a caret', () => {
    const r = checkSource('import "gates.nn"\ncircuit C(a, b) -> y {\n  y = ANDD(a, b)\n}', withGates);
    expect(r.rendered).toBe(
      'main.nn:3:7: error[unknown-name]: there is no neuron or circuit called ANDD\n' +
        ' 3 |   y = ANDD(a, b)\n' +
        '   |       ^~~~\n' +
        "  = hint: did you mean 'AND'?\n",
    );
  });
});

describe('accepted programs', () => {
  it('accepts every example circuit without warnings', () => {
    for (const file of ['gates.nn', 'xor.nn', 'half-adder.nn', 'full-adder.nn', 'adder4.nn', 'mux.nn']) {
      const r = checkSource(`import "circuits/${file}"`);
      expect(r.summary, file).toEqual([]);
    }
  });

  it('lets a circuit use a part declared further down, and constants and wire aliases', () => {
    const r = checkSource('circuit C(a) -> (y, one, same) {\n  y = N(a)\n  one = 1\n  same = a\n}\nneuron N(x) { weights: -1 }');
    expect(r.summary).toEqual([]);
  });

  it('lets a file use only what it imports, directly or through its imports', () => {
    const files = {
      'a.nn': 'circuit A(x) -> y { y = B(x) }',
      'b.nn': 'neuron B(x) { weights: -1 }',
    };
    const r = checkSource('import "b.nn"\nimport "a.nn"', files);
    expect(r.summary).toEqual(['unknown-name a.nn:1:25 there is no neuron or circuit called B']);
    expect(checkSource('import "a.nn"', { ...files, 'a.nn': `import "b.nn"\n${files['a.nn']}` }).ok).toBe(true);
  });

  it('reads a file imported along two paths once', () => {
    const r = checkSource('import "l.nn"\nimport "r.nn"', { 'l.nn': 'import "gates.nn"', 'r.nn': 'import "gates.nn"', ...withGates });
    expect(r.ok).toBe(true);
  });
});

describe('a program loaded again', () => {
  it('is checked again only when one of its files changed, or a limit', () => {
    const files: Record<string, string> = {
      'main.nn': 'import "lib.nn"\ncircuit C(a) -> y { y = N(a) }\n',
      'lib.nn': 'neuron N(x) { weights: -1 }\n',
    };
    const checkFiles = () => {
      const loaded = loadProgram('main.nn', memoryHost(files));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
      return check(loaded.value);
    };
    const first = checkFiles();
    expect(first.ok).toBe(true);
    // Nothing changed: the same model (a model is never changed once made).
    expect(checkFiles()).toBe(first);
    const saved = checkLimits.statements;
    checkLimits.statements = 0;
    try {
      expect(checkFiles().ok).toBe(false);
    } finally {
      checkLimits.statements = saved;
    }
    // An import changed: checked again, and told.
    files['lib.nn'] = 'neuron M(x) { weights: -1 }\n';
    expect(checkFiles().diagnostics.map((d) => d.code)).toEqual(['unknown-name']);
  });
});

describe('positions and suggestions', () => {
  it('counts lines ended by \\r alone, as the grammar does', () => {
    const r = checkSource('neuron B(y) { weights: 1 }\rcircuit C(a) -> z {\r  z = Q(a)\r}\r');
    expect(r.summary).toEqual(['unknown-name main.nn:3:7 there is no neuron or circuit called Q']);
    expect(r.rendered).toContain(' 3 |   z = Q(a)\n   |       ^\n');
  });

  it('suggests a near name, but not any one-letter name for another', () => {
    expect(checkSource('neuron A(x) { weights: 1 }\ncircuit C(a) -> z { z = Q(a) }').rendered).not.toContain('did you mean');
    expect(checkSource('neuron AND(x) { weights: 1 }\ncircuit C(a) -> z { z = and(a) }').rendered).toContain("did you mean 'AND'?");
  });
});

describe('table cells as bits', () => {
  it('reads every bus, 1 to 64 bits wide, from its most significant bit down', () => {
    const random = seededRandom(31);
    const ports = Array.from({ length: 64 }, (_, k) => ({ name: `p${k}`, width: k + 1 }));
    const values = ports.map((p) => {
      let v = 0n;
      for (let i = 0; i < p.width; i++) v = (v << 1n) | BigInt(random(2));
      return v;
    });
    // The bits written out by the integers' own binary text, zero-padded to each width.
    const expected = values.flatMap((v, k) => [...v.toString(2).padStart(ports[k]!.width, '0')].map(Number));
    expect(readingBits(values, ports)).toEqual(expected);
    expect(
      readingBits(
        [null, 5n, 1n],
        [
          { name: 'a', width: 3 },
          { name: 'b', width: 3 },
          { name: 'c', width: null },
        ],
      ),
    ).toEqual([null, null, null, 1, 0, 1, 1]);
  });
});
