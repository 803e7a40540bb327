// DOT → SVG in-process, with the WebAssembly Graphviz that graphviz-cli wraps: no native `dot`.
// graphviz-cli keeps one Viz.js instance (a worker thread holding the compiled WebAssembly)
// for the life of the process, so only the first call pays for loading it; the worker is
// unref'd between calls, so it never keeps the process alive. The package is loaded on the
// first call: `import 'nn'` does not pay for it.

import { isMainThread } from 'node:worker_threads';

/** Graphviz rejected the DOT source; the message is Graphviz's own, e.g. a syntax error. */
export class GraphvizError extends Error {
  override readonly name = 'GraphvizError';
}

export async function renderSvg(dot: string): Promise<string> {
  // graphviz-cli reads stdin when given no input, which would hang a CLI on an empty graph.
  if (dot.trim() === '') throw new GraphvizError('empty DOT source');
  // Viz.js starts its own worker only from the main thread: in another it fails with a
  // message about its internals ("Cannot read properties of null (reading '__filename')").
  if (!isMainThread) throw new GraphvizError('Graphviz (Viz.js) runs only from the main thread: call renderSvg there, not in a worker thread');
  const { renderGraphFromSource } = await import('graphviz-cli');
  try {
    return decodeNonAscii(await renderGraphFromSource({ input: encodeNonAscii(dot) }, { format: 'svg', engine: 'dot' }));
  } catch (err) {
    throw new GraphvizError(graphvizMessage(err), { cause: err });
  }
}

/** Graphviz messages come as "Error: syntax error in line 1 near ';'\n". */
function graphvizMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(/^(Error:\s*)+/, '').trim() || 'Graphviz failed without a message';
}

/**
 * The WebAssembly Graphviz knows the widths of ASCII glyphs only, and warns on stderr (from its
 * worker, where we cannot catch it) for any other character, such as the θ of a
 * McCulloch–Pitts neuron. Such characters cross Graphviz as ASCII escapes and are put back
 * in the SVG; a label is sized a little wide, which does no harm.
 */
function encodeNonAscii(dot: string): string {
  return dot.replace(/[^\x00-\x7f]/gu, (c) => `@u${c.codePointAt(0)!.toString(16)}@`);
}

function decodeNonAscii(svg: string): string {
  return svg.replace(/@u([0-9a-f]+)@/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}
