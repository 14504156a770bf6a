// The combined PDF: the documents already rendered, joined under a pack cover into one file to print.
import type { Content } from '../../content/index.js';
import type { Diagnostic, Document } from '../../document/model.js';
import { buildDocument, renderDocument, type Rendered, type Services } from '../compose/build.js';
import { sha256, type ManifestEntry } from '../output/manifest.js';
import type { PendingFile } from '../output/output.js';
import { documentLanguage } from '../plan/plan.js';
import { combinedAudience, combinedName } from '../plan/run.js';
import type { Theme } from '../../theme/index.js';
import { combineDocuments } from './combine.js';

/** Template of the pack cover and contents list that open the combined PDF. */
const PACK_COVER_TEMPLATE = 'pack-cover';

/**
 * The documents already rendered, joined under a pack cover into one PDF (see combine.ts). It is
 * marked like an internal document of the pack when any part is internal (--marking, else the
 * pack marking); a pack of public documents only carries no marking unless --marking sets one.
 */
export async function renderCombined(
  content: Content,
  parts: readonly Rendered[],
  request: { readonly length?: ManifestEntry['options']['length']; readonly recipient?: string; readonly lang?: string },
  services: Services,
  themeFor: (name?: string) => Theme,
): Promise<{ files: PendingFile[]; entries: ManifestEntry[]; diagnostics: Diagnostic[] }> {
  const audience = combinedAudience(parts.map((p) => p.job));
  const first = parts[0]!.job.request;
  const front = buildDocument(
    content,
    { ...first, document: { id: 'combined', template: PACK_COVER_TEMPLATE, audience }, length: 'full', trim: 0 },
    services,
  );
  // The cover prints no topic of its own: the parts' topics are the combined file's keywords.
  const keywords = [...new Set(parts.flatMap((p) => p.built.document.metadata.keywords ?? []))];
  const document = combineDocuments(
    front.document,
    parts.map((p, i) => ({ key: `d${i + 1}`, document: p.built.document })),
    { ...front.document.metadata, keywords },
  );
  const written = await bind(document, parts, services.theme, themeFor);
  const focus = first.focus ?? [];
  const file = combinedName(focus, request.recipient, [audience, ...documentLanguage(content, request.lang).tail]);
  const entry: ManifestEntry = {
    file,
    document: 'combined',
    template: PACK_COVER_TEMPLATE,
    format: 'pdf',
    audience,
    marking: front.view.document.marking,
    language: document.metadata.language,
    pages: written.pages ?? null,
    bytes: written.bytes.byteLength,
    sha256: sha256(written.bytes),
    options: {
      length: request.length ?? 'full',
      focus,
      only: first.only ?? false,
      budget: null,
      trim: 0,
      theme: services.theme.name,
      recipient: request.recipient ?? null,
    },
    parts: parts.map((p) => p.job.base),
  };
  return { files: [{ name: file, bytes: written.bytes }], entries: [entry], diagnostics: [...front.diagnostics, ...written.diagnostics] };
}

/**
 * Lays the pack out for binding: each part in its own document's theme (the speaking notes keep
 * their large print) on the run's paper, and each starting on a right-hand page. Parts start on a
 * new page, so a blank page put before one moves the pages after it by one and changes nothing
 * else: one layout tells where blank pages go, a second makes them.
 */
async function bind(document: Document, parts: readonly Rendered[], theme: Theme, themeFor: (name?: string) => Theme) {
  const bound = document.metadata.parts ?? [];
  const partThemes = Object.fromEntries(bound.map((part, i) => [part.heading, themeFor(parts[i]!.job.theme)]));
  const first = await renderDocument(document, 'pdf', theme, { partThemes });
  const starts = bound.map((part) => first.headingPages?.[part.heading]);
  if (starts.some((page) => page === undefined)) return first;
  let added = 0;
  const blanks: boolean[] = [];
  for (const page of starts) {
    const blank = (page! + added) % 2 === 0;
    if (blank) added++;
    blanks.push(blank);
  }
  if (added === 0) return first;
  const sided: Document = { ...document, metadata: { ...document.metadata, parts: bound.map((part, i) => ({ ...part, blankBefore: blanks[i]! })) } };
  return renderDocument(sided, 'pdf', theme, { partThemes });
}
