#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts it without setting up its ES-module loader, and
// the bundled command line is CommonJS too, so that load-cli.js can give V8 its code cache.
'use strict';
const { loadCli } = require('./load-cli.js');

const { guardStandardStreams, run } = loadCli();
// A closed pipe (`nn table big.nn | head`) or a full disk is a sentence or nothing, never a
// stack trace: see src/cli/streams.ts.
guardStandardStreams();
run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
