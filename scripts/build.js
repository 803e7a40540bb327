// Builds nn: the Ohm grammar into a typed bundle, TypeScript into dist/ (the library,
// `import 'nn'`), then the command line into one bundled CommonJS core with a chunk per
// command (dist/cli/), so that `nn` starts without resolving and loading dozens of files, and
// last V8's code cache for that core (dist/cli/core.cache, see bin/load-cli.js).
// Runs from `npm ci` (prepare), `npm run bench`, and `npm test` when test/build-first.ts finds
// a source changed. With --if-changed it does nothing when the inputs are byte for byte those
// of the last build and its outputs are there: the digest of the inputs is kept in
// dist/.inputs (scripts/build-inputs.js).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtFrom, inputsDigest, root, stamp } from './build-inputs.js';

const digest = inputsDigest();
if (process.argv.includes('--if-changed') && builtFrom(digest)) process.exit(0);
const { rolldown } = await import('rolldown');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(bin('ohm'), ['generateBundles', '--withTypes', '--esm', 'grammar/*.ohm']);
rmSync(join(root, 'dist'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.json']);
// tsc does not copy plain .js files; the generated grammar bundle goes beside its importers.
mkdirSync(join(root, 'dist', 'grammar'), { recursive: true });
copyFileSync(join(root, 'grammar', 'nn.ohm-bundle.js'), join(root, 'dist', 'grammar', 'nn.ohm-bundle.js'));

// ohm-js parses each operation's signature ('items', 'name') with a grammar of its own, a
// match per addOperation: a quarter of evaluating nn's core. A signature that is a plain name
// (all of nn's) gives { name, formals: [] } either way, so the bundle answers those without
// the match.
const OHM_SIGNATURE = 'function parseSignature(signature, type) {\n';
const ohmPlainSignatures = {
  name: 'ohm-plain-signatures',
  transform: {
    filter: { id: /ohm-js[\\/]src[\\/]Semantics\.js$/ },
    handler(code) {
      if (!code.includes(OHM_SIGNATURE))
        throw new Error('build: ohm-js has changed, its parseSignature is not where scripts/build.js expects it');
      return code.replace(
        OHM_SIGNATURE,
        `${OHM_SIGNATURE}  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(signature)) return { name: signature, formals: [] };\n`,
      );
    },
  },
};

// ohm-js compiles a Unicode regular expression for each of 33 categories and properties as it
// loads (a tenth of evaluating nn's core), though its built-in rules use three and nn's grammar
// none. In the bundle each one is compiled when first looked up.
const OHM_UNICODE = [
  ['export const UnicodeCategories = Object.fromEntries(', 'export const UnicodeCategories = lazyRegExps('],
  ['].map(cat => [cat, toRegExp(cat)])', ']'],
  ['export const UnicodeBinaryProperties = Object.fromEntries(', 'export const UnicodeBinaryProperties = lazyRegExps('],
  ['].map(prop => [prop, toRegExp(prop)])', ']'],
];
const LAZY_REG_EXPS = `
function lazyRegExps(names) {
  const table = {};
  for (const name of names) {
    Object.defineProperty(table, name, {
      get() {
        const value = toRegExp(name);
        Object.defineProperty(table, name, { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
      enumerable: true,
      configurable: true,
    });
  }
  return table;
}
`;
const ohmLazyUnicode = {
  name: 'ohm-lazy-unicode',
  transform: {
    filter: { id: /ohm-js[\\/]src[\\/]unicode\.js$/ },
    handler(code) {
      for (const [from, to] of OHM_UNICODE) {
        if (code.split(from).length !== 2)
          throw new Error('build: ohm-js has changed, its unicode.js is not what scripts/build.js expects');
        code = code.replace(from, to);
      }
      return code + LAZY_REG_EXPS;
    },
  },
};

// Building a grammar from its recipe, ohm-js checks it again (arities, applications, nullable
// repetitions), a third of making nn's grammar as the core loads. The bundle builds only
// grammars compiled at build time, which those checks passed then (`ohm generateBundles` for
// nn's, ohm-js's own built-in rules): it skips them.
const OHM_GRAMMAR_CHECKS = ['    const grammarErrors = [];\n', '    if (grammarErrors.length > 0) {\n'];
const ohmPrebuiltGrammars = {
  name: 'ohm-prebuilt-grammars',
  transform: {
    filter: { id: /ohm-js[\\/]src[\\/]GrammarDecl\.js$/ },
    handler(code) {
      const [from, to] = OHM_GRAMMAR_CHECKS.map((text) => code.indexOf(text));
      if (OHM_GRAMMAR_CHECKS.some((text) => code.split(text).length !== 2) || !(from < to))
        throw new Error('build: ohm-js has changed, its GrammarDecl.build is not what scripts/build.js expects');
      return code.slice(0, from) + OHM_GRAMMAR_CHECKS[0] + code.slice(to);
    },
  },
};

// nn's prebuilt grammar needs only ohm-js's kernel (makeRecipe, the built-in rules and their
// semantics), not the rest of ohm-js's entry module, which builds Ohm's grammar of grammars
// for reading .ohm sources at run time: the bundle gives the grammar the kernel alone.
const OHM = join(root, 'node_modules', 'ohm-js', 'src');
const ohmKernel = {
  name: 'ohm-kernel',
  resolveId(source, importer) {
    return source === 'ohm-js' && importer?.endsWith('nn.ohm-bundle.js') ? '\0ohm-kernel' : undefined;
  },
  load(id) {
    if (id !== '\0ohm-kernel') return undefined;
    const kernel = JSON.stringify(join(OHM, 'main-kernel.js'));
    return `import { makeRecipe } from ${kernel};\nimport ${JSON.stringify(join(OHM, 'semanticsDeferredInit.js'))};\nexport { makeRecipe };\n`;
  },
};

// The CLI, bundled from tsc's output. Packages that load WebAssembly or a native binary from
// files beside their own code stay outside; everything else (ohm-js, csv-parse) is inlined, and
// so is CaDiCaL's glue code (an ES module, which Node 20 cannot require), which nn tells where
// its WebAssembly file is (src/verify/solver-module.ts).
const bundle = await rolldown({
  input: { main: join(root, 'dist', 'src', 'cli', 'main.js') },
  platform: 'node',
  external: [/^node:/, 'highs', 'graphviz-cli', '@resvg/resvg-js'],
  plugins: [ohmPlainSignatures, ohmLazyUnicode, ohmPrebuiltGrammars, ohmKernel],
  logLevel: 'warn',
});
// What every light command needs (the pipeline, ohm-js, the table writer) is one chunk; each
// command, and each heavy stage only some commands reach (training, diagrams, plots), is a
// chunk of its own, loaded when it runs.
const lazy = (id) =>
  /[\\/]cli[\\/](commands[\\/](?!shared\.)|write-output\.|sat-worker\.|sweep-worker\.)/.test(id) ||
  /[\\/]src[\\/](render|plot|simulate)[\\/]|[\\/]src[\\/]train[\\/](dataset|separability|integer-weights)\.|[\\/]csv-parse[\\/]/.test(id) ||
  /[\\/]cadical-wasm[\\/]/.test(id) ||
  /[\\/]src[\\/]train[\\/](fit-circuit|hidden|gradient)\./.test(id);
// How the command line and its worker threads are written.
const output = {
  dir: join(root, 'dist', 'cli'),
  // CommonJS (dist/cli/package.json says so), because only a script, not an ES module, can
  // be compiled with a V8 code cache (bin/load-cli.js). Packages outside the bundle are
  // required too, when the code that needs them first runs.
  format: 'cjs',
  dynamicImportInCjs: false,
  // ASCII only and without doc comments: less for nn to read and check at each start, and V8
  // keeps a source of one byte per character. (The sources in dist/src keep their comments.)
  charset: 'ascii',
  comments: { legal: true, annotation: false, jsdoc: false },
  entryFileNames: '[name].js',
};
await bundle.write({
  ...output,
  // The core keeps its name: bin/load-cli.js loads it, with the cache made for it.
  chunkFileNames: (chunk) => (chunk.name === 'core' ? 'core.js' : '[name]-[hash].js'),
  codeSplitting: { groups: [{ name: 'core', test: (id) => !lazy(id) }] },
});
await bundle.close();

// The worker threads, which the CLI starts from files beside it, are bundles of their own: a
// worker loads the few modules it runs (the bit engine, or the SAT solver), not the core's
// 700 kB of JavaScript, which it would compile from source (a thread started in about 60 ms of
// CPU instead of 100).
const workers = await rolldown({
  input: {
    'sweep-worker': join(root, 'dist', 'src', 'cli', 'sweep-worker.js'),
    'sat-worker': join(root, 'dist', 'src', 'cli', 'sat-worker.js'),
  },
  platform: 'node',
  external: [/^node:/],
  logLevel: 'warn',
});
await workers.write({ ...output, chunkFileNames: 'worker-[name]-[hash].js' });
await workers.close();
writeFileSync(join(root, 'dist', 'cli', 'package.json'), '{ "type": "commonjs" }\n');

// The library (`import 'nn'`), bundled too: an ES module and the chunks it loads on demand, in
// dist/lib/. Loading it takes Node half the time of tsc's 90 modules in dist/src/, which keep
// the types. ohm-js is inlined as in the command line, with the grammar prebuilt; the other
// packages stay packages, loaded from node_modules as the library's own dependencies.
const library = await rolldown({
  input: { index: join(root, 'dist', 'src', 'index.js') },
  platform: 'node',
  external: [/^node:/, 'highs', 'graphviz-cli', '@resvg/resvg-js', 'cadical-wasm', /^csv-parse(\/|$)/],
  plugins: [ohmPlainSignatures, ohmLazyUnicode, ohmPrebuiltGrammars, ohmKernel],
  logLevel: 'warn',
});
await library.write({
  dir: join(root, 'dist', 'lib'),
  format: 'esm',
  charset: 'ascii',
  comments: { legal: true, annotation: false, jsdoc: false },
});
await library.close();

// The code cache: a child runs the light commands on an example, with the core chunk compiled
// from source, then writes V8's cache of the functions that ran (see bin/load-cli.js). It is
// made by the same Node, with the same flags, as the one that will read it.
execFileSync(process.execPath, [join(root, 'scripts', 'code-cache.cjs')], { cwd: root, stdio: 'inherit' });
writeFileSync(stamp, digest);
