#!/usr/bin/env node
import { run } from '../dist/cli/main.js';

// `nn table big.nn | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await run(process.argv.slice(2));
