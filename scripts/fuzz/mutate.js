// Mutations of nn's own examples for the fuzzer: each case is one example file changed in
// one to four ways a hostile or careless author would. Seeded: the same seed gives the same
// cases on every machine. Used by test/fuzz.test.ts (a few seconds) and scripts/fuzz.js
// (`npm run fuzz`, minutes).

/** A seeded generator (mulberry32): rand(n) is a whole number in [0, n). */
export function seeded(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => Math.floor(next() * n);
}

const pick = (rand, xs) => xs[rand(xs.length)];

const HUGE_NUMBERS = [
  '1e309',
  '-1e309',
  '1e308',
  '1.7976931348623157e308',
  '4.9e-324',
  '1e-400',
  '-0',
  '0.1e-999',
  '9007199254740993',
  '123456789012345678901234567890',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(400)}1`,
  `9${'9'.repeat(5000)}`,
  '2e53',
  '-2e53',
  '0.30000000000000004',
];

const CONTROL = ['\x1b]52;c;aGVsbG8=\x07', '\x1b[2J', '\0', '\r', '\u202e', '\t', '\x7f', '\x9b31m', '\ufeff', '\ud800', '\u2028'];

const KEYWORDS = [
  'circuit',
  'neuron',
  'test',
  'import "gates.nn"',
  'import "case.nn"',
  '->',
  '*',
  '{',
  '}',
  '(',
  ')',
  ',',
  ';',
  '=',
  'weights:',
  'bias:',
  'threshold:',
  'train:',
  'label:',
  'rate:',
  'epochs:',
  'init:',
  'seed:',
  'shuffle:',
  'train {',
  '0',
  '1',
  '""',
  '"',
];

/** `text` with a random span replaced by `insert`. */
function replaceSpan(rand, text, length, insert) {
  const at = rand(text.length + 1);
  return text.slice(0, at) + insert + text.slice(Math.min(text.length, at + length));
}

function lines(text) {
  return text.split('\n');
}

function tokens(text) {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*|-?\d+(\.\d+)?([eE][+-]?\d+)?|"[^"\n]*"|\S/g) ?? [];
}

/**
 * Sizes for the mutations that make things big. `light` keeps a case to milliseconds, for the
 * fuzz test in `npm test`; `full` goes up to and past nn's documented limits, for `npm run fuzz`.
 */
const SIZES = {
  light: { copies: [1, 2, 5, 50], depth: [10, 50, 150, 201], levels: [20, 100], name: [100, 1000], rows: 20, width: [1, 3, 9] },
  full: {
    copies: [1, 2, 5, 100, 2000],
    depth: [10, 150, 199, 201, 1000, 5000],
    levels: [50, 300, 999, 1001],
    name: [100, 1000, 30_000],
    rows: 200,
    width: [1, 3, 21, 64],
  },
};

/** Each mutation: (rand, text, corpus, sizes) → new text. */
export const MUTATIONS = {
  flipByte(rand, text) {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return text;
    bytes[rand(bytes.length)] = rand(256);
    return bytes.toString('latin1') === text ? text : bytes.toString('utf8');
  },
  deleteSpan(rand, text) {
    return replaceSpan(rand, text, 1 + rand(rand(2) ? 4 : 40), '');
  },
  deleteLine(rand, text) {
    const ls = lines(text);
    ls.splice(rand(ls.length), 1 + rand(3));
    return ls.join('\n');
  },
  duplicateLine(rand, text, _corpus, sizes) {
    const ls = lines(text);
    const k = rand(ls.length);
    const times = pick(rand, sizes.copies);
    ls.splice(k, 0, ...Array.from({ length: times }, () => ls[k]));
    return ls.join('\n');
  },
  swapLines(rand, text) {
    const ls = lines(text);
    const [a, b] = [rand(ls.length), rand(ls.length)];
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return ls.join('\n');
  },
  spliceToken(rand, text, corpus) {
    const other = tokens(pick(rand, corpus));
    const run = other
      .slice(rand(other.length))
      .slice(0, 1 + rand(8))
      .join(' ');
    return replaceSpan(rand, text, rand(3), ` ${run} `);
  },
  keyword(rand, text) {
    return replaceSpan(rand, text, rand(2), ` ${pick(rand, KEYWORDS)} `);
  },
  hugeNumber(rand, text) {
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
    const big = pick(rand, HUGE_NUMBERS);
    if (numbers.length === 0) return replaceSpan(rand, text, 0, big);
    const m = pick(rand, numbers);
    return text.slice(0, m.index) + big + text.slice(m.index + m[0].length);
  },
  deepNesting(rand, text, _corpus, sizes) {
    const depth = pick(rand, sizes.depth);
    const call = pick(rand, ['NOT(', 'OR(a, ', '(']);
    const ls = lines(text);
    const k = ls.findIndex((l) => /=\s*\w+\(/.test(l));
    if (k < 0) return replaceSpan(rand, text, 0, call.repeat(depth) + 'a' + ')'.repeat(depth));
    ls[k] = ls[k].replace(/=\s*/, `= ${call.repeat(depth)}`) + ')'.repeat(rand(2) ? depth : rand(depth + 1));
    return ls.join('\n');
  },
  manyLevels(rand, _text, _corpus, sizes) {
    // A tower of circuits, each calling the one below: nesting depth chosen near the limits.
    const levels = pick(rand, sizes.levels);
    const out = ['neuron NOT(x) { weights: -1  bias: 0 }', 'circuit C0(a) -> y { y = NOT(a) }'];
    for (let i = 1; i < levels; i++) out.push(`circuit C${i}(a) -> y { y = NOT(C${i - 1}(a)) }`);
    return out.join('\n') + '\n';
  },
  longName(rand, text, _corpus, sizes) {
    const names = [...new Set(text.match(/\b[A-Za-z_][A-Za-z0-9_]*\b/g) ?? [])];
    if (names.length === 0) return text;
    const name = pick(rand, names);
    const long = name + 'x'.repeat(pick(rand, sizes.name));
    return rand(2) ? text.replaceAll(new RegExp(`\\b${name}\\b`, 'g'), long) : text.replace(new RegExp(`\\b${name}\\b`), long);
  },
  controlChar(rand, text) {
    return replaceSpan(rand, text, rand(2), pick(rand, CONTROL));
  },
  wideTable(rand, _text, _corpus, sizes) {
    // A test of a wide neuron with rows of the wrong widths, on one line or many.
    const n = pick(rand, sizes.width);
    const xs = Array.from({ length: n }, (_, i) => `x${i}`);
    const row = () =>
      Array.from({ length: n + rand(3) - 1 }, () => pick(rand, ['0', '1', '*', '2'])).join(' ') +
      ' -> ' +
      pick(rand, ['0', '1', '*', '', '0 1']);
    const sep = rand(2) ? '\n' : ' ; ';
    return (
      `neuron W(${xs.join(', ')}) { weights: ${xs.map(() => pick(rand, ['1', '-1', '0.5'])).join(', ')}  bias: -1 }\n` +
      `test W { ${Array.from({ length: 1 + rand(sizes.rows) }, row).join(sep)} }\n`
    );
  },
};

const NAMES = Object.keys(MUTATIONS);

/** A fuzz case: the text of `case.nn`, and of `case.csv` when the case fuzzes a data set. */
export function makeCase(rand, corpus, csvCorpus, intensity = 'full') {
  const sizes = SIZES[intensity];
  // One case in ten fuzzes a data set: a trained neuron reading a mutated CSV.
  if (csvCorpus.length > 0 && rand(10) === 0) {
    let csv = pick(rand, csvCorpus);
    const applied = [];
    for (let k = 1 + rand(3); k > 0; k--) {
      const name = pick(rand, [
        'flipByte',
        'deleteSpan',
        'deleteLine',
        'duplicateLine',
        'spliceToken',
        'hugeNumber',
        'longName',
        'controlChar',
        'swapLines',
      ]);
      csv = MUTATIONS[name](rand, csv, csvCorpus, sizes);
      applied.push(name);
    }
    const header = csv.split('\n')[0].split(',');
    const params = header.slice(0, 2).map((h, i) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(h.trim()) ? h.trim() : `p${i}`));
    const label = JSON.stringify(header[header.length - 1] ?? 'y').replace(/\\u00[0-9a-f]{2}|\\[nrt]/g, '');
    return {
      nn: `neuron V(${params.join(', ')}) { train: "case.csv"  label: ${label} }\n`,
      csv,
      mutations: applied.map((m) => `csv:${m}`),
    };
  }
  let text = pick(rand, corpus);
  const applied = [];
  for (let k = 1 + rand(4); k > 0; k--) {
    const name = pick(rand, NAMES);
    text = MUTATIONS[name](rand, text, corpus, sizes);
    applied.push(name);
  }
  return { nn: text, mutations: applied };
}
