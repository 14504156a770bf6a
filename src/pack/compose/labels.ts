// Labels by language, from labels.json in the template folder (or the bundled one): the words the
// writers print themselves ("Page X of Y", "Notes") and the patterns of a document's title in the
// file's properties. Wording is the templates' business, so it lives beside them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { WriterLabels } from '../../document/model.js';
import { readJsonFile } from '../../files/json.js';
import { BUNDLED_TEMPLATES } from '../../template/index.js';

const LABELS_FILE = 'labels.json';
const entry = z
  .object({
    pageOf: z.string().optional(),
    notes: z.string().optional(),
    titleInPack: z.string().optional(),
    titleFocus: z.string().optional(),
    titleFor: z.string().optional(),
    speechOpening: z.string().optional(),
    speechClosing: z.string().optional(),
  })
  .strict();
const fileSchema = z.record(z.string(), z.union([entry, z.string()]));
type Entry = z.infer<typeof entry>;
type LabelFile = Record<string, Entry>;

/** Patterns of the title in a file's properties: `{title}`, `{pack}`, `{focus}`, `{recipient}`. */
export interface TitleLabels {
  /** A document of the pack: "Speaking notes — <pack short title>". */
  readonly titleInPack: string;
  readonly titleFocus: string;
  readonly titleFor: string;
}
const ENGLISH_TITLES: TitleLabels = { titleInPack: '{title} — {pack}', titleFocus: '{title} (focus: {focus})', titleFor: '{title} for {recipient}' };

const cache = new Map<string, LabelFile>();

function readLabels(folder: string): LabelFile {
  let file = join(folder, LABELS_FILE);
  if (!existsSync(file)) file = join(BUNDLED_TEMPLATES, LABELS_FILE);
  let found = cache.get(file);
  if (found) return found;
  if (!existsSync(file)) return {};
  const parsed = readJsonFile(file, fileSchema, {
    code: 'LabelsInvalid',
    hint: 'Each key is a language tag mapping to { "pageOf": "… {page} … {pages}", "notes": "…", "titleInPack": "{title} — {pack}", "titleFocus": "{title} (focus: {focus})", "titleFor": "{title} for {recipient}" }.',
  });
  // Keys starting with "$" are comments.
  found = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, Entry] => typeof e[1] === 'object'));
  cache.set(file, found);
  return found;
}

/** Labels for a BCP 47 tag: the exact tag, then its language, then English; per word. */
function entryFor(templatesFolder: string, language: string): Entry {
  const all = readLabels(templatesFolder);
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));
  const tag = language.toLowerCase();
  return { ...lower.en, ...lower[tag.split('-')[0]!], ...lower[tag] };
}

/** The words a speech opens and closes with when its session gives none (absent: no such paragraph). */
export interface SpeechLabels {
  readonly opening?: string;
  readonly closing?: string;
}

/** The writers' words (missing ones fall back in the writers), the title patterns (English here) and the speeches' words. */
export function labelsFor(templatesFolder: string, language: string): { writer: Partial<WriterLabels>; titles: TitleLabels; speech: SpeechLabels } {
  const given = entryFor(templatesFolder, language);
  const pick = (key: keyof TitleLabels) => (given[key]?.trim() ? given[key]! : ENGLISH_TITLES[key]);
  return {
    writer: { ...(given.pageOf !== undefined ? { pageOf: given.pageOf } : {}), ...(given.notes !== undefined ? { notes: given.notes } : {}) },
    titles: { titleInPack: pick('titleInPack'), titleFocus: pick('titleFocus'), titleFor: pick('titleFor') },
    speech: {
      ...(given.speechOpening?.trim() ? { opening: given.speechOpening.trim() } : {}),
      ...(given.speechClosing?.trim() ? { closing: given.speechClosing.trim() } : {}),
    },
  };
}

/** Fills `{name}` placeholders; a value never fills a placeholder of its own. */
export function fill(pattern: string, values: Readonly<Record<string, string>>): string {
  return pattern.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
}
