// Keeping headings with what follows them costs no extra layout: a long pack's time per page stays
// flat. pdfmake's pageBreakBefore re-laid out the whole document for every heading it moved, so
// a document with more headings near page feet took ever longer per page.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Block } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { readPdf, type PageContent } from '../../helpers/pdf.js';
import { LOREM, deepFreeze, doc, heading, para, t } from './helpers.js';

const theme = loadTheme('default');
// The layout builder pdfmake's own entry point loads (same CommonJS module cache).
const LayoutBuilder = createRequire(import.meta.url)('pdfmake/js/LayoutBuilder.js').default as { prototype: { tryLayoutDocument: (...args: unknown[]) => unknown } };

/** A list long enough (well over 40% of a page) that it cannot travel with its heading whole. */
const longList = (label: string): Block => ({
  type: 'list',
  ordered: false,
  start: 1,
  items: Array.from({ length: 14 }, (_, i) => ({ children: [para(t(`${label} point ${i + 1}: ${LOREM}`))] })),
});
const fillers = (n: number) => Array.from({ length: n }, (_, i) => para(t(`Filler line ${i + 1}.`)));

/** Body text lines of a page (running header, footer and marking left out), top to bottom. */
function bodyLines(page: PageContent): { y: number; text: string }[] {
  const body = page.items.filter((i) => i.str.trim() && i.y > theme.page.margins.bottom && i.y < page.height - theme.page.margins.top);
  const lines = new Map<number, string[]>();
  for (const item of body) {
    const key = [...lines.keys()].find((y) => Math.abs(y - item.y) < 1) ?? item.y;
    lines.set(key, [...(lines.get(key) ?? []), item.str]);
  }
  return [...lines].map(([y, parts]) => ({ y, text: parts.join(' ') })).sort((a, b) => b.y - a.y);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('keeping headings with what follows', () => {
  it('lays out a document once, however many headings fall near the foot of a page', async () => {
    const layouts = vi.spyOn(LayoutBuilder.prototype, 'tryLayoutDocument');
    // Each section starts a page, and its fillers put its heading lower down the page each time,
    // through the foot of the page where it must move on.
    const blocks: Block[] = [];
    for (let n = 20; n <= 40; n++) blocks.push({ type: 'pageBreak' }, ...fillers(n), heading(`s${n}`, `Section ${n}`), longList(`S${n}`));
    const written = await writePdf(deepFreeze(doc(blocks)), theme);
    expect(written.pages).toBeGreaterThan(40);
    expect(layouts).toHaveBeenCalledTimes(1);
  });

  it('keeps a run of headings together, on the page where the long block they introduce starts', async () => {
    for (let n = 26; n <= 40; n++) {
      const blocks = [...fillers(n), heading('part', 'Part heading'), heading('sub', 'Sub heading', 2), longList('Item')];
      const pdf = await readPdf((await writePdf(deepFreeze(doc(blocks)), theme)).bytes);
      const index = pdf.pages.findIndex((p) => p.text.includes('Part heading'));
      const lines = bodyLines(pdf.pages[index]!);
      const part = lines.findIndex((l) => l.text.includes('Part heading'));
      const context = `${n} fillers`;
      // Both headings, then at least two lines of the list, all on one page, in that order.
      expect(lines[part + 1]?.text, context).toContain('Sub heading');
      expect(lines[part + 2]?.text, context).toContain('Item point 1');
      expect(lines.length - part, context).toBeGreaterThanOrEqual(4);
    }
  });

  it('puts the first line of a long block as far below its heading as that of a short one', async () => {
    const gapBelowHeading = async (n: number, next: Block) => {
      const pdf = await readPdf((await writePdf(deepFreeze(doc([...fillers(n), heading('h', 'Kept heading'), next])), theme)).bytes);
      const lines = bodyLines(pdf.pages.find((p) => p.text.includes('Kept heading'))!);
      const at = lines.findIndex((l) => l.text.includes('Kept heading'));
      return lines[at]!.y - lines[at + 1]!.y;
    };
    // A short paragraph travels with its heading as it is; the long list gets room kept for it.
    const short = await gapBelowHeading(0, para(t('One short line.')));
    for (const n of [0, 5, 20, 33, 36]) expect(await gapBelowHeading(n, longList('Item')), `${n} fillers`).toBeCloseTo(short, 1);
  });

  it('moves a heading on exactly when fewer than two lines of its paragraph, as pdfmake breaks them, fit below it', async () => {
    // Narrow letters: an estimate by the average letter takes this paragraph for twice its lines.
    const narrow = para(t(Array.from({ length: 60 }, () => 'illicit little lilt').join(' ')));
    const below: number[] = [];
    for (let n = 30; n <= 44; n++) {
      // Lines after it, so that the page after is no short last page (which would take the heading onto it).
      const pdf = await readPdf((await writePdf(deepFreeze(doc([...fillers(n), heading('h', 'Kept heading', 2), narrow, ...fillers(20)])), theme)).bytes);
      const lines = bodyLines(pdf.pages.find((p) => p.text.includes('Kept heading'))!);
      const at = lines.findIndex((l) => l.text.includes('Kept heading'));
      below.push(lines.length - at - 1);
    }
    // Never fewer than two below it (at the top of a page the whole page follows)…
    expect(Math.min(...below)).toBeGreaterThanOrEqual(2);
    // …and it stays at the foot of a page with just two, where room for four lines would move it on.
    expect(below).toContain(2);
  });

  it('sets no space before a heading at the top of a page it reaches by a natural break, and keeps it after a page break', async () => {
    const headingAt = async (blocks: Block[]) => {
      const pdf = await readPdf((await writePdf(deepFreeze(doc(blocks)), theme)).bytes);
      const page = pdf.pages.find((p) => p.text.includes('Moved heading'))!;
      const lines = bodyLines(page);
      return { page: pdf.pages.indexOf(page), first: lines[0]!.text.includes('Moved heading'), y: lines.find((l) => l.text.includes('Moved heading'))!.y };
    };
    // As many one-line paragraphs as move the heading, kept with its paragraph, to the top of page two.
    let natural: Awaited<ReturnType<typeof headingAt>> | undefined;
    for (let n = 30; n <= 50 && !natural; n++) {
      const at = await headingAt([...fillers(n), heading('h', 'Moved heading'), para(t(LOREM)), ...fillers(20)]);
      if (at.page === 1 && at.first) natural = at;
    }
    const forced = await headingAt([para(t('Before.')), { type: 'pageBreak' }, heading('h', 'Moved heading'), para(t(LOREM))]);
    expect(natural).toBeDefined();
    expect(forced.page).toBe(1);
    natural = natural!;
    expect(natural.y - forced.y).toBeCloseTo(theme.spacing.headingBefore * 1.25, 0);
  });

  it('keeps a heading with a table\'s header and first row as pdfmake lays them out, not an estimate of them', async () => {
    const narrow = (k: number) => [[t(`Row ${k}`)], [t(Array.from({ length: 9 }, () => 'illicit little lilt').join(' '))]];
    const table: Block = {
      type: 'table',
      columns: [{ align: 'left', weight: 1 }, { align: 'left', weight: 3 }],
      header: [[t('Name')], [t('Role')]],
      rows: Array.from({ length: 6 }, (_, k) => narrow(k + 1)),
    };
    const onHeadingPage: string[][] = [];
    for (let n = 20; n <= 40; n++) {
      const pdf = await readPdf((await writePdf(deepFreeze(doc([...fillers(n), heading('h', 'Table heading', 2), table])), theme)).bytes);
      const lines = bodyLines(pdf.pages.find((p) => p.text.includes('Table heading'))!);
      onHeadingPage.push(lines.slice(lines.findIndex((l) => l.text.includes('Table heading')) + 1).map((l) => l.text));
    }
    // Never alone at the foot of a page: the header and the first row come with it…
    for (const below of onHeadingPage) expect(below.some((l) => l.includes('Row 1')), JSON.stringify(below)).toBe(true);
    // …and it stays where just those two fit, the table running on overleaf.
    expect(onHeadingPage.some((below) => !below.some((l) => l.includes('Row 2'))), JSON.stringify(onHeadingPage.map((b) => b.length))).toBe(true);
  });
});
