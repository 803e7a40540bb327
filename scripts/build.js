// Builds nn: the Ohm grammar into a typed bundle, then TypeScript into dist/.
// Runs from `npm ci` (prepare), `npm test` and `npm run bench`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(bin('ohm'), ['generateBundles', '--withTypes', '--esm', 'grammar/*.ohm']);
rmSync(join(root, 'dist'), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.json']);
// tsc does not copy plain .js files; the generated grammar bundle goes beside its importers.
mkdirSync(join(root, 'dist', 'grammar'), { recursive: true });
copyFileSync(join(root, 'grammar', 'nn.ohm-bundle.js'), join(root, 'dist', 'grammar', 'nn.ohm-bundle.js'));
