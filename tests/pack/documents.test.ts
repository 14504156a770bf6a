// The pack's documents as a user gets them. The canary: unique markers are written into every
// internal part of a copy of each pack, and no public output may contain one, whatever the
// length, focus or template; the internal documents must contain them (so the check can fail).
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { generate, packDocuments, type GenerateResult } from '../../src/pack/index.js';
import { readDocx } from '../helpers/docx.js';
import { readPdf, type OutlineEntry } from '../helpers/pdf.js';

const PACKS = { bundled: 'data/eu-oewg-2024-07', fictional: 'tests/fixtures/packs/harbour-board' } as const;
const LENGTHS = ['short', 'standard', 'full'] as const;
const MARK = 'QQCANARY';
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));

type Yaml = Record<string, unknown>;

/** A copy of the pack with a unique marker in every internal field; returns the folder and markers. */
function canaryPack(data: string): { folder: string; items: Map<string, string>; other: string[] } {
  const folder = mkdtempSync(join(tmpdir(), 'bp-canary-'));
  cpSync(data, folder, { recursive: true });
  let n = 0;
  const marker = () => `${MARK}${String(++n).padStart(3, '0')}X`;
  const items = new Map<string, string>();
  const other: string[] = [];
  for (const name of readdirSync(folder).filter((f) => /\.ya?ml$/.test(f))) {
    const file = join(folder, name);
    const doc = parse(readFileSync(file, 'utf8')) as Yaml;
    for (const item of (doc.items as Yaml[] | undefined) ?? []) {
      if (item.audience === 'public') continue;
      const m = marker();
      items.set(String(item.id), m);
      for (const field of ['headline', 'summary', 'detail', 'question']) if (typeof item[field] === 'string') item[field] = `${item[field] as string} ${m}`;
    }
    for (const person of (doc.people as Yaml[] | undefined) ?? []) other.push((person.name = `${person.name as string} ${marker()}`) as string);
    for (const session of (doc.agenda as Yaml[] | undefined) ?? []) other.push((session.notes = `${(session.notes as string | undefined) ?? 'Note'} ${marker()}`) as string);
    const pack = doc.pack as Yaml | undefined;
    if (pack) {
      other.push((pack.summary = `${(pack.summary as string | undefined) ?? 'Summary'} ${marker()}`) as string);
      const by = pack.preparedBy as Yaml;
      other.push((by.contact = `Desk ${marker()}`) as string);
      // Attribution: public documents name neither their drafters nor the pack's own title and reference.
      other.push((by.name = `${by.name as string} ${marker()}`) as string);
      other.push((by.unit = `Unit ${marker()}`) as string);
      other.push((pack.title = `${pack.title as string} ${marker()}`) as string);
      other.push((pack.shortTitle = `Short ${marker()}`) as string);
      other.push((pack.reference = `REF-${marker()}`) as string);
    }
    writeFileSync(file, stringify(doc));
  }
  return { folder, items, other };
}

const bare = (s: string) => s.replace(/\s+/g, '');

/** Everything a reader of the file can see, as one string without whitespace. */
async function visibleText(file: string): Promise<string> {
  const bytes = new Uint8Array(readFileSync(file));
  if (file.endsWith('.pdf')) {
    const pdf = await readPdf(bytes);
    return bare(pdf.pages.map((p) => p.items.map((i) => i.str).join('')).join('') + JSON.stringify(pdf.info) + JSON.stringify(pdf.outline));
  }
  if (file.endsWith('.docx')) {
    const docx = await readDocx(bytes);
    // Raw XML too: a marker in a property or an attribute is a leak as well.
    return bare(docx.paths.filter((p) => /\.(xml|rels)$/.test(p)).map((p) => docx.xml(p) + docx.xml(p).replace(/<[^>]+>/g, '')).join(''));
  }
  return bare(readFileSync(file, 'utf8'));
}

async function publicOutputs(result: GenerateResult): Promise<{ file: string; text: string }[]> {
  const files = result.files.filter((f) => f.audience === 'public');
  return Promise.all(files.map(async (f) => ({ file: f.file, text: await visibleText(join(result.out, f.file)) })));
}

const flat = (entries: readonly OutlineEntry[]): string[] => entries.map((e) => e.title);

describe.each(Object.entries(PACKS))('%s pack: documents, audience and the combined PDF', (_name, data) => {
  let canary: ReturnType<typeof canaryPack>;
  let whole: GenerateResult;
  const path = (doc: string, format = 'pdf') => join(whole.out, whole.files.find((f) => f.document === doc && f.format === format)!.file);

  beforeAll(async () => {
    canary = canaryPack(data);
    whole = await generate({ data: canary.folder, out: mkdtempSync(join(tmpdir(), 'bp-pack-')), formats: ['pdf', 'docx', 'md'], combined: true }, env);
  }, 120_000);

  it('builds every bundled document kind by default, and the manifest says each audience and marking', () => {
    const content = loadContent(canary.folder);
    const manifest = JSON.parse(readFileSync(join(whole.out, 'manifest.json'), 'utf8')) as { files: { document: string; audience: string; marking: string | null; format: string }[] };
    const docs = [...new Set(manifest.files.map((f) => f.document))];
    expect(docs).toEqual(['steering', 'speaking-notes', 'handout', 'annex', 'combined']);
    const marking = content.pack.marking!.toUpperCase();
    for (const f of manifest.files) {
      expect(f.audience).toBe(f.document === 'handout' ? 'public' : 'internal');
      expect(f.marking).toBe(f.document === 'handout' ? null : marking);
    }
  });

  it('positive control: the internal documents carry the markers', async () => {
    const steering = await visibleText(path('steering', 'md'));
    expect([...canary.items.values()].filter((m) => !steering.includes(m))).toEqual([]);
    // People, speakers, session notes, the pack summary and the contact reach the internal documents;
    // the drafters, pack title and reference too (the short title in the PDF's header and title).
    const internal = (await Promise.all(['steering', 'speaking-notes', 'annex'].map((d) => visibleText(path(d, 'md'))))).join('') + (await visibleText(path('steering', 'pdf')));
    const markerOf = (s: string) => new RegExp(`${MARK}\\d+X`).exec(s)![0];
    expect(canary.other.map(markerOf).filter((m) => !internal.includes(m))).toEqual([]);
    expect(await visibleText(path('speaking-notes', 'docx'))).toContain(MARK);
  });

  it('public outputs of the whole pack hold no marker and no internal marking', async () => {
    const content = loadContent(canary.folder);
    const outputs = await publicOutputs(whole);
    expect(outputs.map((o) => o.file).sort()).toEqual(['handout-standard.docx', 'handout-standard.md', 'handout-standard.pdf']);
    for (const { file, text } of outputs) {
      expect(text.includes(MARK), file).toBe(false);
      expect(text.includes(bare(content.pack.marking!.toUpperCase())), file).toBe(false);
    }
  });

  it('the handout holds no marker at any length, for any focus', async () => {
    const content = loadContent(canary.folder);
    const focuses = [undefined, ...content.topics.map((t) => t.id)];
    const leaks: string[] = [];
    let checked = 0;
    for (const length of LENGTHS) {
      for (const topic of focuses) {
        const result = await generate(
          { data: canary.folder, out: mkdtempSync(join(tmpdir(), 'bp-handout-')), formats: ['pdf', 'docx', 'md'], documents: ['handout'], length, ...(topic ? { topics: [topic] } : {}) },
          env,
        );
        for (const { file, text } of await publicOutputs(result)) {
          checked++;
          if (text.includes(MARK)) leaks.push(file);
        }
      }
    }
    expect(checked).toBe(LENGTHS.length * focuses.length * 3);
    expect(leaks).toEqual([]);
  }, 300_000);

  it('a custom template that prints every field into a public document gets nothing internal', async () => {
    const templates = mkdtempSync(join(tmpdir(), 'bp-dump-'));
    const item = '{{id}} {{kind}} {{audience}} {{question}} {{headline}} {{summary}} {{detail}}\n\n';
    const list = (path: string) => `{{#each ${path}}}${item}{{/each}}`;
    const topic = ['positions', 'linesToTake', 'speakingPoints', 'defensiveQA', 'background'].map(list).join('');
    writeFileSync(
      join(templates, 'dump.md.hbs'),
      [
        '{{pack.summary}} {{pack.preparedBy.name}} {{pack.preparedBy.contact}} {{pack.preparedFor.name}}\n\n',
        list('objectives'),
        list('keyMessages'),
        `{{#with general}}${topic}{{/with}}`,
        `{{#each topics}}{{title}} {{description}}\n\n${topic}{{/each}}`,
        `{{#each otherTopics}}{{title}}\n\n${topic}{{/each}}`,
        `{{#each agenda}}{{item}} {{speaker}} {{speakerRole}} {{notes}}\n\n${list('points')}{{/each}}`,
        '{{#each people}}{{name}} {{role}}\n\n{{/each}}',
        '{{#each notes}}{{title}}\n\n{{/each}}',
      ].join(''),
    );
    const pack = mkdtempSync(join(tmpdir(), 'bp-dumppack-'));
    cpSync(canary.folder, pack, { recursive: true });
    writeFileSync(join(pack, 'documents.yaml'), stringify({ documents: [{ id: 'dump', template: 'dump', audience: 'public', length: 'full' }] }));
    const first = loadContent(pack).topics[0]!.id;
    for (const options of [{}, { topics: [first] }, { topics: [first], only: true }]) {
      const result = await generate({ data: pack, out: mkdtempSync(join(tmpdir(), 'bp-dumpout-')), formats: ['md', 'docx'], templates, ...options }, env);
      const outputs = await publicOutputs(result);
      expect(outputs).toHaveLength(2);
      // The template did print public items: the check is not vacuous.
      expect(outputs[0]!.text).toContain('public');
      for (const { file, text } of outputs) expect(text.includes(MARK), file).toBe(false);
    }
    // The same template in an internal document prints the markers.
    writeFileSync(join(pack, 'documents.yaml'), stringify({ documents: [{ id: 'dump', template: 'dump', audience: 'internal', length: 'full' }] }));
    const internal = await generate({ data: pack, out: mkdtempSync(join(tmpdir(), 'bp-dumpout-')), formats: ['md'], templates }, env);
    expect(readFileSync(join(internal.out, internal.files[0]!.file), 'utf8')).toContain(MARK);
  }, 120_000);

  it('the combined PDF opens with a pack cover and lists every document title in its contents and outline', async () => {
    const words = messagesFor(BUNDLED_TEMPLATES, loadContent(canary.folder).pack.locale);
    // The bundled documents' titles are the catalogue's, in the pack's language.
    const titles = packDocuments(loadContent(canary.folder), BUNDLED_TEMPLATES).map((d) => d.title ?? words.format(d.titleKey!));
    const pdf = await readPdf(new Uint8Array(readFileSync(path('combined'))));
    const contents = pdf.pages.find((p) => p.text.includes(words.format('contents')))!;
    expect(contents).toBeDefined();
    for (const title of titles) expect(contents.text).toContain(title);
    expect(flat(pdf.outline).filter((t) => t !== words.format('notes'))).toEqual(titles);
    // Each document starts on a page of its own, in order.
    const body = (p: (typeof pdf.pages)[number]) => bare(p.items.filter((i) => i.y < p.height - 72 && i.y > 72).map((i) => i.str).join(''));
    const starts = titles.map((title) => pdf.pages.findIndex((p, i) => i > 1 && body(p).startsWith(bare(title))));
    expect(starts.every((s, i) => s > 1 && (i === 0 || s > starts[i - 1]!))).toBe(true);
    expect(pdf.pages.indexOf(contents)).toBe(1);
    // Heading ids and footnotes were re-keyed per document: no clash, every internal link lands.
    expect(whole.diagnostics.filter((d) => d.code === 'DuplicateId')).toEqual([]);
    const links = pdf.pages.flatMap((p) => p.links).filter((l) => l.resolved !== undefined);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !l.resolved)).toEqual([]);
    expect(pdf.numPages).toBe(whole.files.find((f) => f.document === 'combined')!.pages);
    const manifest = JSON.parse(readFileSync(join(whole.out, 'manifest.json'), 'utf8')) as { files: { document: string; parts?: string[] }[] };
    expect(manifest.files.find((f) => f.document === 'combined')!.parts).toEqual(['steering-full', 'speaking-notes-full', 'handout-standard', 'annex-full']);
  });

  it('prints the speaking notes in larger type than the steering brief', async () => {
    const bodySize = async (file: string) => {
      const pdf = await readPdf(new Uint8Array(readFileSync(file)));
      // The most common text height on the pages after the first: body text.
      const counts = new Map<number, number>();
      for (const page of pdf.pages.slice(1)) for (const item of page.items) if (item.str.trim().length > 3) counts.set(Math.round(item.height), (counts.get(Math.round(item.height)) ?? 0) + item.str.length);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    };
    const notes = await bodySize(path('speaking-notes'));
    const steering = await bodySize(path('steering'));
    // Large type for reading aloud: 14 pt or more, a quarter larger than the brief's body text
    // (and small enough that the one-page note is one page).
    expect(notes).toBeGreaterThanOrEqual(14);
    expect(notes).toBeGreaterThan(steering * 1.25);
    expect(readFileSync(path('speaking-notes', 'md'), 'utf8')).toContain(messagesFor(BUNDLED_TEMPLATES, loadContent(canary.folder).pack.locale).format('speech.checkAgainstDelivery'));
  });
});
