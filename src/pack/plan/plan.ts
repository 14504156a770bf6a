// Which documents a run builds, and with which options: the pack's own list (or the bundled
// defaults), narrowed by --doc or replaced by --template, public only for --for, with the run's
// length, focus and marking; and the one rule that names their files.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import transliterate from '@sindresorhus/transliterate';
import anyAscii from 'any-ascii';
import { z } from 'zod';
import { documentSchema, type Content, type DocumentSpec, type Length } from '../../content/schema.js';
import { ConfigError, UsageError, choicesHint } from '../../errors.js';
import { readJsonFile } from '../../files/json.js';
import { refuseOutside } from '../../files/read.js';
import { resolveTopics, type SelectOptions } from '../../select/index.js';

/** Pages the lengths aim at: targets, where --pages is a limit (see fit.ts); `full` has none. */
export const LENGTH_BUDGET: Record<Length, number | undefined> = { short: 1, standard: 3, full: undefined };

export interface PlanOptions {
  /** Document ids of the pack to build; empty = all. */
  readonly documents?: readonly string[];
  /** Build one document with this template instead of the pack's documents. */
  readonly template?: string;
  readonly length?: Length;
  readonly topics?: readonly string[];
  readonly only?: boolean;
  readonly pages?: number;
  readonly marking?: string;
  readonly recipient?: string;
  /** --theme: for documents that do not name their own theme. */
  readonly theme?: string;
  /** --lang (or a recipient's language): the documents' language; default each document's `lang:`, else the pack's locale. */
  readonly lang?: string;
}

export interface DocumentRequest extends SelectOptions {
  readonly document: SelectOptions['document'] & Pick<DocumentSpec, 'attribution' | 'titleKey'>;
  readonly length: Length;
}

export interface Job {
  readonly spec: DocumentSpec;
  readonly request: DocumentRequest;
  /** Page budget to fit into, if any. */
  readonly budget: number | undefined;
  /** True for --pages: a limit, exit 2 when not met. A length's budget is a target (a warning). */
  readonly hardBudget: boolean;
  /** File name without extension. */
  readonly base: string;
  /** Theme name or file: the document's own, else the run's (--theme), else undefined = default. */
  readonly theme: string | undefined;
  /** The recipient's address from a recipient list, for the To: line of this document's email draft. */
  readonly to?: string;
}

const documentsFile = z.object({ documents: z.array(documentSchema).min(1) }).strict();

export function packDocuments(content: Content, templatesFolder: string): DocumentSpec[] {
  if (content.documents.length > 0) return [...content.documents];
  const defaults = join(templatesFolder, 'documents.json');
  if (!existsSync(defaults)) return [{ id: 'steering', template: 'steering', audience: 'internal', length: 'full' }];
  return readJsonFile(defaults, documentsFile, {
    code: 'DocumentsInvalid',
    hint: 'documents.json holds { "documents": [ { "id", "template", "audience", "length", ... } ] }, as in the bundled templates/documents.json.',
  }).documents;
}

/** What a run builds, and the documents a run for a recipient leaves out because they are internal. */
export interface Chosen {
  readonly specs: DocumentSpec[];
  readonly skipped: string[];
}

/**
 * The documents of a run. One rule for documents prepared for someone else, whatever the number
 * of recipients: public documents only. So an explicit internal document (--doc, or --template,
 * whose ad-hoc document is internal) with --for is an error, not a silent switch.
 */
export function chooseDocuments(content: Content, templatesFolder: string, options: PlanOptions): Chosen {
  if (options.template && options.documents?.length) {
    throw new UsageError('DocWithTemplate', `--doc picks documents of the pack and --template builds one ad-hoc document instead; got both (--doc ${options.documents.join(', ')}, --template ${options.template}).`, {
      hint: 'Give --doc to build the pack\'s own documents, or --template alone for a one-off internal document.',
    });
  }
  const all = packDocuments(content, templatesFolder);
  checkDocumentIds(all);
  const forSomeone = options.recipient !== undefined;
  if (options.template) {
    if (forSomeone) {
      throw new UsageError('InternalForRecipient', `--template builds an internal document, and documents made with --for are public only (--for gives other delegations what may be shared).`, {
        hint: 'Leave out --for to build the internal document, or pick a public document of the pack with --doc.',
      });
    }
    return { specs: [{ id: options.template, template: options.template, audience: 'internal', length: options.length ?? 'standard' }], skipped: [] };
  }
  let specs = all;
  if (options.documents?.length) {
    specs = options.documents.map((id) => {
      const spec = all.find((d) => d.id === id);
      if (!spec) throw new UsageError('UnknownDocument', `The pack has no document '${id}'.`, { hint: choicesHint(id, all.map((d) => d.id)) });
      return spec;
    });
    const internal = specs.filter((d) => d.audience !== 'public').map((d) => d.id);
    if (forSomeone && internal.length) {
      throw new UsageError('InternalForRecipient', `${quoteList(internal)} ${internal.length === 1 ? 'is an internal document' : 'are internal documents'}, and documents made with --for are public only (--for gives other delegations what may be shared).`, {
        hint: `Leave out --for to build ${internal.length === 1 ? 'it' : 'them'}, or pick public documents with --doc${publicHint(all)}.`,
      });
    }
  }
  if (!forSomeone) return { specs, skipped: [] };
  const skipped = specs.filter((d) => d.audience !== 'public').map((d) => d.id);
  const kept = specs.filter((d) => d.audience === 'public');
  if (kept.length === 0) {
    throw new UsageError('NoPublicDocument', `Documents made with --for are public only, and this run has none (${skipped.join(', ')} ${skipped.length === 1 ? 'is' : 'are'} internal).`, {
      hint: 'Pick a public document with --doc, or declare one in the pack\'s `documents:` section with `audience: public`.',
    });
  }
  return { specs: kept, skipped };
}

export function planJobs(content: Content, templatesFolder: string, options: PlanOptions): Job[] {
  const focus = resolveTopics(content, options.topics ?? []);
  const { specs } = chooseDocuments(content, templatesFolder, options);
  return specs.map((spec) => {
    const length = options.length ?? spec.length;
    const lang = documentLanguage(content, options.lang ?? spec.lang);
    const request: DocumentRequest = {
      document: spec,
      length,
      lang: lang.tag,
      focus,
      only: options.only ?? false,
      ...(options.recipient ? { recipient: options.recipient } : {}),
      ...(options.marking ? { marking: options.marking } : {}),
    };
    // A page budget names the file (steering-p2), not a length that was not applied (steering-full).
    const sized = options.pages === undefined ? [length] : [...(options.length ? [length] : []), `p${options.pages}`];
    const base = fileBase(spec.id, focus, options.recipient, [...(options.template ? [...sized, 'internal'] : sized), ...lang.tail]);
    // A theme file a pack names is read from the pack folder; a bare name is a bundled theme.
    const own = spec.theme && (spec.theme.includes('/') || spec.theme.endsWith('.json')) ? resolve(content.folder, spec.theme) : spec.theme;
    if (own && own !== spec.theme) refuseOutside(own, content.folder, { shown: spec.theme, referredBy: `document '${spec.id}' theme` });
    // Only --pages is a limit; a length's page count is a target the fitting aims for.
    const budget = options.pages ?? LENGTH_BUDGET[length];
    return { spec, request, budget, hardBudget: options.pages !== undefined, base, theme: own ?? options.theme };
  });
}

/**
 * A document's language: the one asked for, else the pack's locale. A tag of the pack's own
 * language (fr for a pack in fr-FR) is the pack's locale, with its region. Files in another
 * language than the pack's carry the tag at the end of their name (handout-standard-fr.pdf): a
 * language tag is never a length or "internal", so no two files of a run share a name.
 */
export function documentLanguage(content: Content, asked: string | undefined): { tag: string; tail: string[] } {
  const own = content.pack.locale;
  const wanted = asked?.toLowerCase();
  if (wanted === undefined || wanted === own.toLowerCase() || wanted === own.toLowerCase().split('-')[0]) return { tag: own, tail: [] };
  return { tag: asked!, tail: [safeName(asked!)] };
}

/**
 * The one naming rule for every file of a run: document id, focus topics, recipient, then a tail
 * of fixed words. A pack document's tail is its length; an ad-hoc (--template) document, always
 * internal, ends in "-internal", and the combined PDF in its audience. Free text (topic ids,
 * recipient names) never comes last, so an internal document never takes a public file's name,
 * whatever the topics or recipients of this or an earlier run. A language other than the pack's
 * comes after the tail (see documentLanguage).
 */
export function fileBase(id: string, focus: readonly string[], recipient: string | undefined, tail: readonly string[]): string {
  return [id, ...focus, ...(recipient !== undefined ? [recipient] : []), ...tail].map(safeName).join('-');
}

/** A file a run will write, and what it is, for the message when two would share a name. */
export interface PlannedFile {
  readonly file: string;
  readonly what: string;
}

/**
 * Refuses a run two of whose files would share a name, before anything is rendered or written.
 * Names are compared ignoring case: Windows and macOS file systems do.
 */
export function checkDistinct(files: readonly PlannedFile[]): void {
  const seen = new Map<string, PlannedFile>();
  for (const f of files) {
    const key = f.file.toLowerCase();
    const first = seen.get(key);
    if (first) {
      const names = first.file === f.file ? `would both be written as ${f.file}` : `would be written as ${first.file} and ${f.file}: one file where case is ignored, as on Windows and macOS`;
      throw new UsageError('FileNameCollision', `${first.what} and ${f.what} ${names}.`, {
        hint: 'File names keep the letters, digits, dots, dashes and underscores of ids and names, and ignore case: make the names differ in those.',
      });
    }
    seen.set(key, f);
  }
}

/**
 * Two documents of a pack whose ids give one file name (ignoring case) would overwrite each other.
 * Nor may an internal document's id start with a public one's and a dash, or the reverse: the
 * internal 'brief' focused on topic 'x' is brief-x-standard, which is the public 'brief-x' at
 * that length, and a later run would replace the file people share with an internal one.
 */
export function checkDocumentIds(documents: readonly DocumentSpec[]): void {
  const seen = new Map<string, DocumentSpec>();
  for (const spec of documents) {
    const key = safeName(spec.id).toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ConfigError('DocumentIdsCollide', `The pack's documents '${first.id}' and '${spec.id}' would be written under one file name (file names ignore case on Windows and macOS).`, {
        hint: 'Give the documents ids that differ in more than case.',
      });
    }
    seen.set(key, spec);
  }
  for (const [a, shorter] of seen) {
    for (const [b, longer] of seen) {
      if (!b.startsWith(`${a}-`) || (shorter.audience === 'public') === (longer.audience === 'public')) continue;
      const [internal, open] = shorter.audience === 'public' ? [longer, shorter] : [shorter, longer];
      throw new ConfigError('DocumentIdsCollide', `The pack's documents '${internal.id}' (internal) and '${open.id}' (public) could be written under one file name: '${shorter.id}' with a focus topic or recipient is named as '${longer.id}' is, and the internal document would replace the public one's file.`, {
        hint: `Rename one of them so that neither id is the other's followed by a dash (e.g. 'internal-${internal.id}').`,
      });
    }
  }
}

const quoteList = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');
const publicHint = (all: readonly DocumentSpec[]) => {
  const ids = all.filter((d) => d.audience === 'public').map((d) => d.id);
  return ids.length ? ` (public: ${ids.join(', ')})` : '';
};

/** Turns any id or recipient name into a safe file name part: no separators, no dots at the start. */
function safeName(text: string): string {
  // Latin letters for other scripts first (Делегация → Delegatsiya, Ελλάδα → Ellada): a name in
  // Cyrillic or Greek would otherwise lose every letter and the file be called "document". What
  // that leaves in other scripts (Chinese, Korean, Japanese, Hebrew, Indic, Thai) any-ascii writes
  // in Latin letters (中华人民共和国 → ZhongHuaRenMinGongHeGuo, 대한민국 → DaeHanMinGug).
  const cleaned = anyAscii(transliterate(text).normalize('NFC'))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/\.{2,}/g, '.')
    .slice(0, 80);
  return cleaned || 'document';
}
