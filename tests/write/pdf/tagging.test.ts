// Tagged PDF as a screen reader meets it (pdf.js's structure tree and marked content): every
// glyph is in the structure or an artifact, the structure follows the model, and tagging moves
// nothing on the page.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { lastRendering } from '../../../src/write/pdf/tagging.js';
import type { Written } from '../../../src/write/types.js';
import { sampleDocument } from '../../fixtures/sample-document.js';
import { elements, fullText, headings, readTags, squeeze, type StructNode, type TaggedPdf } from '../../helpers/tags.js';
import { deepFreeze, LOREM } from './helpers.js';

const theme = loadTheme('default');

// A table long enough to run onto a second page, so its header row repeats.
const longTable: Block = {
  type: 'table',
  columns: [
    { align: 'left', weight: 1 },
    { align: 'left', weight: 3 },
  ],
  header: [[{ type: 'text', value: 'Day' }], [{ type: 'text', value: 'Business' }]],
  rows: Array.from({ length: 60 }, (_, i) => [[{ type: 'text' as const, value: `Day ${i + 1}` }], [{ type: 'text' as const, value: LOREM.slice(0, 60) }]]),
};

let written: Written;
let tags: TaggedPdf;
let untagged: number;
const all = () => tags.pages.flatMap((p) => elements(p.tree));
const byRole = (role: string) => all().filter((e) => e.role === role);

beforeAll(async () => {
  written = await writePdf(deepFreeze(sampleDocument([longTable])), theme);
  untagged = lastRendering.untagged;
  tags = await readTags(written.bytes);
});

describe('tagged PDF', () => {
  it('is marked, has a structure tree with a parent tree, the language, tab order and title display', () => {
    expect(tags.markInfo?.Marked).toBe(true);
    expect(tags.language).toBe('en-GB');
    const raw = Buffer.from(written.bytes).toString('latin1');
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(raw).toContain('/ParentTree');
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw.match(/\/Type \/Page\b/g)?.length).toBe(written.pages);
    expect(raw.match(/\/Tabs \/S/g)?.length).toBe(written.pages);
  });

  it('gives every link annotation its Link element (StructParent) and a description (Contents)', () => {
    const raw = Buffer.from(written.bytes).toString('latin1');
    const annotations = [...raw.matchAll(/<<[^<>]*\/Subtype \/Link[^<>]*>>/g)].map((m) => m[0]);
    expect(annotations.length).toBeGreaterThan(3);
    for (const a of annotations) {
      expect(a).toMatch(/\/StructParent \d+/);
      expect(a).toMatch(/\/Contents \([^)]+\)/);
    }
  });

  it('has XMP metadata naming the title', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(written.bytes), verbosity: 0, isEvalSupported: false }).promise;
    const { metadata } = (await pdf.getMetadata()) as { metadata: { get(name: string): unknown } | null };
    expect(metadata?.get('dc:title')).toBe('Sample Briefing Note');
    await pdf.destroy();
  });

  it('draws no text outside marked content, and every sequence is an artifact or owned by the structure', () => {
    expect(tags.pages.map((p) => p.textOutsideMarkedContent)).toEqual(tags.pages.map(() => 0));
    expect(tags.pages.map((p) => p.orphanSequences)).toEqual(tags.pages.map(() => 0));
    expect(untagged).toBe(0);
  });

  it('keeps the running header, footer, marking and page numbers out of the structure', () => {
    tags.pages.forEach((page, i) => {
      const artifacts = squeeze(page.artifactText);
      const tagged = squeeze(page.taggedText);
      expect(artifacts.match(/OFFICIAL-SENSITIVE/g)).toHaveLength(2);
      expect(tagged).not.toContain('OFFICIAL-SENSITIVE');
      if (i > 0) {
        expect(artifacts).toContain(`Page${i + 1}of${written.pages}`);
        expect(artifacts).toContain('REF-001');
        expect(artifacts).toContain('Samplenote');
      }
      expect(tagged).not.toMatch(/Page\d+of/);
      expect(tagged).not.toContain('REF-001');
    });
  });

  it('gives the headings the outline has, in its order and at its levels (and the cover title as H1)', () => {
    const found = headings(tags);
    expect(found[0]).toEqual({ role: 'H1', text: 'Sample Briefing Note' });
    expect(found.slice(1).map((h) => `${h.role} ${h.text}`)).toEqual(tags.outline.map((o) => `H${o.depth} ${o.title}`));
  });

  it('gives every table header cells with column scope, and repeats them on the next page as artifacts', () => {
    // pdf.js gives each page the elements with content on it: a table that runs on shows again,
    // without its header row, on the next page.
    const tables = byRole('Table');
    const headed = tables.filter((t) => t.children[0]?.children.every((c) => c.role === 'TH'));
    expect(headed).toHaveLength(2);
    for (const table of tables) {
      expect(table.children.every((r) => r.role === 'TR')).toBe(true);
      expect(table.children.every((r) => r.children.every((c) => c.role === 'TH' || c.role === 'TD'))).toBe(true);
    }
    // Every header cell is read once: the repeat on the long table's second page is an artifact.
    const th = byRole('TH').map((c) => c.text.trim());
    expect(th.filter((t) => t === 'Business')).toHaveLength(1);
    expect(tags.pages.some((p) => p.artifactText.includes('Business'))).toBe(true);
    expect(th).toEqual(['Date', 'Item', 'Day', 'Business']);
  });

  it('gives every list item a label and a body, nested lists inside the body', () => {
    const items = byRole('LI');
    expect(items).toHaveLength(3);
    // Every item is a child of a list.
    expect(byRole('L').flatMap((l) => l.children.filter((c) => c.role === 'LI'))).toHaveLength(items.length);
    expect(byRole('L').every((l) => l.children.every((c) => c.role === 'LI'))).toBe(true);
    for (const li of items) expect(li.children.map((c) => c.role)).toEqual(['Lbl', 'LBody']);
    expect(items.map((li) => li.children[0]!.text.trim())).toEqual(['1.', '2.', '']);
    const nested = items[1]!.children[1]!.children.find((c) => c.role === 'L');
    expect(nested?.children.map((c) => c.role)).toEqual(['LI']);
  });

  it('gives every image a Figure with its alt text', () => {
    const figures = byRole('Figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]!.alt).toBe('Sample logo');
  });

  it('tags the contents list as TOC with one TOCI per entry, links and notes with their annotations', () => {
    const toc = byRole('TOC');
    expect(toc).toHaveLength(1);
    const entries = toc[0]!.children;
    expect(entries.every((e) => e.role === 'TOCI')).toBe(true);
    // The notes close the list as they close the outline; the dot leaders are not read out.
    expect(entries.map((e) => fullText(e).replace(/\d+$/, '').trim())).toEqual(['Objectives', 'Background', 'Annex', 'Notes']);
    const links = byRole('Link');
    const report = links.find((l) => fullText(l).includes('the report'));
    expect(report?.annotations).toBeGreaterThan(0);
    const reference = byRole('Reference');
    expect(reference).toHaveLength(1);
    expect(reference[0]!.children[0]!.role).toBe('Link');
    expect(fullText(reference[0]!)).toBe('1');
    const notes = byRole('Note');
    expect(notes).toHaveLength(1);
    expect(fullText(notes[0]!)).toContain('Sample Source');
    // Each Note has an ID, listed in the structure tree root's ID tree (PDF/UA, Matterhorn 19-003).
    const raw = Buffer.from(written.bytes).toString('latin1');
    expect(raw).toMatch(/\/S \/Note\s+\/ID \(note-1\)|\/ID \(note-1\)[^>]*\/S \/Note|\/S \/Note[^>]*\/ID \(note-1\)/);
    expect(raw).toMatch(/\/IDTree <<\s*\/Names \[\(note-1\) \d+ 0 R\]/);
  });

  it('reads the body in the model order', () => {
    const text = squeeze(tags.pages.map((p) => elements(p.tree).filter((e: StructNode) => e.role === 'P').map((e) => fullText(e)).join(' ')).join(' '));
    const order = ['Meeting of the Sample Committee', 'Secure agreement on', 'Nested point', 'Trust is built', 'See the report and the annex.1', 'Fine print.', 'Sample Source'];
    const at = order.map((s) => text.indexOf(squeeze(s)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});

describe('the cost of tagging', () => {
  it('changes no layout: same pages and heading pages as the untagged file', async () => {
    const doc = deepFreeze(sampleDocument([longTable]));
    const plain = await writePdf(doc, theme, { tagged: false });
    expect(written.pages).toBe(plain.pages);
    expect(written.headingPages).toEqual(plain.headingPages);
    const plainTags = await readTags(plain.bytes);
    expect(plainTags.markInfo?.Marked).not.toBe(true);
    expect(plainTags.pages.every((p) => p.tree === null)).toBe(true);
    // The coverage check above does see untagged text when there is some.
    expect(plainTags.pages.every((p) => p.textOutsideMarkedContent > 0)).toBe(true);
  });
});
