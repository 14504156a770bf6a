// Fonts are handed to pdfmake once per process: the bytes go into its virtual file system under a
// name per FontFaces object, so no document re-reads a font file. pdfkit would still parse each
// face again for every document and measure every word afresh, which is most of the time a short
// document takes; so each of our faces keeps one parsed font and one cache of measured words for
// the process (see shareParsedFonts). Glyph coverage is checked with fontkit too, one parse and
// one answer cache per face.
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { FontFaces } from '../../theme/schema.js';

interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}
interface PdfmakeRuntime {
  virtualfs: VirtualFs;
  addFonts(fonts: Record<string, Record<keyof FontFaces, string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
}
interface FontkitGlyph {
  codePoints: number[];
}
interface FontkitFont {
  readonly unitsPerEm: number;
  layout(text: string): { advanceWidth: number };
  hasGlyphForCodePoint(codePoint: number): boolean;
  createSubset(): unknown;
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph | null;
}
/** The parts of pdfkit's EmbeddedFont (one per face and document) that depend on the parse. */
interface EmbeddedFont {
  font: FontkitFont;
  subset: unknown;
  layoutCache?: Record<string, unknown>;
}
/** The parts of pdfmake's PDFDocument (a pdfkit document) that provide fonts. */
interface PdfmakeDocument {
  fontCache: Record<string, Record<string, EmbeddedFont> | undefined>;
  getFontType(bold: boolean, italics: boolean): string;
  provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFont;
}

const runtime = pdfmake as unknown as PdfmakeRuntime;
// The document never names a file or URL: images come as data URLs and fonts from the virtual
// file system, so every other access is refused. Setting both policies also keeps pdfmake quiet.
runtime.setUrlAccessPolicy(() => false);
runtime.setLocalAccessPolicy(() => false);

const families = new WeakMap<FontFaces, string>();
let familyCount = 0;

// What one face keeps between documents: fontkit's parse (tables, glyphs, shaping lookups) and
// pdfkit's measured words (scaled glyph runs, read-only once made). Keyed by pdfmake family/face.
interface SharedFace {
  font: FontkitFont;
  layouts: Record<string, unknown>;
}
const sharedFaces = new Map<string, SharedFace>();
/** pdfmake family/face keys of our own faces: only those are shared. */
const ownFaces = new Set<string>();
const shared = new WeakSet<EmbeddedFont>();
// Enough for every word of a large pack several times over; past it the cache starts again.
const MAX_CACHED_RUNS = 50_000;

// pdfmake opens fonts in PDFDocument.provideFont, which asks pdfkit for a new EmbeddedFont per
// document; pdfkit parses the bytes again (fontkit.create) and starts an empty word cache. For our
// own faces the new EmbeddedFont is pointed at the shared parse and cache before it lays out
// anything, with a fresh subset: what goes into each PDF (the subset, widths, ToUnicode map) stays
// per document, so the bytes are the same as without sharing.
function shareParsedFonts(): void {
  const require = createRequire(import.meta.url);
  const module = require('pdfmake/js/PDFDocument.js') as { default?: { prototype: PdfmakeDocument } };
  const proto = module.default?.prototype;
  if (!proto || typeof proto.provideFont !== 'function') throw new Error('pdfmake PDFDocument.provideFont is missing: pdfmake changed its internals.');
  const provide = proto.provideFont;
  proto.provideFont = function (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): EmbeddedFont {
    const key = `${familyName}/${this.getFontType(bold, italics)}`;
    const embedded = provide.call(this, familyName, bold, italics);
    // A face may be another face's file (pdfkit then hands back the same EmbeddedFont): share once.
    if (!ownFaces.has(key) || shared.has(embedded)) return embedded;
    shared.add(embedded);
    let face = sharedFaces.get(key);
    if (!face) {
      rememberCharacters(embedded.font);
      face = { font: embedded.font, layouts: embedded.layoutCache ?? Object.create(null) };
      sharedFaces.set(key, face);
    } else {
      embedded.font = face.font;
      embedded.subset = face.font.createSubset();
      if (Object.keys(face.layouts).length > MAX_CACHED_RUNS) face.layouts = Object.create(null);
    }
    // pdfkit leaves the cache out when a document turns fontLayoutCache off; so do we.
    if (embedded.layoutCache) embedded.layoutCache = face.layouts;
    return embedded;
  };
}
shareParsedFonts();

// fontkit keeps one glyph object per glyph id with the characters it was first asked for. A
// document's subset asks for the parts of composite glyphs (the comma inside ';', the accent inside
// 'é') with no characters; in a shared parse a later document meeting that glyph as text would get
// no character for it, and its PDF would map the glyph to nothing (text lost on copy and search).
function rememberCharacters(font: FontkitFont): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && codePoints?.length && glyph.codePoints.length === 0) glyph.codePoints = codePoints;
    return glyph;
  };
}

const FACES = ['normal', 'bold', 'italics', 'bolditalics'] as const;

/** The pdfmake family name for these faces, registering them on first use. */
export function fontFamily(faces: FontFaces, familyName: string): string {
  let family = families.get(faces);
  if (family === undefined) {
    family = `${familyName.replace(/[^A-Za-z0-9]/g, '')}-bp${++familyCount}`;
    const files = {} as Record<keyof FontFaces, string>;
    for (const face of FACES) {
      const bytes = faces[face];
      const name = `briefpack/${family}/${face}.ttf`;
      runtime.virtualfs.writeFileSync(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      files[face] = name;
      ownFaces.add(`${family}/${face}`);
    }
    runtime.addFonts({ [family]: files });
    families.set(faces, family);
  }
  return family;
}

interface Coverage {
  readonly font: FontkitFont;
  readonly known: Map<number, boolean>;
}
const coverage = new WeakMap<Uint8Array, Coverage>();
let fontkit: { create(bytes: Uint8Array): FontkitFont } | undefined;

function coverageFor(bytes: Uint8Array): Coverage {
  let entry = coverage.get(bytes);
  if (!entry) {
    // fontkit is pdfkit's dependency, not ours: resolve it from pdfkit so we use the same copy.
    if (!fontkit) {
      const require = createRequire(import.meta.url);
      fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(bytes: Uint8Array): FontkitFont };
    }
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

/** The width in points of a single line of `text` in the regular or bold face. */
export function measureText(faces: FontFaces, bold: boolean, text: string, size: number): number {
  const { font } = coverageFor(bold ? faces.bold : faces.normal);
  return (font.layout(text).advanceWidth * size) / font.unitsPerEm;
}
