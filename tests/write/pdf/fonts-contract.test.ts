// The pdfmake and pdfkit internals src/write/pdf/fonts.ts (one parse and word cache per face) and
// index.ts (maxPagesNumber) rely on, checked on the installed versions: an upgrade that breaks one
// fails here, naming it, instead of making every PDF slower or wrong.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { fontFamily } from '../../../src/write/pdf/fonts.js';
import { PATCHED, pdfmakePrototype } from '../../../src/write/pdf/vendor.js';

const require = createRequire(import.meta.url);
const font = readFileSync(join(dirname(require.resolve('pdfmake/package.json')), 'fonts/Roboto/Roboto-Regular.ttf'));

describe('pdfmake 0.3 and pdfkit 0.19 internals', () => {
  it('pdfmake opens fonts in PDFDocument.provideFont, per face type', () => {
    const proto = (require('pdfmake/js/PDFDocument.js') as { default?: { prototype: Record<string, unknown> } }).default?.prototype;
    expect(typeof proto?.provideFont, 'pdfmake/js/PDFDocument.js no longer has provideFont: fonts.ts cannot share parsed fonts').toBe('function');
    expect(typeof proto?.getFontType, 'PDFDocument.getFontType is gone: fonts.ts keys shared faces by it').toBe('function');
  });

  it('pdfmake takes fonts through its virtual file system and addFonts, and access policies', () => {
    const runtime = pdfmake as unknown as Record<string, unknown> & { virtualfs?: Record<string, unknown> };
    for (const name of ['addFonts', 'setUrlAccessPolicy', 'setLocalAccessPolicy', 'createPdf']) {
      expect(typeof runtime[name], `pdfmake.${name} is gone (fonts.ts registers faces and refuses file and URL access with it)`).toBe('function');
    }
    expect(typeof runtime.virtualfs?.writeFileSync, 'pdfmake.virtualfs.writeFileSync is gone: fonts.ts writes the faces there').toBe('function');
  });

  it("pdfkit's EmbeddedFont exposes the parse, the subset, the word cache and the ToUnicode map", () => {
    const doc = new PDFDocument();
    doc.font(font);
    const embedded = (doc as unknown as { _font: Record<string, unknown> & { font?: Record<string, unknown>; subset?: Record<string, unknown> } })._font;
    expect(embedded, 'pdfkit no longer keeps the current font as doc._font').toBeTruthy();
    for (const [what, value] of [
      ['font.getGlyph', embedded.font?.getGlyph],
      ['font.createSubset', embedded.font?.createSubset],
      ['font.hasGlyphForCodePoint', embedded.font?.hasGlyphForCodePoint],
      ['layout', embedded.layout],
      ['toUnicodeCmap', embedded.toUnicodeCmap],
    ] as const) {
      expect(typeof value, `pdfkit EmbeddedFont.${what} is gone: fonts.ts patches or calls it`).toBe('function');
    }
    expect(Array.isArray(embedded.subset?.glyphs), 'EmbeddedFont.subset.glyphs is no longer a list').toBe(true);
    expect(Array.isArray(embedded.unicode), 'EmbeddedFont.unicode (glyph → characters) is gone').toBe(true);
    expect(typeof embedded.layoutCache, 'EmbeddedFont.layoutCache (measured words) is gone').toBe('object');
    doc.end();
  });

  it('pdfmake renders no more than maxPagesNumber pages', async () => {
    const theme = loadTheme('default');
    const definition = { defaultStyle: { font: fontFamily(theme.fontFaces, theme.font.family) }, content: [{ text: 'one' }, { text: 'two', pageBreak: 'before' }, { text: 'three', pageBreak: 'before' }], maxPagesNumber: 1 };
    const bytes = await pdfmake.createPdf(definition as never).getBuffer();
    const pages = (Buffer.from(bytes).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages, 'pdfmake ignored maxPagesNumber: fitting would render every page of every attempt').toBe(1);
  });
});

describe('the layout patches (src/write/pdf/vendor.ts)', () => {
  it('find every method they replace on the installed pdfmake', () => {
    for (const module of Object.keys(PATCHED) as (keyof typeof PATCHED)[]) {
      const proto = pdfmakePrototype(module) as Record<string, unknown>;
      for (const method of PATCHED[module]) expect(typeof proto[method], `${module} ${method}`).toBe('function');
    }
  });

  it('name the module and method an upgrade took away', () => {
    expect(() => pdfmakePrototype('pdfmake/js/Line.js', ['noSuchMethod' as never])).toThrow(/pdfmake's pdfmake\/js\/Line\.js lacks noSuchMethod: pdfmake changed its internals/);
  });
});
