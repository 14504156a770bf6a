// The pagination rules on the laid-out PDF of every bundled document of the bundled pack and the
// test packs, at every length, in the bundled themes: no heading in the last two lines of a page,
// no single line of a paragraph alone at a page's foot or top, no blank page; and the unit rules
// on purpose-built documents.
import { describe, expect, it } from 'vitest';
import { LENGTHS } from '../../../src/content/schema.js';
import { loadContent } from '../../../src/content/index.js';
import type { Block } from '../../../src/document/model.js';
import { fixedEnv } from '../../../src/env.js';
import { planJobs, renderJob } from '../../../src/pack/index.js';
import { loadTemplates } from '../../../src/template/index.js';
import { loadTheme, themeLoader } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { writeDocx } from '../../../src/write/docx/index.js';
import { paragraphs, readDocx } from '../../helpers/docx.js';
import { pageStarts } from '../../../src/write/pdf/keep.js';
import { tightened } from '../../../src/write/pdf/tighten.js';
import { bodyLines, paginationProblems, shortSectionEnds } from './pagination-check.js';
import { LOREM, doc, heading, para, t } from './helpers.js';

const PACKS = ['data/eu-oewg-2024-07', 'tests/fixtures/packs/harbour-board', 'tests/fixtures/packs/town-council'] as const;
const THEMES = ['default', 'letter-compact', 'lectern'] as const;

describe("pageStarts: where a paragraph's lines break across pages", () => {
  const lines = (n: number) => Array.from({ length: n }, () => 10);
  it('moves a first line that would stand alone at the foot to the next page', () => {
    expect(pageStarts(lines(5), 15, 100, false)).toEqual([0]);
  });
  it('leaves two lines for the next page rather than one', () => {
    expect(pageStarts(lines(5), 45, 100, false)).toEqual([3]);
  });
  it('moves a three-line paragraph whole when only two lines fit', () => {
    expect(pageStarts(lines(3), 25, 100, false)).toEqual([0]);
  });
  it('keeps a paragraph marked whole together when it fits on a page, and splits it when it cannot', () => {
    expect(pageStarts(lines(6), 45, 100, false, true)).toEqual([0]);
    expect(pageStarts(lines(12), 45, 100, false, true)).toEqual([4]);
  });
  it('takes what fits at the top of a page: nothing is gained by moving on', () => {
    expect(pageStarts(lines(30), 100, 100, true)).toEqual([10, 20]);
  });
});

describe('pagination of purpose-built documents', () => {
  const theme = loadTheme('default');
  it('keeps a heading with two lines of the paragraph after it, and never leaves one line of a paragraph alone', async () => {
    // One-line fillers move the heading and paragraph down in steps smaller than a line pair.
    for (let fillers = 40; fillers <= 48; fillers++) {
      const blocks: Block[] = [
        ...Array.from({ length: fillers }, (_, i) => para(t(`Filler line ${i + 1}.`))),
        heading('h', 'Kept heading'),
        para(t(`${LOREM} ${LOREM} ${LOREM}`)),
        para(t(`${LOREM} ${LOREM}`)),
      ];
      const document = doc(blocks);
      const written = await writePdf(document, theme);
      expect(paginationProblems(await bodyLines(written.bytes, theme), document), `${fillers} fillers`).toEqual([]);
    }
  });

  it('keeps a question with its answer on one page', async () => {
    const qa = para({ type: 'strong', children: [t('Q: Will the question stay with its answer?')] }, { type: 'break' }, t(`A: ${LOREM} ${LOREM} ${LOREM}`));
    for (let fillers = 40; fillers <= 48; fillers++) {
      const document = doc([...Array.from({ length: fillers }, (_, i) => para(t(`Filler line ${i + 1}.`))), qa]);
      const pages = await bodyLines((await writePdf(document, theme)).bytes, theme);
      const question = pages.findIndex((lines) => lines.some((l) => l.text.includes('Q: Will')));
      expect(pages[question]!.at(-1)!.text, `${fillers} fillers`).toContain('annex');
    }
  });
});

describe('a question with its answer, and the detail that goes on from it', () => {
  const theme = loadTheme('default');
  const qa = para({ type: 'strong', children: [t('Q: Will the detail follow its answer?')] }, { type: 'break' }, t('A: '), { type: 'strong', children: [t('Yes, its first lines at least.')] });
  const detail = para(t(`Detail: ${LOREM} ${LOREM} ${LOREM}`));

  it('keeps the question, the answer and two lines of the detail on one page of the PDF', async () => {
    for (let fillers = 26; fillers <= 40; fillers++) {
      const document = doc([...Array.from({ length: fillers }, (_, i) => para(t(`Filler line ${i + 1}.`))), qa, detail, ...Array.from({ length: 30 }, (_, i) => para(t(`After line ${i + 1}.`)))]);
      const pages = await bodyLines((await writePdf(document, theme)).bytes, theme);
      const page = pages.find((lines) => lines.some((l) => l.text.includes('Q: Will')))!;
      const at = page.findIndex((l) => l.text.includes('Q: Will'));
      expect(page.slice(at).map((l) => l.text).join(' / '), `${fillers} fillers`).toMatch(/^Q: Will.* \/ A: Yes.* \/ Detail: .* \/ \S/);
      expect(paginationProblems(pages, document), `${fillers} fillers`).toEqual([]);
    }
  }, 120_000);

  it('keeps the answer\'s paragraph whole and with the next one in the DOCX', async () => {
    const body = paragraphs((await readDocx((await writeDocx(doc([qa, detail]), theme)).bytes)).xml('word/document.xml'));
    expect(body[0]!.xml).toContain('<w:keepNext/>');
    expect(body[0]!.xml).toContain('<w:keepLines/>');
    expect(body[1]!.xml).not.toContain('<w:keepNext/>');
  }, 120_000);
});

describe.each(PACKS)('every document of %s', (data) => {
  const content = loadContent(data);
  const templates = loadTemplates();
  const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
  const themeFor = themeLoader();
  it.each(THEMES)('follows the pagination rules in theme %s at every length', async (themeName) => {
    const problems: string[] = [];
    let checked = 0;
    for (const length of LENGTHS) {
      for (const job of planJobs(content, templates.folder, { length, theme: themeName })) {
        const theme = themeFor(job.theme);
        const rendered = await renderJob(job, ['pdf'], content, { templates, theme, env });
        const pdf = rendered.outputs.find((o) => o.format === 'pdf')!.written;
        const pages = await bodyLines(pdf.bytes, theme);
        const found = paginationProblems(pages, rendered.built.document);
        const { margins } = theme.page;
        found.push(...shortSectionEnds(pages, rendered.built.document, margins, theme.pageSize.height - margins.top - margins.bottom));
        // A last page of two or three lines stays only when tightening the spacing by 5 % would not pull it back.
        const last = pages.at(-1)!.length;
        if (pages.length >= 2 && last <= 3 && (await writePdf(rendered.built.document, tightened(theme, 0.95))).pages! < pages.length) {
          found.push(`page ${pages.length}: the last page holds ${last} line(s), and tightening pulls them back`);
        }
        problems.push(...found.map((p) => `${job.spec.id} ${length}: ${p}`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('a short last page', () => {
  const theme = loadTheme('default');
  const fillers = (n: number) => doc(Array.from({ length: n }, (_, i) => para(t(`Filler line ${i + 1}.`))));
  const pitch = (lines: readonly { top: number }[]) => (lines.at(-1)!.top - lines[0]!.top) / (lines.length - 1);

  it('is pulled back by tightening the spacing by at most 5 %, and a fuller one is left alone', async () => {
    const one = await bodyLines((await writePdf(fillers(10), theme)).bytes, theme);
    const normal = pitch(one[0]!);
    // Lines of one paragraph each that fill a page, plus one: at the theme's spacing the last falls on a page of its own.
    const perPage = (await bodyLines((await writePdf(fillers(80), theme)).bytes, theme))[0]!.length;
    const short = await writePdf(fillers(perPage + 1), theme);
    expect(short.pages).toBe(1);
    const lines = (await bodyLines(short.bytes, theme))[0]!;
    expect(lines.length).toBe(perPage + 1);
    expect(pitch(lines)).toBeGreaterThanOrEqual(normal * 0.95 - 0.01);
    expect(pitch(lines)).toBeLessThan(normal);
    // The factor is handed on, so the DOCX of the same document is set as tightly.
    expect(short.spacing).toBeGreaterThanOrEqual(0.95);
    expect(short.spacing).toBeLessThan(1);
    // A second page a third full is a page of its own, at the theme's spacing.
    const full = await writePdf(fillers(Math.round(perPage * 1.35)), theme);
    expect(full.pages).toBe(2);
    expect(full.spacing).toBeUndefined();
    expect(pitch((await bodyLines(full.bytes, theme))[0]!)).toBeCloseTo(normal, 1);
  });
});
