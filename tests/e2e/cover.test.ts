// The cover as a printer would sign it off, read from the bytes of both formats: title, subtitle,
// meeting, version, marking and the organisation block all on it, the page's space balanced above
// and below them (not a block at the top over an empty half page), the marking larger than on the
// inner pages. And headlines in one weight: an item with a headline only is as bold as one with a
// summary.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { loadTheme } from '../../src/theme/index.js';
import { paragraphs, readDocx, sectionReferences, type DocxPackage } from '../helpers/docx.js';
import { readPdf, type PdfContent } from '../helpers/pdf.js';

const PACKS = { bundled: 'data/eu-oewg-2024-07', fictional: 'tests/fixtures/packs/harbour-board' } as const;
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
// Spaces go, and the word joiner that holds a range together after its en dash (it prints nothing).
const squash = (s: string) => s.replace(/[\s\u00a0\u202f\u2060]+/g, '');

describe.each(Object.entries(PACKS).flatMap(([name, data]) => [undefined, 'letter-compact'].map((theme) => [name, theme ?? 'default', data] as const)))(
  '%s pack, %s theme: the cover',
  (_name, themeName, data) => {
    const content = loadContent(data);
    const pack = content.pack;
    const theme = loadTheme(themeName);
    let pdf: PdfContent;
    let docx: DocxPackage;
    let markdown: string;

    beforeAll(async () => {
      const out = mkdtempSync(join(tmpdir(), 'bp-cover-'));
      const result = await generate({ data, out, formats: ['pdf', 'docx', 'md'], documents: ['steering'], length: 'full', theme: themeName }, env);
      const file = (format: string) => new Uint8Array(readFileSync(join(out, result.files.find((f) => f.format === format)!.file)));
      pdf = await readPdf(file('pdf'));
      docx = await readDocx(file('docx'));
      markdown = new TextDecoder().decode(file('md'));
    }, 60_000);

    /** What the cover must carry, as the pack gives it. */
    const expected = () =>
      [pack.subtitle, pack.meeting.name, pack.version, pack.marking?.toUpperCase(), pack.preparedFor.name, pack.preparedFor.organisation, pack.preparedBy.name].filter(
        (text): text is string => text !== undefined,
      );

    it('carries the subtitle, meeting, version, marking and organisation block in the PDF and the DOCX', () => {
      const page = squash(pdf.pages[0]!.text);
      for (const text of expected()) expect(page, text).toContain(squash(text));
      const [cover] = sectionReferences(docx.xml('word/document.xml'), docx);
      const body = docx.xml('word/document.xml');
      // The cover section is the document's paragraphs up to the one that ends it with a section break.
      const coverXml = body.slice(0, body.indexOf('</w:p>', body.indexOf('<w:sectPr')) + '</w:p>'.length);
      const coverText = squash(paragraphs(coverXml).map((p) => p.text).join(' ') + paragraphs(docx.xml(cover!.headers.first!)).map((p) => p.text).join(' '));
      for (const text of expected()) expect(coverText, text).toContain(squash(text));
    });

    it('balances the page: space above the title block and below the details block alike, neither a third of the page', () => {
      const page = pdf.pages[0]!;
      const marking = pack.marking!.toUpperCase();
      const { margins } = theme.page;
      const text = page.items.filter((i) => i.str.trim() !== '' && !i.str.includes(marking));
      const area = page.height - margins.top - margins.bottom;
      // pdfjs measures y from the foot of the page, at the baseline.
      const above = page.height - margins.top - Math.max(...text.map((i) => i.y + i.height));
      const below = Math.min(...text.map((i) => i.y)) - margins.bottom;
      expect(above / area).toBeGreaterThan(0.1);
      expect(above / area).toBeLessThan(1 / 3);
      expect(below / area).toBeLessThan(1 / 3);
      expect(Math.abs(above - below) / area).toBeLessThan(0.15);
    });

    it('prints the marking larger on the cover than on the inner pages, in both formats', () => {
      const marking = pack.marking!.toUpperCase();
      const size = (n: number) => Math.max(...pdf.pages[n]!.items.filter((i) => i.str.includes(marking)).map((i) => i.height));
      expect(size(0)).toBeGreaterThan(size(1) * 1.3);
      const [cover, body] = sectionReferences(docx.xml('word/document.xml'), docx);
      const sz = (path: string) => Number(/<w:sz w:val="(\d+)"/.exec(docx.xml(path))?.[1] ?? 0);
      expect(sz(cover!.headers.first!)).toBeGreaterThan(0);
      expect(sz(cover!.headers.first!)).toBeGreaterThan(sz(body!.headers.default!));
    });

    it('sets a headline-only item in the same bold as a headline with a summary', () => {
      const only = content.items.filter((item) => !item.summary && item.audience === 'internal' && markdown.includes(item.headline));
      expect(only.length).toBeGreaterThan(0);
      for (const item of only) expect(markdown, item.id).toContain(`**${item.headline}**`);
      // In the DOCX, the run that holds the headline is bold.
      const body = docx.xml('word/document.xml');
      for (const item of only) {
        const run = [...body.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].find((r) => r[1]!.includes(`>${item.headline.slice(0, 20)}`));
        if (run) expect(run[1], item.id).toMatch(/<w:b\/>|<w:rStyle w:val="Strong"/);
      }
    });
  },
);
