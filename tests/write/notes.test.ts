// Adjacent note references: "claim¹,²", not "claim¹²" (read as note 12), in both formats.
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { readDocx } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { doc, para, t } from './pdf/helpers.js';

const theme = loadTheme();
const ref = (id: string) => ({ type: 'footnoteReference' as const, id });
const withNotes: Document = {
  ...doc([{ type: 'paragraph', role: 'body', children: [t('A claim'), ref('a'), ref('b'), t(' and another'), ref('a')] }]),
  footnotes: { a: { id: 'a', children: [para(t('First source.'))] }, b: { id: 'b', children: [para(t('Second source.'))] } },
};

describe('adjacent note references', () => {
  it('are separated by a comma in the PDF', async () => {
    const pdf = await readPdf((await writePdf(withNotes, theme)).bytes);
    const text = pdf.pages[0]!.items.map((i) => i.str).join('');
    expect(text).toContain('A claim1,2 and another1');
  });

  it('are separated by a comma in the DOCX', async () => {
    const xml = (await readDocx((await writeDocx(withNotes, theme)).bytes)).xml('word/document.xml');
    expect(xml).toMatch(/<w:endnoteReference w:id="1"\/>[\s\S]*?<w:t[^>]*>,<\/w:t>[\s\S]*?<w:endnoteReference w:id="2"\/>/);
  });
});
