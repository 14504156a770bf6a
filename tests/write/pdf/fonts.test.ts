// Fonts are parsed once per process and measured words are kept between documents (fonts.ts):
// what one document puts into its PDF (font subset, widths, text) must not depend on the others.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { readPdf } from '../../helpers/pdf.js';
import { doc, heading, LOREM, para, t } from './helpers.js';

const theme = loadTheme('default');
const first = () => doc([heading('a', 'First document'), para(t(LOREM))]);
const other = () =>
  doc([heading('b', 'Ölüdeniz façade — ĳ œuvre'), para(t('Zebras quietly vex jumping fjords; 0123456789 €£¥ «»')), para({ type: 'strong', children: [t(LOREM)] })]);

describe('fonts shared between documents', () => {
  it('gives a document the same bytes before and after others in the same process', async () => {
    const before = await writePdf(first(), theme);
    const between = await writePdf(other(), theme);
    await writePdf(other(), loadTheme('letter-compact'));
    const after = await writePdf(first(), theme);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(true);
    expect(Buffer.from(after.bytes).equals(Buffer.from(between.bytes))).toBe(false);
  });

  it('embeds the font programs of a document made again without building them again', async () => {
    // pdfkit's own fontkit, as it subsets a font for a PDF.
    const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as { create(bytes: Buffer): { createSubset(): object } };
    const faces = theme.fontFaces;
    const subsetClass = Object.getPrototypeOf(fontkit.create(Buffer.from(faces.normal)).createSubset()) as { encode(): Uint8Array };
    const encode = vi.spyOn(subsetClass, 'encode');
    // Glyphs in an order no other test here draws them: a subset of their own.
    const unseen = () => doc([para(t('zyx wvu tsr qpo nml kji hgf edc ba'))]);
    try {
      const made = await writePdf(unseen(), theme);
      const built = encode.mock.calls.length;
      expect(built).toBeGreaterThan(0);
      const again = await writePdf(unseen(), theme);
      expect(encode.mock.calls.length).toBe(built);
      expect(Buffer.from(again.bytes).equals(Buffer.from(made.bytes))).toBe(true);
    } finally {
      encode.mockRestore();
    }
  });

  it('keeps each document to its own text and glyphs', async () => {
    await writePdf(other(), theme);
    const pdf = await readPdf((await writePdf(first(), theme)).bytes);
    const text = pdf.pages.map((p) => p.text).join(' ');
    expect(text).toContain('First document');
    expect(text).not.toContain('Zebras');
    const second = await readPdf((await writePdf(other(), theme)).bytes);
    expect(second.pages.map((p) => p.text).join(' ')).toContain('Ölüdeniz façade');
  });

  // A glyph first met as a component of another (in Roboto the colon is built from the full stop)
  // is parsed without its character; a later document must still map it to its text.
  it('maps every glyph to its character, whatever earlier documents used', async () => {
    const colons = [':', ';', '…', '!', '?', 'i', 'j', 'ä', 'é', 'Ç', '«'];
    const fresh = await writePdf(doc([para(t(`Marks ${colons.join(' ')}`))]), theme);
    expect(fresh.pages).toBe(1);
    const pdf = await readPdf((await writePdf(doc([para(t('Q: .a and x. y, . - _ ` \' " ¨ ´ ¸ ı ȷ'))]), theme)).bytes);
    const text = pdf.pages.map((p) => p.items.map((i) => i.str).join('')).join('');
    expect(text).toContain('Q: .a and x. y, . - _ ` \' " ¨ ´ ¸ ı ȷ');
  });
});
