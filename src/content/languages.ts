// Multilingual content: any plain-text or rich field of a pack may be a mapping of language to
// text (`headline: { en: …, fr: … }`). Loading resolves every field to the pack's language; a
// document in another language is given the content resolved once more, to its language, before
// selection, so templates and writers only ever see one language's text. A field without the
// document's language keeps the pack's, and the document warns, naming the items.
import { Translations } from './localized.js';
import type { Content } from './schema.js';

const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** The text in a language: the exact tag, else the same language in any region. */
function pick(t: Translations, lang: string): string | undefined {
  const entries = Object.entries(t.texts);
  const wanted = lang.toLowerCase();
  return entries.find(([k]) => k.toLowerCase() === wanted)?.[1] ?? entries.find(([k]) => primary(k) === primary(lang))?.[1];
}

type Path = readonly (string | number)[];

/**
 * The data with every mapping resolved to `lang`, else to `fallback`, else to its first language.
 * `missing` hears of each field without `lang`: a mapping that lacks it, and, when `lang` is not the
 * pack's language, the plain text of items and topics (sessions, names, sources and the pack's
 * facts often read the same in every language, so their plain text is not reported).
 */
function resolve(value: unknown, lang: string, fallback: string, missing: (path: Path, text: string, plain: boolean) => void, path: Path = []): unknown {
  if (typeof value === 'string') {
    if (primary(lang) !== primary(fallback) && isText(path)) missing(path, value, true);
    return value;
  }
  if (value instanceof Translations) {
    const own = pick(value, lang);
    if (own !== undefined) return own;
    const text = pick(value, fallback) ?? Object.values(value.texts)[0]!;
    missing(path, text, false);
    return text;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, lang, fallback, missing, [...path, i]));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, lang, fallback, missing, [...path, k])]));
  }
  return value;
}

/** Whether the loaded data holds any mapping at all. */
function hasTranslations(value: unknown): boolean {
  if (value instanceof Translations) return true;
  if (Array.isArray(value)) return value.some(hasTranslations);
  if (value && typeof value === 'object') return Object.values(value).some(hasTranslations);
  return false;
}

const raw = new WeakMap<Content, Content>();
const resolved = new WeakMap<Content, Map<string, InLanguage>>();

/** The content in the pack's language, remembering the mappings for documents in other languages. */
export function resolveContent(loaded: Content): Content {
  // A pack without mappings is its own resolution; a document in another language still learns
  // which of its items keep the pack's language.
  if (!hasTranslations(loaded)) {
    raw.set(loaded, loaded);
    return loaded;
  }
  const content = resolve(loaded, loaded.pack.locale, loaded.pack.locale, () => undefined) as Content;
  raw.set(content, loaded);
  return content;
}

/** Where a field lacking the language is, for a warning: the item or topic by id, else the section. */
function ownerOf(data: Content, path: Path): string {
  const [section, index] = path;
  const entry = typeof index === 'number' ? (data[section as keyof Content] as readonly { id?: string }[] | undefined)?.[index] : undefined;
  if (section === 'items' && entry?.id) return `item '${entry.id}'`;
  if (section === 'topics' && entry?.id) return `topic '${entry.id}'`;
  if (section === 'pack') return `pack.${path.slice(1).join('.')}`;
  return entry?.id ? `${String(section)} '${entry.id}'` : `${String(section)}[${String(index)}]`;
}

export interface InLanguage {
  readonly content: Content;
  /** Items, topics and fields that keep the pack's language: the document warns of those it prints. */
  readonly untranslated: readonly string[];
  /** Item ids among them. */
  readonly items: ReadonlySet<string>;
  /** Every text that keeps the pack's language: set with the pack's typography, not the document's. */
  readonly foreign: readonly string[];
}

/** The content in a document's language (the pack's own, as loaded, for the pack's language). */
export function inLanguage(content: Content, lang: string): InLanguage {
  const data = raw.get(content);
  const packLanguage = content.pack.locale;
  if (!data || lang.toLowerCase() === packLanguage.toLowerCase()) return { content, untranslated: [], items: new Set(), foreign: [] };
  let byLang = resolved.get(content);
  if (!byLang) resolved.set(content, (byLang = new Map()));
  let found = byLang.get(lang);
  if (!found) {
    const owners = new Set<string>();
    const items = new Set<string>();
    const foreign: string[] = [];
    const out = resolve(data, lang, packLanguage, (path, text, plain) => {
      foreign.push(text);
      // Plain text of sessions, names, sources and the pack's facts often reads the same in every language: not reported.
      if (plain && !REPORTED.has(String(path[0]))) return;
      owners.add(ownerOf(data, path));
      if (path[0] === 'items') items.add(String(data.items[path[1] as number]!.id));
    }) as Content;
    found = { content: out, untranslated: [...owners], items, foreign };
    byLang.set(lang, found);
  }
  return found;
}

export interface Coverage {
  readonly lang: string;
  readonly items: { readonly translated: number; readonly total: number };
  readonly fields: { readonly translated: number; readonly total: number };
  readonly percent: number;
  /** Items with a field that keeps the pack's language. */
  readonly missing: readonly string[];
}

/** How much of the pack's text has a version in `lang`: items fully translated, text fields, percent of fields. */
export function translationCoverage(content: Content, lang: string): Coverage {
  const data = raw.get(content) ?? content;
  let total = 0;
  let translated = 0;
  const itemsMissing = new Set<string>();
  const count = (value: unknown, path: Path): void => {
    if (typeof value === 'string' || value instanceof Translations) {
      if (!isText(path)) return;
      total++;
      const has = value instanceof Translations ? pick(value, lang) !== undefined : primary(content.pack.locale) === primary(lang);
      if (has) translated++;
      else if (path[0] === 'items') itemsMissing.add(data.items[path[1] as number]!.id);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => count(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) count(v, [...path, k]);
  };
  // Sources are cited by their published titles, which are not translated: not counted.
  for (const section of ['pack', 'topics', 'agenda', 'people', 'items', 'glossary'] as const) count(data[section], [section]);
  const items = data.items.length;
  return {
    lang,
    items: { translated: items - itemsMissing.size, total: items },
    fields: { translated, total },
    percent: total === 0 ? 100 : Math.round((translated / total) * 1000) / 10,
    missing: [...itemsMissing],
  };
}

// Fields that hold words, not ids, dates, kinds or addresses: what a translator translates.
const NOT_TEXT = new Set(['id', 'kind', 'priority', 'audience', 'date', 'start', 'end', 'time', 'locale', 'logo', 'url', 'speaker', 'likelihood', 'topics', 'sources', 'aliases', 'template', 'theme', 'lang', 'titleKey', 'length', 'kinds', 'marking', 'reference', 'version', 'repeat']);
const REPORTED = new Set(['items', 'topics']);
// "sources" names an item's list of source ids, which is not text; the pack's own sources section
// is (titles and publishers, printed in the notes).
const isText = (path: Path): boolean => !path.some((p, at) => typeof p === 'string' && NOT_TEXT.has(p) && !(at === 0 && p === 'sources'));
