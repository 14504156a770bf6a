// The words a document carries besides its pages, in the document's language, from the template
// folder's catalogues (messages/<lang>.json): what the writers print of their own ("Page X of Y",
// "Notes"), the title in the file's properties, a bundled document's title and the words a speech
// opens and closes with. Wording is the templates' business, so it lives beside them.
import type { InLanguage } from '../../content/languages.js';
import type { Diagnostic, WriterLabels } from '../../document/model.js';
import { BASE_LANGUAGE, messagesFor, type Messages } from '../../template/messages.js';

/** The title in a file's properties, built in the document's language. */
export interface TitleLabels {
  /** A document of the pack: "Speaking notes — <pack short title>". */
  inPack(title: string, pack: string): string;
  focus(title: string, focus: readonly string[]): string;
  for(title: string, recipient: string): string;
}

/** The words a speech opens and closes with when its session gives none. */
export interface SpeechLabels {
  readonly opening?: string;
  readonly closing?: string;
}

export interface Labels {
  readonly messages: Messages;
  readonly writer: WriterLabels;
  readonly titles: TitleLabels;
  readonly speech: SpeechLabels;
}

export function labelsFor(templatesFolder: string, language: string): Labels {
  const m = messagesFor(templatesFolder, language);
  // The writers fill in the numbers: the pattern keeps its placeholders.
  const writer = { pageOf: m.format('pageOf', { page: '{page}', pages: '{pages}' }), notes: m.format('notes'), blankPage: m.format('blankPage') };
  const opening = m.format('speech.opening').trim();
  const closing = m.format('speech.closing').trim();
  return {
    messages: m,
    writer,
    titles: {
      inPack: (title, pack) => m.format('title.inPack', { title, pack }),
      focus: (title, focus) => m.format('title.focus', { title, focus: [...focus] }),
      for: (title, recipient) => m.format('title.for', { title, recipient }),
    },
    speech: { ...(opening ? { opening } : {}), ...(closing ? { closing } : {}) },
  };
}

/** A document title from the catalogue (`titleKey` of a bundled document), unless the spec gives one. */
export function titleOf(spec: { readonly title?: string; readonly titleKey?: string }, messages: Messages): string | undefined {
  if (spec.title !== undefined) return spec.title;
  return spec.titleKey && messages.has(spec.titleKey) ? messages.format(spec.titleKey) : undefined;
}

/** One warning per language without a complete catalogue, naming the keys that print in English. */
export function missingWordsWarning(messages: Messages): Diagnostic[] {
  if (messages.missing.length === 0) return [];
  const message =
    messages.catalogue === BASE_LANGUAGE
      ? `No message catalogue for the language '${messages.lang}': all ${messages.missing.length} words briefpack prints (${messages.missing.slice(0, 5).join(', ')}, …) print in English.${messages.meant ? ` Did you mean '${messages.meant}'?` : ''}`
      : `The '${messages.catalogue}' message catalogue lacks ${messages.missing.length === 1 ? 'a key' : `${messages.missing.length} keys`} English has, printed in English: ${messages.missing.join(', ')}.`;
  return [{ code: 'MissingTranslation', severity: 'warning', message }];
}

/** Ids of everything a view prints (items, topics, sessions' points). */
function printedIds(view: unknown, ids = new Set<string>(), depth = 0): Set<string> {
  if (depth > 32 || !view || typeof view !== 'object') return ids;
  if (Array.isArray(view)) view.forEach((v) => printedIds(v, ids, depth + 1));
  else {
    const id = (view as { id?: unknown }).id;
    if (typeof id === 'string') ids.add(id);
    for (const v of Object.values(view)) printedIds(v, ids, depth + 1);
  }
  return ids;
}

/** One warning naming the items (and other text) the document prints in the pack's language for want of its own. */
export function untranslatedWarning(localized: InLanguage, lang: string, view: object): Diagnostic[] {
  if (localized.untranslated.length === 0) return [];
  const printed = printedIds(view);
  const named = localized.untranslated.filter((owner) => {
    const id = /^(?:item|topic) '(.+)'$/.exec(owner)?.[1];
    return id === undefined || printed.has(id);
  });
  if (named.length === 0) return [];
  const shown = named.slice(0, 20).join(', ');
  return [
    {
      code: 'UntranslatedContent',
      severity: 'warning',
      message: `The document is in '${lang}', but ${named.length === 1 ? 'this text has' : `${named.length} texts have`} no '${lang}' version and print${named.length === 1 ? 's' : ''} in the pack's language: ${shown}${named.length > 20 ? ', …' : ''}.`,
    },
  ];
}
