// briefpack as a library: `import { generate, validate, loadPack } from 'briefpack'`. The same
// pipeline the CLI runs, returning what it made (files, warnings, the manifest) and never printing:
// the caller decides what to show. Errors are thrown as typed BriefpackErrors (code, hint,
// location), as the CLI receives them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent, type Content } from './content/index.js';
import type { Diagnostic } from './document/model.js';
import { fixedEnv, processEnv } from './env.js';
import { BriefpackError, type ErrorDetail } from './errors.js';
import { generate as run, MANIFEST, type GenerateRequest, type ManifestEntry } from './pack/index.js';
import type { Recipient } from './pack/plan/recipients.js';
import { FORMATS, type Format } from './write/types.js';

export { BriefpackError, type ErrorDetail, type ErrorLocation } from './errors.js';
export type { Content, Item, Length, PackInfo, Topic } from './content/index.js';
export type { Diagnostic } from './document/model.js';
export type { ManifestEntry } from './pack/index.js';
export type { Recipient } from './pack/plan/recipients.js';
export { readRecipientList } from './pack/plan/recipients.js';
export { FORMATS, type Format } from './write/types.js';

/** The options of `briefpack generate`, as an object. */
export interface GenerateOptions {
  /** The pack folder. */
  readonly data: string;
  /** The output folder; written all at once, or not at all. */
  readonly out: string;
  /** Default: every format (pdf, docx, md). */
  readonly formats?: readonly Format[];
  readonly documents?: readonly string[];
  readonly template?: string;
  readonly templates?: string;
  readonly theme?: string;
  readonly length?: GenerateRequest['length'];
  readonly topics?: readonly string[];
  readonly only?: boolean;
  readonly pages?: number;
  readonly marking?: string;
  /** One recipient by name, or a list (names or recipients with email, lang, organisation). */
  readonly recipient?: string;
  readonly recipients?: readonly (string | Recipient)[];
  readonly email?: { readonly to?: string; readonly attachPdf?: boolean };
  readonly combined?: boolean;
  readonly force?: boolean;
  /** The date printed in documents; default SOURCE_DATE_EPOCH when set, else now. */
  readonly date?: Date;
  /** Called as each document of the pack is laid out, before the next one starts (pages of its PDF). */
  readonly onDocument?: GenerateRequest['onDocument'];
}

/** The manifest a run writes beside its files (manifest.json). */
export interface Manifest {
  readonly generator: string;
  readonly pack: string;
  readonly title: string;
  readonly created: string;
  readonly files: readonly ManifestEntry[];
  readonly [more: string]: unknown;
}

export interface GenerateOutcome {
  readonly out: string;
  /** Paths of the files written (the manifest included). */
  readonly written: readonly string[];
  /** One entry per file made: document, format, pages, bytes, sha256, options (and what fitting trimmed). */
  readonly files: readonly ManifestEntry[];
  readonly warnings: readonly Diagnostic[];
  readonly manifest: Manifest;
}

/** Makes a pack's documents into `out`. Throws a BriefpackError for bad input; prints nothing. */
export async function generate(options: GenerateOptions): Promise<GenerateOutcome> {
  const { date, formats, ...rest } = options;
  const result = await run({ ...rest, formats: formats ?? FORMATS }, date ? fixedEnv(date) : processEnv());
  return {
    out: result.out,
    written: result.written,
    files: result.files,
    warnings: result.diagnostics,
    manifest: JSON.parse(readFileSync(join(result.out, MANIFEST), 'utf8')) as Manifest,
  };
}

/** A pack folder read and checked: its content, or throws a BriefpackError listing every problem. */
export function loadPack(folder: string): Content {
  return loadContent(folder);
}

export type Validation =
  | { readonly valid: true; readonly pack: string; readonly counts: { readonly topics: number; readonly items: number; readonly sessions: number; readonly sources: number } }
  | { readonly valid: false; readonly code: string; readonly message: string; readonly hint: string | null; readonly problems: readonly ErrorDetail[] };

/**
 * Checks a pack folder as `briefpack validate` does. Problems with the pack come back as data
 * (each with file, line, field and, for YAML mistakes, the fix); only a bug of ours is thrown.
 */
export function validate(folder: string): Validation {
  try {
    const content = loadContent(folder);
    return { valid: true, pack: content.id, counts: { topics: content.topics.length, items: content.items.length, sessions: content.agenda.length, sources: content.sources.length } };
  } catch (error) {
    if (!(error instanceof BriefpackError)) throw error;
    const problems = error.details.length > 0 ? error.details : [{ message: error.message, ...(error.location ? { location: error.location } : {}), ...(error.frame ? { frame: error.frame } : {}) }];
    return { valid: false, code: error.code, message: error.message, hint: error.hint ?? null, problems };
  }
}
