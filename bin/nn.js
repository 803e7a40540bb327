#!/usr/bin/env node
import { guardStandardStreams, run } from '../dist/cli/main.js';

// A closed pipe (`nn table big.nn | head`) or a full disk is a sentence or nothing, never a
// stack trace: see src/cli/streams.ts.
guardStandardStreams();
process.exitCode = await run(process.argv.slice(2));
