// One type scale: a document's title (a level-1 heading kept out of the contents, or on the cover)
// is set in the theme's title size, above the section headings', as the DOCX's Title style sets it.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { readPdf } from '../../helpers/pdf.js';
import { doc, heading, para, t } from './helpers.js';

const theme = loadTheme('default');
const blocks: Block[] = [
  { type: 'heading', depth: 1, id: 'title', toc: false, children: [t('Titleword')] },
  heading('one', 'Sectionword'),
  heading('two', 'Subsectionword', 2),
  para(t('Body text.')),
];

describe('title, heading and subheading in the PDF', () => {
  it('are set title > heading > subheading, at the theme sizes', async () => {
    const items = (await readPdf((await writePdf(doc(blocks), theme)).bytes)).pages[0]!.items;
    const size = (word: string) => items.find((i) => i.str.includes(word))!.height;
    expect(theme.size.title).toBeGreaterThan(theme.size.h1);
    expect(size('Titleword')).toBeCloseTo(theme.size.title, 0);
    expect(size('Sectionword')).toBeCloseTo(theme.size.h1, 0);
    expect(size('Subsectionword')).toBeCloseTo(theme.size.h2, 0);
  });
});
