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
  layout(text: string): { glyphs: { id: number; advanceWidth: number }[] };
  createSubset(): { includeGlyph(glyph: unknown): number; encode(): Uint8Array };
}
interface Coverage {
  readonly font: CoverageFont;
  readonly known: Map<number, boolean>;
}
const coverage = new WeakMap<Uint8Array, Coverage>();
let fontkit: { create(bytes: Uint8Array): CoverageFont } | undefined;

// The same fontkit pdfkit lays out with (one copy: package.json asks for pdfkit's version).
const openFont = (bytes: Uint8Array): CoverageFont => (fontkit ??= createRequire(import.meta.url)('fontkit') as { create(bytes: Uint8Array): CoverageFont }).create(bytes);

function coverageFor(bytes: Uint8Array): Coverage {
  let entry = coverage.get(bytes);
  if (!entry) {
    entry = { font: openFont(bytes), known: new Map() };
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

/** Letters, figures and marks every document prints: enough to reach each table a writer reads. */
const TRIAL_TEXT = 'The quick brown fox jumps over the lazy dog 0123456789 ÉÀÇéàçß – “‘’” …';

/**
 * What is wrong inside a font whose table directory is whole, or undefined: the font is opened,
 * laid out and subset as the PDF writer does, so tables of junk are named now rather than failing
 * deep inside a writer. Exercises every face, whatever its use.
 */
export function damagedFontProblem(bytes: Uint8Array): string | undefined {
  try {
    const font = openFont(bytes);
    if (!(font.unitsPerEm > 0 && font.unitsPerEm <= 16384)) return `its tables are damaged (units per em: ${font.unitsPerEm})`;
    const subset = font.createSubset();
    for (const glyph of font.layout(TRIAL_TEXT).glyphs) {
      if (!Number.isFinite(glyph.advanceWidth)) return `its tables are damaged (glyph ${glyph.id} has no width)`;
      subset.includeGlyph(glyph);
    }
    subset.encode();
    return undefined;
  } catch (error) {
    return `its tables are damaged (${(error as Error).message})`;
  }
}

/**
 * A line of the regular face at 1 pt, in points: its ascent and descent, as pdfkit sets a line
 * (lineHeight 1). The DOCX sets its lines this high times the theme's line height, to the PDF's pitch.
 */
export function lineOfFont(faces: FontFaces): number {
  const { font } = coverageFor(faces.normal);
  return (font.ascent - font.descent) / font.unitsPerEm;
}
