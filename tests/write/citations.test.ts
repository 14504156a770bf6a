// One citation model in both formats. In the DOCX every citation is a note reference (an endnote,
// numbered 1, 2, 3 and listed at the end as the PDF lists its notes): the first citation of a
// source is the note, a repeat is a NOTEREF field to it (so both formats number the notes alike),
// and a note's number is set off from its text. In the PDF the markers are readable. Addresses print shortened; the link keeps them whole.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import type { Block, Document, Inline } from '../../src/document/model.js';
import { fixedEnv } from '../../src/env.js';
import { planJobs, renderJob } from '../../src/pack/index.js';
import { loadTemplates } from '../../src/template/index.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { printedUrl } from '../../src/write/text.js';
import { readDocx } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { doc, para, t } from './pdf/helpers.js';

const theme = loadTheme();

/** Runs of a part, with NOTEREF fields (begin to end) taken out and counted. */
function outsideNoteRefs(xml: string): { rest: string; noteRefs: string[] } {
  const noteRefs: string[] = [];
  const rest = xml.replace(/<w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText[^>]*> NOTEREF (\S+)[^<]*<\/w:instrText><\/w:r>[\s\S]*?<w:fldChar w:fldCharType="end"\/><\/w:r>/g, (_all, name: string) => {
    noteRefs.push(name);
    return '';
  });
  return { rest, noteRefs };
}

/** Runs printed raised (superscript, or in the note reference style) that print digits. */
function raisedDigits(xml: string): string[] {
  return [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g)]
    .map((m) => m[0])
    .filter((run) => /<w:vertAlign w:val="superscript"\/>|<w:rStyle w:val="EndnoteReference"\/>/.test(run))
    .filter((run) => /<w:t[^>]*>[^<]*\d/.test(run));
}

function citations(doc: Document): number {
  let n = 0;
  const inl = (nodes: readonly Inline[]): void => nodes.forEach((node) => (node.type === 'footnoteReference' ? n++ : 'children' in node ? inl(node.children) : undefined));
  const blk = (blocks: readonly Block[]): void =>
    blocks.forEach((b) => {
      if (b.type === 'paragraph' || b.type === 'heading') inl(b.children);
      else if (b.type === 'list') b.items.forEach((i) => blk(i.children));
      else if (b.type === 'callout' || b.type === 'cover') blk(b.children);
      else if (b.type === 'table') [b.header, ...b.rows].forEach((row) => row.forEach(inl));
    });
  blk(doc.blocks);
  return n;
}

describe.each(['data/eu-oewg-2024-07', 'tests/fixtures/packs/harbour-board'])('the full steering brief of %s', (data) => {
  it('cites every source with a note reference or a NOTEREF field to one, never plain raised digits', async () => {
    const content = loadContent(data);
    const templates = loadTemplates();
    const job = planJobs(content, templates.folder, { length: 'full' }).find((j) => j.spec.id === 'steering')!;
    const rendered = await renderJob({ ...job, budget: undefined }, ['docx'], content, { templates, theme: loadTheme(job.theme ?? 'default'), env: fixedEnv(new Date('2024-07-01T09:00:00Z')) });
    const pkg = await readDocx(rendered.outputs[0]!.written.bytes);
    const { rest, noteRefs } = outsideNoteRefs(pkg.xml('word/document.xml'));
    expect(raisedDigits(rest)).toEqual([]);
    const references = [...rest.matchAll(/<w:endnoteReference w:id="(\d+)"\/>/g)].map((m) => m[1]);
    expect(references.length + noteRefs.length).toBe(citations(rendered.built.document));
    expect(references.length).toBeGreaterThan(0);
    // Each field points at a bookmark around a note's reference.
    for (const name of new Set(noteRefs)) {
      expect(rest).toMatch(new RegExp(`<w:bookmarkStart w:name="${name}" w:id="\\d+"/><w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="\\d+"/>`));
    }
    // Every note's number is followed by a tab, not glued to its text.
    const notes = [...pkg.xml('word/endnotes.xml').matchAll(/<w:endnote w:id="(\d+)">([\s\S]*?)<\/w:endnote>/g)].filter((m) => Number(m[1]) > 0);
    expect(notes.length).toBe(new Set(references).size);
    for (const note of notes) expect(note[2]).toMatch(/<w:endnoteRef\/><\/w:r><w:r><w:tab\/><\/w:r>/);
    // Numbered as the PDF numbers them, not in Word's and LibreOffice's default roman numerals.
    const sections = [...pkg.xml('word/document.xml').matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    for (const section of sections) expect(section).toContain('<w:endnotePr><w:pos w:val="docEnd"/><w:numFmt w:val="decimal"/></w:endnotePr>');
  });
});

describe('note markers and notes in the PDF', () => {
  const ref = (id: string): Inline => ({ type: 'footnoteReference', id });
  const withNotes: Document = {
    ...doc([{ type: 'tableOfContents', title: 'Contents', maxDepth: 2 }, { type: 'heading', depth: 1, id: 'one', toc: true, children: [t('One')] }, { type: 'paragraph', role: 'body', children: [t('A claim'), ref('a')] }]),
    footnotes: { a: { id: 'a', children: [para(t('First source.'))] } },
  };
  it('prints markers at a readable size, in the accent colour, and lists the notes in the contents', async () => {
    const pdf = await readPdf((await writePdf(withNotes, theme)).bytes);
    const marker = pdf.pages.flatMap((p) => p.items).find((i) => i.str === '1' && i.height < theme.size.body)!;
    expect(marker.height).toBeGreaterThanOrEqual(7);
    const contents = pdf.pages[0]!.text;
    expect(contents).toMatch(/Notes/);
  });
});

describe('addresses printed for reading', () => {
  it('shows host and path, decoded, and keeps anything else as given', () => {
    expect(printedUrl('https://www.eeas.europa.eu/delegations/un-new-york/eu-statement-%E2%80%93-un-open_en')).toBe('eeas.europa.eu/delegations/un-new-york/eu-statement-–-un-open_en');
    expect(printedUrl('https://wp.dig.watch/?p=176100')).toBe('wp.dig.watch/?p=176100');
    expect(printedUrl('https://example.org/a/b/?q=1#x')).toBe('example.org/a/b');
    expect(printedUrl('https://example.org/bad%E2')).toBe('example.org/bad%E2');
    expect(printedUrl('mailto:desk@example.org')).toBe('desk@example.org');
    expect(printedUrl('not a url')).toBe('not a url');
  });

  it('prints a source link shortened in both formats, with the full address as the link', async () => {
    const url = 'https://www.example.org/path/eu-statement-%E2%80%93-x';
    const d = doc([para({ type: 'link', url, children: [t(url)] })]);
    const pdf = await readPdf((await writePdf(d, theme)).bytes);
    expect(pdf.pages[0]!.text).toContain('example.org/path/eu-statement-–-x');
    expect(pdf.pages[0]!.links.map((l) => l.url)).toContain(url);
    const pkg = await readDocx((await writeDocx(d, theme)).bytes);
    expect(pkg.xml('word/document.xml')).toContain('example.org/path/eu-statement-–-x');
    expect(pkg.xml('word/_rels/document.xml.rels')).toContain(url);
  });
});
