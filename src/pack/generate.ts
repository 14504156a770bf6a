// A run: load the pack, plan its documents, build and render each, then write every file at once.
import { loadContent } from '../content/index.js';
import type { Diagnostic } from '../document/model.js';
import type { Env } from '../env.js';
import { loadTemplates } from '../template/index.js';
import { UsageError } from '../errors.js';
import { themeLoader } from '../theme/index.js';
import type { Format } from '../write/index.js';
import { buildDocument, renderDocument, type Services } from './build/build.js';
import { combineDocuments } from './assemble/combine.js';
import { checkEmailFormats, draftFor, type EmailOptions } from './assemble/email.js';
import { sha256, writeAll, type PendingFile } from './output/output.js';
import { checkDistinct, fileBase, planJobs, type Job, type PlanOptions, type PlannedFile } from './plan/plan.js';
import { renderBatch, type PoolOptions } from './execute/pool.js';
import { planRecipientJobs } from './plan/recipients.js';
import { manifestEntries, startJob, type ManifestEntry, type Rendered } from './build/render.js';
import type { Spool } from './execute/spool.js';
import { startWriterThread } from './execute/writer-thread.js';

export type { ManifestEntry, Rendered } from './build/render.js';
export { renderJob } from './build/render.js';

export interface GenerateRequest extends PlanOptions {
  readonly data: string;
  readonly out: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly force?: boolean;
  /** Also write the whole pack as one PDF, in order, with a pack cover and contents. */
  readonly combined?: boolean;
  /** Write an unsent email draft (.eml) with each DOCX attached. */
  readonly email?: EmailOptions;
  /** Make the public documents once for each of these recipients, on worker threads. */
  readonly recipients?: readonly string[];
  readonly pool?: PoolOptions;
}

export interface GenerateResult {
  readonly out: string;
  readonly written: readonly string[];
  readonly files: readonly ManifestEntry[];
  readonly diagnostics: readonly Diagnostic[];
  /** For --for (one name or a list): the public documents made for each, the documents left out, worker threads used (0: rendered in this process). */
  readonly recipients?: { readonly count: number; readonly documents: readonly string[]; readonly skipped: readonly string[]; readonly workers: number };
}

/** Template of the pack cover and contents list that open the combined PDF. */
export const PACK_COVER_TEMPLATE = 'pack-cover';

/**
 * The documents already rendered, joined under a pack cover into one PDF (see combine.ts). It is
 * marked like an internal document of the pack when any part is internal (--marking, else the
 * pack marking); a pack of public documents only carries no marking unless --marking sets one.
 */
async function renderCombined(content: ReturnType<typeof loadContent>, parts: readonly Rendered[], request: GenerateRequest, services: Services) {
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
  const written = await renderDocument(document, 'pdf', services.theme);
  const focus = first.focus ?? [];
  const file = combinedName(focus, request.recipient, audience);
  const entry: ManifestEntry = {
    file,
    document: 'combined',
    template: PACK_COVER_TEMPLATE,
    format: 'pdf',
    audience,
    marking: front.view.document.marking,
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
  return { entry, bytes: written.bytes, diagnostics: [...front.diagnostics, ...written.diagnostics] };
}

const combinedAudience = (jobs: readonly Job[]) => (jobs.some((j) => j.spec.audience === 'internal') ? 'internal' : 'public');

/** The combined PDF's name: the one rule of plan.ts, its tail the audience (see `fileBase`). */
const combinedName = (focus: readonly string[], recipient: string | undefined, audience: string) => `${fileBase('combined', focus, recipient, [audience])}.pdf`;

/** Every file the run will write, known before anything is rendered. */
function plannedFiles(jobs: readonly Job[], request: GenerateRequest): PlannedFile[] {
  const what = (job: Job) => `'${job.spec.id}'${job.request.recipient !== undefined ? ` for "${job.request.recipient}"` : ''}`;
  const files = jobs.flatMap((job) =>
    [...request.formats, ...(request.email ? ['eml'] : [])].map((ext) => ({ file: `${job.base}.${ext}`, what: what(job) })),
  );
  if (request.combined && jobs.length > 0) {
    files.push({ file: combinedName(jobs[0]!.request.focus ?? [], request.recipient, combinedAudience(jobs)), what: 'the combined PDF' });
  }
  return files;
}

export async function generate(request: GenerateRequest, env: Env): Promise<GenerateResult> {
  const content = loadContent(request.data);
  const templates = loadTemplates(request.templates);
  const themeFor = themeLoader();
  const runTheme = themeFor(request.theme);
  if (request.email) checkEmailFormats(request.formats, request.email);
  if (request.combined && request.recipients) {
    throw new UsageError('CombinedWithRecipients', '--combined prints one pack; it cannot be combined with a recipient list.', { hint: 'Run --combined and --for <list> as two commands.' });
  }
  // One recipient or a list: one rule, the public documents once for each.
  const recipients = request.recipients ?? (request.recipient !== undefined ? [request.recipient] : undefined);
  const perRecipient = recipients ? planRecipientJobs(content, templates.folder, request, recipients) : undefined;
  const jobs = perRecipient?.jobs ?? planJobs(content, templates.folder, request);
  checkDistinct(plannedFiles(jobs, request));

  const pending: PendingFile[] = [];
  const entries: ManifestEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const renderedJobs: Rendered[] = [];
  // A pack's own documents are laid out here, in order, their DOCX files written meanwhile on a
  // writer thread. Measured on two cores, rendering whole documents on workers made a pack slower
  // (each worker loads the pipeline and its fonts, and lays out with a cold JIT), so only a
  // recipient list, long enough to pay for that, renders on worker threads (below).
  const pooled = request.recipients !== undefined;
  const overlap = request.formats.includes('docx') && (jobs.length > 1 || request.formats.includes('pdf'));
  const writer = !pooled && overlap ? startWriterThread() : undefined;
  try {
    const started = [];
    for (const job of pooled ? [] : jobs) {
      const theme = themeFor(job.theme);
      started.push({ job, theme, finish: await startJob(job, request.formats, content, { templates, theme, env, ...(writer ? { writer } : {}) }) });
    }
    for (const { job, theme, finish } of started) {
      const rendered = await finish();
      renderedJobs.push(rendered);
      diagnostics.push(...rendered.built.diagnostics, ...rendered.outputs.flatMap((o) => o.written.diagnostics));
      for (const { format, written } of rendered.outputs) pending.push({ name: `${job.base}.${format}`, bytes: written.bytes });
      const made = manifestEntries(rendered, theme.name);
      entries.push(...made);
      const draft = request.email && (await draftFor(rendered, made, request.email, { date: env.now(), ...(request.templates ? { templates: request.templates } : {}) }));
      if (draft) pending.push(draft.file), entries.push(draft.entry);
    }
  } finally {
    await writer?.close();
  }
  let workers = 0;
  let spool: Spool | undefined;
  if (pooled) {
    const setup = { data: request.data, formats: request.formats, date: env.now().getTime(), ...(request.templates ? { templates: request.templates } : {}), ...(request.email ? { email: request.email } : {}) };
    const batch = await renderBatch(jobs, setup, request.out, request.pool);
    ({ workers, spool } = batch);
    pending.push(...batch.files), entries.push(...batch.entries), diagnostics.push(...batch.diagnostics);
  }
  if (request.combined && renderedJobs.length > 0) {
    const combined = await renderCombined(content, renderedJobs, request, { templates, theme: runTheme, env });
    diagnostics.push(...combined.diagnostics);
    pending.push({ name: combined.entry.file, bytes: combined.bytes });
    entries.push(combined.entry);
  }

  const manifest = { pack: content.id, title: content.pack.title, created: env.now().toISOString(), files: entries };
  let written: string[];
  try {
    written = writeAll(request.out, pending, { force: request.force ?? false, manifest });
  } finally {
    spool?.discard();
  }
  return {
    out: request.out,
    written,
    files: entries,
    diagnostics,
    ...(perRecipient ? { recipients: { count: recipients!.length, documents: perRecipient.documents, skipped: perRecipient.skipped, workers } } : {}),
  };
}
