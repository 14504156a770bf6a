// The patches that make pdfmake lay out faster change no result: each is held to what pdfmake and
// pdfkit do unpatched, on the installed versions. Style lookups (style-cache.ts) against a fresh,
// unpatched copy of pdfmake's StyleContextStack; measured widths (fonts.ts) against pdfkit's own
// method on the same font; a layout cut at a page limit (cut.ts) against the same layout uncut.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import pdfmake from 'pdfmake';
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { cutAfter, isCut } from '../../../src/write/pdf/cut.js';
import { fontFamily } from '../../../src/write/pdf/fonts.js';
// Loaded for its patches: the writer installs them all.
import '../../../src/write/pdf/index.js';

const require = createRequire(import.meta.url);

type Stack = { push(style: unknown): void; getProperty(property: string): unknown };
type StackClass = (new (dictionary: object, defaultStyle?: object) => Stack) & {
  getStyleProperty(item: object, stack: Stack | undefined, property: string, defaultValue: unknown): unknown;
};

/** pdfmake's StyleContextStack as installed, loaded again: the copy no patch has touched. */
function unpatchedStack(): StackClass {
  const path = require.resolve('pdfmake/js/StyleContextStack.js');
  const kept = require.cache[path];
  delete require.cache[path];
  try {
    return (require(path) as { default: StackClass }).default;
  } finally {
    require.cache[path] = kept;
  }
}

describe('style lookups (style-cache.ts)', () => {
  const Patched = (require('pdfmake/js/StyleContextStack.js') as { default: StackClass }).default;
  const Original = unpatchedStack();

  it('work on a copy of pdfmake that is not patched', () => {
    expect(Original).not.toBe(Patched);
    expect(Original.getStyleProperty).not.toBe(Patched.getStyleProperty);
    expect(Original.prototype.getProperty).not.toBe(Patched.prototype.getProperty);
  });

  it("find what pdfmake finds: named styles, their extends chains (cycles too), overrides, the item's own styles", () => {
    const names = ['a', 'b', 'c', 'd', 'missing'];
    const properties = ['fontSize', 'bold', 'color', 'margin'];
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 0, max: 3 }), fc.boolean());
    const style = fc.record(
      { fontSize: value, bold: value, color: value, extends: fc.oneof(fc.constantFrom(...names), fc.array(fc.constantFrom(...names), { maxLength: 3 })) },
      { requiredKeys: [] },
    );
    const dictionary = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), style);
    const override = fc.oneof(fc.constantFrom(...names), fc.record({ fontSize: value, color: value }, { requiredKeys: [] }));
    const item = fc.record({ style: fc.oneof(fc.constantFrom(...names), fc.array(override, { maxLength: 3 })), fontSize: value, text: fc.constant('x') }, { requiredKeys: ['text'] });
    fc.assert(
      fc.property(dictionary, fc.array(override, { maxLength: 5 }), item, fc.constantFrom(...properties), (styles, overrides, node, property) => {
        const [patched, original] = [new Patched(styles, { color: 'black' }), new Original(styles, { color: 'black' })];
        for (const o of overrides) patched.push(o), original.push(o);
        expect(patched.getProperty(property)).toEqual(original.getProperty(property));
        // Asked twice: the second answer comes from what the first resolved.
        expect(patched.getProperty(property)).toEqual(original.getProperty(property));
        expect(Patched.getStyleProperty(node, patched, property, 'default')).toEqual(Original.getStyleProperty(node, original, property, 'default'));
        expect(Patched.getStyleProperty('text' as never, patched, property, 7)).toEqual(Original.getStyleProperty('text' as never, original, property, 7));
        expect(Patched.getStyleProperty(node, undefined, property, 7)).toEqual(Original.getStyleProperty(node, undefined, property, 7));
      }),
      { numRuns: 300 },
    );
  });
});

describe('measured widths (fonts.ts)', () => {
  it("are pdfkit's own, to the last bit, whatever was measured before", () => {
    const theme = loadTheme('default');
    const family = fontFamily(theme.fontFaces, theme.font.family);
    const faces = Object.fromEntries(['normal', 'bold', 'italics', 'bolditalics'].map((f) => [f, `briefpack/${family}/${f}.ttf`]));
    const PdfDocument = (require('pdfmake/js/PDFDocument.js') as { default: new (...args: unknown[]) => { provideFont(family: string, bold: boolean, italics: boolean): Font } }).default;
    type Font = { widthOfString(text: string, size: number, features?: unknown): number };
    const doc = new PdfDocument({ [family]: faces }, {}, {}, {}, { fontLayoutCache: true, autoFirstPage: false, font: null }, (pdfmake as unknown as { virtualfs: unknown }).virtualfs);
    const font = doc.provideFont(family, true, false);
    const pdfkit = Object.getPrototypeOf(font) as Font;
    expect(font.widthOfString, 'fonts.ts no longer measures through its cache').not.toBe(pdfkit.widthOfString);
    const text = fc.array(fc.constantFrom('a', 'W', 'fi', ' ', '\t', 'é', '—', '1', '.'), { maxLength: 30 }).map((parts) => parts.join(''));
    const size = fc.constantFrom(7, 9.5, 10, 11, 13.333, 24);
    fc.assert(
      fc.property(text, size, (t, s) => {
        expect(font.widthOfString(t, s)).toBe(pdfkit.widthOfString.call(font, t, s));
        expect(font.widthOfString(t, s)).toBe(pdfkit.widthOfString.call(font, t, s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a layout cut at a page limit (cut.ts)', () => {
  const theme = loadTheme('default');
  const definition = (pages: number) => ({
    defaultStyle: { font: fontFamily(theme.fontFaces, theme.font.family) },
    content: Array.from({ length: pages }, (_, i) => ({ stack: [{ text: `page ${i + 1}` }, { text: 'kept together', unbreakable: true }], pageBreak: i > 0 ? ('before' as const) : undefined })),
  });
  const pagesOf = (bytes: Uint8Array) => (Buffer.from(bytes).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

  it('runs as pdfmake has it within its limit, and gives up past it', async () => {
    const within = definition(3);
    cutAfter(within.content, 3);
    expect(pagesOf(await pdfmake.createPdf(within as never).getBuffer())).toBe(3);
    const past = definition(4);
    cutAfter(past.content, 3);
    const error = await pdfmake.createPdf(past as never).getBuffer().catch((e: unknown) => e);
    expect(isCut(error)).toBe(true);
  });

  it('leaves layouts without a limit alone', async () => {
    expect(pagesOf(await pdfmake.createPdf(definition(4) as never).getBuffer())).toBe(4);
  });
});
