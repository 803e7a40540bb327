// HiGHS, the linear and integer programming solver (WebAssembly), shared by every stage that
// solves an LP: separability, integer weights, synthesis. Its answers are floating point:
// callers check what they use in exact arithmetic.

import type highsModule from 'highs';
import type { Highs, LegacyHighsOptions, LegacyHighsSolution } from 'highs';

export type { Highs, LegacyHighsOptions, LegacyHighsSolution };

// The package's types describe its CommonJS build, where the loader is `exports.default`;
// Node's `import` loads its ES module build, whose default export is the loader itself.
type Loader = typeof highsModule.default;

// The package (170 kB of JavaScript beside its WebAssembly) is loaded on first use, not when
// nn starts: most commands never solve an LP.
async function highsLoader(): Promise<Highs> {
  const { default: loaded } = (await import('highs')) as { default: typeof highsModule };
  const load: Loader = typeof loaded === 'function' ? (loaded as unknown as Loader) : loaded.default;
  return load();
}

let highsInstance: Promise<Highs> | undefined;

/** The HiGHS WebAssembly module, loaded once on first use (a failed load is retried later). */
export function loadHighs(): Promise<Highs> {
  if (highsInstance) return highsInstance;
  const loading = highsLoader().catch((e: unknown) => {
    highsInstance = undefined;
    throw e;
  });
  highsInstance = loading;
  return loading;
}

/**

/** `coefficient name` terms as CPLEX LP text, e.g. ` + 2 w0 - 0.5 w1`; zero terms dropped. */
export function lpSum(terms: Iterable<readonly [number, string]>): string {
  let text = '';
  for (const [c, name] of terms) {
    if (c === 0) continue;
    // String(c) is the shortest decimal that reads back as exactly c.
    text += ` ${c < 0 ? '-' : '+'} ${String(Math.abs(c))} ${name}`;
  }
  return text;
}

/** The value HiGHS gave a variable (0 for one it dropped or did not report). */
export function primal(solution: LegacyHighsSolution, name: string): number {
  const column = solution.Columns[name];
  return column !== undefined && 'Primal' in column ? column.Primal : 0;
}
