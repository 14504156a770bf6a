// Whether the DOCX, as LibreOffice lays it out, puts each heading on the page the PDF puts it on:
// the DOCX contents list prints the PDF's page numbers, so this is how far a reader of the DOCX
// can trust them. Every bundled document in every bundled theme, at every length; the headings
// are found by their text, in order, in pdftotext's pages of both PDFs. The agreement figure, per
// document and over all, and the headings on different pages are printed. The test holds the
// issue's target: at least 90 % of each document's headings on the same page, 95 % of all, and no
// heading (so no contents number) more than a page apart. What still differs: a page or two of the
// long steering brief breaks a few lines apart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LENGTHS } from '../../src/content/schema.js';
import { loadContent } from '../../src/content/index.js';
import type { Block, Document, Inline } from '../../src/document/model.js';
import { fixedEnv } from '../../src/env.js';
import { planJobs, renderJob } from '../../src/pack/index.js';
import { loadTemplates } from '../../src/template/index.js';
import { bundledThemeNames, loadTheme } from '../../src/theme/index.js';

const run = (program: string, args: string[]): string => {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install libreoffice-writer-nogui poppler-utils`);
    throw error;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'bp-heading-pages-'));
const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const plain = (nodes: readonly Inline[]): string => nodes.map((n) => (n.type === 'text' ? n.value : 'children' in n ? plain(n.children) : ' ')).join('');

interface Case {
  readonly name: string;
  readonly document: Document;
  readonly pdf: string;
  readonly docx: string;
}
const cases: Case[] = [];

/** Contents headings in order, as letters. */
function headings(doc: Document): string[] {
  const out: string[] = [];
  const visit = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      if (b.type === 'heading' && b.toc) out.push(letters(plain(b.children)));
      else if (b.type === 'callout') visit(b.children);
    }
  };
  visit(doc.blocks);
  return out;
}

/**
 * The page (from 1) of each heading, searched in order from the page of the one before. A heading
 * may wrap: one to three lines of a page joined must spell it. A contents line ends in its page
 * number, so it never spells a heading (digits count).
 */
function pagesOf(file: string, wanted: readonly string[]): (number | undefined)[] {
  const pages = run('pdftotext', ['-layout', file, '-']).split('\f').map((page) => page.split('\n').map(letters).filter((l) => l !== ''));
  const at = (lines: readonly string[], heading: string) =>
    lines.some((_, i) => lines[i] === heading || lines[i]! + (lines[i + 1] ?? '') === heading || lines[i]! + (lines[i + 1] ?? '') + (lines[i + 2] ?? '') === heading);
  let from = 0;
  return wanted.map((heading) => {
    for (let p = from; p < pages.length; p++) {
      if (at(pages[p]!, heading)) {
        from = p;
        return p + 1;
      }
    }
    return undefined;
  });
}

beforeAll(async () => {
  const content = loadContent('data/eu-oewg-2024-07');
  const templates = loadTemplates();
  const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
  for (const themeName of bundledThemeNames()) {
    for (const length of LENGTHS) {
      for (const job of planJobs(content, templates.folder, { length, theme: themeName })) {
        // A document with a theme of its own is the same under every theme: once is enough.
        if (job.spec.theme && themeName !== 'default') continue;
        const rendered = await renderJob({ ...job, budget: undefined }, ['pdf', 'docx'], content, { templates, theme: loadTheme(job.theme ?? themeName), env });
        const name = `${job.spec.id}-${length}-${themeName}`;
        for (const o of rendered.outputs) writeFileSync(join(dir, `${name}.${o.format}`), o.written.bytes);
        cases.push({ name, document: rendered.built.document, pdf: join(dir, `${name}.pdf`), docx: join(dir, `${name}.docx`) });
      }
    }
  }
  run('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), ...cases.map((c) => c.docx)]);
});

describe('headings on the same page in the PDF and in LibreOffice\'s layout of the DOCX', () => {
  it('reports the agreement; every heading is found in both, none is more than a page apart, 90 % of each document\'s and 95 % of all on the same page', () => {
    let same = 0;
    let total = 0;
    const rows: string[] = [];
    const far: string[] = [];
    const apart: string[] = [];
    const missing: string[] = [];
    const low: string[] = [];
    for (const c of cases) {
      const wanted = headings(c.document);
      if (wanted.length === 0) continue;
      const pdf = pagesOf(c.pdf, wanted);
      const lo = pagesOf(join(dir, 'lo', `${c.name}.pdf`), wanted);
      let agree = 0;
      wanted.forEach((heading, i) => {
        if (pdf[i] === undefined || lo[i] === undefined) missing.push(`${c.name}: "${heading}" not found (PDF ${pdf[i]}, LibreOffice ${lo[i]})`);
        else if (Math.abs(pdf[i]! - lo[i]!) > 1) far.push(`${c.name}: "${heading}" PDF page ${pdf[i]}, LibreOffice page ${lo[i]}`);
        if (pdf[i] !== undefined && pdf[i] === lo[i]) agree++;
        else apart.push(`${c.name}: "${heading}" PDF ${pdf[i]}, LibreOffice ${lo[i]}`);
      });
      same += agree;
      total += wanted.length;
      rows.push(`${c.name}: ${agree}/${wanted.length} (${((100 * agree) / wanted.length).toFixed(1)} %)`);
      if (agree / wanted.length < 0.9) low.push(`${c.name}: ${agree}/${wanted.length}`);
    }
    console.log(
      `Headings on the same page in the PDF and in LibreOffice's DOCX: ${same}/${total} (${((100 * same) / total).toFixed(1)} %)\n${rows.join('\n')}` +
        `\nOn different pages:\n${apart.join('\n') || 'none'}` +
        `\nMore than a page apart:\n${far.join('\n') || 'none'}`,
    );
    expect(total).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(far).toEqual([]);
    // Reached: 99.4 % over all (361/363), every document at 95 % or more.
    expect(same / total).toBeGreaterThanOrEqual(0.95);
    expect(low).toEqual([]);
  });
});
