// The preview PDF `serve` shows (WriteOptions.preview) is laid out as the file the CLI writes:
// the same pages, heading pages, spacing and lines, every line starting and ending at the same
// place, on every bundled document (one of them tightened to pull back a short last page). It is
// drawn for showing only: untagged, not PDF/A, uncompressed, a line's words of one style in one run.
import { describe, expect, it } from 'vitest';
import { buildDocument, planJobs } from '../../../src/pack/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { joinedInlines } from '../../../src/write/pdf/preview.js';
import { themeLoader } from '../../../src/theme/index.js';
import { PACKS, setUp } from '../../fit/matrix.js';
import { layoutLines, readPdf } from '../../helpers/pdf.js';

const { content, services, folder } = setUp(PACKS.bundled);
const themeFor = themeLoader();
const built = planJobs(content, folder, {}).map((job) => ({
  job,
  theme: themeFor(job.theme),
  document: buildDocument(content, job.request, { ...services, theme: themeFor(job.theme) }).document,
}));

/** Where each line of each page ends: its right-most glyph, by baseline. */
async function lineEnds(bytes: Uint8Array): Promise<Map<string, number>[]> {
  return (await readPdf(bytes)).pages.map((page) => {
    const ends = new Map<string, number>();
    for (const item of page.items) if (item.str.trim()) ends.set(item.y.toFixed(2), Math.max(ends.get(item.y.toFixed(2)) ?? -Infinity, item.x + item.width));
    return ends;
  });
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('the preview PDF', () => {
  it.each(built.map((b) => [b.job.base, b] as const))('%s: laid out as the written file', async (_, { document, theme }) => {
    const file = await writePdf(document, theme);
    const preview = await writePdf(document, theme, { preview: true });
    expect({ pages: preview.pages, headingPages: preview.headingPages, spacing: preview.spacing }).toEqual({ pages: file.pages, headingPages: file.headingPages, spacing: file.spacing });
    const lines = await layoutLines(file.bytes);
    expect(lines.flat().length).toBeGreaterThan(40);
    expect(await layoutLines(preview.bytes)).toEqual(lines);
    const [fileEnds, previewEnds] = [await lineEnds(file.bytes), await lineEnds(preview.bytes)];
    fileEnds.forEach((ends, page) => {
      for (const [y, end] of ends) expect(previewEnds[page]!.get(y), `page ${page + 1}, line at ${y}`).toBeCloseTo(end, 2);
    });
  });

  it('is drawn for showing: untagged, not PDF/A, uncompressed; the file is none of these', async () => {
    const { document, theme } = built[0]!;
    const file = latin1((await writePdf(document, theme, { pdfStandard: 'a-2b' })).bytes);
    const preview = latin1((await writePdf(document, theme, { pdfStandard: 'a-2b', preview: true })).bytes);
    expect(file).toContain('/StructTreeRoot');
    expect(file).toContain('pdfaid:part');
    expect(file).toContain('/FlateDecode');
    expect(preview).not.toContain('/StructTreeRoot');
    expect(preview).not.toContain('pdfaid:part');
    expect(preview).not.toContain('/FlateDecode');
  });

  it("draws a line's words of one style as one run", async () => {
    const { document, theme } = built[0]!;
    const runs = async (bytes: Uint8Array) => (await readPdf(bytes)).pages.reduce((n, page) => n + page.items.length, 0);
    const [file, preview] = [await writePdf(document, theme), await writePdf(document, theme, { preview: true })];
    expect(await runs(preview.bytes)).toBeLessThan((await runs(file.bytes)) / 2);
  });

  it("draws a line of plain runs as one text object, without pdfkit's state for each run", async () => {
    const { document, theme } = built[0]!;
    const content = latin1((await writePdf(document, theme, { preview: true })).bytes);
    const count = (pattern: RegExp) => content.match(pattern)?.length ?? 0;
    const shown = count(/\] TJ$/gm);
    expect(shown).toBeGreaterThan(500);
    // A line's own text object opens with the line's flipped coordinates; pdfmake's way sets them,
    // and a fill of no path (its colour), for each run.
    const lines = count(/^q 1 0 0 -1 0 [\d.]+ cm BT$/gm);
    expect(lines).toBeGreaterThan(shown / 4);
    expect(count(/^f$/gm)).toBeLessThan(shown * 0.75);
  });
});

describe('joinedInlines', () => {
  const font = {};
  const word = (text: string, x: number, extra: Record<string, unknown> = {}) => ({ text, x, width: text.length, font, fontSize: 10, color: 'black', opacity: 1, ...extra });

  it('joins neighbouring words of one style, leaving the line as it was', () => {
    const line = [word('one ', 0), word('two ', 4), word('three', 8)];
    const copy = structuredClone(line);
    expect(joinedInlines(line)).toEqual([{ ...word('one ', 0), text: 'one two three', width: 13 }]);
    expect(line).toEqual(copy);
  });

  it('keeps apart words of another style, a link, a gap or a page reference', () => {
    const apart = [
      [word('a ', 0), word('b', 2, { color: 'red' })],
      [word('a ', 0), word('b', 2, { fontSize: 12 })],
      [word('a ', 0), word('b', 2, { link: 'https://example.org' })],
      [word('a ', 0, { linkToDestination: 'x' }), word('b', 2)],
      [word('a ', 0), word('b', 5)],
      [word('a ', 0), word('1', 2, { _pageNodeRef: {} })],
      [word('a ', 0), word('b', 2, { decoration: 'underline' })],
      [word('a ', 0), word('b', 2, { font: {} })],
    ];
    for (const line of apart) expect(joinedInlines(line)).toBe(line);
    expect(joinedInlines([word('a ', 0), word('b ', 2), word('c', 4, { color: 'red' }), word('d', 5, { color: 'red' })]).map((w) => w.text)).toEqual(['a b ', 'cd']);
  });
});
