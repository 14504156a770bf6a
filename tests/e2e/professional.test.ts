// The conventions of a professional document, read from the bytes of both formats on the real
// packs: marking on every page, cover, "Page X of Y" in the pack's language, a contents list with
// page numbers (only past the theme's threshold), notes, the logo, metadata and the second theme.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { fixedEnv } from '../../src/env.js';
import { generate, type GenerateResult } from '../../src/pack/index.js';
import { loadTheme } from '../../src/theme/index.js';
import { headerFooterTexts, readDocx, sectionReferences, textOf, type DocxPackage } from '../helpers/docx.js';
import { readPdf, type PdfContent } from '../helpers/pdf.js';

const PACKS = [
  { name: 'bundled', data: 'data/eu-oewg-2024-07', pageOf: (x: number, y: number) => `Page ${x} of ${y}`, logo: false },
  { name: 'fictional', data: 'tests/fixtures/packs/harbour-board', pageOf: (x: number, y: number) => `Page ${x} sur ${y}`, logo: true },
] as const;
const created = new Date('2024-07-01T09:00:00Z');
const env = fixedEnv(created);

interface Output {
  result: GenerateResult;
  pdfBytes: Uint8Array;
  pdf: PdfContent;
  docx: DocxPackage;
}

async function run(data: string, theme?: string): Promise<Output> {
  const out = mkdtempSync(join(tmpdir(), 'bp-pro-'));
  const result = await generate({ data, out, formats: ['pdf', 'docx'], documents: ['steering'], length: 'full', ...(theme ? { theme } : {}) }, env);
  const file = (format: string) => new Uint8Array(readFileSync(join(out, result.files.find((f) => f.format === format)!.file)));
  const pdfBytes = file('pdf');
  return { result, pdfBytes, pdf: await readPdf(pdfBytes), docx: await readDocx(file('docx')) };
}

describe.each(PACKS)('$name pack, full briefing, default theme', ({ data, pageOf, logo }) => {
  const content = loadContent(data);
  const words = messagesFor(BUNDLED_TEMPLATES, content.pack.locale);
  const marking = content.pack.marking!.toUpperCase();
  let o: Output;
  beforeAll(async () => {
    o = await run(data);
  });

  it('prints the marking at the top and the bottom of every PDF page, cover included', () => {
    for (const [i, page] of o.pdf.pages.entries()) {
      const ys = page.items.filter((item) => item.str.includes(marking)).map((item) => item.y);
      expect(ys.some((y) => y > page.height * 0.9), `page ${i + 1} top`).toBe(true);
      expect(ys.some((y) => y < page.height * 0.1), `page ${i + 1} bottom`).toBe(true);
    }
  });

  it('numbers every page but the cover "Page X of Y" in the pack\'s language, without the running header on the cover', () => {
    const n = o.pdf.numPages;
    expect(o.pdf.pages[0]!.text).not.toContain(pageOf(1, n));
    expect(o.pdf.pages[0]!.text).not.toContain(content.pack.shortTitle!);
    for (let i = 2; i <= n; i++) {
      expect(o.pdf.pages[i - 1]!.text).toContain(pageOf(i, n));
      expect(o.pdf.pages[i - 1]!.text).toContain(content.pack.shortTitle!);
    }
  });

  it('marks every DOCX header and footer part; the body footer carries PAGE and NUMPAGES in the pack\'s language', () => {
    const parts = headerFooterTexts(o.docx);
    expect(parts.size).toBeGreaterThanOrEqual(4);
    for (const [path, text] of parts) expect(text, path).toContain(marking);
    const [cover, body] = sectionReferences(o.docx.xml('word/document.xml'), o.docx);
    // The cover section shows the marking only; the body section the running header and page numbers.
    expect(textOf(o.docx.xml(cover!.footers.first!))).not.toMatch(/Page/);
    const footer = o.docx.xml(body!.footers.default!);
    expect(footer).toMatch(/PAGE\b[\s\S]*NUMPAGES/);
    expect(textOf(footer)).toContain(pageOf(1, 1).split(' ')[0]!);
    expect(textOf(footer)).toContain(pageOf(1, 1).split(' ')[2]!);
    expect(textOf(o.docx.xml(body!.headers.default!))).toContain(content.pack.shortTitle!);
  });

  it('fills the DOCX contents field with entries and page numbers when the brief is longer than the threshold, else has none', () => {
    const xml = o.docx.xml('word/document.xml');
    if (o.pdf.numPages <= loadTheme('default').contentsMinPages) {
      expect(xml).not.toMatch(/<w:instrText[^>]*>\s*TOC\b/);
      expect(o.pdf.pages.map((p) => p.text).join(' ')).not.toContain('Contents');
      return;
    }
    expect(xml).toMatch(/<w:instrText[^>]*>\s*TOC\b/);
    // Each entry is a PAGEREF field whose cached result is the page number.
    const numbers = [...xml.matchAll(/PAGEREF[\s\S]*?w:fldCharType="separate"\/>[\s\S]*?<w:t[^>]*>(\d+)<\/w:t>/g)].map((m) => Number(m[1]));
    expect(numbers.length).toBeGreaterThanOrEqual(content.topics.length);
    expect(numbers.every((n) => n >= 2)).toBe(true);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(xml).not.toMatch(/w:dirty="true"/);
    expect(o.docx.xml('word/settings.xml')).not.toContain('updateFields');
    // The PDF's contents list has page numbers too, and the DOCX names the same pages.
    expect(o.pdf.pages[1]!.text).toMatch(new RegExp(`${words.format('section.objectives')}\\s*\\d+`));
    const pdfNumbers = o.pdf.pages[1]!.items.map((i) => i.str.trim()).filter((s) => /^\d+$/.test(s)).map(Number);
    expect(numbers).toEqual(pdfNumbers.slice(0, numbers.length));
  });

  it('writes title, author, subject and dates into both files', () => {
    // The viewer's title says which document of the pack this is, and for which meeting.
    const title = words.format('title.inPack', { title: words.format('document.steering'), pack: content.pack.shortTitle });
    expect(o.pdf.info.Title).toBe(title);
    expect(o.pdf.info.Author).toBe(content.pack.preparedBy.name);
    expect(o.pdf.info.Subject).toBe(content.pack.meeting.name);
    expect(String(o.pdf.info.CreationDate)).toMatch(/^D:20240701/);
    expect(o.pdf.info.Language).toBe(content.pack.locale);
    const core = o.docx.xml('docProps/core.xml');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;');
    expect(core).toContain(`<dc:title>${esc(title)}</dc:title>`);
    expect(core).toContain(`<dc:creator>${esc(content.pack.preparedBy.name)}</dc:creator>`);
    expect(core).toMatch(/<dcterms:created [^>]*>2024-07-01T09:00:00Z</);
    expect(o.docx.xml('word/styles.xml')).toContain(`w:lang w:val="${content.pack.locale}"`);
  });

  it(logo ? 'puts the pack\'s logo on the cover of both: a PDF image on page 1, a DOCX picture with alt text' : 'has no image when the pack names no logo', () => {
    const raw = Buffer.from(o.pdfBytes).toString('latin1');
    if (!logo) {
      expect(raw).not.toMatch(/\/Subtype\s*\/Image/);
      expect(o.docx.paths.filter((p) => p.startsWith('word/media/'))).toEqual([]);
      return;
    }
    expect(raw).toMatch(/\/Subtype\s*\/Image/);
    const media = o.docx.paths.filter((p) => /^word\/media\/.+\.png$/.test(p));
    expect(media.length).toBe(1);
    const body = o.docx.xml('word/document.xml');
    const firstBreak = body.indexOf('<w:sectPr');
    expect(body.indexOf('<wp:docPr')).toBeGreaterThan(-1);
    expect(body.indexOf('<wp:docPr')).toBeLessThan(firstBreak);
    expect(body).toMatch(/<wp:docPr [^>]*descr="Logo"/);
  });

  it('gives every repeated citation one footnote in the DOCX, not an empty copy', () => {
    const notes = o.docx.xml('word/endnotes.xml');
    const bodies = [...notes.matchAll(/<w:endnote w:id="(\d+)">([\s\S]*?)<\/w:endnote>/g)];
    for (const [, id, xml] of bodies) expect(textOf(xml!).trim(), `footnote ${id}`).not.toBe('');
    const refs = [...o.docx.xml('word/document.xml').matchAll(/<w:endnoteReference w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.length).toBe(bodies.length);
  });
});

describe('second theme (letter-compact)', () => {
  let o: Output;
  beforeAll(async () => {
    o = await run(PACKS[1].data, 'letter-compact');
  });

  it('lays out both formats on US Letter', () => {
    for (const page of o.pdf.pages) expect([Math.round(page.width), Math.round(page.height)]).toEqual([612, 792]);
    expect(o.docx.xml('word/document.xml')).toMatch(/<w:pgSz w:w="12240" w:h="15840"/);
    expect(o.result.files.every((f) => f.options.theme === 'letter-compact')).toBe(true);
  });
});

describe('contents threshold (theme contentsMinPages)', () => {
  it('drops the contents list from both formats when the document is not longer than the threshold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-theme-'));
    const theme = JSON.parse(readFileSync('templates/themes/default.json', 'utf8'));
    const file = join(dir, 'high-threshold.json');
    writeFileSync(file, JSON.stringify({ ...theme, name: 'high-threshold', contentsMinPages: 50 }));
    const withList = await run(PACKS[0].data);
    const without = await run(PACKS[0].data, file);
    const tocIn = (o: Output) => /<w:instrText[^>]*>\s*TOC\b/.test(o.docx.xml('word/document.xml'));
    expect(tocIn(withList)).toBe(true);
    expect(withList.pdf.pages[1]!.text).toContain('Contents');
    expect(tocIn(without)).toBe(false);
    expect(without.pdf.pages.map((p) => p.text).join(' ')).not.toContain('Contents');
    expect(without.pdf.numPages).toBeLessThanOrEqual(withList.pdf.numPages);
    expect(without.result.files.find((f) => f.format === 'pdf')!.pages).toBe(without.pdf.numPages);
  });
});

describe('the title in the file properties, in the pack\'s language', () => {
  it('names document, meeting, focus and recipient with the patterns of the message catalogues', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bp-title-'));
    const data = PACKS[1].data;
    const content = loadContent(data);
    const topic = content.topics[0]!;
    const result = await generate({ data, out, formats: ['pdf', 'docx'], documents: ['handout'], topics: [topic.id], recipient: 'Délégation X' }, env);
    const file = (format: string) => new Uint8Array(readFileSync(join(out, result.files.find((f) => f.format === format)!.file)));
    // A public document is unattributed: it names the meeting, not the pack's (internal) title.
    const words = messagesFor(BUNDLED_TEMPLATES, content.pack.locale);
    // In the French pack: "Non-papier — <meeting> (thème : <topic>) pour Délégation X", typeset.
    const expected = words.format('title.for', { title: words.format('title.focus', { title: words.format('title.inPack', { title: words.format('document.handout'), pack: content.pack.meeting.name }), focus: [topic.title] }), recipient: 'Délégation X' });
    expect(expected).toMatch(/^Non-papier — .* \(thème\u00A0: .*\) pour Délégation X$/);
    expect((await readPdf(file('pdf'))).info.Title).toBe(expected);
    const core = (await readDocx(file('docx'))).xml('docProps/core.xml');
    expect(core).toContain(`<dc:title>${expected.replace(/'/g, '&apos;')}</dc:title>`);
  });
});
