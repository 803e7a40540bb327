// What the build reads and what it writes, and whether dist/ is the build of the files as they
// are: `npm test` asks this in its own process (test/build-first.ts), and runs the build only
// when a source changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The digest of the inputs of the last build. */
export const stamp = join(root, 'dist', '.inputs');
const outputs = ['grammar/nn.ohm-bundle.js', 'dist/src/index.js', 'dist/lib/index.js', 'dist/cli/main.js', 'dist/cli/core.cache'].map((f) =>
  join(root, f),
);

/** A digest of every file the build reads: the grammar, the sources, the build's scripts, the pins. */
export function inputsDigest() {
  const files = [
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'scripts/build.js',
    'scripts/build-inputs.js',
    'scripts/code-cache.cjs',
    'bin/load-cli.js',
  ];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|ohm)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(path);
    }
  };
  walk('grammar');
  walk('src');
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0${readFileSync(join(root, f), 'utf8')}\0`);
  return hash.digest('hex');
}

/** Whether the outputs are there and were built from inputs with this digest. */
export function builtFrom(digest) {
  return outputs.every(existsSync) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest;
}
