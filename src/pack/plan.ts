// Which documents a run builds, and with which options: the pack's own list (or the bundled
// defaults), narrowed by --doc or replaced by --template, with the run's length, focus and marking.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { documentSchema, type Content, type DocumentSpec, type Length } from '../content/schema.js';
import { UsageError, choicesHint } from '../errors.js';
import { readJsonFile } from '../files/json.js';
import { refuseOutside } from '../files/read.js';
import { resolveTopics } from '../select/index.js';
import type { DocumentRequest } from './build.js';

/** Page budgets the lengths imply; `full` has none. */
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
}

export interface Job {
  readonly spec: DocumentSpec;
  readonly request: DocumentRequest;
  /** Page budget to fit into, if any. */
  readonly budget: number | undefined;
  /** File name without extension. */
  readonly base: string;
  /** Theme name or file: the document's own, else the run's (--theme), else undefined = default. */
  readonly theme: string | undefined;
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

export function planJobs(content: Content, templatesFolder: string, options: PlanOptions): Job[] {
  const focus = resolveTopics(content, options.topics ?? []);
  const all = packDocuments(content, templatesFolder);
  let specs: DocumentSpec[];
  if (options.template) {
    specs = [{ id: options.template, template: options.template, audience: 'internal', length: options.length ?? 'standard' }];
  } else if (options.documents?.length) {
    specs = options.documents.map((id) => {
      const spec = all.find((d) => d.id === id);
      if (!spec) throw new UsageError('UnknownDocument', `The pack has no document '${id}'.`, { hint: choicesHint(id, all.map((d) => d.id)) });
      return spec;
    });
  } else specs = all;

  return specs.map((spec) => {
    const length = options.length ?? spec.length;
    const request: DocumentRequest = {
      document: spec,
      length,
      focus,
      only: options.only ?? false,
      ...(options.recipient ? { recipient: options.recipient } : {}),
      ...(options.marking ? { marking: options.marking } : {}),
    };
    const base = [spec.id, ...focus, ...(options.recipient ? [options.recipient] : []), length].map(safeName).join('-');
    // A theme file a pack names is read from the pack folder; a bare name is a bundled theme.
    const own = spec.theme && (spec.theme.includes('/') || spec.theme.endsWith('.json')) ? resolve(content.folder, spec.theme) : spec.theme;
    if (own && own !== spec.theme) refuseOutside(own, content.folder, { shown: spec.theme, referredBy: `document '${spec.id}' theme` });
    return { spec, request, budget: options.pages ?? LENGTH_BUDGET[length], base, theme: own ?? options.theme };
  });
}

/** Turns any id or recipient name into a safe file name part: no separators, no dots at the start. */
export function safeName(text: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '')
    .replace(/\.{2,}/g, '.')
    .slice(0, 80);
  return cleaned || 'document';
}
