// Which characters a theme's font can draw: one fontkit parse and one answer cache per face. Both
// the PDF writer (to warn about what it printed) and a run (to name the item that holds the
// characters) ask here, so neither reaches into the other.
import { createRequire } from 'node:module';
import type { FontFaces } from './schema.js';

interface CoverageFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  readonly ascent: number;
  readonly descent: number;
  readonly unitsPerEm: number;
}
interface Coverage {
  readonly font: CoverageFont;
  readonly known: Map<number, boolean>;
}
const coverage = new WeakMap<Uint8Array, Coverage>();
let fontkit: { create(bytes: Uint8Array): CoverageFont } | undefined;

function coverageFor(bytes: Uint8Array): Coverage {
  let entry = coverage.get(bytes);
  if (!entry) {
    // The same fontkit pdfkit lays out with (one copy: package.json asks for pdfkit's version).
    fontkit ??= createRequire(import.meta.url)('fontkit') as { create(bytes: Uint8Array): CoverageFont };
    entry = { font: fontkit.create(bytes), known: new Map() };
    coverage.set(bytes, entry);
  }
  return entry;
}

// Controls and the invisible formatting marks draw nothing, so their absence is no loss.
const invisible = (cp: number): boolean =>
  cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff || cp === 0x2060;

/** Code points the regular face cannot draw, in ascending order. */
export function missingGlyphs(faces: FontFaces, codePoints: ReadonlySet<number>): number[] {
  const { font, known } = coverageFor(faces.normal);
  const missing: number[] = [];
  for (const cp of codePoints) {
    if (invisible(cp)) continue;
    let has = known.get(cp);
    if (has === undefined) {
      has = font.hasGlyphForCodePoint(cp);
      known.set(cp, has);
    }
    if (!has) missing.push(cp);
  }
  return missing.sort((a, b) => a - b);
}

/**
 * A line of the regular face at 1 pt, in points: its ascent and descent, as pdfkit sets a line
 * (lineHeight 1). The DOCX sets its lines this high times the theme's line height, to the PDF's pitch.
 */
export function lineOfFont(faces: FontFaces): number {
  const { font } = coverageFor(faces.normal);
  return (font.ascent - font.descent) / font.unitsPerEm;
}
