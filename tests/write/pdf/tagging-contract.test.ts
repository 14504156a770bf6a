// The pdfmake internals tagging wraps (src/write/pdf/vendor.ts). After a pdfmake upgrade this is
// the test that says which one went, before any file is written untagged.
import { describe, expect, it } from 'vitest';
import { checkPdfkit, pdfmakeInternals } from '../../../src/write/pdf/vendor.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { loadTheme } from '../../../src/theme/index.js';
import { doc, para, t } from './helpers.js';

describe('the pdfmake internals tagging relies on', () => {
  it('are all there in the installed pdfmake', () => {
    const internals = pdfmakeInternals();
    expect(Object.keys(internals).sort()).toEqual(['ElementWriter', 'LayoutBuilder', 'PageElementWriter', 'Renderer']);
  });

  it('are the classes pdfmake itself uses: a tagged file has marked content', async () => {
    const written = await writePdf(doc([para(t('One paragraph.'))]), loadTheme('default'));
    const raw = Buffer.from(written.bytes).toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    // Page 1's marked content is owned by an element: the parent tree's first entry names it.
    expect(raw).toMatch(/\/Nums \[\s*0\s*\[\s*\d+ 0 R/);
  });

  it('names what is missing when a method goes', () => {
    expect(() => checkPdfkit({})).toThrow(/lacks struct, addStructure, markContent/);
  });
});
