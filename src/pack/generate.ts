// A run: load the pack, plan its documents, build and render each, then write every file at once.
import { loadContent, type Length } from '../content/index.js';
import type { Diagnostic } from '../document/model.js';
import type { Env } from '../env.js';
import { loadTemplates } from '../template/index.js';
import { loadTheme } from '../theme/index.js';
import type { Format, Written } from '../write/index.js';
import { buildDocument, renderDocument, type Built, type Services } from './build.js';
import { checkEmailFormats, draftFor, type EmailOptions } from './email.js';
import { fitToPages } from './fit.js';
import { MANIFEST, ownedFiles, sha256, writeAll, type PendingFile } from './output.js';
import { planJobs, type Job, type PlanOptions } from './plan.js';
import { planRecipientJobs, renderAll, type PoolOptions } from './recipients.js';

export interface GenerateRequest extends PlanOptions {
  readonly data: string;
  readonly out: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly theme?: string;
  readonly force?: boolean;
  /** Write an unsent email draft (.eml) with each DOCX attached. */
  readonly email?: EmailOptions;
  /** Make the public documents once for each of these recipients, on worker threads. */
  readonly recipients?: readonly string[];
  readonly pool?: PoolOptions;
}

export interface ManifestEntry {
  readonly file: string;
  readonly document: string;
  readonly template: string;
  readonly format: Format | 'eml';
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
  /** For a recipient list: the public documents made for each, the documents left out, workers used. */
  readonly recipients?: { readonly count: number; readonly documents: readonly string[]; readonly skipped: readonly string[]; readonly workers: number };
}

/** One document of a run, built and rendered in every format asked for. */
export interface Rendered {
  readonly job: Job;
  readonly built: Built;
  readonly trim: number;
  readonly outputs: readonly { readonly format: Format; readonly written: Written }[];
}

export async function renderJob(job: Job, formats: readonly Format[], content: ReturnType<typeof loadContent>, services: Services): Promise<Rendered> {
  let built: Built;
  let trim = 0;
  let pdf: Written | undefined;
  if (job.budget !== undefined) ({ built, trim, pdf } = await fitToPages(content, job.request, job.budget, services));
  else built = buildDocument(content, job.request, services);
  const outputs = [];
  for (const format of formats) {
    outputs.push({ format, written: format === 'pdf' && pdf ? pdf : await renderDocument(built.document, format, services.theme) });
  }
  return { job, built, trim, outputs };
}

export function manifestEntries(rendered: Rendered, themeName: string): ManifestEntry[] {
  const { job, built, trim } = rendered;
  return rendered.outputs.map(({ format, written }) => ({
    file: `${job.base}.${format}`,
    document: job.spec.id,
    template: job.spec.template,
    format,
    audience: job.spec.audience,
    marking: built.view.document.marking,
    pages: written.pages ?? null,
    bytes: written.bytes.byteLength,
    sha256: sha256(written.bytes),
    options: {
      length: job.request.length,
      focus: job.request.focus ?? [],
      only: job.request.only ?? false,
      budget: job.budget ?? null,
      trim,
      theme: themeName,
      recipient: job.request.recipient ?? null,
    },
  }));
}

export async function generate(request: GenerateRequest, env: Env): Promise<GenerateResult> {
  const content = loadContent(request.data);
  const templates = loadTemplates(request.templates);
  const theme = loadTheme(request.theme);
  const services: Services = { templates, theme, env };
  if (request.email) checkEmailFormats(request.formats, request.email);
  const perRecipient = request.recipients ? planRecipientJobs(content, templates.folder, request, request.recipients) : undefined;
  const jobs = perRecipient?.jobs ?? planJobs(content, templates.folder, request);

  const pending: PendingFile[] = [];
  const entries: ManifestEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  // A recipient list renders on worker threads (below); a single run renders here, in order.
  for (const job of perRecipient ? [] : jobs) {
    const rendered = await renderJob(job, request.formats, content, services);
    diagnostics.push(...rendered.built.diagnostics, ...rendered.outputs.flatMap((o) => o.written.diagnostics));
    for (const { format, written } of rendered.outputs) pending.push({ name: `${job.base}.${format}`, bytes: written.bytes });
    const made = manifestEntries(rendered, theme.name);
    entries.push(...made);
    const draft = request.email && (await draftFor(rendered, made, request.email, { date: env.now(), ...(request.templates ? { templates: request.templates } : {}) }));
    if (draft) pending.push(draft.file), entries.push(draft.entry);
  }
  let workers = 0;
  if (perRecipient) {
    const setup = { data: request.data, formats: request.formats, date: env.now().getTime(), ...(request.templates ? { templates: request.templates } : {}), ...(request.theme ? { theme: request.theme } : {}), ...(request.email ? { email: request.email } : {}) };
    const pooled = await renderAll(jobs, setup, request.pool);
    workers = pooled.workers;
    for (const r of pooled.results) pending.push(...r.files), entries.push(...r.entries), diagnostics.push(...r.diagnostics);
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
  return {
    out: request.out,
    written,
    files: entries,
    diagnostics,
    ...(perRecipient ? { recipients: { count: request.recipients!.length, documents: perRecipient.documents, skipped: perRecipient.skipped, workers } } : {}),
  };
}
