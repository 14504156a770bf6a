// Every word briefpack prints comes from a catalogue per language: each bundled catalogue has every
// key English has and compiles; a language without one falls back to English with one warning; and
// a document made in a complete language prints none of the English catalogue's words.
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fixedEnv } from '../../src/env.js';
import { generate } from '../../src/pack/index.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { BASE_LANGUAGE, catalogueLanguages, messagesFor, readCatalogue } from '../../src/template/messages.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { tempDir } from '../delivery/helpers.js';

const FOLDER = join(BUNDLED_TEMPLATES, 'messages');
const COMPLETE = ['en', 'fr', 'es', 'de', 'ru'];
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const english = readCatalogue(FOLDER, BASE_LANGUAGE)!;

/** Values for every placeholder a message may name, so each message can be formatted. */
const SAMPLE = { title: 'T', pack: 'P', focus: ['A', 'B'], recipient: 'R', name: 'N', reference: 'X-1', version: '2', question: 'Q?', topics: ['A', 'B'], count: 3, minutes: 4, words: 500, rate: 130, meeting: 'M', dates: 'D', venue: 'V', marking: 'M', page: 1, pages: 2 };

describe('the bundled message catalogues', () => {
  it('are the five complete languages', () => {
    expect(catalogueLanguages(FOLDER)).toEqual([...COMPLETE].sort());
  });

  it.each(COMPLETE)('%s has every key English has, and no other', (lang) => {
    const own = readCatalogue(FOLDER, lang)!;
    expect(Object.keys(english).filter((k) => !Object.hasOwn(own, k))).toEqual([]);
    expect(Object.keys(own).filter((k) => !Object.hasOwn(english, k))).toEqual([]);
  });

  it.each(COMPLETE)('%s: every message compiles and formats', (lang) => {
    const messages = messagesFor(BUNDLED_TEMPLATES, lang);
    expect(messages.missing).toEqual([]);
    for (const key of Object.keys(english)) expect(messages.format(key, SAMPLE), key).not.toMatch(/\{|\}/);
  });

  it('plurals live in the message: Russian counts speeches in three forms', () => {
    const ru = messagesFor(BUNDLED_TEMPLATES, 'ru');
    expect([1, 3, 5].map((count) => ru.format('speech.total', { count, minutes: 2 }))).toEqual([
      '1 выступление, всего около 2 мин',
      '3 выступления, всего около 2 мин',
      '5 выступлений, всего около 2 мин',
    ]);
    // A speech under half a minute says so, in every catalogue, instead of "about 0 min".
    expect(ru.format('speech.length', { minutes: 0, words: 40, rate: 130 })).toBe('меньше минуты (40 слов, 130 в минуту)');
    for (const lang of ['en', 'fr', 'es', 'de', 'ru']) expect(messagesFor(BUNDLED_TEMPLATES, lang).format('speech.total', { count: 2, minutes: 0 })).not.toMatch(/\b0\b/);
  });

  it('a region falls back to its language, a language without a catalogue to English, naming what is missing', () => {
    expect(messagesFor(BUNDLED_TEMPLATES, 'fr-CA').format('section.objectives')).toBe('Objectifs');
    const italian = messagesFor(BUNDLED_TEMPLATES, 'it');
    expect(italian.format('section.objectives')).toBe('Objectives');
    expect(italian.missing).toEqual(Object.keys(english));
  });

  it('a partial catalogue of a template folder prints its own words and English for the rest', () => {
    const templates = tempDir('bp-msg-');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    writeFileSync(join(templates, 'messages', 'it.json'), JSON.stringify({ 'section.objectives': 'Obiettivi' }));
    const italian = messagesFor(templates, 'it');
    expect(italian.format('section.objectives')).toBe('Obiettivi');
    expect(italian.format('section.purpose')).toBe('Purpose');
    expect(italian.missing).toContain('section.purpose');
    expect(italian.missing).not.toContain('section.objectives');
  });
});

describe('a language without a catalogue', () => {
  it('prints English, with one warning naming the language', async () => {
    const data = packIn('tests/fixtures/packs/town-council', 'it-IT');
    const result = await generate({ data, out: tempDir('bp-it-'), formats: ['md'] }, env);
    const warnings = result.diagnostics.filter((d) => d.code === 'MissingTranslation');
    expect(new Set(warnings.map((w) => w.message)).size).toBe(1);
    expect(warnings[0]!.message).toContain("'it-IT'");
  });
});

/** A copy of a pack whose locale is `lang`: the documents are made in that language. */
function packIn(source: string, lang: string): string {
  const folder = join(tempDir('bp-lang-'), 'pack');
  cpSync(source, folder, { recursive: true });
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.yaml'))) {
    const file = join(folder, name);
    const text = readFileSync(file, 'utf8');
    if (/^\s+locale:/m.test(text)) writeFileSync(file, text.replace(/^(\s+)locale:.*$/m, `$1locale: ${lang}`));
    else writeFileSync(file, text.replace(/^pack:\n/m, `pack:\n  locale: ${lang}\n`));
  }
  return folder;
}

const wordsOf = (text: string): string[] => text.match(/\p{L}+/gu) ?? [];
const catalogueWords = (lang: string): Set<string> =>
  new Set(Object.values(readCatalogue(FOLDER, lang)!).flatMap((m) => wordsOf(m.replace(/\{[^{}]*\}/g, ' ').replace(/\{\w+, plural,|\b(one|few|many|other)\s*\{/g, ' ')).map((w) => w.toLowerCase())));
/** Words of the pack's text (its values, not its field names). */
const contentWords = (data: string): Set<string> => {
  const values = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(values) : v && typeof v === 'object' ? Object.values(v).flatMap(values) : []);
  const texts = readdirSync(data).filter((n) => n.endsWith('.yaml')).flatMap((n) => values(parseYaml(readFileSync(join(data, n), 'utf8'))));
  return new Set(texts.flatMap(wordsOf).map((w) => w.toLowerCase()));
};

/**
 * Everything a reader of the run's files sees: each PDF's pages and title, each DOCX's body,
 * headers, footers and properties, each email's subject and body.
 */
async function printedText(out: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const name of readdirSync(out)) {
    const bytes = new Uint8Array(readFileSync(join(out, name)));
    if (name.endsWith('.pdf')) {
      const pdf = await readPdf(bytes);
      texts[name] = [String(pdf.info.Title), ...pdf.pages.map((p) => p.text)].join('\n');
    } else if (name.endsWith('.docx')) {
      const docx = await readDocx(bytes);
      const parts = docx.paths.filter((p) => /^word\/(document|header\d+|footer\d+|footnotes)\.xml$/.test(p));
      texts[name] = [...parts.map((p) => textOf(docx.xml(p))), docx.xml('docProps/core.xml').replace(/<[^>]+>/g, ' ')].join('\n');
    } else if (name.endsWith('.eml')) {
      const mail = await simpleParser(Buffer.from(bytes));
      texts[name] = `${mail.subject}\n${mail.text}`;
    }
  }
  return texts;
}

// Each bundled document (all four, every format, with its email draft) in each complete language,
// held against the words of the English catalogue that the language's own catalogue and the pack's
// content do not also use ("Notes", "Contact", a topic's name): those would be no proof.
// The pack's content is French (a pack's words are its author's, whatever the document's
// language), so English words in the output can only be briefpack's own.
describe.each(['fr', 'es', 'de', 'ru'].map((lang) => ({ lang, source: 'tests/fixtures/packs/harbour-board' })))('$source made in $lang', ({ lang, source }) => {
  it('prints no English word of briefpack\'s own', { timeout: 120_000 }, async () => {
    const data = packIn(source, lang);
    const out = tempDir('bp-words-');
    const internal = await generate({ data, out: join(out, 'internal'), formats: ['pdf', 'docx'], email: {} }, env);
    const publicRun = await generate({ data, out: join(out, 'public'), formats: ['pdf', 'docx'], email: {}, recipient: 'Delegation X' }, env);
    expect(internal.files.length + publicRun.files.length).toBeGreaterThan(8);
    const own = catalogueWords(lang);
    const content = contentWords(data);
    const forbidden = [...catalogueWords('en')].filter((w) => !own.has(w) && !content.has(w) && !['x', 'delegation'].includes(w));
    expect(forbidden.length).toBeGreaterThan(60);
    const texts = { ...(await printedText(join(out, 'internal'))), ...(await printedText(join(out, 'public'))) };
    expect(Object.keys(texts).length).toBeGreaterThanOrEqual(13);
    const found = Object.entries(texts).flatMap(([file, text]) => {
      const words = new Set(wordsOf(text).map((w) => w.toLowerCase()));
      return forbidden.filter((w) => words.has(w)).map((w) => `${file}: ${w}`);
    });
    expect(found).toEqual([]);
    // The words held against are the catalogue's, not a few that happen to be missing.
    for (const word of ['objectives', 'glossary', 'speaker', 'contents', 'dear', 'regards', 'prepared']) expect(forbidden).toContain(word);
  });
});

describe('the check above can fail', () => {
  it('an English document prints many of the English catalogue\'s words', { timeout: 60_000 }, async () => {
    const out = tempDir('bp-words-en-');
    await generate({ data: 'tests/fixtures/packs/town-council', out, formats: ['pdf', 'docx'], email: {} }, env);
    const english = catalogueWords('en');
    const printed = new Set(Object.values(await printedText(out)).flatMap((t) => wordsOf(t).map((w) => w.toLowerCase())));
    expect([...english].filter((w) => printed.has(w)).length).toBeGreaterThan(25);
  });
});
