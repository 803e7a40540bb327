// `npm run fuzz`: minutes of mutated examples through the built nn (dist/), in worker
// processes watched for hangs. Every distinct problem (a crash, an exit code other than 0, 1
// or 2, a raw control character, a flood of output, a case that runs too long) is made as
// small as it will go and written to the findings folder with a summary.
//
//   npm run fuzz                               five minutes, seed 1, two workers
//   npm run fuzz -- --seconds 60 --seed 7 --workers 4 --out /tmp/findings
//
// The exit code is 1 when anything was found.

import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COMMANDS, loadCorpus, prepareDirectory, runCase, signature } from './fuzz/harness.js';
import { makeCase, seeded } from './fuzz/mutate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
/** A case that takes longer than this (all its commands) counts as a hang. */
const HANG_MS = 30_000;
/** Slower than this, a case is noted as slow (a bound that holds, but only just). */
const SLOW_MS = 5_000;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: '2' },
    out: { type: 'string', default: join(root, '.scratch', 'fuzz-findings') },
    worker: { type: 'string' },
    start: { type: 'string', default: '0' },
    minimize: { type: 'string' },
  },
});

/** Case `index` of the stream for `seed`: replayed from the start, since each case draws on the last one's state. */
function* cases(seed, corpus) {
  const rand = seeded(seed);
  for (let index = 0; ; index++) yield { index, kase: makeCase(rand, corpus.nn, corpus.csv, 'full') };
}

function caseAt(seed, corpus, index) {
  for (const c of cases(seed, corpus)) if (c.index === index) return c.kase;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// A worker: runs cases and reports each, or makes one case smaller.

async function worker(seed, start) {
  const { run } = await import(join(root, 'dist', 'src', 'cli', 'main.js'));
  const corpus = loadCorpus(root);
  const dir = mkdtempSync(join(tmpdir(), 'nn-fuzz-'));
  prepareDirectory(dir, corpus);
  for (const { index, kase } of cases(seed, corpus)) {
    if (index < start) continue;
    process.send({ type: 'start', index });
    const started = Date.now();
    const { problems } = await runCase(run, dir, kase);
    process.send({
      type: 'done',
      index,
      ms: Date.now() - started,
      mutations: kase.mutations,
      problems: problems.map((p) => ({ ...p, signature: signature(p) })),
    });
  }
}

/** Removes lines, then characters, as long as the case still shows the same problem. */
async function minimize(request) {
  const { run } = await import(join(root, 'dist', 'src', 'cli', 'main.js'));
  const corpus = loadCorpus(root);
  const dir = mkdtempSync(join(tmpdir(), 'nn-fuzz-min-'));
  prepareDirectory(dir, corpus);
  const commands = COMMANDS.filter((c) => request.command === undefined || c[0] === request.command);
  let budget = 600;
  const still = async (kase) => {
    budget--;
    const { problems } = await runCase(run, dir, kase, commands);
    return problems.some((p) => signature(p) === request.signature);
  };
  let kase = request.kase;
  for (const field of kase.csv === undefined ? ['nn'] : ['nn', 'csv']) {
    for (const unit of ['\n', '']) {
      let parts = kase[field].split(unit);
      for (let chunk = Math.max(1, parts.length >> 1); chunk >= 1 && budget > 0; chunk >>= 1) {
        for (let i = 0; i < parts.length && budget > 0; ) {
          const shorter = [...parts.slice(0, i), ...parts.slice(i + chunk)];
          const candidate = { ...kase, [field]: shorter.join(unit) };
          if (await still(candidate)) {
            parts = shorter;
            kase = candidate;
            // Sent at every step: if a smaller case hangs, the parent keeps the last good one.
            process.send({ type: 'minimized', kase });
          } else i += chunk;
        }
        // Characters only once lines are few: a long file reduced char by char takes ages.
        if (unit === '' && parts.length > 4000) break;
      }
    }
  }
  process.send({ type: 'minimized', kase });
}

// ---------------------------------------------------------------------------------------------
// The parent: starts workers, watches them, gathers findings.

function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

function startWorker(seed, start, onMessage, onExit) {
  // A heap limit of its own: a case that eats memory aborts its worker, not the machine.
  const child = fork(self, ['--worker', String(seed), '--start', String(start)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: ['--max-old-space-size=2048'],
  });
  child.on('message', onMessage);
  child.on('exit', onExit);
  return child;
}

function minimizeInChild(request) {
  return new Promise((resolvePromise) => {
    const child = fork(self, ['--minimize', '-'], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: ['--max-old-space-size=2048'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let result = request.kase;
    child.on('message', (m) => {
      if (m.type === 'minimized') result = m.kase;
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolvePromise(result);
    });
    child.send(request);
  });
}

async function parent() {
  const seconds = Number(values.seconds);
  const seed = Number(values.seed);
  const workers = Number(values.workers);
  const out = resolve(values.out);
  const corpus = loadCorpus(root);
  const findings = new Map();
  const slow = [];
  let ran = 0;
  const deadline = Date.now() + seconds * 1000;
  const record = (sig, entry) => {
    const known = findings.get(sig);
    if (known) {
      known.count++;
      if (entry.command !== undefined) known.commands.add(entry.command);
    } else findings.set(sig, { ...entry, count: 1, commands: new Set(entry.command === undefined ? [] : [entry.command]) });
  };

  await new Promise((finish) => {
    let running = workers;
    for (let w = 0; w < workers; w++) {
      const workerSeed = seed * 1000 + w;
      let current = { index: -1, since: Date.now() };
      let child;
      let stopped = false;
      const spawn = (start) => {
        // The clock starts with the new worker's first case, not the old worker's last.
        current = { index: -1, since: Date.now() };
        child = startWorker(
          workerSeed,
          start,
          (m) => {
            if (m.type === 'start') current = { index: m.index, since: Date.now() };
            if (m.type === 'done') {
              ran++;
              if (m.ms > SLOW_MS) slow.push({ seed: workerSeed, index: m.index, ms: m.ms, mutations: m.mutations });
              for (const p of m.problems)
                record(p.signature, { seed: workerSeed, index: m.index, problem: p, mutations: m.mutations, command: p.command });
            }
          },
          () => {
            if (stopped) {
              if (--running === 0) finish();
              return;
            }
            // Killed by the watchdog (or crashed outright: a V8 abort): carry on after the case.
            const index = current.index;
            const hung = Date.now() - current.since >= HANG_MS;
            const kind = hung ? 'hang' : 'process died';
            const kase = caseAt(workerSeed, corpus, index);
            record(`${kind} (over ${HANG_MS / 1000} s or a V8 abort)`, {
              seed: workerSeed,
              index,
              problem: { kind, command: undefined, detail: `case ${index} of seed ${workerSeed}` },
              mutations: kase?.mutations ?? [],
            });
            spawn(index + 1);
          },
        );
      };
      spawn(0);
      const watchdog = setInterval(() => {
        if (Date.now() >= deadline) {
          stopped = true;
          clearInterval(watchdog);
          child.kill('SIGKILL');
        } else if (current.index >= 0 && Date.now() - current.since > HANG_MS) child.kill('SIGKILL');
      }, 500);
    }
  });

  // Each finding made as small as it goes, then written down.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const summary = [`# nn fuzz: ${ran} cases in ${seconds} s, seed ${seed}, ${workers} workers`, ''];
  let k = 0;
  for (const [sig, f] of findings) {
    k++;
    const original = caseAt(f.seed, corpus, f.index);
    const small =
      original && !sig.startsWith('hang') && !sig.startsWith('process died')
        ? await minimizeInChild({ kase: original, signature: sig, command: f.problem.command })
        : original;
    const base = join(out, `${String(k).padStart(2, '0')}-${slug(sig)}`);
    if (small) {
      writeFileSync(`${base}.nn`, small.nn);
      if (small.csv !== undefined) writeFileSync(`${base}.csv`, small.csv);
    }
    summary.push(
      `## ${k}. ${sig}`,
      '',
      `- seen ${f.count} time${f.count === 1 ? '' : 's'}${f.commands.size > 0 ? ` (nn ${[...f.commands].join(', nn ')})` : ''}; first: case ${f.index} of worker seed ${f.seed} (${f.mutations.join(', ') || 'mutations not recorded'})`,
    );
    summary.push(`- detail: ${f.problem.detail}`);
    if (small)
      summary.push(
        `- smallest repro (${small.nn.length} characters${small.csv !== undefined ? `, with a ${small.csv.length}-character case.csv` : ''}): ${base}.nn`,
        '',
        '```',
        small.nn.length <= 600 ? small.nn : `${small.nn.slice(0, 600)}…`,
        '```',
      );
    summary.push('');
  }
  if (slow.length > 0) {
    summary.push(`## Slow cases (over ${SLOW_MS / 1000} s, under ${HANG_MS / 1000} s): ${slow.length}`, '');
    for (const s of slow.slice(0, 20)) summary.push(`- ${s.ms} ms: case ${s.index} of seed ${s.seed} (${s.mutations.join(', ')})`);
    summary.push('');
  }
  if (findings.size === 0) summary.push('Nothing found.', '');
  writeFileSync(join(out, 'summary.md'), summary.join('\n'));
  console.log(summary.join('\n'));
  console.log(`(written to ${out})`);
  process.exitCode = findings.size > 0 ? 1 : 0;
}

if (values.worker !== undefined) await worker(Number(values.worker), Number(values.start));
else if (values.minimize !== undefined) process.once('message', (request) => void minimize(request).then(() => process.exit(0)));
else await parent();
