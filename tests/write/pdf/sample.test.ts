// The sample document (every node type) through the PDF writer, checked as a reader sees it.
import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Block, Inline } from '../../../src/document/model.js';
import { loadTheme } from '../../../src/theme/index.js';
import type { HandledBlockType } from '../../../src/write/pdf/blocks.js';
import type { HandledInlineType } from '../../../src/write/pdf/inlines.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import type { Written } from '../../../src/write/types.js';
import { sampleDocument } from '../../fixtures/sample-document.js';
import { count, readPdf, type PdfContent } from '../../helpers/pdf.js';
import { deepFreeze } from './helpers.js';

const theme = loadTheme('default');
let written: Written;
let pdf: PdfContent;

beforeAll(async () => {
  written = await writePdf(deepFreeze(sampleDocument()), theme);
  pdf = await readPdf(written.bytes);
});

describe('writePdf on the sample document', () => {
  it('handles every block and inline type of the model', () => {
    expectTypeOf<HandledBlockType>().toEqualTypeOf<Block['type']>();
    expectTypeOf<HandledInlineType>().toEqualTypeOf<Inline['type']>();
  });

  it('returns the page count the file has, and no diagnostics', () => {
    expect(written.pages).toBe(pdf.numPages);
    expect(written.pages).toBe(3);
    expect(written.diagnostics).toEqual([]);
  });

  it('prints the marking in capitals at the top and bottom of every page, cover included', () => {
    for (const page of pdf.pages) {
      expect(count(page.text, 'OFFICIAL-SENSITIVE')).toBe(2);
      const marks = page.items.filter((i) => i.str.startsWith('OFFICIAL'));
      expect(Math.max(...marks.map((m) => m.y))).toBeGreaterThan(page.height - theme.page.margins.top);
      expect(Math.min(...marks.map((m) => m.y))).toBeLessThan(theme.page.margins.bottom);
    }
  });

  it('keeps the cover free of the running header and footer', () => {
    const cover = pdf.pages[0]!.text;
    expect(cover).toContain('Sample Briefing Note');
    expect(cover).toContain('Venue:');
    expect(cover).not.toContain('REF-001');
    expect(cover).not.toContain('Sample note');
    expect(cover).not.toMatch(/Page \d+ of/);
  });

  it('runs the header and "Page X of Y" on the body pages', () => {
    pdf.pages.slice(1).forEach((page, i) => {
      expect(page.text).toContain('Sample note');
      expect(page.text).toContain('REF-001');
      expect(page.text).toContain(`Page ${i + 2} of 3`);
    });
  });

  it('prints headings, body text and non-Latin scripts as given', () => {
    const body = pdf.pages.map((p) => p.text).join('\n');
    for (const s of ['Objectives', 'Background', 'Annex', 'Key message', 'Trust is built by doing what was agreed.']) {
      expect(body).toContain(s);
    }
    expect(body).toContain('Zażółć gęślą jaźń — Ελληνικά — Кириллица.');
    expect(body).toContain('Nested point *literal* {{x}} <b>');
    expect(body).toContain('Confidence-building measures');
  });

  it('lists the contents with dot leaders to the page numbers, the notes last', () => {
    const contents = pdf.pages[1]!.text;
    expect(contents).toMatch(/Contents/);
    expect(contents).toMatch(/Objectives( \.){5,}\s*2/);
    expect(contents).toMatch(/Background( \.){5,}\s*2/);
    expect(contents).toMatch(/Annex( \.){5,}\s*3/);
    expect(contents).toMatch(/Notes( \.){5,}\s*3/);
  });

  it('adds nested bookmarks for contents headings', () => {
    expect(pdf.outline.map((o) => o.title)).toEqual(['Objectives', 'Annex', 'Notes']);
    expect(pdf.outline[0]!.items.map((o) => o.title)).toEqual(['Background']);
  });

  it('makes links live: web addresses, cross-references and footnote markers', () => {
    const links = pdf.pages.flatMap((p) => p.links);
    expect(links.map((l) => l.url)).toContain('https://example.org/report');
    expect(links.map((l) => l.url)).toContain('https://example.org/');
    expect(links.some((l) => l.dest === 'annex')).toBe(true);
    expect(links.some((l) => l.dest === 'briefpack-note-1')).toBe(true);
    const internal = links.filter((l) => typeof l.dest === 'string');
    expect(internal.length).toBeGreaterThanOrEqual(6);
    for (const link of internal) expect(link.resolved, String(link.dest)).toBe(true);
  });

  it('prints footnotes as numbered notes at the end', () => {
    const last = pdf.pages.at(-1)!.text;
    expect(last).toContain('Notes');
    expect(last).toMatch(/1\.\s*Sample Source, Publisher, 2024\./);
  });

  it('writes the document properties', () => {
    expect(pdf.info).toMatchObject({
      Title: 'Sample Briefing Note',
      Author: 'Policy Unit',
      Subject: 'Sample Committee',
      Keywords: 'sample, test',
      Creator: 'briefpack',
      Language: 'en-GB',
    });
    expect(String(pdf.info.CreationDate)).toContain('20240701000000');
  });

  it('writes the same bytes twice, and prints nothing', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const again = await writePdf(deepFreeze(sampleDocument()), theme);
    expect(Buffer.from(again.bytes).equals(Buffer.from(written.bytes))).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    warn.mockRestore();
    log.mockRestore();
  });

  it('lays out with the compact Letter theme too', async () => {
    const compact = loadTheme('letter-compact');
    const out = await writePdf(deepFreeze(sampleDocument()), compact);
    const read = await readPdf(out.bytes);
    expect(out.pages).toBe(read.numPages);
    expect(read.pages[0]!.width).toBeCloseTo(612, 0);
    for (const page of read.pages) expect(count(page.text, 'OFFICIAL-SENSITIVE')).toBe(2);
  });
});
