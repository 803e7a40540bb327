// Loads the bundled command line (dist/cli/, built by scripts/build.js) with V8's code cache
// for its core chunk: the bytecode of the functions a light command runs, compiled at build
// time (dist/cli/core.cache), so that `nn` neither parses 700 kB of JavaScript nor compiles
// what it runs. The cache is used only if it was made from this very core.js: its header
// holds a CRC-32 of the source and of the cache itself, checked before V8 sees it (V8
// checks only the source's length, its own version and its flags, and rejects the cache
// when those differ; it does not check the cache's bytes). Without a usable cache the core
// is compiled from source as usual.
'use strict';
const { readFileSync, realpathSync, writeFileSync, renameSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const { crc32 } = require('node:zlib');
const vm = require('node:vm');

const MAGIC = 'nn-code-cache 2';

// How much a function runs before V8 optimises it: 15 times V8's default. Parsing a small file
// with Ohm calls the same few functions thousands of times in a few milliseconds, and at the
// default V8 spends more time compiling them (on another core) than the whole command takes;
// a long run still has them optimised within milliseconds. Set before the core is compiled,
// by the build that makes the cache as by nn, since V8 rejects a cache made under other flags.
const INTERRUPT_BUDGET = 1_000_000;

// The same for WebAssembly (HiGHS, Graphviz): how much a function runs before V8 compiles it
// again with its optimising compiler, about 1,100 times V8's default. HiGHS is a 3.5 MB module
// whose solver functions get hot within the first LP, and optimising them costs more CPU than
// seconds of solving with the baseline code gain back (measured: a 3-neuron depth-2 synthesis
// of parity takes 0.9 s of CPU instead of 2.7, 256 separability decisions 0.2 s instead of 1.1).
const WASM_TIERING_BUDGET = 2_000_000_000;

/**
 * A checksum of the core's bytes and the cache's. A CRC, not a cryptographic hash: it guards
 * against a changed core and a damaged cache, not against someone who can write to dist/
 * anyway, and loading node:zlib and checking 1.4 MB takes nn 2 ms where SHA-256 took 5 ms.
 */
function digest(source, data) {
  return crc32(data, crc32(source)).toString(16).padStart(8, '0');
}

/** The cache's bytes, if `file` holds a cache made from `source` (the core's bytes). */
function readCache(file, source) {
  // Node 20 before 20.15 has no zlib.crc32: it runs nn from source.
  if (typeof crc32 !== 'function') return undefined;
  let cache;
  try {
    cache = readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = cache.indexOf(10);
  if (newline < 0) return undefined;
  const [magic, hash] = cache.toString('latin1', 0, newline).split(' crc32=');
  const data = cache.subarray(newline + 1);
  return magic === MAGIC && hash === digest(source, data) ? data : undefined;
}

/**
 * The command line's exports (`run`, `guardStandardStreams`, ...), its core chunk compiled
 * with the code cache when there is a good one. `dir` is the bundle's directory. With
 * `produce`, the cache is not read, and `writeCache()` writes one of the functions run until then.
 */
function loadCli({ dir = join(__dirname, '..', 'dist', 'cli'), produce = false } = {}) {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
  // The path require() gives the core chunk, from which the other chunks require it.
  const file = realpathSync(join(dir, 'core.js'));
  const cacheFile = join(dirname(file), 'core.cache');
  const bytes = readFileSync(file);
  const cachedData = produce ? undefined : readCache(cacheFile, bytes);
  const source = bytes.toString('utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData && { cachedData }) });
  const core = new Module(file, module);
  core.filename = file;
  core.paths = Module._nodeModulePaths(dirname(file));
  require.cache[file] = core;
  try {
    script.runInThisContext().call(core.exports, core.exports, Module.createRequire(file), core, file, dirname(file));
    core.loaded = true;
  } catch (e) {
    delete require.cache[file];
    throw e;
  }
  const cli = require(join(dirname(file), 'main.js'));
  const writeCache = () => {
    if (typeof crc32 !== 'function')
      throw new Error(`nn's code cache is made with zlib.crc32, which Node ${process.version} lacks: use Node 20.15 or later`);
    const data = script.createCachedData();
    const temporary = `${cacheFile}.${process.pid}`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC} crc32=${digest(bytes, data)}\n`, 'latin1'), data]));
    renameSync(temporary, cacheFile);
  };
  return { ...cli, writeCache, usedCache: cachedData !== undefined && script.cachedDataRejected !== true };
}

module.exports = { loadCli, readCache };
