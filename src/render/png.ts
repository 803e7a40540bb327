// SVG → PNG with resvg (a Rust rasteriser compiled for Node): no browser, no canvas. Its
// native module loads at the first svgToPng: `import 'nn'` does not pay for it.

import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';

let resvgClass: typeof ResvgClass | undefined;

/** resvg's class, required (the package is CommonJS) when a PNG is first made. */
function loadResvg(): typeof ResvgClass {
  resvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
  return resvgClass;
}

export interface PngOptions {
  /** Zoom factor; 2 gives crisp text on high-density screens. Default 1. */
  scale?: number;
  /** Any CSS colour; default white, since a transparent PNG is unreadable in dark viewers. */
  background?: string;
}

export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const sans = installedSansFamily();
  const resvg = new (loadResvg())(svg, {
    background: options.background ?? 'white',
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    // Our diagrams ask for Helvetica (Graphviz writes "Helvetica,sans-Serif", whose generic
    // name resvg does not recognise). Unmatched families fall back to defaultFontFamily, which
    // resvg otherwise takes to be the first system font: often a serif or math font.
    font: sans === undefined ? { loadSystemFonts: true } : { loadSystemFonts: true, defaultFontFamily: sans, sansSerifFamily: sans },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

// Helvetica-metric families first: Graphviz sizes nodes with Helvetica's widths.
const SANS_CANDIDATES = ['Helvetica', 'Arial', 'Liberation Sans', 'Nimbus Sans', 'DejaVu Sans', 'Noto Sans', 'FreeSans'];
const NO_SUCH_FONT = 'nn-no-such-font';
let sansFamily: { readonly family: string | undefined } | undefined;

/**
 * The first installed candidate. resvg cannot list its fonts, so this renders one line per
 * candidate plus one in a family that cannot exist: a line drawn differently from that
 * fallback line was drawn in its own font. Done once per process (one font scan, ~10 ms).
 */
function installedSansFamily(): string | undefined {
  if (sansFamily !== undefined) return sansFamily.family;
  const lineHeight = 24;
  const families = [NO_SUCH_FONT, ...SANS_CANDIDATES];
  const lines = families.map(
    (family, i) => `<text x="2" y="${i * lineHeight + 18}" font-family="${family}" font-size="16">Hgx Wq 1.5</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="${families.length * lineHeight}">${lines.join('')}</svg>`;
  const image = new (loadResvg())(svg, { font: { loadSystemFonts: true, defaultFontFamily: NO_SUCH_FONT }, logLevel: 'off' }).render();
  const band = lineHeight * image.width * 4;
  const pixels = image.pixels;
  const fallback = pixels.subarray(0, band);
  const index = SANS_CANDIDATES.findIndex((_, i) => !fallback.equals(pixels.subarray((i + 1) * band, (i + 2) * band)));
  sansFamily = { family: index < 0 ? undefined : SANS_CANDIDATES[index] };
  return sansFamily.family;
}
