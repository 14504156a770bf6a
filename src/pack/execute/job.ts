// One job of a run into its files: the document built (or fitted to its budget), rendered in every
// format asked for, described for the manifest, and its covering email drafted when asked. Both
// executors use `startJobFiles`: the run's own thread (DOCX handed to the writer thread) and each
// worker of a pool (pool.ts).
import type { Content } from '../../content/index.js';
import { DiagnosticCode } from '../../document/diagnostics.js';
import type { Diagnostic } from '../../document/model.js';
import type { Env } from '../../env.js';
import type { TemplateSet } from '../../template/index.js';
import type { Theme } from '../../theme/index.js';
import type { Format, Written } from '../../write/index.js';
import { draftFor } from '../assemble/email.js';
import type { EmailOptions } from '../plan/email.js';
import { buildDocument, hasContents, pdfOptions, renderDocument, renderMeasured, withLayout, type Built, type ElsewhereWriter, type Rendered, type Services } from '../compose/build.js';
import { fitToPages } from '../compose/fit.js';
import { trimmedParts } from '../../select/trimmed.js';
import { sha256, type ManifestEntry } from '../output/manifest.js';
import type { PendingFile } from '../output/output.js';
import type { Job } from '../plan/plan.js';
import { WRITTEN_ELSEWHERE } from './writer-thread.js';

/** What every job of a run shares: loaded once per run (or once per worker). */
export interface JobSetup {
  readonly content: Content;
  readonly templates: TemplateSet;
  /** A job names its theme (the document's own, else --theme). */
  readonly themeFor: (name?: string) => Theme;
  readonly env: Env;
  readonly formats: readonly Format[];
  readonly email?: EmailOptions;
  /** The template folder given with --templates, where the email's own template is looked for. */
  readonly templatesFolder?: string;
  readonly writer?: ElsewhereWriter;
  /** The PDFs are previews (WriteOptions.preview); only a dry run asks for them. */
  readonly preview?: boolean;
}

/** One job's files, in the order they are written, and what the manifest and the user learn of them. */
export interface JobFiles {
  readonly files: PendingFile[];
  readonly entries: ManifestEntry[];
  readonly diagnostics: Diagnostic[];
}

/** Takes each job's result as it completes (in any order); the next job waits for it to return. */
export type ResultSink = (index: number, result: JobFiles) => void | Promise<void>;

/** A job's files with the document they came from (the combined PDF is made of those). */
export interface JobDone extends JobFiles {
  readonly rendered: Rendered;
}

/**
 * Job → files. Starts the job (see `startJob`) and returns the rest: finishing waits for what the
 * writer thread writes, so a run starts every job before it finishes any.
 */
export async function startJobFiles(job: Job, setup: JobSetup): Promise<Started<JobDone>> {
  const theme = setup.themeFor(job.theme);
  const { pages, finish } = await startJob(job, setup.formats, setup.content, { templates: setup.templates, theme, env: setup.env, ...(setup.writer ? { writer: setup.writer } : {}), ...(setup.preview ? { preview: true } : {}) });
  return { pages, finish: async () => {
    const rendered = await finish();
    const files: PendingFile[] = rendered.outputs.map(({ format, written }) => ({ name: `${job.base}.${format}`, bytes: written.bytes }));
    const entries = manifestEntries(rendered, theme.name);
    const diagnostics = [...rendered.built.diagnostics, ...rendered.outputs.flatMap((o) => o.written.diagnostics)];
    if (setup.email) {
      const draft = await draftFor(rendered, entries, job.to ? { ...setup.email, to: job.to } : setup.email, { date: setup.env.now(), ...(setup.templatesFolder ? { templates: setup.templatesFolder } : {}) });
      if (draft) files.push(draft.file), entries.push(draft.entry);
    }
    return { rendered, files, entries, diagnostics };
  } };
}

/** A job whose layout on this thread is done: its PDF's pages (null without one), and the rest to wait for. */
export interface Started<T> {
  readonly pages: number | null;
  readonly finish: () => Promise<T>;
}

/** One job from start to finish (a recipient worker's, or a caller with one document). */
export async function renderJob(job: Job, formats: readonly Format[], content: Content, services: Services): Promise<Rendered> {
  return (await startJob(job, formats, content, services)).finish();
}

type Output = { format: Format; written: Written };

/**
 * This thread's part of a job: build (or fit) and lay out the PDF, handing the DOCX to the writer
 * thread when there is one. Returns the rest, which waits for what that thread writes: a run
 * starts every job before it finishes any, so this thread never waits while the other works.
 */
async function startJob(job: Job, formats: readonly Format[], content: Content, services: Services): Promise<Started<Rendered>> {
  let built: Built;
  let trim = 0;
  let pdf: Written | undefined;
  if (job.budget !== undefined) ({ built, trim, pdf } = await fitToPages(content, job.request, job.budget, services, job.hardBudget));
  else {
    built = buildDocument(content, job.request, services);
    // Whether the contents list stays depends on the PDF's length, whatever the formats asked for.
    if (hasContents(built.document)) ({ built, pdf } = await renderMeasured(built, services.theme, pdfOptions(services)));
    // The PDF may tighten its spacing to pull back a short last page, or start a page early to
    // fill a section's last page: laid out first, it tells the DOCX, so both break their pages
    // alike, and the DOCX is the same file whether or not the PDF was asked for.
    else if (formats.includes('docx')) pdf = await renderDocument(built.document, 'pdf', services.theme, pdfOptions(services));
  }
  // Fitting cuts only the attempts it throws away; a cut PDF here would be a lost page.
  if (pdf?.truncated) throw new Error(`The PDF of '${job.base}' was cut at its page budget but kept.`);
  if (pdf) built = withLayout(built, pdf);
  const document = built.document;
  const { writer, theme } = services;
  const elsewhere = (format: Format) => writer !== undefined && WRITTEN_ELSEWHERE.has(format);
  // Handed over first, so that thread starts while this one lays out.
  const handed = new Map<Format, Promise<Written>>();
  for (const format of formats.filter(elsewhere)) {
    const written = writer!.write(document, format, theme);
    // Awaited when the job finishes; until then its failure must not count as unhandled.
    written.catch(() => undefined);
    handed.set(format, written);
  }
  const here = new Map<Format, Written>();
  for (const format of formats) {
    if (!elsewhere(format)) here.set(format, format === 'pdf' && pdf ? pdf : await renderDocument(document, format, theme, format === 'pdf' ? pdfOptions(services) : {}));
  }
  const finish = async () => {
    const outputs: Output[] = [];
    for (const format of formats) outputs.push({ format, written: here.get(format) ?? (await handed.get(format)!) });
    const checked = formats.includes('pdf') ? await withGlyphWarnings(built, outputs, services) : built;
    return { job, built: checked, trim, outputs };
  };
  return { pages: here.get('pdf')?.pages ?? null, finish };
}

/**
 * Missing-glyph warnings that name the item; they replace the PDF writer's anonymous one. The
 * writer already checked every character it printed, so the view is searched only when it found some.
 */
async function withGlyphWarnings(built: Built, outputs: Output[], services: Services): Promise<Built> {
  if (!outputs.some((o) => o.format === 'pdf' && o.written.diagnostics.some((d) => d.code === DiagnosticCode.MissingGlyphs))) return built;
  const { glyphWarnings } = await import('../compose/glyphs.js');
  const named = glyphWarnings(built.view, services.theme);
  if (named.length === 0) return built;
  for (const [i, o] of outputs.entries()) {
    if (o.format === 'pdf') outputs[i] = { ...o, written: { ...o.written, diagnostics: o.written.diagnostics.filter((d) => d.code !== DiagnosticCode.MissingGlyphs) } };
  }
  return { ...built, diagnostics: [...built.diagnostics, ...named] };
}

function manifestEntries(rendered: Rendered, themeName: string): ManifestEntry[] {
  const { job, built, trim } = rendered;
  const warnings = built.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
  return rendered.outputs.map(({ format, written }) => ({
    file: `${job.base}.${format}`,
    document: job.spec.id,
    template: job.spec.template,
    format,
    audience: job.spec.audience,
    marking: built.view.document.marking,
    language: built.document.metadata.language,
    pages: written.pages ?? null,
    bytes: written.bytes.byteLength,
    sha256: sha256(written.bytes),
    options: {
      length: job.request.length,
      focus: job.request.focus ?? [],
      only: job.request.only ?? false,
      budget: job.budget ?? null,
      trim,
      ...(trim > 0 ? { trimmed: trimmedParts(job.request.length, trim, { focused: (job.request.focus ?? []).length > 0, only: job.request.only ?? false }) } : {}),
      theme: themeName,
      recipient: job.request.recipient ?? null,
    },
    ...(warnings.length ? { warnings } : {}),
  }));
}
