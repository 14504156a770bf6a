// Documents for other delegations: one public document per recipient, with the name on it, every
// file inside the output folder whatever the name; through the built CLI (worker threads) and
// in-process.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { readRecipientList } from '../../src/pack/plan/recipients.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { typeset } from '../../src/typography/index.js';
import { readPdf } from '../helpers/pdf.js';
import { build, cli, PACKS, packWithHandout, tempDir } from './helpers.js';

const HOSTILE = ['Delegation of Aland, "North"', '../../etc/x', '/abs', 'a/b', '🦀 Crab Delegation', '🦀🦀'];
const csv = (names: readonly string[]) => `id,name\n${names.map((n, i) => `${i},"${n.replace(/"/g, '""')}"`).join('\r\n')}\n`;
const pdfText = async (file: string) => (await readPdf(readFileSync(file))).pages.map((p) => p.text).join('\n').replace(/\s+/g, ' ');

beforeAll(build);

describe.each(Object.entries(PACKS))('%s pack: --for <list.csv> through the CLI', (_name, source) => {
  let root: string;
  let out: string;
  let run: ReturnType<typeof cli>;

  beforeAll(() => {
    const data = packWithHandout(source);
    root = tempDir('bp-for-');
    out = join(root, 'deep', 'out');
    writeFileSync(join(root, 'list.csv'), csv(HOSTILE));
    run = cli(['generate', '--data', data, '--out', out, '--for', join(root, 'list.csv'), '--format', 'pdf,docx', '--json']);
  });

  it('succeeds and says only public documents were made', () => {
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout).results[0];
    expect(result.recipients).toEqual({
      count: HOSTILE.length,
      documents: ['handout'],
      skipped: ['briefing'],
      workers: Math.min(availableParallelism(), HOSTILE.length),
    });
  });

  it('writes one handout per recipient, all inside the output folder', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const pdfs = manifest.files.filter((f: { format: string }) => f.format === 'pdf');
    expect(pdfs).toHaveLength(HOSTILE.length);
    expect(pdfs.map((f: { options: { recipient: string } }) => f.options.recipient)).toEqual(HOSTILE);
    expect(new Set(pdfs.map((f: { file: string }) => f.file)).size).toBe(HOSTILE.length);
    for (const f of manifest.files) {
      expect(f.document).toBe('handout');
      expect(f.audience).toBe('public');
      expect(f.file).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    }
    // Nothing escaped the output folder: the temp root holds only the list and deep/out.
    expect(readdirSync(root).sort()).toEqual(['deep', 'list.csv']);
    expect(readdirSync(join(root, 'deep'))).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual([...manifest.files.map((f: { file: string }) => f.file), 'manifest.json'].sort());
    expect(existsSync('/abs')).toBe(false);
  });

  it('puts each recipient\'s name on their handout', async () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    for (const f of manifest.files.filter((f: { format: string }) => f.format === 'pdf')) {
      // The default font has no emoji glyphs: compare the rest of the name.
      const printable = f.options.recipient.replace(/\p{Extended_Pictographic}/gu, '').trim();
      const text = await pdfText(join(out, f.file));
      // "Prepared for …", "À l'intention de …": in the handout's language.
      expect(text).toContain(messagesFor(BUNDLED_TEMPLATES, f.language).format('handout.preparedFor', { recipient: '' }).trim());
      // Set in the handout's language: a French handout quotes "North" as « North ».
      const spaced = (t: string) => t.replace(/[\s\u00A0\u202F]+/g, ' ');
      if (printable) expect(spaced(text)).toContain(spaced(typeset(f.language, printable)));
    }
  });
});

describe('recipient lists', () => {
  it('reads CSV (quoted fields, CRLF, BOM) and YAML (strings or {name}), dropping repeats', () => {
    const dir = tempDir('bp-list-');
    writeFileSync(join(dir, 'a.csv'), '\uFEFFName,note\r\n"Smith, J.","x"\r\n\r\nDelegation B,\r\nDelegation B,again\r\n');
    writeFileSync(join(dir, 'b.yaml'), '- Delegation A\n- name: Delegation B\n- {name: "  Delegation   C "}\n');
    expect(readRecipientList(join(dir, 'a.csv')).map((r) => r.name)).toEqual(['Smith, J.', 'Delegation B']);
    expect(readRecipientList(join(dir, 'b.yaml')).map((r) => r.name)).toEqual(['Delegation A', 'Delegation B', 'Delegation C']);
  });

  it('names the file and line of a bad list', () => {
    const dir = tempDir('bp-list-');
    writeFileSync(join(dir, 'nocol.csv'), 'who\nA\n');
    writeFileSync(join(dir, 'empty.csv'), 'name,x\nA,1\n,2\n');
    writeFileSync(join(dir, 'bad.yml'), '- A\n- {title: B}\n');
    expect(() => readRecipientList(join(dir, 'nocol.csv'))).toThrow(expect.objectContaining({ code: 'RecipientListInvalid', location: { file: join(dir, 'nocol.csv'), line: 1 } }));
    expect(() => readRecipientList(join(dir, 'empty.csv'))).toThrow(expect.objectContaining({ location: { file: join(dir, 'empty.csv'), line: 3 } }));
    expect(() => readRecipientList(join(dir, 'bad.yml'))).toThrow(expect.objectContaining({ location: { file: join(dir, 'bad.yml'), path: '[1].name' } }));
    expect(() => readRecipientList(join(dir, 'missing.csv'))).toThrow(expect.objectContaining({ code: 'RecipientListNotFound' }));
  });

  it('renders in-process from the sources, from a YAML list', async () => {
    const data = packWithHandout(PACKS.fictional);
    const dir = tempDir('bp-list-');
    writeFileSync(join(dir, 'list.yaml'), '- "a/b"\n- name: "C:D"\n');
    const out = tempDir('bp-for-');
    const result = await generate({ data, out, formats: ['pdf'], recipients: readRecipientList(join(dir, 'list.yaml')) }, fixedEnv(new Date('2024-07-01T09:00:00Z')));
    expect(result.files.map((f) => f.file)).toEqual(['handout-a-b-standard.pdf', 'handout-C-D-standard.pdf']);
    expect(await pdfText(join(out, 'handout-C-D-standard.pdf'))).toContain('C:D');
  });

  it('refuses names that clean to one file name (or differ only in case) before writing anything', async () => {
    const data = packWithHandout(PACKS.fictional);
    for (const names of [['a/b', 'a:b'], ['Ann', 'ANN']]) {
      const out = tempDir('bp-for-');
      await expect(generate({ data, out, formats: ['pdf'], recipients: names }, fixedEnv(new Date(0)))).rejects.toMatchObject({ code: 'FileNameCollision' });
      expect(readdirSync(out)).toEqual([]);
    }
  });

  it('refuses a list when the run has no public document', async () => {
    const out = tempDir('bp-for-');
    // Internal documents asked for by name are an error that says why, not a silent skip.
    await expect(generate({ data: PACKS.fictional, out, formats: ['pdf'], documents: ['steering', 'annex'], recipients: ['A'] }, fixedEnv(new Date(0)))).rejects.toMatchObject({ code: 'InternalForRecipient' });
    const internalOnly = packWithHandout(PACKS.fictional);
    writeFileSync(join(internalOnly, 'documents.yaml'), 'documents:\n  - {id: briefing, template: steering, audience: internal}\n');
    await expect(generate({ data: internalOnly, out, formats: ['pdf'], recipients: ['A'] }, fixedEnv(new Date(0)))).rejects.toMatchObject({ code: 'NoPublicDocument' });
    expect(readdirSync(out)).toEqual([]);
  });

  it('fails with exit 2 and a message naming the file for a bad list on the command line', () => {
    const dir = tempDir('bp-list-');
    writeFileSync(join(dir, 'list.csv'), 'who\nA\n');
    const run = cli(['generate', '--data', packWithHandout(PACKS.fictional), '--out', join(dir, 'out'), '--for', join(dir, 'list.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('list.csv');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
