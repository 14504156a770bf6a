// Every word briefpack prints of its own (headings, labels, table headers, the writers' footer and
// notes heading, document titles, the covering email) comes from one catalogue per language:
// `messages/<lang>.json` in the template folder, ICU MessageFormat strings read through
// intl-messageformat, so plurals and grammatical choices live in the message, not in code or
// template logic. English is complete by definition; a language's missing words print in English.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { z } from 'zod';
import { TemplateError, choicesHint } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { exists, listFolder, requireFolder } from '../files/read.js';
import { BUNDLED_TEMPLATES } from './bundled.js';
import { typeset } from '../typography/index.js';

const MESSAGES_FOLDER = 'messages';
// Where a value stands in a message while its words are typeset (private-use characters).
const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';
const HOLE = /\uE000(\d+)\uE001/g;
/** The language every other catalogue is checked against, and falls back to. */
export const BASE_LANGUAGE = 'en';

const catalogueSchema = z.record(z.string().regex(/^(\$comment|[A-Za-z][\w.-]*)$/, 'a message key: letters, digits, dots, dashes'), z.string());
export type Catalogue = Readonly<Record<string, string>>;

export interface Messages {
  /** The language tag asked for, e.g. fr-CA. */
  readonly lang: string;
  /** The catalogue's language the words come from (`en` when the folder has none for `lang`). */
  readonly catalogue: string;
  /** Keys English has and this language's catalogue lacks: they print in English. */
  readonly missing: readonly string[];
  /** Without a catalogue: the one whose language the tag starts with (fr for 'fre', ru for 'rus'). */
  readonly meant?: string;
  has(key: string): boolean;
  /** The message for `key` with its values; the message's own words typeset for the language, the values as given. */
  format(key: string, values?: Readonly<Record<string, unknown>>): string;
}

/**
 * The folder whose catalogues a template folder uses: its own messages/, else the bundled ones. A
 * messages/ that is there but no folder (a file, a dangling link) is refused by name: taken for
 * none, it would print every word in English without a word said.
 */
export function messagesFolder(templates: string): string {
  const own = join(resolve(templates), MESSAGES_FOLDER);
  if (!exists(own)) return join(BUNDLED_TEMPLATES, MESSAGES_FOLDER);
  requireFolder(own);
  return own;
}

const catalogues = new Map<string, Catalogue | null>();

/** One catalogue, read through the file boundary and validated; null when the folder has none for it. */
export function readCatalogue(folder: string, lang: string): Catalogue | null {
  const file = join(folder, `${lang}.json`);
  if (catalogues.has(file)) return catalogues.get(file)!;
  const found = existsSync(file)
    ? Object.fromEntries(
        Object.entries(
          readJsonFile(file, catalogueSchema, {
            code: 'MessagesInvalid',
            hint: `A catalogue maps message keys to ICU MessageFormat strings, e.g. { "objectives": "Objectives", "sessions": "{count, plural, one {# session} other {# sessions}}" }, as in the bundled templates/${MESSAGES_FOLDER}/${BASE_LANGUAGE}.json.`,
          }),
        ).filter(([key]) => !key.startsWith('$')),
      )
    : null;
  catalogues.set(file, found);
  return found;
}

/** Languages that have a catalogue in the folder. */
export function catalogueLanguages(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return listFolder(folder, /\.json$/).names.map((n) => n.slice(0, -'.json'.length)).sort();
}

/** Drops read catalogues and compiled messages, so the next run reads the files again (for --watch). */
export function forgetMessages(): void {
  catalogues.clear();
  sets.clear();
}

const sets = new Map<string, Messages>();

/**
 * The messages of a language: the exact tag's catalogue, else its language's (fr for fr-CA), with
 * English for any word they lack. Compiled once per folder and language for the run.
 */
export function messagesFor(templates: string, lang: string): Messages {
  const folder = messagesFolder(templates);
  const key = `${folder}|${lang.toLowerCase()}`;
  let set = sets.get(key);
  if (!set) {
    set = createMessages(folder, lang);
    sets.set(key, set);
  }
  return set;
}

function createMessages(folder: string, lang: string): Messages {
  const base = readCatalogue(folder, BASE_LANGUAGE) ?? readCatalogue(join(BUNDLED_TEMPLATES, MESSAGES_FOLDER), BASE_LANGUAGE) ?? {};
  const tag = lang.toLowerCase();
  const primary = tag.split('-')[0]!;
  const candidates = [...new Set([tag, primary])];
  const found = candidates.map((c) => [c, readCatalogue(folder, c)] as const).find(([, c]) => c !== null);
  const own: Catalogue = found?.[1] ?? {};
  const catalogue = found?.[0] ?? BASE_LANGUAGE;
  const missing = primary === BASE_LANGUAGE ? [] : Object.keys(base).filter((k) => !Object.hasOwn(own, k));
  const meant = found ? undefined : catalogueLanguages(folder).find((c) => primary.length > c.length && primary.startsWith(c));
  const compiled = new Map<string, IntlMessageFormat>();
  const sourceOf = (k: string) => (Object.hasOwn(own, k) ? own[k]! : base[k]);
  const compile = (k: string): IntlMessageFormat => {
    let message = compiled.get(k);
    if (message) return message;
    const source = sourceOf(k);
    if (source === undefined) {
      throw new TemplateError('UnknownMessage', `No message '${k}' in the catalogues of ${folder}.`, { hint: choicesHint(k, Object.keys(base)), location: { file: join(folder, `${BASE_LANGUAGE}.json`) } });
    }
    // A language's words are formatted with its own rules (plurals, numbers); English ones, filling a gap, with English rules.
    const locale = Object.hasOwn(own, k) ? lang : BASE_LANGUAGE;
    try {
      message = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
    } catch (error) {
      const file = join(folder, `${Object.hasOwn(own, k) ? catalogue : BASE_LANGUAGE}.json`);
      throw new TemplateError('MessageSyntax', `Message '${k}' in ${file} is not ICU MessageFormat: ${(error as Error).message}.`, {
        hint: 'Placeholders are {name}; plurals {count, plural, one {…} other {…}}; a literal brace is written between single quotes.',
        location: { file, path: k },
      });
    }
    compiled.set(k, message);
    return message;
  };
  const list = new Intl.ListFormat(lang, { type: 'conjunction' });
  return {
    lang,
    catalogue,
    missing,
    ...(meant ? { meant } : {}),
    has: (k) => sourceOf(k) !== undefined,
    format(k, values = {}) {
      // The message's own words are set for the language; the values it carries (a question, a
      // title) are put in afterwards as they are: text in another language keeps its own typography,
      // and the document's typesetting sets the rest.
      const given: string[] = [];
      const shaped = Object.fromEntries(
        Object.entries(values).map(([name, v]) => {
          const value = valueOf(v, list);
          if (typeof value === 'number') return [name, value];
          given.push(value);
          return [name, `${HOLE_OPEN}${given.length - 1}${HOLE_CLOSE}`];
        }),
      );
      const text = compile(k).format(shaped);
      const set = typeset(lang, Array.isArray(text) ? text.join('') : String(text));
      return set.replace(HOLE, (_, i: string) => given[Number(i)]!);
    },
  };
}

/** Lists read as "a, b and c" in the language; numbers stay numbers for plural and number rules. */
function valueOf(value: unknown, list: Intl.ListFormat): string | number {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return list.format(value.map(String));
  return value === null || value === undefined ? '' : String(value);
}
