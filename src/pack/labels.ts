// Writer labels ("Page X of Y", "Notes") by language, from labels.json in the template folder
// (or the bundled one): wording is the templates' business, so it lives beside them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { WriterLabels } from '../document/model.js';
import { ConfigError } from '../errors.js';
import { BUNDLED_TEMPLATES } from '../template/index.js';

const LABELS_FILE = 'labels.json';
const entry = z.object({ pageOf: z.string().optional(), notes: z.string().optional() }).strict();
const fileSchema = z.record(z.string(), z.union([entry, z.string()]));
type LabelFile = Record<string, Partial<WriterLabels>>;

const cache = new Map<string, LabelFile>();

function readLabels(folder: string): LabelFile {
  let file = join(folder, LABELS_FILE);
  if (!existsSync(file)) file = join(BUNDLED_TEMPLATES, LABELS_FILE);
  let found = cache.get(file);
  if (found) return found;
  if (!existsSync(file)) return {};
  let parsed: z.infer<typeof fileSchema>;
  try {
    parsed = fileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ConfigError('LabelsInvalid', `${file} is not a valid labels file: ${(error as Error).message}`, {
      hint: 'Each key is a language tag mapping to { "pageOf": "… {page} … {pages}", "notes": "…" }.',
      location: { file },
    });
  }
  // Keys starting with "$" are comments.
  found = Object.fromEntries(Object.entries(parsed).filter((e): e is [string, Partial<WriterLabels>] => typeof e[1] === 'object'));
  cache.set(file, found);
  return found;
}

/** Labels for a BCP 47 tag: the exact tag, then its language, then English; per word. */
export function labelsFor(templatesFolder: string, language: string): Partial<WriterLabels> {
  const all = readLabels(templatesFolder);
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));
  const tag = language.toLowerCase();
  return { ...lower.en, ...lower[tag.split('-')[0]!], ...lower[tag] };
}
