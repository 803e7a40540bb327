// Writes dist/cli/core.cache (bin/load-cli.js): runs what `nn table`, `nn test`, `nn check`
// and `nn eval` run on an example, quietly, so that V8 has compiled those functions, then
// saves their code. Run by scripts/build.js after bundling.
'use strict';
const { join } = require('node:path');
const { loadCli } = require('../bin/load-cli.js');

const sink = {
  write(_chunk, encoding, done) {
    (typeof encoding === 'function' ? encoding : done)?.();
    return true;
  },
};
const io = { stdout: sink, stderr: sink, env: {}, stdoutIsTTY: false, stderrIsTTY: false };
const example = join(__dirname, '..', 'circuits', 'xor.nn');
const runs = [['table', example], ['test', example], ['check', example], ['eval', example, '1', '0']];

async function main() {
  const cli = loadCli({ produce: true });
  for (const argv of runs) {
    const code = await cli.run(argv, io);
    if (code !== 0) throw new Error(`code cache: nn ${argv.join(' ')} exited with ${code}`);
  }
  cli.writeCache();
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
