// A run, one seam: plan every job and file, execute the jobs (on this thread with a writer thread
// beside it, or on a pool of workers for a recipient list), assemble what spans documents (the
// combined PDF), and stage each file into the output folder as it is ready, committing once.
import { basename } from 'node:path';
import type { Diagnostic } from '../document/model.js';
import type { Env } from '../env.js';
import type { Content } from '../content/index.js';
import type { Format } from '../write/index.js';
import { renderCombined } from './assemble/combined.js';
import type { EmailOptions } from './plan/email.js';
import { renderHere, type RenderHereOptions } from './execute/here.js';
import type { JobFiles, JobSetup, ResultSink } from './execute/job.js';
import { renderEach, type PoolOptions, type RenderSetup } from './execute/pool.js';
import type { ManifestEntry } from './output/manifest.js';
import { openOutput, type Output, type OutputFs, type PendingFile } from './output/output.js';
import type { PlanOptions } from './plan/plan.js';
import type { Recipient } from './plan/recipients.js';
import { planRun, type RunPlan, type RunRequest } from './plan/run.js';

export type { ManifestEntry } from './output/manifest.js';
export type { Rendered } from './compose/build.js';
export { renderJob } from './execute/job.js';

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
  readonly recipients?: readonly (string | Recipient)[];
  readonly pool?: PoolOptions;
  /** PDF/A level of every PDF, over what the themes say. */
  readonly pdfStandard?: RunRequest['pdfStandard'];
  /** Render everything and write nothing: the files come back in `pending` (a preview). */
  readonly dryRun?: boolean;
  /**
   * With `dryRun`: PDFs to show, not to keep — laid out as the written files, drawn without
   * tagging, PDF/A or compression (WriteOptions.preview). What `serve` shows while a pack is edited.
   */
  readonly preview?: boolean;
  /** Called as each of the pack's own documents is laid out (a recipient list reports through `pool`). */
  readonly onDocument?: (done: { readonly base: string; readonly pages: number | null; readonly done: number; readonly total: number }) => void;
  /** The output folder's file system effects (tests fail a write part-way). */
  readonly outputFs?: OutputFs;
}

/**
 * What a long-lived process (serve, --watch) keeps between runs: its own content loader, which
 * keeps what did not change, and no writer thread per run (a new thread lays out with a cold JIT).
 * A one-shot run keeps nothing.
 */
export interface WarmPath {
  readonly loadContent: (folder: string) => Content;
  /** Called when a run ends, made or failed: the process is about to sit idle. */
  readonly afterRun?: () => void;
}
let warm: WarmPath | undefined;
export function keepWarm(path: WarmPath | undefined): void {
  warm = path;
}

export interface GenerateResult {
  readonly out: string;
  readonly written: readonly string[];
  readonly files: readonly ManifestEntry[];
  readonly diagnostics: readonly Diagnostic[];
  /** For --for (one name or a list): the public documents made for each, the documents left out, worker threads used (0: rendered in this process). */
  readonly recipients?: { readonly count: number; readonly documents: readonly string[]; readonly skipped: readonly string[]; readonly workers: number };
  /** For a dry run: every file the run would write, in memory. */
  readonly pending?: readonly PendingFile[];
}

export async function generate(request: GenerateRequest, env: Env): Promise<GenerateResult> {
  const plan = planRun(request, warm?.loadContent);
  // A dry run keeps the files in memory and touches no folder.
  const pending: PendingFile[] = [];
  const output: Output = request.dryRun
    ? { stage: (files) => void pending.push(...files), commit: () => [], abort: () => undefined }
    : openOutput(request.out, { force: request.force ?? false, ...(request.outputFs ? { fs: request.outputFs } : {}) });
  // Each job's files are staged as they come and leave memory; what the manifest says stays.
  const made: Omit<JobFiles, 'files'>[] = [];
  const stage: ResultSink = (index, { files, ...rest }) => {
    output.stage(files);
    made[index] = rest;
  };
  try {
    const { workers, rendered } = plan.pooled
      ? { ...(await renderEach(plan.jobs, workerSetup(request, env), stage, request.pool)), rendered: [] }
      : { workers: 0, rendered: await renderHere(plan.jobs, runSetup(plan, request, env), stage, { writerThread: !warm, ...reporting(plan, request) }) };
    if (request.combined && rendered.length > 0) {
      const services = { templates: plan.templates, theme: plan.themeFor(request.theme), env };
      stage(plan.jobs.length, await renderCombined(plan.content, rendered, request, services, plan.themeFor));
    }
    const files = made.flatMap((m) => m.entries);
    const written = output.commit({ pack: plan.content.id, title: plan.content.pack.title, created: env.now().toISOString(), files });
    return {
      out: request.out,
      written: inRunOrder(written, files),
      ...(request.dryRun ? { pending: inRunOrder(pending, files, (p) => p.name) } : {}),
      files,
      diagnostics: made.flatMap((m) => m.diagnostics),
      ...(plan.recipients ? { recipients: { count: plan.recipients.names.length, documents: plan.recipients.documents, skipped: plan.recipients.skipped, workers } } : {}),
    };
  } catch (error) {
    output.abort();
    throw error;
  } finally {
    warm?.afterRun?.();
  }
}

const runSetup = (plan: RunPlan, request: GenerateRequest, env: Env): JobSetup => ({
  content: plan.content,
  templates: plan.templates,
  themeFor: plan.themeFor,
  env,
  formats: request.formats,
  ...(request.email ? { email: request.email } : {}),
  ...(request.templates ? { templatesFolder: request.templates } : {}),
  // A preview is never written: a run that writes makes the files.
  ...(request.preview && request.dryRun ? { preview: true } : {}),
});

/** What a worker needs to set up the pipeline again: plain data, with the run's clock fixed. */
const workerSetup = (request: GenerateRequest, env: Env): RenderSetup => ({
  data: request.data,
  formats: request.formats,
  date: env.now().getTime(),
  ...(request.templates ? { templates: request.templates } : {}),
  ...(request.email ? { email: request.email } : {}),
  ...(request.pdfStandard ? { pdfStandard: request.pdfStandard } : {}),
});

/** Tells `onDocument` of each pack document as it is laid out (in job order on this thread). */
function reporting(plan: RunPlan, request: GenerateRequest): Pick<RenderHereOptions, 'onLaidOut'> {
  const report = request.onDocument;
  if (!report) return {};
  return { onLaidOut: (index, pages) => report({ base: plan.jobs[index]!.base, pages, done: index + 1, total: plan.jobs.length }) };
}

/** The paths written, in the order of the run's files (workers finish in any order), the manifest last. */
function inRunOrder<T = string>(written: readonly T[], files: readonly ManifestEntry[], path: (item: T) => string = String): T[] {
  const rank = new Map(files.map((f, i) => [f.file, i]));
  const at = (item: T) => rank.get(basename(path(item))) ?? Infinity;
  return [...written].sort((a, b) => at(a) - at(b));
}
