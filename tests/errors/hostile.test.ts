// Hostile content through the whole pipeline, checked in what the user gets: the PDF (pdfjs text and
// positions), the DOCX (document.xml text) and the Markdown (parsed back).
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { BriefpackError, TemplateError } from '../../src/errors.js';
import { generate, type GenerateResult } from '../../src/pack/index.js';
import { writeAll } from '../../src/pack/output/output.js';
import { toDocument } from '../../src/markdown/index.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { readPdf, type PdfContent } from '../helpers/pdf.js';
import { bare, printed, writePack } from './pack-builder.js';

const env = fixedEnv(new Date('2025-03-01T09:00:00Z'));
const BUNDLED_TEMPLATES = 'templates';

interface Outputs {
  readonly result: GenerateResult;
  /** The steering brief's PDF. */
  readonly pdf: PdfContent;
  readonly pdfText: string;
  readonly docxText: string;
  readonly mdText: string;
}

/** All text values of a parsed Markdown document model, joined. */
function modelText(node: unknown): string {
  if (Array.isArray(node)) return node.map(modelText).join(' ');
  if (node && typeof node === 'object') {
    return Object.entries(node)
      .map(([k, v]) => (k === 'text' || k === 'value') && typeof v === 'string' ? v : typeof v === 'object' ? modelText(v) : '')
      .join(' ');
  }
  return '';
}

// The steering brief holds the pack's items; the annex its people, agenda, glossary and sources.
async function render(data: string, formats = ['pdf', 'docx', 'md'] as const): Promise<Outputs> {
  const out = mkdtempSync(join(tmpdir(), 'bp-hostile-out-'));
  const result = await generate({ data, out, formats: [...formats], documents: ['steering', 'annex'], length: 'full' }, env);
  const files = (ext: string) => result.files.filter((f) => f.format === ext).map((f) => readFileSync(join(out, f.file)));
  const pdfs = await Promise.all(files('pdf').map((bytes) => readPdf(bytes)));
  const docxs = await Promise.all(files('docx').map((bytes) => readDocx(bytes)));
  const mds = files('md').map((bytes) => bytes.toString('utf8'));
  const parse = (md: string) => toDocument(md, { metadata: { title: 't', language: 'en', created: new Date(0) }, sourceName: 'out.md' }).document;
  return {
    result,
    pdf: pdfs[0]!,
    // pdfjs puts list numbers where it likes, even inside the text of the item: leave them out.
    pdfText: pdfs.map((pdf) => pdf.pages.map((p) => p.items.map((i) => i.str).filter((s) => !/^\s*\d+\.\s*$/.test(s)).join('')).join('')).join(''),
    docxText: docxs.map((docx) => textOf(docx.xml('word/document.xml'))).join(''),
    mdText: mds.map((md) => modelText(parse(md).blocks)).join(' '),
  };
}

// Everything an author might paste: Markdown, Handlebars, HTML, entities, control characters.
const HOSTILE = '*bold* _x_ # hash [a](b) | pipe | `tick` {{x}} {{> p}} <script>alert(1)</script> &amp; ~~s~~ a\u0007b';

describe('literal fields print exactly as typed in PDF, DOCX and Markdown', () => {
  const fields: Record<string, string> = {};
  const v = (name: string) => (fields[name] = `${name}: ${HOSTILE}`);
  let o: Outputs;

  beforeAll(async () => {
    const data = writePack({
      pack: {
        title: v('pack.title'),
        meeting: { name: v('meeting.name'), body: v('meeting.body'), venue: v('meeting.venue'), start: '2025-03-18' },
        preparedFor: { name: v('preparedFor.name'), organisation: v('preparedFor.organisation') },
        preparedBy: { name: v('preparedBy.name'), unit: v('preparedBy.unit'), contact: v('preparedBy.contact') },
        reference: v('pack.reference'),
        summary: 'Rich **summary** with <script>alert(2)</script> inline.',
      },
      topics: [{ id: 't1', title: v('topic.title'), description: v('topic.description'), likelihood: 'certain' }],
      people: [{ id: 'p1', name: v('person.name'), role: v('person.role'), organisation: v('person.organisation') }],
      agenda: [{ date: '2025-03-18', item: v('agenda.item'), topics: ['t1'], speaker: 'p1' }],
      sources: [{ id: 's1', title: v('source.title'), publisher: v('source.publisher') }],
      glossary: [{ term: v('glossary.term'), definition: v('glossary.definition') }],
      items: [
        { id: 'i1', kind: 'position', topics: ['t1'], headline: v('item.headline'), summary: v('item.summary'), sources: ['s1'], detail: 'Detail with **bold** and <b>raw html</b> and &amp; as CommonMark reads it.' },
        { id: 'i2', kind: 'defensive-qa', topics: ['t1'], question: v('item.question'), headline: v('qa.headline') },
        { id: 'i3', kind: 'objective', headline: v('objective.headline') },
      ],
    });
    o = await render(data);
  }, 120_000);

  it.each(['pdf', 'docx', 'md'] as const)('in the %s', (format) => {
    const text = bare(format === 'pdf' ? o.pdfText : format === 'docx' ? o.docxText : o.mdText);
    const missing = Object.entries(fields).filter(([, value]) => !text.includes(bare(printed(value))));
    expect(missing.map(([name]) => name)).toEqual([]);
    // Template syntax in data never ran: nothing was replaced by the empty string.
    expect(text).toContain(bare('{{x}} {{> p}}'));
  });

  it.each(['pdf', 'docx', 'md'] as const)('rich text keeps Markdown but prints raw HTML as text in the %s', (format) => {
    const text = bare(format === 'pdf' ? o.pdfText : format === 'docx' ? o.docxText : o.mdText);
    expect(text).toContain(bare('Rich summary with <script>alert(2)</script> inline.'));
    // Rich text is CommonMark: markup and entity references work, raw HTML is shown as typed.
    expect(text).toContain(bare('Detail with bold and <b>raw html</b> and & as CommonMark reads it.'));
    expect(text).not.toContain('**');
  });
});

describe('text that stresses layout', () => {
  const WORD = 'Donaudampfschifffahrt'.repeat(15).slice(0, 300);
  const URL = `https://example.org/${'very-long-path-segment/'.repeat(12)}?query=${'x'.repeat(80)}`;
  let o: Outputs;

  beforeAll(async () => {
    const data = writePack({
      topics: [
        { id: 'full', title: 'Topic with content', likelihood: 'certain' },
        { id: 'empty', title: 'Topic nobody wrote about', likelihood: 'certain' },
      ],
      sources: [{ id: 's1', title: 'A source with a long address', url: URL }],
      items: [
        { id: 'w', kind: 'position', topics: ['full'], headline: `Long word ${WORD} ends here`, sources: ['s1'], detail: `See <${URL}> and ${WORD}.` },
        { id: 'u', kind: 'background', topics: ['full'], headline: `Address ${URL} in a headline` },
      ],
    });
    o = await render(data);
  }, 120_000);

  it('keeps every PDF text item inside the page', () => {
    for (const page of o.pdf.pages) {
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(0);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(page.width);
      }
    }
    // The word and the address are all there, only broken across lines.
    expect(bare(o.pdfText)).toContain(WORD);
    expect(bare(o.pdfText)).toContain(URL);
  });

  it('keeps the long word and address whole in the DOCX text (Word wraps inside a word at the margin)', () => {
    expect(bare(o.docxText)).toContain(WORD);
    expect(bare(o.docxText)).toContain(URL);
  });

  it('leaves out a topic with no selected items: no empty heading in any format', () => {
    for (const text of [o.pdfText, o.docxText, o.mdText]) {
      expect(text).toContain('Topic with content');
      expect(text).not.toContain('Topic nobody wrote about');
    }
    expect(JSON.stringify(o.pdf.outline)).not.toContain('nobody');
  });
});

describe('Unicode in the supported scripts', () => {
  const SAMPLES = {
    polish: 'Zażółć gęślą jaźń',
    czech: 'Příliš žluťoučký kůň úpěl ďábelské ódy',
    romanian: 'Șeful științei: ăâîșț ĂÂÎȘȚ',
    hungarian: 'Árvíztűrő tükörfúrógép őŐűŰ',
    greek: 'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία',
    cyrillic: 'Съешь же ещё этих мягких французских булок',
  };
  let o: Outputs;

  beforeAll(async () => {
    const data = writePack({
      topics: [{ id: 't', title: 'Scripts', likelihood: 'certain' }],
      items: Object.entries(SAMPLES).map(([id, text]) => ({ id, kind: 'position', topics: ['t'], headline: text })),
    });
    o = await render(data);
  }, 120_000);

  it('round-trips every script through the PDF text, with no missing glyphs', () => {
    const text = bare(o.pdfText.normalize('NFC'));
    for (const sample of Object.values(SAMPLES)) expect(text).toContain(bare(sample));
    expect(o.result.diagnostics.filter((d) => d.code === 'MissingGlyphs')).toEqual([]);
  });

  it('names the item and the characters when a script has no glyphs in the font', async () => {
    const data = writePack({
      topics: [{ id: 't', title: 'Scripts', likelihood: 'certain' }],
      items: [
        { id: 'arabic-item', kind: 'position', topics: ['t'], headline: 'مرحبا' },
        { id: 'chinese-item', kind: 'position', topics: ['t'], headline: '会议' },
        { id: 'latin-item', kind: 'position', topics: ['t'], headline: 'Plain' },
      ],
    });
    const { result } = await render(data);
    const warnings = result.diagnostics.filter((d) => d.code === 'MissingGlyphs').map((d) => d.message);
    expect(warnings.find((m) => m.includes("item 'arabic-item'"))).toContain('م (U+0645)');
    expect(warnings.find((m) => m.includes("item 'chinese-item'"))).toContain('会 (U+4F1A)');
    expect(warnings.some((m) => m.includes('latin-item'))).toBe(false);
    // Only the named warnings: the writer's anonymous one is replaced, not repeated.
    expect(warnings.every((m) => /^item '/.test(m))).toBe(true);
  });
});

describe('safe output', () => {
  const listing = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'latin1')]));

  it('a template that throws on the third document leaves no partial file and earlier outputs intact', async () => {
    const templates = join(mkdtempSync(join(tmpdir(), 'bp-tpl-')), 'templates');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    writeFileSync(join(templates, 'boom.md.hbs'), '# {{pack.title}}\n\n{{pack.noSuchField}}\n');
    const data = writePack({
      topics: [{ id: 't', title: 'Topic', likelihood: 'certain' }],
      items: [{ id: 'i', kind: 'position', topics: ['t'], headline: 'A position' }],
      documents: [
        { id: 'first', template: 'steering', audience: 'internal', length: 'full' },
        { id: 'second', template: 'steering', audience: 'public', length: 'full' },
        { id: 'third', template: 'boom', audience: 'internal', length: 'full' },
      ],
    });
    const out = mkdtempSync(join(tmpdir(), 'bp-safe-'));
    await generate({ data, out, templates, formats: ['pdf', 'docx', 'md'], documents: ['first', 'second'] }, env);
    const before = listing(out);
    expect(Object.keys(before).length).toBe(7);
    const failed = generate({ data, out, templates, formats: ['pdf', 'docx', 'md'] }, env);
    await expect(failed).rejects.toBeInstanceOf(TemplateError);
    await expect(failed).rejects.toMatchObject({ location: { line: 3 } });
    // Same files, same bytes; no third document, no temporary file.
    expect(listing(out)).toEqual(before);
  });

  it('keeps recipient names with ../, absolute paths and odd characters inside the output folder', async () => {
    const data = writePack({ topics: [{ id: 't', title: 'Topic', likelihood: 'certain' }], items: [{ id: 'i', kind: 'position', topics: ['t'], headline: 'A position' }] });
    for (const recipient of ['../../escaped', '/etc/passwd', 'C:\\Windows\\evil', 'Zoë <&> "Ünïcode" | ? *', '..']) {
      const root = mkdtempSync(join(tmpdir(), 'bp-names-'));
      const out = join(root, 'out');
      const result = await generate({ data, out, formats: ['md'], recipient }, env);
      for (const file of result.written) expect(file.startsWith(`${out}/`)).toBe(true);
      expect(readdirSync(root)).toEqual(['out']);
      for (const name of readdirSync(out)) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    }
  });

  it('refuses document ids that are paths, and file names that leave the folder', async () => {
    const data = writePack({ documents: [{ id: '../up', template: 'steering', audience: 'internal' }] });
    await expect(generate({ data, out: mkdtempSync(join(tmpdir(), 'bp-ids-')), formats: ['md'] }, env)).rejects.toMatchObject({
      code: 'ContentInvalid',
      location: { path: 'documents[0].id' },
    });
    const out = mkdtempSync(join(tmpdir(), 'bp-write-'));
    for (const name of ['../x.md', '/tmp/x.md', 'sub/x.md']) {
      expect(() => writeAll(out, [{ name, bytes: new Uint8Array([1]) }])).toThrow(BriefpackError);
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('never overwrites a foreign file without force, and does with it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bp-foreign-'));
    writeFileSync(join(out, 'report.md'), 'mine');
    expect(() => writeAll(out, [{ name: 'report.md', bytes: new Uint8Array([65]) }])).toThrow(/not written by briefpack/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('mine');
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    writeAll(out, [{ name: 'report.md', bytes: new Uint8Array([65]) }], { force: true });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe('A');
  });
});
