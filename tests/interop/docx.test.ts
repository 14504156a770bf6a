// The DOCX as its readers see it: LibreOffice lays it out, pandoc parses it. These fail, not
// skip, when a program is missing: a check that quietly does not run proves nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { sampleDocument } from '../fixtures/sample-document.js';

const run = (program: string, args: string[]): string => {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install libreoffice-writer-nogui pandoc poppler-utils`);
    throw error;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'briefpack-docx-'));
const docxPath = join(dir, 'sample.docx');
const pdfFromPdfmake = join(dir, 'pdfmake.pdf');
let pages: number | undefined;

beforeAll(async () => {
  const written = await writeDocx(sampleDocument(), loadTheme());
  pages = written.pages;
  writeFileSync(docxPath, written.bytes);
  writeFileSync(pdfFromPdfmake, (await writePdf(sampleDocument(), loadTheme())).bytes);
});

describe('DOCX interop', () => {
  it('LibreOffice converts it to a PDF with the embedded Roboto and the page count docx/layout estimated', () => {
    const profile = `file://${join(dir, 'lo-profile')}`;
    run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docxPath]);
    const pdf = join(dir, 'sample.pdf');
    const info = run('pdfinfo', [pdf]);
    const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    // The notes are endnotes: Word, and LibreOffice from 24.x, print them after the text; LibreOffice
    // 7.4 on a page of their own, which holds the notes and nothing else.
    const notesPage = count === pages! + 1;
    if (notesPage) expect(run('pdftotext', ['-f', String(count), '-l', String(count), pdf, '-']).trim()).toMatch(/^1\s+Sample Source, Publisher, 2024\. example\.org$/);
    else expect(count).toBe(pages);
    const pdfPages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdfFromPdfmake]))?.[1]);
    expect(Math.abs(count - (notesPage ? 1 : 0) - pdfPages), `LibreOffice ${count} pages, pdfmake ${pdfPages}`).toBeLessThanOrEqual(1);
    expect(run('pdffonts', [pdf])).toMatch(/Roboto-Regular/);
    const text = run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toContain('OFFICIAL-SENSITIVE');
    expect(text).toMatch(new RegExp(`Page 2 of ${count}`));
    expect(text).toMatch(/Objectives\s*\.+\s*2/);
  });

  it('pandoc reads it, with headings, the table, the link and the footnote', () => {
    const markdown = run('pandoc', ['-f', 'docx', '-t', 'markdown', docxPath]);
    expect(markdown).toMatch(/^# Objectives/m);
    expect(markdown).toMatch(/^## Background/m);
    expect(markdown).toContain('https://example.org/report');
    expect(markdown).toContain('Confidence-building measures');
    expect(markdown).toMatch(/\[\^1\]:\s*Sample Source/);
    expect(readFileSync(docxPath).length).toBeGreaterThan(0);
  });
});
