// Vitest's global setup: builds nn first when a source changed since the last build (a digest
// check, 0.1 s otherwise). The tests load nn's modules from dist/ (see vitest.config.ts), and
// the process tests run bin/nn.js on dist/cli/, so every way of starting vitest tests the
// sources as they are.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const build = fileURLToPath(new URL('../scripts/build.js', import.meta.url));
  execFileSync(process.execPath, [build, '--if-changed'], { stdio: 'inherit' });
}
