import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, Document } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writeDocx } from '../../../src/write/docx/index.js';
import type { Written } from '../../../src/write/types.js';
import { sampleDocument } from '../../fixtures/sample-document.js';
import { deepFreeze, headerFooterTexts, paragraphs, readDocx, sectionReferences, styleXml, textOf, type DocxPackage } from '../../helpers/docx.js';

const theme = loadTheme();
let written: Written;
let pkg: DocxPackage;
let documentXml: string;

beforeAll(async () => {
  written = await writeDocx(deepFreeze(sampleDocument()), theme);
  pkg = await readDocx(written.bytes);
  documentXml = pkg.xml('word/document.xml');
});

describe('writeDocx on the sample document', () => {
  it('writes headings as real heading styles, in order, with outline levels and keep settings', () => {
    const styles = paragraphs(documentXml).map((p) => p.style).filter((s) => s?.startsWith('Heading'));
    expect(styles).toEqual(['Heading1', 'Heading2', 'Heading1']);
    const stylesXml = pkg.xml('word/styles.xml');
    for (const [depth, level] of [[1, 0], [2, 1], [3, 2], [4, 3]] as const) {
      const style = styleXml(stylesXml, `Heading${depth}`);
      expect(style).toContain(`<w:outlineLvl w:val="${level}"/>`);
      expect(style).toContain('<w:keepNext/>');
      expect(style).toContain('<w:keepLines/>');
    }
  });

  it('keeps the cover title out of the contents: a Title style without an outline level', () => {
    const title = paragraphs(documentXml).find((p) => p.text === 'Sample Briefing Note');
    expect(title?.style).toBe('Title');
    expect(styleXml(pkg.xml('word/styles.xml'), 'Title')).not.toContain('outlineLvl');
  });

  it('writes paragraph roles as named styles and no empty body paragraphs', () => {
    const all = paragraphs(documentXml);
    expect(all.find((p) => p.text === 'Meeting of the Sample Committee')?.style).toBe('Lead');
    expect(all.find((p) => p.text === 'Venue: Geneva')?.style).toBe('Meta');
    expect(all.find((p) => p.text === 'Fine print.')?.style).toBe('Small');
    const empty = all.filter((p) => p.text.trim() === '' && !/<w:drawing>|<w:br w:type="page"\/>|w:val="Rule"|<w:fldChar/.test(p.xml));
    expect(empty.map((p) => p.style)).toEqual([]);
  });

  it('puts a bookmark on every heading id, named as Word accepts, and links cross-references to it', () => {
    for (const name of ['cover_title', 'objectives', 'background', 'annex']) {
      expect(documentXml).toMatch(new RegExp(`<w:bookmarkStart w:name="${name}" w:id="\\d+"/>`));
    }
    expect(documentXml).toMatch(/<w:hyperlink [^>]*w:anchor="annex"[^>]*>[\s\S]*?the annex/);
  });

  it('writes the external link as a relationship to the URL with the Hyperlink style', () => {
    const rels = pkg.xml('word/_rels/document.xml.rels');
    const id = /Id="(\w+)"[^>]*Target="https:\/\/example\.org\/report"[^>]*TargetMode="External"/.exec(rels)?.[1]
      ?? /Target="https:\/\/example\.org\/report"[^>]*Id="(\w+)"/.exec(rels)?.[1];
    expect(id).toBeDefined();
    expect(documentXml).toMatch(new RegExp(`<w:hyperlink [^>]*r:id="${id}"[^>]*>[\\s\\S]*?<w:rStyle w:val="Hyperlink"/>`));
  });

  it('writes the footnote into footnotes.xml and references it from the text', () => {
    expect(textOf(pkg.xml('word/endnotes.xml'))).toContain('Sample Source, Publisher, 2024.');
    expect(documentXml).toContain('<w:endnoteReference w:id="1"/>');
  });

  it('fills the contents field with entries and page numbers, written clean', () => {
    const toc = /<w:sdt>[\s\S]*?<\/w:sdt>/.exec(documentXml)?.[0] ?? '';
    expect(toc).toContain('TOC \\h \\o &quot;1-2&quot;');
    const entries = paragraphs(toc).map((p) => p.text.trim()).filter(Boolean);
    expect(entries).toEqual(['Objectives 2', 'Background 2', 'Annex 3']);
    expect(toc).not.toContain('w:dirty="true"');
    expect(pkg.xml('word/settings.xml')).not.toContain('updateFields');
    expect(written.pages).toBe(3);
  });

  it('takes the contents page numbers and page count from a measured layout when the document has one', async () => {
    const layout = { pages: 12, headings: { objectives: 4, background: 7, annex: 11 } };
    const laidOut = await writeDocx(deepFreeze({ ...sampleDocument(), layout }), theme);
    const xml = (await readDocx(laidOut.bytes)).xml('word/document.xml');
    const toc = /<w:sdt>[\s\S]*?<\/w:sdt>/.exec(xml)?.[0] ?? '';
    expect(paragraphs(toc).map((p) => p.text.trim()).filter(Boolean)).toEqual(['Objectives 4', 'Background 7', 'Annex 11']);
    expect(toc).not.toContain('w:dirty="true"');
    expect(laidOut.pages).toBe(12);
  });

  it('prints the marking in every header and footer part, and the running header only in the body', () => {
    const parts = headerFooterTexts(pkg);
    expect(parts.size).toBeGreaterThanOrEqual(4);
    for (const [path, text] of parts) expect(text, path).toContain('OFFICIAL-SENSITIVE');
    const [cover, body] = sectionReferences(documentXml, pkg);
    expect(Object.keys(cover!.headers).sort()).toEqual(['default', 'first']);
    expect(parts.get(cover!.headers.first!)?.trim()).toBe('OFFICIAL-SENSITIVE');
    expect(parts.get(cover!.footers.first!)?.trim()).toBe('OFFICIAL-SENSITIVE');
    expect(parts.get(body!.headers.default!)).toContain('Sample note');
    expect(parts.get(body!.headers.default!)).toContain('REF-001');
    const footer = pkg.xml(body!.footers.default!);
    expect(footer).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>NUMPAGES<\/w:instrText>/);
    expect(pkg.xml('word/styles.xml')).toMatch(/w:styleId="Marking"[\s\S]*?<w:b\/>[\s\S]*?<w:caps\/>[\s\S]*?<w:color w:val="A4161A"\/>/);
  });

  it('sets page size and margins from the theme', () => {
    expect(documentXml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(documentXml).toMatch(/<w:pgMar w:top="1440" w:right="1360" w:bottom="1440" w:left="1360"/);
  });

  it('writes the core properties with the document dates and the language', () => {
    const core = pkg.xml('docProps/core.xml');
    expect(core).toContain('<dc:title>Sample Briefing Note</dc:title>');
    expect(core).toContain('<dc:creator>Policy Unit</dc:creator>');
    expect(core).toContain('<cp:keywords>sample, test</cp:keywords>');
    expect(core).toMatch(/<dcterms:created [^>]*>2024-07-01T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>2024-07-01T00:00:00Z<\/dcterms:modified>/);
    expect(pkg.xml('word/styles.xml')).toContain('<w:lang w:val="en-GB"/>');
  });

  it('embeds the four font faces and makes the theme font the default', () => {
    expect(pkg.paths.filter((p) => /^word\/fonts\/font\d+\.odttf$/.test(p))).toHaveLength(4);
    const fontTable = pkg.xml('word/fontTable.xml');
    for (const face of ['embedRegular', 'embedBold', 'embedItalic', 'embedBoldItalic']) expect(fontTable).toContain(`<w:${face} `);
    expect(pkg.xml('word/styles.xml')).toMatch(/<w:docDefaults>[\s\S]*?<w:rFonts w:ascii="Roboto"/);
  });

  it('marks the table header row to repeat, keeps rows whole and sizes columns in DXA', () => {
    const table = [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]).find((t) => t.includes('Opening'))!;
    expect(table.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(table.match(/<w:cantSplit\/>/g)).toHaveLength(3);
    // Weights 1:3 share out the text width left inside the cells' side margins, as the PDF does.
    const cols = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const side = Number(/<w:tblCellMar>[\s\S]*?<w:left w:type="dxa" w:w="(\d+)"/.exec(table)![1]);
    expect(cols.reduce((a, b) => a + b, 0)).toBe(9186);
    expect(Math.abs((cols[1]! - 2 * side) / (cols[0]! - 2 * side) - 3)).toBeLessThan(0.01);
    expect(table).not.toContain('w:type="pct"');
  });

  it('writes the callout as shaded paragraphs with a left rule and a bold title, not a table that cannot split across pages', () => {
    const boxed = paragraphs(documentXml).filter((p) => p.xml.includes('w:fill="E8F0F8"'));
    expect(boxed[0]?.style).toBe('CalloutTitle');
    expect(boxed.length).toBeGreaterThan(1);
    // Every paragraph of the box has the same borders, so Word and LibreOffice draw one box.
    const borders = new Set(boxed.map((p) => /<w:pBdr>[\s\S]*?<\/w:pBdr>/.exec(p.xml)?.[0]));
    expect(borders.size).toBe(1);
    expect([...borders][0]).toMatch(/<w:left w:val="single" w:color="0B3A66" w:sz="24" w:space="\d+"\/>/);
    const tables = [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tables.some((t) => t.includes('Key message'))).toBe(false);
  });

  it('restarts numbering for each ordered list and nests bullets one level down', () => {
    const items = paragraphs(documentXml).filter((p) => p.xml.includes('<w:numPr>'));
    const levels = items.map((p) => /<w:ilvl w:val="(\d)"\/>/.exec(p.xml)?.[1]);
    expect(levels).toEqual(['0', '0', '1']);
    expect(pkg.xml('word/numbering.xml')).toContain('<w:numFmt w:val="decimal"/>');
  });

  it('writes the image with its alt text', () => {
    expect(documentXml).toMatch(/<wp:docPr id="1" name="Sample logo" descr="Sample logo"/);
  });

  it('is byte-identical when written twice', async () => {
    const again = await writeDocx(deepFreeze(sampleDocument()), theme);
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(written.bytes))).toBe(0);
  });

  it('reports no diagnostics for the sample', () => {
    expect(written.diagnostics).toEqual([]);
  });
});

describe('writeDocx edge cases', () => {
  const base = (blocks: Block[]): Document => ({ ...sampleDocument(), blocks });
  const t = (value: string) => ({ type: 'text' as const, value });

  it('gives each ordered list its own numbering instance', async () => {
    const list = (start: number): Block => ({ type: 'list', ordered: true, start, items: [{ children: [{ type: 'paragraph', role: 'body', children: [t(`item ${start}`)] }] }] });
    const out = await readDocx((await writeDocx(deepFreeze(base([list(1), { type: 'paragraph', role: 'body', children: [t('between')] }, list(1), list(4)])), theme)).bytes);
    const numIds = [...out.xml('word/document.xml').matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(new Set(numIds).size).toBe(3);
    expect(out.xml('word/numbering.xml')).toContain('<w:start w:val="4"/>');
  });

  it('reports an SVG without fallback and an unknown cross-reference instead of failing', async () => {
    const svg: Block = { type: 'image', data: new Uint8Array([60, 115, 118, 103, 47, 62]), format: 'svg', pixelWidth: 10, pixelHeight: 10, alt: 'Chart' };
    const xref: Block = { type: 'paragraph', role: 'body', children: [{ type: 'crossReference', target: 'nowhere', children: [t('there')] }] };
    const result = await writeDocx(deepFreeze(base([svg, xref])), theme);
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual(['CrossReferenceTarget', 'FootnoteUnused', 'ImageNotRendered']);
    expect(textOf((await readDocx(result.bytes)).xml('word/document.xml'))).toContain('there');
  });

  it('leaves pages undefined without a contents list, and writes no running header without a cover on page one only', async () => {
    const result = await writeDocx(deepFreeze(base([{ type: 'paragraph', role: 'body', children: [t('Only text.')] }])), theme);
    expect(result.pages).toBeUndefined();
    const out = await readDocx(result.bytes);
    const sections = sectionReferences(out.xml('word/document.xml'), out);
    expect(sections).toHaveLength(1);
    expect(out.xml('word/document.xml')).not.toContain('<w:titlePg/>');
  });

  it('uses the Letter page of the compact theme', async () => {
    const out = await readDocx((await writeDocx(deepFreeze(sampleDocument()), loadTheme('letter-compact'))).bytes);
    expect(out.xml('word/document.xml')).toContain('<w:pgSz w:w="12240" w:h="15840"');
  });
});
