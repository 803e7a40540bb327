// Builds nn: the Ohm grammar into a typed bundle, TypeScript into dist/ (the library,
// `import 'nn'`), then the command line into one bundled module with a chunk per command
// (dist/cli/), so that `nn` starts without resolving and loading dozens of files.
// Runs from `npm ci` (prepare), `npm test` and `npm run bench`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(bin('ohm'), ['generateBundles', '--withTypes', '--esm', 'grammar/*.ohm']);
rmSync(join(root, 'dist'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.json']);
// tsc does not copy plain .js files; the generated grammar bundle goes beside its importers.
mkdirSync(join(root, 'dist', 'grammar'), { recursive: true });
copyFileSync(join(root, 'grammar', 'nn.ohm-bundle.js'), join(root, 'dist', 'grammar', 'nn.ohm-bundle.js'));

// The CLI, bundled from tsc's output. Packages that load WebAssembly or a native binary from
// files beside their own code stay outside, and so does MiniSat (logic-solver), whose asm.js
// the bundler's rewriting would invalidate; everything else (ohm-js, csv-parse) is inlined.
const bundle = await rolldown({
  // The worker threads are entries of their own: the CLI starts them from files beside it.
  input: {
    main: join(root, 'dist', 'src', 'cli', 'main.js'),
    'sweep-worker': join(root, 'dist', 'src', 'cli', 'sweep-worker.js'),
    'sat-worker': join(root, 'dist', 'src', 'cli', 'sat-worker.js'),
  },
  platform: 'node',
  external: [/^node:/, 'highs', 'graphviz-cli', '@resvg/resvg-js', /^logic-solver/],
  logLevel: 'warn',
});
// What every light command needs (the pipeline, ohm-js, the table writer) is one chunk; each
// command, and each heavy stage only some commands reach (training, diagrams, plots), is a
// chunk of its own, loaded when it runs.
const lazy = (id) =>
  /[\\/]cli[\\/](commands[\\/](?!shared\.)|write-output\.|sat-worker\.|sweep-worker\.)/.test(id) ||
  /[\\/]src[\\/](render|plot|simulate)[\\/]|[\\/]src[\\/]train[\\/](dataset|separability|integer-weights)\.|[\\/]csv-parse[\\/]/.test(id) ||
  /[\\/]src[\\/]train[\\/](fit-circuit|hidden|gradient)\./.test(id);
await bundle.write({
  dir: join(root, 'dist', 'cli'),
  format: 'esm',
  entryFileNames: '[name].js',
  chunkFileNames: '[name]-[hash].js',
  codeSplitting: { groups: [{ name: 'core', test: (id) => !lazy(id) }] },
});
await bundle.close();
