// Public documents are unattributed unless their spec says otherwise: no reference, drafter,
// drafting unit, addressee or internal title on their pages or in their file properties; and a
// document's keywords are the topics it prints. Checked on the bytes a user gets.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { fixedEnv } from '../../src/env.js';
import { generate, type GenerateResult } from '../../src/pack/index.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';

const SOURCE = 'tests/fixtures/packs/harbour-board';
const env = fixedEnv(new Date('2025-03-11T09:00:00Z'));
const REFERENCE = 'HB-SG-2025-0042';

/** The fictional pack with a filing reference and documents of both audiences, one public one signed. */
function pack(): { folder: string; internal: string[] } {
  const folder = join(mkdtempSync(join(tmpdir(), 'bp-attr-')), 'pack');
  cpSync(SOURCE, folder, { recursive: true });
  const file = join(folder, 'pack.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as { pack: Record<string, unknown> & { preparedBy: Record<string, string>; preparedFor: Record<string, string> } };
  doc.pack.reference = REFERENCE;
  doc.pack.preparedBy.contact = 'sg@port.invalid';
  writeFileSync(file, stringify(doc));
  writeFileSync(
    join(folder, 'documents.yaml'),
    stringify({
      documents: [
        { id: 'briefing', template: 'steering', audience: 'internal', length: 'full' },
        { id: 'handout', template: 'handout', title: 'Non-paper', audience: 'public', length: 'standard', kinds: ['key-message', 'position'] },
        // A public document through the title-block partial: with a title page, and without.
        { id: 'note', template: 'steering', audience: 'public', length: 'full' },
        { id: 'brief-note', template: 'steering', title: 'Note', audience: 'public', length: 'short' },
        { id: 'signed', template: 'steering', title: 'Note signée', audience: 'public', length: 'full', attribution: true },
      ],
    }),
  );
  const p = doc.pack;
  const internal = [REFERENCE, p.title as string, p.shortTitle as string, p.preparedBy.name!, p.preparedBy.unit!, p.preparedBy.contact!, p.preparedFor.name!, 'sample 1'];
  return { folder, internal: internal.filter(Boolean) };
}

/** Every string a reader of the file can see: page text, and the PDF info or DOCX parts (properties included). */
async function everything(file: string): Promise<{ pages: string; properties: string }> {
  const bytes = new Uint8Array(readFileSync(file));
  if (file.endsWith('.pdf')) {
    const pdf = await readPdf(bytes);
    return { pages: pdf.pages.map((p) => p.text).join('\n'), properties: JSON.stringify(pdf.info) };
  }
  const docx = await readDocx(bytes);
  const parts = docx.paths.filter((p) => /\.xml$/.test(p));
  return {
    pages: parts.filter((p) => p.startsWith('word/')).map((p) => textOf(docx.xml(p))).join('\n'),
    properties: parts.filter((p) => p.startsWith('docProps/')).map((p) => docx.xml(p)).join('\n'),
  };
}

const coreProperty = (xml: string, name: string) => (new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(xml)?.[1] ?? '').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
/** Without whitespace: a PDF's text items split words, and a split must not hide a leak. */
const bare = (s: string) => s.replace(/\s+/g, '');

describe('attribution of public documents', () => {
  let made: ReturnType<typeof pack>;
  let result: GenerateResult;
  const fileOf = (doc: string, format: string) => join(result.out, result.files.find((f) => f.document === doc && f.format === format)!.file);

  beforeAll(async () => {
    made = pack();
    result = await generate({ data: made.folder, out: mkdtempSync(join(tmpdir(), 'bp-attr-out-')), formats: ['pdf', 'docx', 'md'] }, env);
  }, 120_000);

  it.each(['handout', 'note', 'brief-note'])('%s names no drafter, reference, addressee or internal title, on its pages or in its properties', async (doc) => {
    for (const format of ['pdf', 'docx']) {
      const { pages, properties } = await everything(fileOf(doc, format));
      for (const text of made.internal) {
        expect(bare(pages).includes(bare(text)), `${doc}.${format} pages print "${text}"`).toBe(false);
        expect(bare(properties).includes(bare(text)), `${doc}.${format} properties hold "${text}"`).toBe(false);
      }
    }
    const md = readFileSync(fileOf(doc, 'md'), 'utf8');
    for (const text of made.internal) expect(bare(md).includes(bare(text)), `${doc}.md prints "${text}"`).toBe(false);
  });

  it('the PDF and DOCX properties of the handout: no author, a title from the document and the meeting', async () => {
    const pdf = await readPdf(new Uint8Array(readFileSync(fileOf('handout', 'pdf'))));
    expect(pdf.info.Author ?? '').toBe('');
    expect(pdf.info.Title).toBe("Non-paper — Conseil d'administration, session de printemps");
    const core = (await readDocx(new Uint8Array(readFileSync(fileOf('handout', 'docx'))))).xml('docProps/core.xml');
    expect(coreProperty(core, 'dc:creator')).toBe('');
    expect(coreProperty(core, 'cp:lastModifiedBy')).toBe('');
    expect(coreProperty(core, 'dc:title')).toBe("Non-paper — Conseil d'administration, session de printemps");
  });

  it('a public document without a title of its own is titled after the meeting, not the pack', async () => {
    const { pages } = await everything(fileOf('note', 'pdf'));
    expect(bare(pages)).toContain(bare("Conseil d'administration, session de printemps"));
  });

  it('the running header of a public document holds neither the reference nor the pack title; an internal one holds both', async () => {
    const header = async (doc: string) => {
      const pdf = await readPdf(new Uint8Array(readFileSync(fileOf(doc, 'pdf'))));
      const page = pdf.pages[pdf.pages.length - 1]!;
      return bare(page.items.filter((i) => i.y > page.height - 60).map((i) => i.str).join(''));
    };
    expect(await header('briefing')).toContain(REFERENCE);
    expect(await header('briefing')).toContain(bare('Conseil du port (fictif)'));
    const handout = await header('handout');
    expect(handout).toContain('Non-paper');
    expect(handout).not.toContain(REFERENCE);
    expect(handout).not.toContain(bare('Conseil du port'));
  });

  it('attribution: true and internal documents name the drafter and the reference (the check can fail)', async () => {
    for (const doc of ['signed', 'briefing']) {
      const pdf = await everything(fileOf(doc, 'pdf'));
      expect(bare(pdf.pages)).toContain(REFERENCE);
      expect(bare(pdf.pages)).toContain(bare('Cellule des affaires du conseil'));
      expect(pdf.properties).toContain('Secrétariat général (fictif)');
      const core = (await readDocx(new Uint8Array(readFileSync(fileOf(doc, 'docx'))))).xml('docProps/core.xml');
      expect(coreProperty(core, 'dc:creator')).toBe('Secrétariat général (fictif)');
    }
  });

  it('keywords are the topics a document prints: the handout leaves out topics with no public position', async () => {
    const keywords = async (doc: string) => {
      const pdf = await readPdf(new Uint8Array(readFileSync(fileOf(doc, 'pdf'))));
      const core = (await readDocx(new Uint8Array(readFileSync(fileOf(doc, 'docx'))))).xml('docProps/core.xml');
      return { pdf: pdf.info.Keywords, docx: coreProperty(core, 'cp:keywords') };
    };
    // "Avenir du quai nord" has internal items only; "Sécurité du personnel" no key message or position (what the handout prints).
    expect(await keywords('handout')).toEqual({ pdf: "Dragage du chenal d'accès, Tarifs portuaires 2025-2026", docx: "Dragage du chenal d'accès, Tarifs portuaires 2025-2026" });
    expect((await keywords('briefing')).pdf).toContain('Avenir du quai nord');
  });
});
