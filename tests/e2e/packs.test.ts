// End to end: a pack folder through the whole pipeline into files, read back as their readers do.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { fixedEnv } from '../../src/env.js';
import { generate, type GenerateResult } from '../../src/pack/index.js';
import { paragraphs, readDocx } from '../helpers/docx.js';
import { readPdf, type OutlineEntry } from '../helpers/pdf.js';

/** The words briefpack prints in a pack's language. */
const words = (data: string) => messagesFor(BUNDLED_TEMPLATES, loadContent(data).pack.locale);
const PACKS = { bundled: 'data/eu-oewg-2024-07', fictional: 'tests/fixtures/packs/harbour-board' } as const;
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));

const flat = (entries: readonly OutlineEntry[]): string[] => entries.flatMap((e) => [e.title, ...flat(e.items)]);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.each(Object.entries(PACKS))('%s pack, full briefing', (_name, data) => {
  let result: GenerateResult;
  let out: string;
  const file = (ext: string) => readFileSync(join(out, result.files.find((f) => f.format === ext)!.file));

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'bp-e2e-'));
    result = await generate({ data, out, formats: ['pdf', 'docx', 'md'], documents: ['steering'], length: 'full' }, env);
  });

  it('writes PDF, DOCX, Markdown and a manifest describing them', () => {
    expect(result.files.map((f) => f.format).sort()).toEqual(['docx', 'md', 'pdf']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const entry of manifest.files) {
      const bytes = readFileSync(join(out, entry.file));
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry).toMatchObject({ document: 'steering', template: 'steering', options: { length: 'full' } });
    }
    expect(manifest.files.find((f: { format: string }) => f.format === 'pdf').pages).toBeGreaterThan(1);
  });

  it('prints the content in the PDF: titles, topics, every selected headline', async () => {
    const content = loadContent(data);
    const pdf = await readPdf(file('pdf'));
    // Line breaks fall anywhere and pdfjs puts list numbers where it likes: compare without them.
    const bare = (s: string) => s.replace(/\s+/g, '');
    const text = bare(pdf.pages.flatMap((p) => p.items.map((i) => i.str).filter((s) => !/^\s*\d+\.\s*$/.test(s))).join(''));
    expect(text).toContain(bare(content.pack.title));
    for (const topic of content.topics) expect(text).toContain(bare(topic.title));
    // A full internal briefing prints every item's headline.
    const missing = content.items.filter((i) => !text.includes(bare(i.headline)));
    expect(missing.map((i) => i.id)).toEqual([]);
    expect(pdf.info.Title).toContain(words(data).format('document.steering'));
  });

  it('marks every PDF page with the marking, top and bottom', async () => {
    const content = loadContent(data);
    const pdf = await readPdf(file('pdf'));
    const marking = content.pack.marking!.toUpperCase();
    for (const page of pdf.pages) expect(page.text.split(marking).length - 1).toBeGreaterThanOrEqual(2);
  });

  it('gives the DOCX real heading styles, in the same order as the PDF outline', async () => {
    const pdf = await readPdf(file('pdf'));
    const docx = await readDocx(file('docx'));
    const headings = paragraphs(docx.xml('word/document.xml'))
      .filter((p) => /^Heading[1-4]$/.test(p.style ?? ''))
      .map((p) => squash(p.text));
    expect(headings.length).toBeGreaterThan(5);
    expect(headings).toContain(words(data).format('section.objectives'));
    // The PDF outline lists the same headings (plus the writer's own endnotes heading).
    expect(flat(pdf.outline).map(squash).filter((t) => t !== 'Notes')).toEqual(headings);
  });

  it('writes Markdown that holds the same headings', () => {
    const md = readFileSync(join(out, result.files.find((f) => f.format === 'md')!.file), 'utf8');
    expect(md).toContain(`# ${words(data).format('section.objectives')}`);
    expect(md).toContain(words(data).format('section.keyMessages'));
  });
});

describe('reproducible output', () => {
  it('gives byte-identical files for the same input and clock', async () => {
    const run = async () => {
      const out = mkdtempSync(join(tmpdir(), 'bp-repro-'));
      const r = await generate({ data: PACKS.fictional, out, formats: ['pdf', 'docx'], documents: ['steering'] }, env);
      return r.files.map((f) => f.sha256);
    };
    expect(await run()).toEqual(await run());
  });
});
