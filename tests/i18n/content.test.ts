// Multilingual content: a text field may map languages to texts. The pack's language reads as
// before; a document in another language gets that language's text, or the pack's with a warning
// naming the items; `validate --lang` reports how much is translated. The bundled pack's handout
// exists in English and French.
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { inLanguage, translationCoverage } from '../../src/content/languages.js';
import { contentJsonSchema } from '../../src/content/schema.js';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor, readCatalogue } from '../../src/template/messages.js';
import { runCli } from '../cli/in-process.js';
import { PACKS, tempDir } from '../delivery/helpers.js';
import { readPdf } from '../helpers/pdf.js';

const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const bare = (s: string) => s.replace(/[\s\u00A0\u202F]+/g, '');

/** A small pack with one item in two languages and one in English only. */
function bilingualPack(extra = ''): string {
  const folder = join(tempDir('bp-bi-'), 'pack');
  cpSync('tests/fixtures/packs/town-council', folder, { recursive: true });
  appendFileSync(
    join(folder, 'bilingual.yaml'),
    `items:
  - id: bi-one
    kind: key-message
    audience: public
    priority: high
    headline: { en: The bridge reopens in May, fr: Le pont rouvre en mai }
    summary:
      en: Repairs finish on time.
      fr: "Les réparations s'achèvent dans les délais : en mai."
  - id: bi-english-only
    kind: key-message
    audience: public
    priority: high
    headline: "Parking stays free on Sundays: all day"
${extra}`,
  );
  return folder;
}

describe('a text field as a mapping of language to text', () => {
  it('reads in the pack\'s language when loaded, and in the document\'s when asked', () => {
    const content = loadContent(bilingualPack());
    const item = content.items.find((i) => i.id === 'bi-one')!;
    expect(item.headline).toBe('The bridge reopens in May');
    const fr = inLanguage(content, 'fr');
    const translated = fr.content.items.find((i) => i.id === 'bi-one')!;
    expect([translated.headline, translated.summary]).toEqual(['Le pont rouvre en mai', "Les réparations s'achèvent dans les délais : en mai."]);
    // Without a French version: the pack's text, and the item is named for the warning.
    expect(fr.content.items.find((i) => i.id === 'bi-english-only')!.headline).toBe('Parking stays free on Sundays: all day');
    expect(fr.items.has('bi-english-only')).toBe(true);
    expect(fr.items.has('bi-one')).toBe(false);
  });

  it('a document in French prints the French text and warns once, naming the untranslated item', async () => {
    const data = bilingualPack();
    const out = tempDir('bp-bi-out-');
    const result = await generate({ data, out, formats: ['md'], template: 'handout', lang: 'fr' }, env);
    const md = readFileSync(join(out, result.files[0]!.file), 'utf8');
    expect(md).toContain('Le pont rouvre en mai');
    expect(md).not.toContain('The bridge reopens in May');
    // French typography for the French text; the English text that stands in keeps its own.
    expect(md).toContain('dans les délais\u00A0: en mai');
    expect(md).toContain('Parking stays free on Sundays: all day');
    const warnings = result.diagnostics.filter((d) => d.code === 'UntranslatedContent');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("item 'bi-english-only'");
    expect(warnings[0]!.message).not.toContain("item 'bi-one'");
  });

  it('an English question inside a French label keeps its own spacing; the label takes the French', async () => {
    const data = bilingualPack(`  - id: bi-question
    kind: defensive-qa
    audience: internal
    priority: high
    question: "Why now? Is it urgent; or not"
    headline: { en: Because it is, fr: Parce que c'est urgent }
`);
    const out = tempDir('bp-bi-q-');
    const result = await generate({ data, out, formats: ['md'], documents: ['steering'], lang: 'fr' }, env);
    const md = readFileSync(join(out, result.files[0]!.file), 'utf8');
    const label = messagesFor(BUNDLED_TEMPLATES, 'fr').format('item.question', { question: 'Why now? Is it urgent; or not' });
    // The catalogue's "Question : {question}" gets its no-break space; the question, a value, none.
    expect(label).toBe('Question\u00A0: Why now? Is it urgent; or not');
    expect(md).toContain('Question\u00A0: Why now? Is it urgent; or not');
  });

  it('a source title kept in the pack\'s language keeps its own spacing in a French document\'s notes', async () => {
    const result = await generate({ data: 'tests/fixtures/packs/town-council', out: tempDir('bp-src-fr-'), formats: ['md'], documents: ['steering'], length: 'full', lang: 'fr' }, env);
    const md = readFileSync(join(result.out, result.files[0]!.file), 'utf8');
    expect(md).toContain('Bus network review: consultation summary');
    expect(md).not.toContain('Bus network review\u00A0:');
  });

  it('a pack with no mapping at all, made in French, prints its own text and names the items', async () => {
    const result = await generate({ data: 'tests/fixtures/packs/town-council', out: tempDir('bp-nomap-'), formats: ['md'], template: 'handout', lang: 'fr' }, env);
    const warning = result.diagnostics.find((d) => d.code === 'UntranslatedContent');
    const printedItem = loadContent('tests/fixtures/packs/town-council').items.find((i) => i.kind === 'key-message')!;
    expect(warning?.message).toContain(`item '${printedItem.id}'`);
  });

  it('refuses a mapping whose key is no language tag, naming file and field', async () => {
    const data = bilingualPack(`  - id: bi-bad\n    kind: background\n    headline: { english: Wrong key }\n`);
    const r = await runCli(['validate', data]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bilingual.yaml');
    expect(r.stderr).toContain('headline');
  });

  it('the editor schema offers text or a mapping for a text field', () => {
    const schema = JSON.stringify(contentJsonSchema());
    expect(schema).toContain('"anyOf"');
    expect(schema).toContain('propertyNames');
  });
});

describe('validate --lang', () => {
  it('reports items, fields and percent translated, and the items left', async () => {
    const r = await runCli(['validate', PACKS.bundled, '--lang', 'fr', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout).packs[0].translation;
    const expected = translationCoverage(loadContent(PACKS.bundled), 'fr');
    expect(report).toEqual(JSON.parse(JSON.stringify(expected)));
    // Every public item of the bundled pack has French text; internal ones do not (yet).
    const content = loadContent(PACKS.bundled);
    const publicItems = content.items.filter((i) => i.audience === 'public').map((i) => i.id);
    expect(report.items.translated).toBe(publicItems.length);
    expect(report.missing.filter((id: string) => publicItems.includes(id))).toEqual([]);
    expect(report.percent).toBeGreaterThan(0);
    expect(report.percent).toBeLessThan(100);
    const text = await runCli(['validate', PACKS.bundled, '--lang', 'fr']);
    expect(text.stdout).toContain(`${report.items.translated} of ${report.items.total} items`);
    expect(text.stdout).toContain(`(${report.percent}%)`);
  });
});

describe('the bundled handout in English and French', () => {
  it('generates in both, the French one with French text only, without a translation warning', { timeout: 120_000 }, async () => {
    const out = tempDir('bp-handout-fr-');
    const en = await generate({ data: PACKS.bundled, out, formats: ['pdf'], documents: ['handout'] }, env);
    const fr = await generate({ data: PACKS.bundled, out, formats: ['pdf'], documents: ['handout'], lang: 'fr' }, env);
    expect(en.files.map((f) => f.file)).toEqual(['handout-standard.pdf']);
    expect(fr.files.map((f) => f.file)).toEqual(['handout-standard-fr.pdf']);
    expect(fr.diagnostics.filter((d) => d.code === 'UntranslatedContent' || d.code === 'MissingTranslation')).toEqual([]);
    const content = loadContent(PACKS.bundled);
    const french = inLanguage(content, 'fr').content;
    const text = async (file: string) => bare((await readPdf(new Uint8Array(readFileSync(join(out, file))))).pages.map((p) => p.text).join(''));
    const [enText, frText] = [await text('handout-standard.pdf'), await text('handout-standard-fr.pdf')];
    let printedInBoth = 0;
    for (const item of content.items.filter((i) => i.audience === 'public' && ['key-message', 'position'].includes(i.kind))) {
      const frItem = french.items.find((i) => i.id === item.id)!;
      expect(frItem.headline).not.toBe(item.headline);
      // Each is printed in its language only (the PDF joins the lines of a paragraph).
      if (enText.includes(bare(item.headline))) expect(frText).toContain(bare(frItem.headline)), printedInBoth++;
      expect(frText).not.toContain(bare(item.headline));
    }
    expect(printedInBoth).toBeGreaterThan(5);
    // No word of briefpack's own English in the French handout (words its French content uses aside).
    const words = (s: string) => new Set((s.match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase()));
    const frenchWords = words(Object.values(readCatalogue(join(BUNDLED_TEMPLATES, 'messages'), 'fr')!).join(' ') + JSON.stringify(french));
    const english = [...words(Object.values(readCatalogue(join(BUNDLED_TEMPLATES, 'messages'), 'en')!).join(' ').replace(/\{[^{}]*\}/g, ' '))].filter((w) => !frenchWords.has(w));
    const printed = words((await readPdf(new Uint8Array(readFileSync(join(out, 'handout-standard-fr.pdf'))))).pages.map((p) => p.text).join(' '));
    expect(english.filter((w) => printed.has(w))).toEqual([]);
  });
});
