// Vitest's global setup: builds nn first when a source changed since the last build (a digest
// check, 0.1 s otherwise), and again before each rerun in watch mode. The tests load nn's
// modules from dist/ (see vitest.config.ts), and the process tests run bin/nn.js on
// dist/cli/, so every way of starting vitest tests the sources as they are.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

function build(): void {
  const script = fileURLToPath(new URL('../scripts/build.js', import.meta.url));
  execFileSync(process.execPath, [script, '--if-changed'], { stdio: 'inherit' });
}

export default function setup(project: TestProject): void {
  build();
  project.onTestsRerun(build);
}
