// A section's last page that would hold a line or two takes more from the page before: where the
// PDF starts that page early (write/pagination.ts balancedBreaks), and the DOCX written from the
// PDF's layout starting the same page at the same item.
import { describe, expect, it } from 'vitest';
import type { Block, Document } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { balancedBreaks, breakAddresses, breaksBefore } from '../../src/write/pagination.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { withLayout } from '../../src/pack/compose/build.js';
import { paragraphs, readDocx, textOf } from '../helpers/docx.js';
import { bodyLines, paginationProblems, shortSectionEnds } from './pdf/pagination-check.js';
import { LOREM, doc, heading, para, t } from './pdf/helpers.js';

const point = (address: string, page: number, top: number) => ({ address, page, top });

describe('balancedBreaks: where a section ending on a nearly empty page starts that page', () => {
  it('starts it at the latest point that fills it to a quarter, the page before keeping half', () => {
    const points = [point('a', 2, 0.3), point('b', 2, 0.6), point('c', 2, 0.85), point('d', 2, 0.9)];
    expect(balancedBreaks([1, 0.95, 0.05], new Set([1]), points)).toEqual(['b']);
  });
  it('settles for a fifth when a quarter would empty the page before past half', () => {
    expect(balancedBreaks([1, 0.95, 0.05], new Set([1]), [point('a', 2, 0.4), point('b', 2, 0.78)])).toEqual(['b']);
  });
  it('balances the page before a forced break as it does the last page', () => {
    expect(balancedBreaks([1, 0.05, 1, 1], new Set([1, 3]), [point('x', 1, 0.7)])).toEqual(['x']);
  });
  it('leaves alone a fuller page, a page a forced break begins, a page in mid-section, and one with no place to break', () => {
    const points = [point('b', 2, 0.6)];
    expect(balancedBreaks([1, 0.95, 0.3], new Set([1]), points)).toEqual([]);
    expect(balancedBreaks([1, 0.95, 0.05], new Set([1, 3]), points)).toEqual([]);
    expect(balancedBreaks([1, 0.95, 0.05, 1], new Set([1]), points)).toEqual([]);
    expect(balancedBreaks([1, 0.95, 0.05], new Set([1]), [point('a', 2, 0.3), point('e', 2, 0.97)])).toEqual([]);
  });
});

describe('addresses of the blocks a page may start before', () => {
  it('name top-level blocks and the items of top-level lists after the first, and find them again', () => {
    const list: Block = { type: 'list', ordered: true, start: 1, items: [{ children: [para(t('one'))] }, { children: [para(t('two'))] }] };
    const document = doc([heading('h', 'Head'), list, para(t('after'))]);
    expect([...breakAddresses(document).values()]).toEqual(['0', '1', '1/1', '2']);
    const found = breaksBefore({ ...document, layout: { pages: 2, headings: {}, breaks: ['1/1', '2'] } });
    expect(found.has(list.type === 'list' ? list.items[1]! : list)).toBe(true);
    expect(found.has(document.blocks[2]!)).toBe(true);
    expect(found.size).toBe(2);
  });
});

describe('a speech whose last point would stand alone on a page', () => {
  const theme = loadTheme('default');
  const { margins } = theme.page;
  const textHeight = theme.pageSize.height - margins.top - margins.bottom;
  /** A speech of `n` points of about two lines each, then a page break and the next speech. */
  const speeches = (n: number): Document => {
    const points: Block = { type: 'list', ordered: true, start: 1, items: Array.from({ length: n }, (_, i) => ({ children: [para(t(`Point ${i + 1}. ${LOREM.slice(0, 110)}`))] })) };
    return doc([heading('one', 'First speech'), points, { type: 'pageBreak' }, heading('two', 'Second speech'), para(t(LOREM))]);
  };

  it('moves enough points onto that page to fill a fifth of it, in both formats, printing every point once', async () => {
    let balanced = 0;
    for (let n = 24; n <= 34; n++) {
      const document = speeches(n);
      const pdf = await writePdf(document, theme);
      const pages = await bodyLines(pdf.bytes, theme);
      expect(paginationProblems(pages, document), `${n} points`).toEqual([]);
      expect(shortSectionEnds(pages, document, margins, textHeight), `${n} points`).toEqual([]);
      // Every point printed once, in order.
      const printed = pages.flat().map((line) => /^(\d+)\. Point \1\./.exec(line.text)?.[1]).filter((x) => x !== undefined).map(Number);
      expect(printed, `${n} points`).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      if (!pdf.breaks) continue;
      balanced++;
      // The DOCX written from this layout starts the same point on a new page.
      const docx = await readDocx((await writeDocx(withLayout({ document } as never, pdf).document, theme)).bytes);
      const breaking = paragraphs(docx.xml('word/document.xml')).filter((p) => p.xml.includes('<w:pageBreakBefore/>')).map((p) => textOf(p.xml));
      const [address] = pdf.breaks;
      const item = Number(address!.split('/')[1]);
      expect(breaking, `${n} points`).toEqual([expect.stringContaining(`Point ${item + 1}.`), expect.stringContaining('Second speech')]);
      // …which is where the PDF's page begins.
      const page = pages.find((lines) => lines[0]?.text.includes(`Point ${item + 1}.`));
      expect(page, `${n} points: a page opens with point ${item + 1}`).toBeDefined();
    }
    // Some of these lengths left a point alone on its page before the rule.
    expect(balanced).toBeGreaterThan(0);
  }, 120_000);
});
