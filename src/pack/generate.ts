import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent, type Content, type DocumentSpec, type Length } from '../content/index.js';
import type { Diagnostic } from '../document/model.js';
import type { Env } from '../env.js';
import { ConfigError, UsageError, choicesHint } from '../errors.js';
import { resolveTopics } from '../select/index.js';
import { loadTemplates } from '../template/index.js';
import { loadTheme } from '../theme/index.js';
import type { Format } from '../write/index.js';
import { buildDocument, renderDocument, type Built, type DocumentRequest } from './build.js';
import { fitToPages } from './fit.js';
import { MANIFEST, ownedFiles, safeName, sha256, writeAll, type PendingFile } from './output.js';

/** Page budgets the lengths imply; `full` has none. */
export const LENGTH_BUDGET: Record<Length, number | undefined> = { short: 1, standard: 3, full: undefined };

export interface GenerateRequest {
  readonly data: string;
  readonly out: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly theme?: string;
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
  readonly force?: boolean;
}

export interface ManifestEntry {
  readonly file: string;
  readonly document: string;
  readonly template: string;
  readonly format: Format;
  readonly audience: string;
  readonly marking: string | null;
  readonly pages: number | null;
  readonly bytes: number;
  readonly sha256: string;
  readonly options: {
    readonly length: Length;
    readonly focus: readonly string[];
    readonly only: boolean;
    readonly budget: number | null;
    readonly trim: number;
    readonly theme: string;
    readonly recipient: string | null;
  };
}

export interface GenerateResult {
  readonly out: string;
  readonly written: readonly string[];
  readonly files: readonly ManifestEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

export function packDocuments(content: Content, templatesFolder: string): DocumentSpec[] {
  if (content.documents.length > 0) return [...content.documents];
  const defaults = join(templatesFolder, 'documents.json');
  if (!existsSync(defaults)) return [{ id: 'briefing', template: 'briefing', audience: 'internal', length: 'full' }];
  try {
    return (JSON.parse(readFileSync(defaults, 'utf8')) as { documents: DocumentSpec[] }).documents;
  } catch (error) {
    throw new ConfigError('DocumentsInvalid', `${defaults} is not valid JSON: ${(error as Error).message}`, { location: { file: defaults } });
  }
}

export async function generate(request: GenerateRequest, env: Env): Promise<GenerateResult> {
  const content = loadContent(request.data);
  const templates = loadTemplates(request.templates);
  const theme = loadTheme(request.theme);
  const services = { templates, theme, env };
  const focus = resolveTopics(content, request.topics ?? []);
  const all = packDocuments(content, templates.folder);
  let specs: DocumentSpec[];
  if (request.template) {
    specs = [{ id: request.template, template: request.template, audience: 'internal', length: request.length ?? 'standard' }];
  } else if (request.documents?.length) {
    specs = request.documents.map((id) => {
      const spec = all.find((d) => d.id === id);
      if (!spec) throw new UsageError('UnknownDocument', `The pack has no document '${id}'.`, { hint: choicesHint(id, all.map((d) => d.id)) });
      return spec;
    });
  } else specs = all;

  const pending: PendingFile[] = [];
  const entries: ManifestEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const spec of specs) {
    const length = request.length ?? spec.length;
    const docRequest: DocumentRequest = {
      document: spec,
      length,
      focus,
      only: request.only ?? false,
      ...(request.recipient ? { recipient: request.recipient } : {}),
      ...(request.marking ? { marking: request.marking } : {}),
    };
    const budget = request.pages ?? LENGTH_BUDGET[length];
    let built: Built;
    let trim = 0;
    let pdf;
    if (budget !== undefined) {
      const fitted = await fitToPages(content, docRequest, budget, services);
      ({ built, trim, pdf } = fitted);
    } else built = buildDocument(content, docRequest, services);
    diagnostics.push(...built.diagnostics);
    const base = [safeName(spec.id), ...focus.map(safeName), ...(request.recipient ? [safeName(request.recipient)] : []), length].join('-');
    for (const format of request.formats) {
      const written = format === 'pdf' && pdf ? pdf : await renderDocument(built.document, format, theme);
      diagnostics.push(...written.diagnostics);
      const file = `${base}.${format}`;
      pending.push({ name: file, bytes: written.bytes });
      entries.push({
        file,
        document: spec.id,
        template: spec.template,
        format,
        audience: spec.audience,
        marking: built.view.document.marking,
        pages: written.pages ?? null,
        bytes: written.bytes.byteLength,
        sha256: sha256(written.bytes),
        options: {
          length,
          focus,
          only: request.only ?? false,
          budget: budget ?? null,
          trim,
          theme: theme.name,
          recipient: request.recipient ?? null,
        },
      });
    }
  }
  const manifest = {
    generator: 'briefpack',
    pack: content.id,
    title: content.pack.title,
    created: env.now().toISOString(),
    files: entries,
    // Everything briefpack wrote here, so a later run may replace it without --force.
    owned: [...new Set([...ownedFiles(request.out), ...entries.map((e) => e.file)])].sort(),
  };
  pending.push({ name: MANIFEST, bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) });
  const written = writeAll(request.out, pending, { force: request.force ?? false });
  return { out: request.out, written, files: entries, diagnostics };
}
