// Bookmarks open at their heading, and a link is one annotation per line it runs over, not one per
// word: read back with pdfjs from the PDF's outline and annotations.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { LOREM, doc, heading, para, t } from './helpers.js';

const theme = loadTheme('default');

async function open(bytes: Uint8Array) {
  return getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
}

describe('bookmarks and links in the PDF', () => {
  it('opens each bookmark at the left edge, level with its heading', async () => {
    const written = await writePdf(doc([para(t(LOREM)), heading('one', 'First heading'), para(t(LOREM)), para(t(LOREM)), heading('two', 'Second heading', 2), para(t(LOREM))]), theme);
    const pdf = await open(written.bytes);
    const page = await pdf.getPage(1);
    const items = (await page.getTextContent()).items.filter((i) => 'str' in i) as { str: string; transform: number[]; height: number }[];
    const flat = (entries: { title: string; dest: unknown; items: unknown[] }[]): { title: string; dest: unknown }[] =>
      entries.flatMap((e) => [e, ...flat(e.items as typeof entries)]);
    const outline = flat((await pdf.getOutline()) as { title: string; dest: unknown; items: unknown[] }[]);
    expect(outline.map((o) => o.title)).toEqual(['First heading', 'Second heading']);
    for (const entry of outline) {
      const [, kind, left, top] = entry.dest as [unknown, { name: string }, number, number];
      expect(kind.name).toBe('XYZ');
      expect(left).toBe(0);
      const text = items.find((i) => i.str.trim() !== '' && entry.title.startsWith(i.str.trim()))!;
      // The view's top edge is at the heading's line, a little above its baseline.
      expect(top).toBeGreaterThan(text.transform[5]!);
      expect(top - text.transform[5]!).toBeLessThan(text.height * 2);
    }
    await pdf.destroy();
  });

  it('makes one link annotation per line of a link, however many words it has', async () => {
    const url = 'https://example.org/a-long-address/with-many-hyphenated-parts/and-more-of-them';
    const words = 'one two three four five six seven eight nine ten';
    const written = await writePdf(doc([para(t('See '), { type: 'link', url: 'https://example.org/', children: [t(words)] }, t(' and '), { type: 'link', url, children: [t(url)] }, t('.'))]), theme);
    const pdf = await open(written.bytes);
    const annotations = ((await (await pdf.getPage(1)).getAnnotations()) as { subtype: string; url?: string }[]).filter((a) => a.subtype === 'Link');
    expect(annotations.filter((a) => a.url === 'https://example.org/')).toHaveLength(1);
    expect(annotations.filter((a) => a.url === url).length).toBeGreaterThanOrEqual(1);
    expect(annotations.filter((a) => a.url === url).length).toBeLessThanOrEqual(2);
    await pdf.destroy();
  });

  it('makes the one annotation of a line as wide as the linked words, tagged or not', async () => {
    const words = 'one two three four five six seven eight nine ten';
    const document = doc([para(t('See '), { type: 'link', url: 'https://example.org/', children: [t(words)] }, t(' and more.'))]);
    for (const tagged of [true, false]) {
      const pdf = await open((await writePdf(document, theme, { tagged })).bytes);
      const page = await pdf.getPage(1);
      const [link] = ((await page.getAnnotations()) as { subtype: string; rect: number[] }[]).filter((a) => a.subtype === 'Link');
      const items = (await page.getTextContent()).items.filter((i) => 'str' in i && i.str.trim() !== '') as { str: string; transform: number[]; width: number }[];
      const first = items.find((i) => i.str.includes('one'))!;
      const last = items.find((i) => i.str.includes('ten'))!;
      // The text runs from "one" to "ten"; the annotation covers it (pdfjs may join words into one item).
      expect(link!.rect[0]).toBeLessThanOrEqual(first.transform[4]! + first.width * (first.str.indexOf('one') / first.str.length) + 1);
      expect(link!.rect[2]).toBeGreaterThanOrEqual(last.transform[4]! + last.width * ((last.str.indexOf('ten') + 3) / last.str.length) - 3);
      await pdf.destroy();
    }
  });
});
