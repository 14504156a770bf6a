// One type scale in both formats: a document's title (a level-1 heading kept out of the contents,
// or on the cover) is set in the theme's title size, above the section headings', in the PDF as in
// the DOCX's Title style.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { paragraphs, readDocx, styleXml } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { doc, heading, para, t } from './pdf/helpers.js';

const theme = loadTheme('default');
const blocks: Block[] = [
  { type: 'heading', depth: 1, id: 'title', toc: false, children: [t('Titleword')] },
  heading('one', 'Sectionword'),
  heading('two', 'Subsectionword', 2),
  para(t('Body text.')),
];

describe('title, heading and subheading', () => {
  it('are set title > heading > subheading in the PDF, at the theme sizes', async () => {
    const items = (await readPdf((await writePdf(doc(blocks), theme)).bytes)).pages[0]!.items;
    const size = (word: string) => items.find((i) => i.str.includes(word))!.height;
    expect(size('Titleword')).toBeCloseTo(theme.size.title, 0);
    expect(size('Sectionword')).toBeCloseTo(theme.size.h1, 0);
    expect(size('Subsectionword')).toBeCloseTo(theme.size.h2, 0);
  });

  it('take the same sizes in the DOCX', async () => {
    const pkg = await readDocx((await writeDocx(doc(blocks), theme)).bytes);
    const styles = pkg.xml('word/styles.xml');
    const body = paragraphs(pkg.xml('word/document.xml'));
    const styleOf = (word: string) => body.find((p) => p.text.includes(word))!.style!;
    const sizeOf = (word: string) => Number(/<w:sz w:val="(\d+)"\/>/.exec(styleXml(styles, styleOf(word))!)![1]) / 2;
    expect(sizeOf('Titleword')).toBe(theme.size.title);
    expect(sizeOf('Sectionword')).toBe(theme.size.h1);
    expect(sizeOf('Subsectionword')).toBe(theme.size.h2);
  });
});
