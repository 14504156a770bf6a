// The docx internals src/write/docx/vendor.ts relies on, checked on the installed docx: when an
// upgrade breaks one, this fails naming it, before a DOCX comes out with random ids or no fonts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Bookmark, Document, ExternalHyperlink, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { compileParts, DOCX_VERSION, embeddedFonts, FONT_PART, ID_FORMS } from '../../../src/write/docx/vendor.js';

const font = readFileSync(join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts/Roboto/Roboto-Regular.ttf'));

function sample() {
  return new Document({
    creator: 'contract test',
    fonts: [{ name: 'Sample', data: font, characterSet: '00' }],
    sections: [
      {
        children: [
          new Paragraph({ children: [new Bookmark({ id: 'here', children: [new TextRun('A bookmark')] })] }),
          new Paragraph({ children: [new ExternalHyperlink({ link: 'https://example.org/', children: [new TextRun('A link')] })] }),
        ],
      },
    ],
  });
}

const text = (parts: Map<string, string | Uint8Array>, path: string): string => {
  const part = parts.get(path);
  expect(typeof part, `docx ${DOCX_VERSION} wrote ${path} as XML text; the installed docx does not`).toBe('string');
  return part as string;
};

describe(`docx internals (written for docx ${DOCX_VERSION})`, () => {
  it('Packer.compiler compiles a File into parts, before zipping', () => {
    const parts = compileParts(sample());
    expect(parts, 'Packer.compiler.compile no longer returns a Map of parts').toBeInstanceOf(Map);
    expect([...parts.keys()]).toEqual(expect.arrayContaining(['word/document.xml', 'word/fontTable.xml', 'docProps/core.xml']));
  });

  it('File.FontTable.files lists each embedded font, in the order of its word/fonts part', () => {
    const file = sample();
    const parts = compileParts(file);
    const fonts = embeddedFonts(file);
    expect(fonts.length, 'File.FontTable.files no longer lists the embedded font').toBe(1);
    expect(typeof fonts[0]!.fontKey, 'an embedded font no longer carries its fontKey').toBe('string');
    const fontParts = [...parts.keys()].filter((p) => FONT_PART.test(p));
    expect(fontParts, 'the embedded font is no longer written as word/fonts/font1.odttf').toEqual(['word/fonts/font1.odttf']);
    expect(text(parts, 'word/fontTable.xml'), 'word/fontTable.xml no longer names the font by its key').toContain(`{${fonts[0]!.fontKey.toUpperCase()}}`);
  });

  it('writes the ids pack.ts makes stable in the forms it rewrites', () => {
    const parts = compileParts(sample());
    const forms: [string, string, RegExp][] = [
      ['hyperlink relationship id', 'word/_rels/document.xml.rels', ID_FORMS.hyperlink],
      ['hyperlink relationship id', 'word/document.xml', ID_FORMS.hyperlink],
      ['bookmark id', 'word/document.xml', ID_FORMS.bookmark],
      ['embedded font key', 'word/fontTable.xml', ID_FORMS.fontKey],
      ['creation date', 'docProps/core.xml', ID_FORMS.coreDates],
    ];
    for (const [what, path, form] of forms) {
      expect(new RegExp(form.source).test(text(parts, path)), `docx no longer writes the ${what} in ${path} as ${form}: pack.ts would leave it random`).toBe(true);
    }
  });
});
