// CaDiCaL's WebAssembly module, loaded once per thread (about 40 ms of CPU) and shared by every
// solver made after: each solver has its own state on the module's heap, freed when it is done.

import type { CadicalModule } from 'cadical-wasm';

export interface SolverModule {
  readonly Cadical: typeof import('cadical-wasm').Cadical;
  readonly wasm: CadicalModule;
}

let loading: Promise<SolverModule> | undefined;

export function solverModule(): Promise<SolverModule> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

/** Called when a solve aborted inside `module`: the next solver gets a fresh module. */
export function solverModuleFailed(module: SolverModule): void {
  void loading?.then((current) => {
    if (current === module) loading = undefined;
  });
}

async function load(): Promise<SolverModule> {
  const { Cadical, createModule } = await import('cadical-wasm');
  return { Cadical, wasm: await createModule(await wasmPlace()) };
}

/**
 * In Node the WebAssembly file is found from here, through the package's exports: bundled,
 * the glue code is no longer beside it. A browser's bundler resolves the glue's own URL.
 */
async function wasmPlace(): Promise<{ locateFile?: () => string }> {
  if (typeof process === 'undefined' || !process.versions?.node) return {};
  const { createRequire } = await import('node:module');
  const file = createRequire(import.meta.url).resolve('cadical-wasm/cadical.wasm');
  return { locateFile: () => file };
}
