// The patches that make pdfmake lay out faster change no result: each is held to what pdfmake and
// pdfkit do unpatched, on the installed versions. Style lookups (style-cache.ts) against a fresh,
// unpatched copy of pdfmake's StyleContextStack; measured widths (fonts.ts) against pdfkit's own
// method on the same font; a layout cut at a page limit (cut.ts) against the same layout uncut; a
// layout another replaces (draft.ts) stopped after its layout, before it is drawn.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import pdfmake from 'pdfmake';
import { describe, expect, it, vi } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { cutAfter, isCut } from '../../../src/write/pdf/cut.js';
import { drawUnless, isUndrawn } from '../../../src/write/pdf/draft.js';
import { fontFamily } from '../../../src/write/pdf/fonts.js';
// Loaded for its patches: the writer installs them all.
import '../../../src/write/pdf/index.js';

const require = createRequire(import.meta.url);

type Stack = { push(style: unknown): void; getProperty(property: string): unknown };
type StackClass = (new (dictionary: object, defaultStyle?: object) => Stack) & {
  getStyleProperty(item: object, stack: Stack | undefined, property: string, defaultValue: unknown): unknown;
};

/** pdfmake's modules as installed, loaded again (with what they load): copies no patch has touched. */
function unpatched<T>(module: string): T {
  const paths = [module, 'pdfmake/js/StyleContextStack.js', 'pdfmake/js/TextBreaker.js'].map((m) => require.resolve(m));
  const kept = paths.map((path) => require.cache[path]);
  for (const path of paths) delete require.cache[path];
  try {
    return (require(paths[0]!) as { default: T }).default;
  } finally {
    paths.forEach((path, i) => (require.cache[path] = kept[i]));
  }
}
const unpatchedStack = () => unpatched<StackClass>('pdfmake/js/StyleContextStack.js');

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

describe("a paragraph's words measured (style-cache.ts)", () => {
  type Inlines = new (pdfDocument: object) => { measure(items: object[], stack: Stack): object[] };
  const Patched = (require('pdfmake/js/TextInlines.js') as { default: Inlines }).default;
  const Original = unpatched<Inlines>('pdfmake/js/TextInlines.js');
  const PatchedStack = (require('pdfmake/js/StyleContextStack.js') as { default: StackClass }).default;
  const OriginalStack = unpatchedStack();
  // A document that measures a character as a point per font size, each face its own font.
  const fonts = new Map<string, object>();
  const font = (name: string, bold: boolean, italics: boolean) => {
    const key = `${name}/${bold}/${italics}`;
    if (!fonts.has(key)) fonts.set(key, { name: key, ascender: 800, widthOfString: (t: string, size: number) => t.length * size * (bold ? 1.1 : 1), lineHeight: (size: number) => size * 1.2 });
    return fonts.get(key)!;
  };
  const pdfDocument = { provideFont: font };

  it('gives every word the style pdfmake gives it', () => {
    const value = fc.oneof(fc.constant(undefined), fc.constantFrom('red', 'blue'), fc.integer({ min: 8, max: 12 }), fc.boolean());
    const styles = { heading: { fontSize: 14, bold: true, extends: 'base' }, base: { color: 'grey', lineHeight: 1.3 }, quiet: { color: 'silver', italics: true } };
    const override = fc.oneof(fc.constantFrom('heading', 'base', 'quiet', 'missing'), fc.record({ fontSize: value, color: value, bold: value, alignment: fc.constantFrom(undefined, 'justify') }, { requiredKeys: [] }));
    const word = fc.record(
      { text: fc.constantFrom('one ', ' two', 'three  ', 'four'), style: fc.oneof(fc.constant(undefined), fc.constantFrom('quiet', 'heading'), fc.array(override, { maxLength: 2 })), fontSize: value, color: value, italics: value, sup: fc.constantFrom(undefined, true) },
      { requiredKeys: ['text'] },
    );
    fc.assert(
      fc.property(fc.array(override, { maxLength: 4 }), fc.array(word, { minLength: 1, maxLength: 6 }), (overrides, words) => {
        const [patchedStack, originalStack] = [new PatchedStack(styles, { font: 'Body', fontSize: 10 }), new OriginalStack(styles, { font: 'Body', fontSize: 10 })];
        for (const o of overrides) patchedStack.push(o), originalStack.push(o);
        const ours = new Patched(pdfDocument).measure(structuredClone(words), patchedStack);
        expect(ours).toEqual(new Original(pdfDocument).measure(structuredClone(words), originalStack));
        // Nothing of that paragraph stays for the next: the same stack after a change answers anew.
        patchedStack.push({ color: 'green' });
        originalStack.push({ color: 'green' });
        expect(new Patched(pdfDocument).measure(structuredClone(words), patchedStack)).toEqual(new Original(pdfDocument).measure(structuredClone(words), originalStack));
      }),
      { numRuns: 300 },
    );
  });
  it("gives each word of an inline the values pdfmake gives it, the inline's style shared or not, whatever spaces the word has", () => {
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constantFrom('red', 'Other'), fc.integer({ min: 0, max: 12 }), fc.boolean());
    const styles = {
      heading: { fontSize: 14, bold: true, extends: 'base' },
      base: { color: 'grey', lineHeight: 1.3, characterSpacing: 0.5 },
      pre: { preserveLeadingSpaces: true, preserveTrailingSpaces: true, font: 'Other' },
      linked: { link: 'https://example.org', decoration: 'underline', sub: true },
    };
    const properties = { fontSize: value, color: value, bold: value, italics: value, font: fc.constantFrom(undefined, 'Body', 'Other'), characterSpacing: fc.constantFrom(undefined, 0, 1.25), lineHeight: value, preserveLeadingSpaces: value, preserveTrailingSpaces: value, sup: value, link: value, leadingIndent: fc.constantFrom(undefined, 0, 6) };
    const override = fc.oneof(fc.constantFrom('heading', 'base', 'pre', 'linked', 'missing'), fc.record(properties, { requiredKeys: [] }));
    const style = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constantFrom('heading', 'pre', 'linked', ''), fc.array(override, { maxLength: 3 }));
    // Plain words and words with spaces pdfmake's \s finds outside ASCII (no-break, em, ideographic) or next to letters outside it.
    const text = fc.constantFrom('word ', 'word', ' word', '  two  ', '', ' ', '\t\n ', '\u00a0nbsp', 'nbsp\u00a0', 'é ', ' é', 'x\u2003', '\u3000y \t', 'ü\n', 'a\u200b ', '\ufeff');
    // Words of one inline share its style object, as pdfmake's TextBreaker copies it to each.
    const paragraph = fc.array(style, { minLength: 1, maxLength: 3 }).chain((shared) =>
      fc.array(fc.record({ text, from: fc.nat({ max: shared.length - 1 }), own: fc.record(properties, { requiredKeys: [] }), section: fc.constantFrom(undefined, undefined, 'page') }), { minLength: 1, maxLength: 8 }).map((words) =>
        words.map(({ text, from, own, section }) => ({ text, ...(shared[from] === undefined ? {} : { style: shared[from] }), ...own, ...(section ? { section } : {}) })),
      ),
    );
    fc.assert(
      fc.property(fc.array(override, { maxLength: 4 }), paragraph, fc.boolean(), (overrides, words, withStack) => {
        const [patchedStack, originalStack] = [new PatchedStack(styles, { font: 'Body', fontSize: 10 }), new OriginalStack(styles, { font: 'Body', fontSize: 10 })];
        for (const o of overrides) patchedStack.push(o), originalStack.push(o);
        const [ours, theirs] = [structuredClone(words), structuredClone(words)];
        new Patched(pdfDocument).measure(ours, (withStack ? patchedStack : undefined) as Stack);
        new Original(pdfDocument).measure(theirs, (withStack ? originalStack : undefined) as Stack);
        // Every value, to the last bit, and the same fields in the same order.
        expect(ours).toStrictEqual(theirs);
        ours.forEach((word, i) => expect(Object.keys(word)).toEqual(Object.keys(theirs[i]!)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('measured widths and words laid out (fonts.ts)', () => {
  it("are pdfkit's own, to the last bit, whatever was measured before", () => {
    const theme = loadTheme('default');
    const family = fontFamily(theme.fontFaces, theme.font.family);
    const faces = Object.fromEntries(['normal', 'bold', 'italics', 'bolditalics'].map((f) => [f, `briefpack/${family}/${f}.ttf`]));
    const PdfDocument = (require('pdfmake/js/PDFDocument.js') as { default: new (...args: unknown[]) => { provideFont(family: string, bold: boolean, italics: boolean): Font } }).default;
    type Font = { widthOfString(text: string, size: number, features?: unknown): number; layout(text: string, features?: unknown, onlyWidth?: boolean): object };
    const doc = new PdfDocument({ [family]: faces }, {}, {}, {}, { fontLayoutCache: true, autoFirstPage: false, font: null }, (pdfmake as unknown as { virtualfs: unknown }).virtualfs);
    const font = doc.provideFont(family, true, false);
    const pdfkit = Object.getPrototypeOf(font) as Font;
    expect(font.widthOfString, 'fonts.ts no longer measures through its cache').not.toBe(pdfkit.widthOfString);
    expect(font.layout, 'fonts.ts no longer joins the words it lays out').not.toBe(pdfkit.layout);
    const text = fc.array(fc.constantFrom('a', 'W', 'fi', ' ', '\t', 'é', '—', '1', '.'), { maxLength: 30 }).map((parts) => parts.join(''));
    const size = fc.constantFrom(7, 9.5, 10, 11, 13.333, 24);
    fc.assert(
      fc.property(text, size, (t, s) => {
        expect(font.widthOfString(t, s)).toBe(pdfkit.widthOfString.call(font, t, s));
        expect(font.widthOfString(t, s)).toBe(pdfkit.widthOfString.call(font, t, s));
        // Laid out to be drawn: the same glyphs at the same places.
        expect(font.layout(t)).toEqual(pdfkit.layout.call(font, t));
        expect(font.layout(t, undefined, true)).toEqual(pdfkit.layout.call(font, t, undefined, true));
      }),
      { numRuns: 500 },
    );
    // A text drawn again (a document made again after an edit) is not laid out word by word again.
    const line = 'A line drawn twice, as a document made again draws it.';
    const drawn = font.layout(line);
    const words = vi.spyOn(pdfkit as unknown as { layoutCached(text: string): object }, 'layoutCached');
    try {
      expect(font.layout(line)).toEqual(drawn);
      expect(font.layout(line)).toEqual(pdfkit.layout.call(font, line));
      expect(words).toHaveBeenCalledTimes(line.split(' ').length);
    } finally {
      words.mockRestore();
    }
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

describe('a layout another replaces, not drawn (draft.ts)', () => {
  const theme = loadTheme('default');
  const definition = () => ({
    defaultStyle: { font: fontFamily(theme.fontFaces, theme.font.family) },
    content: [{ text: 'page 1' }, { text: 'page 2', pageBreak: 'before' as const }],
  });
  const pagesOf = (bytes: Uint8Array) => (Buffer.from(bytes).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

  it('asks once the layout is done, and stops before drawing when told it is replaced', async () => {
    const replaced = definition();
    let asked = 0;
    drawUnless(replaced.content, () => ++asked > 0);
    const error = await pdfmake.createPdf(replaced as never).getBuffer().catch((e: unknown) => e);
    expect(isUndrawn(error)).toBe(true);
    expect(asked).toBe(1);
    // Laid out before it was asked: pdfmake had placed both pages' text.
    expect(replaced.content.every((node) => (node as { positions?: unknown[] }).positions?.length === 1)).toBe(true);
  });

  it('draws as pdfmake does when told it stands, and leaves layouts it was not asked about alone', async () => {
    const kept = definition();
    drawUnless(kept.content, () => false);
    const drawn = await pdfmake.createPdf(kept as never).getBuffer();
    expect(pagesOf(drawn)).toBe(2);
    expect(pagesOf(await pdfmake.createPdf(definition() as never).getBuffer())).toBe(2);
  });
});
