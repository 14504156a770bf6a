// The combined PDF as a printer binds it: every document starts on a right-hand (odd) page, a
// blank left-hand page says that it is blank, every page's running header names the document it
// belongs to, each document keeps its own type (the speaking notes' large print) on the run's
// paper, and each document's notes come before the next document. Read from the PDF's bytes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { generate, type GenerateResult } from '../../src/pack/index.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { loadTheme } from '../../src/theme/index.js';
import { readPdf, type PageContent, type PdfContent } from '../helpers/pdf.js';

const DATA = 'data/eu-oewg-2024-07';
const PARTS = ['steering', 'speaking-notes', 'handout', 'annex'] as const;
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const words = messagesFor(BUNDLED_TEMPLATES, loadContent(DATA).pack.locale);
const marking = loadContent(DATA).pack.marking!.toUpperCase();

/** The running header's words: text in the top margin, the marking left out. */
const headerOf = (page: PageContent) =>
  page.items.filter((i) => i.y > page.height - 52).map((i) => i.str).join('').replace(marking, '').replace(/\s+/g, ' ').trim();
/** Text between the margins. */
const bodyOf = (page: PageContent) =>
  page.items.filter((i) => i.y < page.height - 56 && i.y > 56).map((i) => i.str).join('').replace(/\s+/g, ' ').trim();
/** The most common text height (weighted by characters) on these pages: body text. */
function bodySize(pages: readonly PageContent[]): number {
  const counts = new Map<number, number>();
  for (const page of pages) for (const item of page.items) if (item.str.trim().length > 3) counts.set(Math.round(item.height), (counts.get(Math.round(item.height)) ?? 0) + item.str.length);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

describe.each([
  ['default', undefined],
  ['letter-compact', 'letter-compact'],
] as const)('the combined PDF for binding, theme %s', (_name, theme) => {
  let run: GenerateResult;
  let combined: PdfContent;
  const pdfOf = async (doc: string) => readPdf(new Uint8Array(readFileSync(join(run.out, run.files.find((f) => f.document === doc && f.format === 'pdf')!.file))));
  /** Page index (from 0) where each document starts: its title opens the page's body. */
  let starts: number[];

  beforeAll(async () => {
    run = await generate({ data: DATA, out: mkdtempSync(join(tmpdir(), 'bp-binding-')), formats: ['pdf'], combined: true, ...(theme ? { theme } : {}) }, env);
    combined = await pdfOf('combined');
    // The outline's top level lists the documents in order.
    const titles = combined.outline.map((e) => e.title);
    expect(titles.length).toBe(PARTS.length);
    starts = titles.map((title) => combined.pages.findIndex((p, i) => i > 1 && bodyOf(p).startsWith(title)));
  }, 120_000);

  it('starts every document on a right-hand (odd) page, after a blank page that says so', () => {
    expect(starts.every((s, i) => s > 1 && (i === 0 || s > starts[i - 1]!))).toBe(true);
    for (const start of starts) expect((start + 1) % 2, `document starting on page ${start + 1}`).toBe(1);
    const blanks = combined.pages.map((p, i) => [p, i] as const).filter(([p]) => bodyOf(p) === words.format('blankPage'));
    // This pack has documents with an odd number of pages: at least one blank page is needed.
    expect(blanks.length).toBeGreaterThan(0);
    for (const [page, i] of blanks) {
      expect(starts, `the blank page ${i + 1} comes just before a document`).toContain(i + 1);
      // A blank page carries the marking and nothing else of the page furniture.
      expect(headerOf(page)).toBe('');
      expect(page.text).toContain(marking);
    }
    // No page is empty without saying so.
    const blankPages = new Set(blanks.map(([, i]) => i));
    expect(combined.pages.filter((p, i) => !blankPages.has(i) && bodyOf(p) === '').length).toBe(0);
  });

  it('names the current document in the running header of each of its pages', async () => {
    for (const [k, doc] of PARTS.entries()) {
      const own = await pdfOf(doc);
      // The document's own file names it so on its pages after the first.
      const expected = headerOf(own.pages[own.pages.length - 1]!);
      expect(expected.length).toBeGreaterThan(3);
      const end = (starts[k + 1] ?? combined.numPages) - 1;
      for (let i = starts[k]!; i <= end; i++) {
        const page = combined.pages[i]!;
        if (bodyOf(page) === words.format('blankPage')) continue;
        expect(headerOf(page), `page ${i + 1}, in the ${doc}`).toContain(expected);
      }
    }
  });

  it('prints every page on the run theme\'s paper and keeps the speaking notes in large print', () => {
    const { width, height } = loadTheme(theme).pageSize;
    for (const page of combined.pages) expect([Math.round(page.width), Math.round(page.height)]).toEqual([Math.round(width), Math.round(height)]);
    const pagesOf = (doc: (typeof PARTS)[number]) => combined.pages.slice(starts[PARTS.indexOf(doc)]!, starts[PARTS.indexOf(doc) + 1]!);
    const notes = bodySize(pagesOf('speaking-notes'));
    const steering = bodySize(pagesOf('steering'));
    expect(notes).toBeGreaterThanOrEqual(14);
    expect(notes).toBeGreaterThan(steering * 1.25);
  });

  it('ends no document, speech or list of notes on a page it barely fills: that page takes more from the one before', () => {
    const { margins } = loadTheme(theme).page;
    const problems: string[] = [];
    PARTS.forEach((_doc, k) => {
      const from = starts[k]!;
      const pages = combined.pages.slice(from, starts[k + 1] ?? combined.numPages);
      const body = bodySize(pages);
      pages.forEach((page, i) => {
        const lines = page.items.filter((item) => item.str.trim() !== '' && item.y < page.height - margins.top + 2 && item.y > margins.bottom - 4);
        if (lines.length === 0 || bodyOf(page) === words.format('blankPage')) return;
        const first = lines.reduce((a, b) => (b.y > a.y ? b : a));
        const lowest = Math.min(...lines.map((item) => item.y));
        const fill = (page.height - margins.top - lowest) / (page.height - margins.top - margins.bottom);
        // A page that opens with a heading begins something; one that opens with body text runs over.
        if (fill < 0.18 && Math.round(first.height) <= body) problems.push(`page ${from + i + 1}: ${Math.round(fill * 100)} % full, run over ("${first.str}")`);
      });
    });
    expect(problems).toEqual([]);
  });

  it('prints each document\'s notes before the next document starts, one number for a source across the pack', async () => {
    const label = words.format('notes');
    for (const [k, doc] of PARTS.entries()) {
      const own = await pdfOf(doc);
      const hasNotes = own.pages.some((p) => p.text.split('\n').some((line) => line.trim() === label));
      const inPart = combined.pages.slice(starts[k]!, starts[k + 1] ?? combined.numPages).some((p) => p.text.split('\n').some((line) => line.trim() === label));
      expect(inPart, doc).toBe(hasNotes);
    }
    // One numbering of sources across the pack: a source cited in two documents has one number in both.
    const numbers = new Map<string, Set<number>>();
    let cited = 0;
    for (const [k] of PARTS.entries()) {
      const text = combined.pages.slice(starts[k]!, starts[k + 1] ?? combined.numPages).map((p) => p.text).join('\n');
      const at = text.split('\n').findIndex((line) => line.trim() === label);
      if (at < 0) continue;
      for (const line of text.split('\n').slice(at + 1)) {
        const note = /^(\d+)\.\s+(.{40,})/.exec(line.trim());
        if (!note) continue;
        cited++;
        const key = note[2]!; // the note's first line: long enough to tell sources apart
        numbers.set(key, new Set([...(numbers.get(key) ?? []), Number(note[1])]));
      }
    }
    expect(cited).toBeGreaterThan(numbers.size); // some source is cited by more than one document
    expect([...numbers.entries()].filter(([, n]) => n.size > 1)).toEqual([]);
    // In the outline, each document's notes sit under its title.
    const steering = combined.outline[0]!;
    expect(combined.outline.map((e) => e.title)).not.toContain(label);
    expect(steering.items.map((e) => e.title)).toContain(label);
  });
});
