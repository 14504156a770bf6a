// The DOCX carries the pagination rules the PDF writer lays out by, as paragraph properties Word
// and LibreOffice obey: widow and orphan control for every paragraph, headings kept with the next
// paragraph, a headline or question-and-answer paragraph kept whole, a one-line paragraph after a
// heading kept with what follows it.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writeDocx } from '../../../src/write/docx/index.js';
import { paragraphs, readDocx, styleXml, textOf } from '../../helpers/docx.js';
import { LOREM, doc, heading, para, t } from '../pdf/helpers.js';

const theme = loadTheme('default');

async function documentOf(blocks: Block[]) {
  const pkg = await readDocx((await writeDocx(doc(blocks), theme)).bytes);
  return { pkg, body: paragraphs(pkg.xml('word/document.xml')) };
}

describe('DOCX pagination properties', () => {
  it('turns on widow and orphan control for every paragraph and keeps headings with the next one', async () => {
    const { pkg } = await documentOf([heading('a', 'Alpha'), para(t(LOREM))]);
    const styles = pkg.xml('word/styles.xml');
    expect(/<w:pPrDefault><w:pPr>[\s\S]*?<w:widowControl\/>/.test(styles)).toBe(true);
    for (const depth of [1, 2, 3, 4]) expect(styleXml(styles, `Heading${depth}`)).toContain('<w:keepNext/>');
  });

  it('keeps a headline paragraph and a question with its answer whole', async () => {
    const qa: Block = {
      type: 'paragraph',
      role: 'body',
      children: [{ type: 'strong', children: [t('Q: Why?')] }, { type: 'break' }, t('A: '), { type: 'strong', children: [t('Because.')] }, { type: 'break' }, t(LOREM)],
    };
    const { body } = await documentOf([para(t(LOREM)), qa, para(t(LOREM))]);
    const kept = body.filter((p) => p.xml.includes('<w:keepLines/>')).map((p) => textOf(p.xml));
    expect(kept).toEqual([expect.stringContaining('Q: Why?')]);
  });

  it('keeps a one-line paragraph right after a heading with what follows, so the heading has two lines below it', async () => {
    const { body } = await documentOf([heading('a', 'Alpha'), para(t('One short line.')), para(t(LOREM)), heading('b', 'Beta'), para(t(`${LOREM} ${LOREM}`))]);
    const keepNext = body.filter((p) => p.xml.includes('<w:keepNext/>') && !/Heading\d/.test(p.style ?? '')).map((p) => textOf(p.xml));
    expect(keepNext).toEqual(['One short line.']);
  });

  it('sets its line height and vertical spaces as tightly as the PDF laid out from the same document', async () => {
    const blocks = [heading('a', 'Alpha'), para(t(LOREM))];
    const bodyStyle = async (spacing?: number) => {
      const written = await writeDocx({ ...doc(blocks), ...(spacing ? { layout: { pages: 1, headings: {}, spacing } } : {}) }, theme);
      return styleXml((await readDocx(written.bytes)).xml('word/styles.xml'), 'Body');
    };
    const twips = (pt: number) => Math.round(pt * 20);
    // Lines exactly at the PDF's pitch: Roboto's line (ascent and descent, 1.171875 em) times the line height.
    const pitch = (factor: number) => twips(theme.size.body * 1.171875 * theme.lineHeight * factor);
    const normal = await bodyStyle();
    expect(normal).toContain(`w:after="${twips(theme.spacing.paragraphAfter)}"`);
    expect(normal).toContain(`w:line="${pitch(1)}" w:lineRule="exact"`);
    const tight = await bodyStyle(0.95);
    expect(tight).toContain(`w:after="${twips(theme.spacing.paragraphAfter * 0.95)}"`);
    expect(tight).toContain(`w:line="${pitch(0.95)}" w:lineRule="exact"`);
  });

  it('sets a callout as far from the text around it as the PDF does', async () => {
    const box: Block = { type: 'callout', variant: 'key', title: [t('In brief')], children: [para(t('Inside the box.'))] };
    const { body } = await documentOf([para(t('Before.')), box, para(t('After the box.')), box, heading('h', 'Below a box')]);
    const before = (text: string) => /<w:spacing [^>]*w:before="(\d+)"/.exec(body.find((p) => textOf(p.xml) === text)!.xml)?.[1];
    const { calloutPadding: pad, paragraphAfter: after, headingBefore } = theme.spacing;
    // The PDF: 4 pt above the box; below it the last paragraph's space, padding of at least 2 pt and 6 pt more than a paragraph's space.
    const below = Math.max(pad, after + 2) - pad + after + 6;
    expect(before('In brief')).toBe(String(4 * 20));
    expect(before('After the box.')).toBe(String(Math.round(below * 20)));
    expect(before('Below a box')).toBe(String(Math.round((headingBefore * 1.25 + below) * 20)));
  });
});
