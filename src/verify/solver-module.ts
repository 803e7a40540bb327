// CaDiCaL's WebAssembly module, loaded once per thread (about 40 ms of CPU) and shared by every
// solver made after: each solver has its own state on the module's heap, freed when it is done.

import type { CadicalModule } from 'cadical-wasm';

export interface SolverModule {
  readonly Cadical: typeof import('cadical-wasm').Cadical;
  readonly wasm: CadicalModule;
}

let loading: Promise<SolverModule> | undefined;
let loaded: SolverModule | undefined;

export function solverModule(): Promise<SolverModule> {
  loading ??= load().then(
    (module) => (loaded = module),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/** Called when a solve aborted inside `module`: from now on, solvers get a fresh module. */
export function solverModuleFailed(module: SolverModule): void {
  if (loaded !== module) return;
  loaded = undefined;
  loading = undefined;
}

async function load(): Promise<SolverModule> {
  const { Cadical, createModule } = await import('cadical-wasm');
  // Emscripten writes its own notes (an abort's "Aborted(...)") to the console: nn reports
  // what went wrong itself, in its own words.
  const quiet = () => {};
  return { Cadical, wasm: await createModule({ ...(await wasmPlace()), print: quiet, printErr: quiet }) };
}

/**
 * In Node the WebAssembly file is found from here, through the package's exports: bundled,
 * the glue code is no longer beside it. A browser's bundler resolves the glue's own URL (an
 * Electron renderer, which has `process.versions.node`, too: the glue's own test).
 */
async function wasmPlace(): Promise<{ locateFile?: () => string }> {
  const proc = globalThis.process as (NodeJS.Process & { type?: string }) | undefined;
  if (!proc?.versions?.node || proc.type === 'renderer') return {};
  const { createRequire } = await import('node:module');
  const file = createRequire(import.meta.url).resolve('cadical-wasm/cadical.wasm');
  return { locateFile: () => file };
}
