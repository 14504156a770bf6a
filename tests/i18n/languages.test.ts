// A language per document and per recipient: --lang, a document's `lang:`, a recipient list's
// `lang` column or field. Each file is in its language (words, PDF /Lang, DOCX w:lang and
// dc:language, the email draft), says so in the manifest, and is named apart from the others.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { generate, type ManifestEntry } from '../../src/pack/index.js';
import { readRecipientList } from '../../src/pack/plan/recipients.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { runCli } from '../cli/in-process.js';
import { PACKS, packWithHandout, tempDir } from '../delivery/helpers.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';

const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const words = (lang: string) => messagesFor(BUNDLED_TEMPLATES, lang);
const bare = (s: string) => s.replace(/\s+/g, '');

/** What a file says about its language, and its words. */
async function inFile(out: string, entry: ManifestEntry): Promise<{ lang: string | undefined; text: string }> {
  const bytes = new Uint8Array(readFileSync(join(out, entry.file)));
  if (entry.format === 'pdf') {
    const lang = /\/Lang \(([^)]*)\)/.exec(Buffer.from(bytes).toString('latin1'))?.[1];
    return { lang, text: (await readPdf(bytes)).pages.map((p) => p.text).join('\n') };
  }
  if (entry.format === 'docx') {
    const docx = await readDocx(bytes);
    const styleLang = /<w:lang w:val="([^"]+)"/.exec(docx.xml('word/styles.xml'))?.[1];
    const coreLang = /<dc:language>([^<]+)<\/dc:language>/.exec(docx.xml('docProps/core.xml'))?.[1];
    expect(styleLang, entry.file).toBe(coreLang);
    return { lang: coreLang, text: textOf(docx.xml('word/document.xml')) };
  }
  const mail = await simpleParser(Buffer.from(bytes));
  return { lang: entry.language, text: `${mail.subject}\n${mail.text}` };
}

describe('a recipient list with mixed languages', () => {
  it.each([
    ['CSV with a lang column', 'list.csv', 'name,lang\nDelegation of France,fr\nDelegation of Germany,de\n"Delegation of Ireland",\nDelegation of Russia,ru\n'],
    ['YAML with a lang field', 'list.yaml', '- {name: Delegation of France, lang: fr}\n- {name: Delegation of Germany, lang: de}\n- Delegation of Ireland\n- {name: Delegation of Russia, lang: ru}\n'],
  ])('%s: each delegation\'s handout and email draft in its language', { timeout: 120_000 }, async (_kind, name, list) => {
    const dir = tempDir('bp-mixed-');
    writeFileSync(join(dir, name), list);
    const recipients = readRecipientList(join(dir, name));
    expect(recipients.map((r) => r.lang)).toEqual(['fr', 'de', undefined, 'ru']);
    const data = packWithHandout(PACKS.bundled);
    const out = tempDir('bp-mixed-out-');
    const result = await generate({ data, out, formats: ['pdf', 'docx'], email: {}, recipients, pool: { workers: 1 } }, env);
    const expected: Record<string, string> = { 'Delegation of France': 'fr', 'Delegation of Germany': 'de', 'Delegation of Ireland': 'en-GB', 'Delegation of Russia': 'ru' };
    expect(result.files).toHaveLength(12);
    for (const entry of result.files) {
      const lang = expected[entry.options.recipient!]!;
      expect(entry.language, entry.file).toBe(lang);
      // Named after the language when it is not the pack's; one name per file.
      expect(entry.file.replace(/\.\w+$/, '').endsWith(`-${lang}`), entry.file).toBe(lang !== 'en-GB');
      const file = await inFile(out, entry);
      expect(file.lang, entry.file).toBe(lang);
      const m = words(lang);
      const prepared = entry.format === 'eml' ? m.format('email.greetingFor', { recipient: entry.options.recipient }) : m.format('handout.preparedFor', { recipient: entry.options.recipient });
      expect(bare(file.text), entry.file).toContain(bare(prepared));
    }
    expect(new Set(result.files.map((f) => f.file)).size).toBe(12);
  });

  it('refuses a language that is no language tag, naming the line', () => {
    const dir = tempDir('bp-badlang-');
    writeFileSync(join(dir, 'list.csv'), 'name,lang\nDelegation A,fr\nDelegation B,French!\n');
    expect(() => readRecipientList(join(dir, 'list.csv'))).toThrow(expect.objectContaining({ code: 'RecipientLangInvalid', location: { file: join(dir, 'list.csv'), line: 3 } }));
  });
});

describe('--lang and a document\'s lang:', () => {
  it('--lang fr makes the documents in French, named -fr, the manifest saying so', { timeout: 120_000 }, async () => {
    const out = tempDir('bp-lang-cli-');
    const r = await runCli(['generate', '--data', PACKS.bundled, '--out', out, '--doc', 'handout', '--format', 'pdf,docx', '--lang', 'fr', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] };
    expect(manifest.files.map((f) => [f.file, f.language])).toEqual([
      ['handout-standard-fr.pdf', 'fr'],
      ['handout-standard-fr.docx', 'fr'],
    ]);
    const pdf = await readPdf(new Uint8Array(readFileSync(join(out, 'handout-standard-fr.pdf'))));
    expect(pdf.info.Title).toContain(words('fr').format('document.handout'));
    expect(pdf.pages[0]!.text).toContain(words('fr').format('pageOf', { page: 1, pages: pdf.numPages }));
  });

  it('a document spec\'s lang: sets that document\'s language, and --lang wins over it', { timeout: 120_000 }, async () => {
    const data = packWithHandout(PACKS.bundled);
    appendFileSync(join(data, 'documents.yaml'), '  - {id: handout-de, template: handout, audience: public, length: short, lang: de}\n');
    const own = await generate({ data, out: tempDir('bp-lang-spec-'), formats: ['md'], documents: ['handout', 'handout-de'] }, env);
    expect(own.files.map((f) => [f.file, f.language])).toEqual([
      ['handout-standard.md', 'en-GB'],
      ['handout-de-short-de.md', 'de'],
    ]);
    const forced = await generate({ data, out: tempDir('bp-lang-spec-'), formats: ['md'], documents: ['handout-de'], lang: 'es' }, env);
    expect(forced.files.map((f) => [f.file, f.language])).toEqual([['handout-de-short-es.md', 'es']]);
  });

  it('a tag of the pack\'s own language is the pack\'s locale, without a suffix', async () => {
    const result = await generate({ data: PACKS.fictional, out: tempDir('bp-lang-own-'), formats: ['md'], documents: ['handout'], lang: 'fr' }, env);
    expect(result.files.map((f) => [f.file, f.language])).toEqual([['handout-standard.md', 'fr-FR']]);
  });

  it('--lang that is no language tag is exit 2', async () => {
    const r = await runCli(['generate', '--data', PACKS.bundled, '--out', tempDir('bp-lang-bad-'), '--lang', 'French']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BadLanguage');
  });
});

describe('characters Intl gives a language', () => {
  // ICU writes a Russian date range "18–19 марта 2025 г." with a narrow no-break space before "г."
  // (and French numbers with one between thousands): Roboto cannot draw it, so a no-break space
  // stands in, as for the narrow space French typography sets.
  it('a Russian date range prints without an empty box in the PDF, the same characters in every format', { timeout: 60_000 }, async () => {
    const out = tempDir('bp-lang-ru-');
    const result = await generate({ data: PACKS.fictional, out, formats: ['pdf', 'md'], documents: ['steering'], lang: 'ru' }, env);
    expect(result.diagnostics.filter((d) => d.code === 'MissingGlyphs')).toEqual([]);
    const md = readFileSync(join(out, result.files.find((f) => f.format === 'md')!.file), 'utf8');
    expect(md).toMatch(/2025\u00A0г\./);
    expect(md).not.toContain('\u202F');
  });
});
