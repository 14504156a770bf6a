// Every bundled document of both packs, as poppler and LibreOffice see it: LibreOffice lays the
// DOCX out to the PDF's page count ±1; pdftotext finds the marking on every page; pdfinfo and
// pdffonts see the metadata and embedded fonts; the built CLI run twice with the same
// SOURCE_DATE_EPOCH writes identical bytes. Fails, not skips, when a program is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LENGTHS } from '../../src/content/schema.js';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { RenderError } from '../../src/errors.js';
import { planJobs, renderJob, type Rendered } from '../../src/pack/index.js';
import { loadTemplates } from '../../src/template/index.js';
import { loadTheme } from '../../src/theme/index.js';

const run = (program: string, args: string[], env?: NodeJS.ProcessEnv): string => {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, env: env ?? process.env });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`${program} is not installed: apt-get install libreoffice-writer-nogui poppler-utils`);
    throw error;
  }
};

const PACKS = { 'eu-oewg-2024-07': 'data/eu-oewg-2024-07', 'harbour-board': 'tests/fixtures/packs/harbour-board' } as const;
const THEMES = ['default', 'letter-compact'] as const;
const dir = mkdtempSync(join(tmpdir(), 'bp-pro-interop-'));

interface Case {
  readonly name: string;
  readonly data: string;
  readonly marking: string;
  /** The pack's own marking, which a public document must not carry. */
  readonly packMarking: string;
  readonly title: string;
  /** Public documents are unattributed: no author in their properties. */
  readonly attributed: boolean;
  readonly letter: boolean;
  readonly pdf: string;
  readonly docx: string;
  readonly pdfPages: number;
}
const cases: Case[] = [];

/** Every document of a pack at one length, each with its theme (its own, else `themeName`). A
 * budget a document cannot meet is the selection's business, so such a document is laid out
 * unfitted here: parity is about the writers, not the trim ladder. */
async function renderAll(data: string, length: (typeof LENGTHS)[number], themeName: string): Promise<Rendered[]> {
  const content = loadContent(data);
  const templates = loadTemplates();
  const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
  const out: Rendered[] = [];
  for (const job of planJobs(content, templates.folder, { length, theme: themeName })) {
    // A document with a theme of its own looks the same under every --theme: lay it out once.
    if (themeName !== THEMES[0] && job.spec.theme) continue;
    const services = { templates, theme: loadTheme(job.theme ?? 'default'), env };
    try {
      out.push(await renderJob(job, ['pdf', 'docx'], content, services));
    } catch (error) {
      if (!(error instanceof RenderError) || error.code !== 'BudgetTooSmall') throw error;
      out.push(await renderJob({ ...job, budget: undefined }, ['pdf', 'docx'], content, services));
    }
  }
  return out;
}

const pdfPages = (file: string): number => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))![1]);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  for (const [pack, data] of Object.entries(PACKS)) {
    const content = loadContent(data);
    for (const theme of THEMES) {
      for (const length of LENGTHS) {
        for (const rendered of await renderAll(data, length, theme)) {
          const name = `${pack}-${rendered.job.spec.id}-${length}-${theme}`;
          const bytes = (format: string) => rendered.outputs.find((o) => o.format === format)!.written;
          writeFileSync(join(dir, `${name}.pdf`), bytes('pdf').bytes);
          writeFileSync(join(dir, `${name}.docx`), bytes('docx').bytes);
          const marking = rendered.built.document.metadata.marking;
          cases.push({
            name,
            data,
            marking: marking ? marking.toUpperCase() : '',
            packMarking: content.pack.marking!.toUpperCase(),
            title: rendered.built.document.metadata.title,
            attributed: rendered.job.spec.audience === 'internal',
            letter: loadTheme(rendered.job.theme ?? 'default').page.size === 'LETTER',
            pdf: join(dir, `${name}.pdf`),
            docx: join(dir, `${name}.docx`),
            pdfPages: bytes('pdf').pages!,
          });
        }
      }
    }
    expect(content.documents.length).toBe(0);
  }
  // One LibreOffice start for every DOCX.
  const lo = join(dir, 'lo');
  run('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', lo, ...cases.map((c) => c.docx)]);
});

describe('every bundled document, both themes', () => {
  it('LibreOffice lays each DOCX out to the PDF\'s page count ±1', () => {
    const table = cases.map((c) => ({ name: c.name, pdf: c.pdfPages, libreoffice: pdfPages(join(dir, 'lo', `${c.name}.pdf`)) }));
    // Steering brief, handout and annex in both themes, speaking notes in their own: 7 per pack and length.
    expect(table.length).toBe(Object.keys(PACKS).length * LENGTHS.length * 7);
    for (const row of table) expect(pdfPages(join(dir, `${row.name}.pdf`)), row.name).toBe(row.pdf);
    const off = table.filter((row) => Math.abs(row.pdf - row.libreoffice) > 1);
    expect(off, JSON.stringify(table, null, 1)).toEqual([]);
  });

  it('prints the marking at top and bottom of every page, by pdftotext page by page (PDF and the DOCX as LibreOffice prints it)', () => {
    for (const c of cases) {
      for (const file of [c.pdf, join(dir, 'lo', `${c.name}.pdf`)]) {
        const all = run('pdftotext', ['-layout', file, '-']).split('\f').slice(0, -1);
        expect(all.length).toBe(pdfPages(file));
        // LibreOffice 7.4 prints a DOCX's endnotes on pages of their own at the end, in a page style
        // without the document's header and footer (Word, and LibreOffice 24.x, print them after the
        // text). Those pages are left out here; they must start with note 1 and hold notes only.
        const first = (page: string) => page.split('\n').map((l) => l.trim()).find(Boolean);
        let pages = all;
        if (file !== c.pdf && c.marking) {
          const start = all.findIndex((page, i) => first(page) === '1' && all.slice(i).every((p) => first(p) !== c.marking));
          if (start > 0) {
            expect(all.length - start, `${file}: endnote pages`).toBeLessThanOrEqual(2);
            pages = all.slice(0, start);
          }
        }
        for (const [i, page] of pages.entries()) {
          const lines = page.split('\n').map((l) => l.trim()).filter(Boolean);
          if (!c.marking) {
            // A public document carries no marking: nothing printed where it would be.
            expect(page, `${file} page ${i + 1}`).not.toContain(c.packMarking);
            continue;
          }
          expect(lines[0], `${file} page ${i + 1} top`).toBe(c.marking);
          expect(lines.at(-1), `${file} page ${i + 1} bottom`).toBe(c.marking);
        }
      }
    }
  });

  it('pdfinfo shows title, author (internal documents only), language-independent dates and the page size of the theme', () => {
    for (const c of cases) {
      const info = run('pdfinfo', [c.pdf]);
      expect(info).toMatch(new RegExp(`^Title:\\s+${escape(c.title)}$`, 'm'));
      if (c.attributed) expect(info).toMatch(/^Author:\s+\S/m);
      else expect(info).not.toMatch(/^Author:/m);
      expect(info).toMatch(/^CreationDate:\s+.*2024/m);
      expect(info).toMatch(c.letter ? /Page size:\s+612 x 792 pts \(letter\)/ : /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      const lo = run('pdfinfo', [join(dir, 'lo', `${c.name}.pdf`)]);
      expect(lo).toMatch(c.letter ? /Page size:\s+612 x 792 pts/ : /Page size:\s+595(\.\d+)? x 841(\.\d+)? pts/);
    }
  });

  it('places the cover\'s title block and details block alike in the PDF and in LibreOffice\'s layout of the DOCX', () => {
    // Where the cover's text starts and ends on page 1, the marking left out (pdftotext -bbox, points from the top).
    const span = (file: string, marking: string) => {
      const words = [...run('pdftotext', ['-f', '1', '-l', '1', '-bbox', file, '-']).matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</g)]
        .filter((m) => m[3] !== marking)
        .map((m) => [Number(m[1]), Number(m[2])] as const);
      return { top: Math.min(...words.map((w) => w[0])), bottom: Math.max(...words.map((w) => w[1])) };
    };
    const covers = cases.filter((c) => c.name.includes('-steering-full-'));
    expect(covers.length).toBe(Object.keys(PACKS).length * THEMES.length);
    for (const c of covers) {
      const pdf = span(c.pdf, c.marking);
      const lo = span(join(dir, 'lo', `${c.name}.pdf`), c.marking);
      // The same spaces from the theme in both; what differs is how each lays out the same lines.
      expect(Math.abs(pdf.top - lo.top), `${c.name} title block`).toBeLessThan(30);
      expect(Math.abs(pdf.bottom - lo.bottom), `${c.name} details block`).toBeLessThan(30);
    }
  });

  it('embeds every font, in the PDF and in what LibreOffice makes of the DOCX', () => {
    for (const c of cases) {
      for (const file of [c.pdf, join(dir, 'lo', `${c.name}.pdf`)]) {
        const rows = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
        expect(rows.length, file).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row, file).toMatch(/Roboto/);
          expect(row.split(/\s+/).slice(-5, -4)[0], `${file}: ${row}`).toBe('yes');
        }
      }
    }
  });
});

describe('reproducible from the built CLI', () => {
  it('writes byte-identical PDF and DOCX twice with the same SOURCE_DATE_EPOCH', () => {
    run(process.execPath, ['scripts/build-if-stale.mjs']);
    const env = { ...process.env, SOURCE_DATE_EPOCH: '1720000000' };
    const outs = [join(dir, 'cli-a'), join(dir, 'cli-b')];
    for (const out of outs) {
      for (const data of Object.values(PACKS)) {
        run('node', ['dist/cli/main.js', 'generate', '--data', data, '--out', join(out, data.replace(/\W+/g, '-')), '--length', 'full', '--format', 'pdf,docx'], env);
      }
    }
    const files = (root: string) => readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(pdf|docx)$/.test(f)).sort();
    const first = files(outs[0]!);
    // Two packs, each with the bundled set of four documents, in two formats.
    expect(first.length).toBe(16);
    expect(files(outs[1]!)).toEqual(first);
    for (const f of first) expect(readFileSync(join(outs[1]!, f)).equals(readFileSync(join(outs[0]!, f))), f).toBe(true);
    const info = run('pdfinfo', [join(outs[0]!, first.find((f) => f.endsWith('.pdf'))!)]);
    expect(info).toMatch(/CreationDate:.*2024/);
  });
});
