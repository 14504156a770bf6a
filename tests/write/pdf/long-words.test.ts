// A word longer than the line is cut at any character, as the README promises, and the reader gets
// it back whole; so is a paragraph of thousands of fragments (wrap.ts hands pdfmake both in a form
// it lays out in linear time). How fast that is (linear in the word's length) is measured by `npm run bench`,
// not here; this holds what the user sees: the text intact and nothing past the right margin.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Inline } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { layoutPieces } from '../../../src/write/pdf/wrap.js';
import { readPdf } from '../../helpers/pdf.js';
import { doc, heading, para, t } from './helpers.js';

const theme = loadTheme('default');
const graphemeStarts = (text: string) => new Set([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((s) => s.index));

describe('layoutPieces', () => {
  it('gives back the text unchanged when joined, cut only between user-perceived characters', () => {
    const unit = fc.constantFrom('a', 'é', 'e\u0301', '👍🏽', '👩‍👩‍👧', '🇫🇷', '字', '-', '/', ' ', '\u05d0');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 400 }), (units) => {
        const text = units.join('');
        const pieces = layoutPieces(text);
        expect(pieces.join('')).toBe(text);
        const starts = graphemeStarts(text);
        let at = 0;
        for (const piece of pieces.slice(0, -1)) {
          at += piece.length;
          expect(starts.has(at), `cut at ${at} of ${JSON.stringify(text)}`).toBe(true);
        }
      }),
    );
  });

  it('keeps pieces short even inside one huge character, never splitting a surrogate pair', () => {
    for (const text of [`a${'\u0301'.repeat(5000)}`, `x${'\u{1d165}'.repeat(3000)}`]) {
      const pieces = layoutPieces(text);
      expect(pieces.join('')).toBe(text);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(80);
      for (const piece of pieces) expect(piece).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('leaves ordinary words alone and cuts long ones into short pieces', () => {
    expect(layoutPieces('An ordinary sentence, with words of every day.')).toHaveLength(1);
    const pieces = layoutPieces(`Before ${'x'.repeat(5000)} after.`);
    expect(pieces.length).toBeGreaterThan(100);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(80);
  });

  it('cuts a text once, however often it is laid out', () => {
    const text = `See ${'https://example.org/a-very-long-address/'.repeat(4)} for more.`;
    const first = layoutPieces(text);
    expect(first.length).toBeGreaterThan(1);
    // The same pieces, not cut again (the same array).
    expect(layoutPieces(`${text}`)).toBe(first);
  });
});

describe('a word longer than the line', () => {
  const word = (n: number, unit = 'Ab') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  const long = word(5000);
  const accented = word(1200, 'e\u0301');
  const strong: Inline = { type: 'strong', children: [t(word(900, 'W'))] };
  const blocks: Block[] = [
    heading('long', `Heading ${word(600, 'Hg')}`),
    para(t(`Before ${long} after.`)),
    para(t('Then '), strong, t(` and ${accented} end.`)),
    { type: 'table', columns: [{ align: 'left', weight: 1 }, { align: 'left', weight: 2 }], header: [[t('Key')], [t('Value')]], rows: [[[t(word(700, 'Tc'))], [t('short')]]] },
    { type: 'list', ordered: false, start: 1, items: [{ children: [para(t(word(800, 'Li')))] }] },
    // Thousands of fragments in one paragraph: runs of bold and plain text side by side, one word
    // of many fragments, then many words.
    para(...Array.from({ length: 3000 }, (_, i): Inline => (i % 2 ? { type: 'strong', children: [t('Bo')] } : t('pl')))),
    para(...Array.from({ length: 3000 }, (_, i): Inline => (i % 2 ? { type: 'strong', children: [t(`w${i} `)] } : t(`p${i} `)))),
  ];

  it('prints every such word whole, split only across lines, and nothing past the margins', async () => {
    const written = await writePdf(doc(blocks), theme);
    const pdf = await readPdf(written.bytes);
    const { left, right, top, bottom } = theme.page.margins;
    // The body's text in reading order; running header and footer (in the margins) left out.
    const body = pdf.pages.flatMap((p) => p.items.filter((i) => i.y > bottom && i.y < p.height - top));
    const joined = body.map((i) => i.str).join('').replace(/\s+/g, '').normalize('NFC');
    const runs = 'plBo'.repeat(1500);
    const words = Array.from({ length: 3000 }, (_, i) => (i % 2 ? `w${i}` : `p${i}`)).join('');
    for (const expected of [`Before${long}after.`, `Heading${word(600, 'Hg')}`, word(900, 'W'), `and${accented}end.`, word(700, 'Tc'), word(800, 'Li'), runs, words]) {
      expect(joined.includes(expected.normalize('NFC')), expected.slice(0, 20)).toBe(true);
    }
    for (const page of pdf.pages) {
      for (const item of page.items) {
        expect(item.x).toBeGreaterThanOrEqual(left - 1);
        expect(item.x + item.width, item.str.slice(0, 20)).toBeLessThanOrEqual(page.width - right + 1);
      }
    }
  });
});
