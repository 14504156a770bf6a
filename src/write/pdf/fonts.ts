// Fonts are handed to pdfmake once per process: the bytes go into its virtual file system under a
// name per FontFaces object, so no document re-reads a font file. pdfkit would still parse each
// face again for every document and measure every word afresh, which is most of the time a short
// document takes; so each of our faces keeps one parsed font and one cache of measured words for
// the process (see shareParsedFonts). Glyph coverage is the theme's (theme/coverage.ts).
import pdfmake from 'pdfmake';
import type { FontFaces } from '../../theme/schema.js';
import { pdfmakePrototype } from './vendor.js';

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
  readonly id: number;
  codePoints: number[];
  isMark: boolean;
  isLigature: boolean;
}
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  createSubset(): EmbeddedFont['subset'];
  getGlyph(id: number, codePoints?: number[]): FontkitGlyph | null;
}
interface GlyphRun {
  glyphs: FontkitGlyph[] | null;
  positions: object[] | null;
  advanceWidth: number;
}
/** The parts of pdfkit's EmbeddedFont (one per face and document) that depend on the parse. */
interface EmbeddedFont {
  font: FontkitFont;
  subset: { readonly glyphs: readonly number[]; encode(): Uint8Array };
  layoutCache?: Record<string, unknown>;
  unicode: number[][];
  layout(text: string, features?: unknown, onlyWidth?: boolean): GlyphRun;
  layoutCached(text: string): GlyphRun;
  widthOfString(text: string, size: number, features?: unknown): number;
  toUnicodeCmap(): unknown;
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
  /** Text → its advance width in font units, as pdfkit measures it (widthOfString without features). */
  widths: Map<string, number>;
  /** The glyphs of a subset, in the order a document met them → the font program embedded for them. */
  subsets: Map<string, Uint8Array>;
  /** A drawn text (a line's words of one style) → its glyphs and their positions, as joinWords lays it out. */
  drawn: Map<string, GlyphRun>;
  /** Documents that opened the face since it was parsed. */
  opened: number;
}
const sharedFaces = new Map<string, SharedFace>();
/** pdfmake family/face keys of our own faces: only those are shared. */
const ownFaces = new Set<string>();
const shared = new WeakSet<EmbeddedFont>();
// Enough for every word of a large pack several times over; past it the cache starts again.
const MAX_CACHED_RUNS = 50_000;
// pdfkit's word cache is a plain object: its size is read once every so many documents.
const RECOUNT_EVERY = 32;
// Font programs kept per face: a few documents' worth at a few focuses (each some tens of kB).
const MAX_CACHED_SUBSETS = 32;

// pdfmake opens fonts in PDFDocument.provideFont, which asks pdfkit for a new EmbeddedFont per
// document; pdfkit parses the bytes again (fontkit.create) and starts an empty word cache. For our
// own faces the new EmbeddedFont is pointed at the shared parse and cache before it lays out
// anything, with a fresh subset: what goes into each PDF (the subset, widths, ToUnicode map) stays
// per document, so a document's bytes never depend on the documents laid out before it.
function shareParsedFonts(): void {
  const proto = pdfmakePrototype<'pdfmake/js/PDFDocument.js', PdfmakeDocument>('pdfmake/js/PDFDocument.js', ['provideFont']);
  const provide = proto.provideFont;
  proto.provideFont = function (this: PdfmakeDocument, familyName: string, bold: boolean, italics: boolean): EmbeddedFont {
    const key = `${familyName}/${this.getFontType(bold, italics)}`;
    const embedded = provide.call(this, familyName, bold, italics);
    // A face may be another face's file (pdfkit then hands back the same EmbeddedFont): share once.
    if (!ownFaces.has(key) || shared.has(embedded)) return embedded;
    shared.add(embedded);
    let face = sharedFaces.get(key);
    if (!face) {
      charactersPerUse(embedded.font);
      face = { font: embedded.font, layouts: embedded.layoutCache ?? Object.create(null), widths: new Map(), subsets: new Map(), drawn: new Map(), opened: 0 };
      sharedFaces.set(key, face);
    } else {
      embedded.font = face.font;
      embedded.subset = face.font.createSubset();
      // Counted now and then: counting the keys of some thousand words takes longer than a short document's layout.
      if (++face.opened % RECOUNT_EVERY === 0 && Object.keys(face.layouts).length > MAX_CACHED_RUNS) face.layouts = Object.create(null);
      if (face.widths.size > MAX_CACHED_RUNS) face.widths = new Map();
      if (face.drawn.size > MAX_CACHED_RUNS) face.drawn = new Map();
    }
    encodeOnce(embedded.subset, face.subsets);
    // pdfkit leaves the cache out when a document turns fontLayoutCache off; so do we.
    if (embedded.layoutCache) {
      embedded.layoutCache = face.layouts;
      measureOnce(embedded, face.widths);
      joinWords(embedded, face.drawn);
    }
    mapGlyphsByDocument(embedded);
    return embedded;
  };
}
shareParsedFonts();

// pdfmake measures every word (and its leading and trailing spaces) of every paragraph, in every
// layout: pdfkit finds the width by splitting the text at spaces again and adding up its cached
// words. The width of a text in a face is a number that never changes, so it is kept by the text,
// in font units (scaled to the size asked, as pdfkit scales it). Text with font features (none of
// ours) is measured as before.
function measureOnce(embedded: EmbeddedFont, widths: Map<string, number>): void {
  const measure = embedded.widthOfString;
  embedded.widthOfString = function (text, size, features) {
    if (features) return measure.call(this, text, size, features);
    let width = widths.get(text);
    if (width === undefined) widths.set(text, (width = this.layout(text, undefined, true).advanceWidth));
    // As pdfkit scales it, to the last bit.
    return width * (size / 1000);
  };
}

// Each PDF embeds the glyphs it draws as a font program of their own (a subset), which fontkit
// builds by copying and encoding every glyph's outline: a few milliseconds a face, every time a
// document is made, though a document made again (a preview, then its file; an edit elsewhere in
// a pack) draws the same glyphs. The program is a function of the glyphs and their order alone
// (a glyph's number in the PDF is its place in that order), so it is kept by that list.
function encodeOnce(subset: EmbeddedFont['subset'], encoded: Map<string, Uint8Array>): void {
  const encode = subset.encode.bind(subset);
  subset.encode = () => {
    // Before encoding: fontkit adds the parts of composite glyphs to the list as it encodes.
    const glyphs = subset.glyphs.join(',');
    let program = encoded.get(glyphs);
    if (!program) {
      program = encode();
      if (encoded.size >= MAX_CACHED_SUBSETS) encoded.delete(encoded.keys().next().value!);
      encoded.set(glyphs, program);
    }
    return program;
  };
}

// pdfkit lays out a text to draw it word by word (each word is cached with the space after it),
// testing each character against a new list of spaces and joining the words' glyphs with concat,
// a new array per word: drawing a line of twenty words made forty arrays. The same words, joined in
// place. Text with font features goes to pdfkit as before. A text drawn is kept as laid out (its
// glyphs and positions are only read, as the words' are): a document made again, as after an edit,
// draws mostly the lines it drew before.
function joinWords(embedded: EmbeddedFont, drawn: Map<string, GlyphRun>): void {
  const layout = embedded.layout;
  embedded.layout = function (text, features, onlyWidth) {
    if (features) return layout.call(this, text, features, onlyWidth);
    const known = onlyWidth ? undefined : drawn.get(text);
    if (known) return known;
    const glyphs: FontkitGlyph[] | null = onlyWidth ? null : [];
    const positions: object[] | null = onlyWidth ? null : [];
    let advanceWidth = 0;
    let last = 0;
    const end = text.length;
    // As pdfkit: a word ends after a space or a tab, and at the end of the text.
    for (let index = 0; index <= end; ) {
      const code = index < end ? text.charCodeAt(index) : -1;
      if ((index === end && last < index) || code === 32 || code === 9) {
        const run = this.layoutCached(text.slice(last, ++index));
        if (glyphs && positions) {
          for (const glyph of run.glyphs!) glyphs.push(glyph);
          for (const position of run.positions!) positions.push(position);
        }
        advanceWidth += run.advanceWidth;
        last = index;
      } else index++;
    }
    const run = { glyphs, positions, advanceWidth };
    if (!onlyWidth) drawn.set(text, run);
    return run;
  };
}

// fontkit keeps one glyph object per glyph id, holding the characters it was first asked for, and
// pdfkit maps a glyph in the PDF to those characters. In a shared parse that is whichever document
// met the glyph first: after one with 'ﬁ' typed, the font's f+i ligature in every later document
// would read back as 'ﬁ' (search for "file" fails), the Ohm sign's glyph as Omega or the reverse,
// and a glyph first met as part of another (the full stop inside ':') as nothing. So each use gets
// its own glyph object carrying the characters it stands for there; the parsed outline, metrics and
// caches stay shared underneath. Asked without characters (subset building), fontkit's glyph serves.
function charactersPerUse(font: FontkitFont): void {
  const getGlyph = font.getGlyph.bind(font);
  const uses = new Map<string, FontkitGlyph>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id);
    if (!glyph || !codePoints?.length) return glyph;
    const key = `${id}:${codePoints.join(',')}`;
    let use = uses.get(key);
    if (!use) {
      use = Object.create(glyph) as FontkitGlyph;
      // As fontkit's own glyph constructor derives them from the characters.
      use.codePoints = [...codePoints];
      use.isMark = codePoints.every((cp) => MARK.test(String.fromCodePoint(cp)));
      use.isLigature = codePoints.length > 1;
      uses.set(key, use);
    }
    return use;
  };
}
const MARK = /^\p{M}$/u;

// A PDF maps each glyph of a font to one text. A document may draw one glyph for several: 'ﬁ' typed
// and f+i joined by the font's ligature, the Ohm sign and Omega. pdfkit keeps whichever came first;
// here the text a reader searches for wins whatever the order (see readsBetter), so every use of
// the glyph extracts as the same, searchable text.
function mapGlyphsByDocument(embedded: EmbeddedFont): void {
  const best = new Map<number, number[]>();
  const layout = embedded.layout.bind(embedded);
  embedded.layout = (text, features, onlyWidth) => {
    const run = layout(text, features, onlyWidth);
    // Only drawn text is laid out with its glyphs; measuring asks for widths alone.
    for (const glyph of run.glyphs ?? []) {
      const known = best.get(glyph.id);
      // A glyph's use keeps its characters' array (charactersPerUse): the same use is no news.
      if (known !== glyph.codePoints && (!known || readsBetter(glyph.codePoints, known))) best.set(glyph.id, glyph.codePoints);
    }
    return run;
  };
  const toUnicodeCmap = embedded.toUnicodeCmap.bind(embedded);
  // Called once, when the PDF is finished and every glyph of the subset is known.
  embedded.toUnicodeCmap = () => {
    const ids = embedded.subset.glyphs;
    // Glyph 0 draws every character the font lacks, so it stands for none of them.
    for (let gid = 1; gid < embedded.unicode.length; gid++) {
      const codePoints = best.get(ids[gid]!);
      if (codePoints) embedded.unicode[gid] = codePoints;
    }
    return toUnicodeCmap();
  };
}

/**
 * Whether `a` is the better text for a glyph than `b`: any text over none; text that is its own
 * compatibility form ("fi", Ω U+03A9) over a presentation form ("ﬁ", Ohm sign U+2126); then the
 * lower code points, so the choice is a total order and never depends on which use came first.
 */
function readsBetter(a: readonly number[], b: readonly number[]): boolean {
  const rank = (cps: readonly number[]) => {
    if (cps.length === 0) return 2;
    const text = String.fromCodePoint(...cps);
    return text.normalize('NFKC') === text ? 0 : 1;
  };
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
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
