// Vitest's global setup: builds nn first when a source changed since the last build, and again
// before each rerun in watch mode. The digest of the build's inputs is checked here, in
// vitest's own process (about 20 ms); the build runs only when it differs. The tests load nn's
// modules from dist/ (see vitest.config.ts), and the process tests run bin/nn.js on dist/cli/,
// so every way of starting vitest tests the sources as they are.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { builtFrom, inputsDigest } from '../scripts/build-inputs.js';

function build(): void {
  if (builtFrom(inputsDigest())) return;
  const script = fileURLToPath(new URL('../scripts/build.js', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}

export default function setup(project: TestProject): void {
  build();
  project.onTestsRerun(build);
}
