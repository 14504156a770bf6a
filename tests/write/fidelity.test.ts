// What the PDF and DOCX writers print of notes, code blocks, lists and links, read back from the
// bytes. Each case failed before its fix.
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/document/model.js';
import { toDocument } from '../../src/markdown/index.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { paragraphs, readDocx, textOf } from '../helpers/docx.js';
import { pageTexts } from '../helpers/pdf.js';

const theme = loadTheme();
const read = (markdown: string): Document =>
  toDocument(markdown, { metadata: { title: 't', language: 'en-GB', created: new Date(0) }, sourceName: 't.md' }).document;
const pdfText = async (doc: Document) => (await pageTexts((await writePdf(doc, theme)).bytes)).join('\n');
const docx = async (doc: Document) => readDocx((await writeDocx(doc, theme)).bytes);

const NOTE = [
  'A claim[^n] and another[^__proto__].',
  '',
  '[^n]: Note opening.',
  '',
  '    - listed one',
  '    - listed two',
  '',
  '    > quoted words',
  '',
  '    | Col A | Col B |',
  '    |---|---|',
  '    | cell one | cell two |',
  '',
  '[^__proto__]: The proto note.',
  '',
].join('\n');

describe('a footnote with block content', () => {
  const doc = read(NOTE);

  it('prints its lists, quotes and tables in the PDF', async () => {
    const text = await pdfText(doc);
    for (const words of ['Note opening.', 'listed one', 'listed two', 'quoted words', 'cell one', 'cell two', 'The proto note.']) expect(text).toContain(words);
  });

  it('prints its lists, quotes and tables in the DOCX footnote', async () => {
    const notes = (await docx(doc)).xml('word/endnotes.xml');
    const text = textOf(notes);
    for (const words of ['Note opening.', 'listed one', 'listed two', 'quoted words', 'cell one', 'cell two', 'The proto note.']) expect(text).toContain(words);
    expect(notes).toContain('<w:tbl>');
    expect(notes).toContain('<w:numPr>');
  });
});

describe('a code block', () => {
  const doc = read('```\nfirst line\n  second line\n```\n');

  it('keeps its line breaks in the DOCX', async () => {
    const p = paragraphs((await docx(doc)).xml('word/document.xml')).find((x) => x.text.includes('first line'))!;
    expect(p.xml).toMatch(/first line<\/w:t>[\s\S]*<w:br\/>[\s\S]*second line/);
  });

  it('keeps its line breaks in the PDF', async () => {
    expect(await pdfText(doc)).toMatch(/first line\n\s*second line/);
  });
});

describe('an empty list item', () => {
  const doc = read('1. foo\n2.\n3. bar\n\n- x\n- - nested first\n- y\n');

  it('keeps its number in the PDF', async () => {
    // pdf.js reads the markers out of order beside their items: count them.
    expect((await pdfText(doc)).match(/\d\./g)).toEqual(['1.', '2.', '3.']);
  });

  it('keeps its number in the DOCX, as in the PDF', async () => {
    const ps = paragraphs((await docx(doc)).xml('word/document.xml'));
    const numbered = ps.filter((p) => p.xml.includes('<w:numPr>'));
    // foo, the empty item, bar; then x, the item opening with a list, its nested item, y.
    expect(numbered.map((p) => p.text.trim())).toEqual(['foo', '', 'bar', 'x', '', 'nested first', 'y']);
  });
});

describe('a link without text', () => {
  const doc = read('See [](https://example.org/empty) here.\n');

  it('prints its address, shortened for print, in the PDF', async () => {
    expect(await pdfText(doc)).toContain('See example.org/empty here.');
  });

  it('prints its address, shortened for print, in the DOCX', async () => {
    expect(textOf((await docx(doc)).xml('word/document.xml'))).toContain('See example.org/empty here.');
  });
});
