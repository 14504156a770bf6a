// A run, one seam: plan every job and file, execute the jobs (on this thread with a writer thread
// beside it, or on a pool of workers for a recipient list), assemble what spans documents (the
// combined PDF), and stage each file into the output folder as it is ready, committing once.
import { basename } from 'node:path';
import type { Diagnostic } from '../document/model.js';
import type { Env } from '../env.js';
import type { Format } from '../write/index.js';
import { renderCombined } from './assemble/combined.js';
import type { EmailOptions } from './assemble/email.js';
import { renderHere } from './execute/here.js';
import type { JobFiles, JobSetup, ResultSink } from './execute/job.js';
import { renderEach, type PoolOptions, type RenderSetup } from './execute/pool.js';
import type { ManifestEntry } from './output/manifest.js';
import { openOutput, type OutputFs } from './output/output.js';
import type { PlanOptions } from './plan/plan.js';
import { planRun, type RunPlan } from './plan/run.js';

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
  readonly recipients?: readonly string[];
  readonly pool?: PoolOptions;
  /** The output folder's file system effects (tests fail a write part-way). */
  readonly outputFs?: OutputFs;
}

export interface GenerateResult {
  readonly out: string;
  readonly written: readonly string[];
  readonly files: readonly ManifestEntry[];
  readonly diagnostics: readonly Diagnostic[];
  /** For --for (one name or a list): the public documents made for each, the documents left out, worker threads used (0: rendered in this process). */
  readonly recipients?: { readonly count: number; readonly documents: readonly string[]; readonly skipped: readonly string[]; readonly workers: number };
}

export async function generate(request: GenerateRequest, env: Env): Promise<GenerateResult> {
  const plan = planRun(request);
  const output = openOutput(request.out, { force: request.force ?? false, ...(request.outputFs ? { fs: request.outputFs } : {}) });
  // Each job's files are staged as they come and leave memory; what the manifest says stays.
  const made: Omit<JobFiles, 'files'>[] = [];
  const stage: ResultSink = (index, { files, ...rest }) => {
    output.stage(files);
    made[index] = rest;
  };
  try {
    const { workers, rendered } = plan.pooled
      ? { ...(await renderEach(plan.jobs, workerSetup(request, env), stage, request.pool)), rendered: [] }
      : { workers: 0, rendered: await renderHere(plan.jobs, runSetup(plan, request, env), stage) };
    if (request.combined && rendered.length > 0) {
      const services = { templates: plan.templates, theme: plan.themeFor(request.theme), env };
      stage(plan.jobs.length, await renderCombined(plan.content, rendered, request, services));
    }
    const files = made.flatMap((m) => m.entries);
    const written = output.commit({ pack: plan.content.id, title: plan.content.pack.title, created: env.now().toISOString(), files });
    return {
      out: request.out,
      written: inRunOrder(written, files),
      files,
      diagnostics: made.flatMap((m) => m.diagnostics),
      ...(plan.recipients ? { recipients: { count: plan.recipients.names.length, documents: plan.recipients.documents, skipped: plan.recipients.skipped, workers } } : {}),
    };
  } catch (error) {
    output.abort();
    throw error;
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
});

/** What a worker needs to set up the pipeline again: plain data, with the run's clock fixed. */
const workerSetup = (request: GenerateRequest, env: Env): RenderSetup => ({
  data: request.data,
  formats: request.formats,
  date: env.now().getTime(),
  ...(request.templates ? { templates: request.templates } : {}),
  ...(request.email ? { email: request.email } : {}),
});

/** The paths written, in the order of the run's files (workers finish in any order), the manifest last. */
function inRunOrder(written: readonly string[], files: readonly ManifestEntry[]): string[] {
  const rank = new Map(files.map((f, i) => [f.file, i]));
  const at = (path: string) => rank.get(basename(path)) ?? Infinity;
  return [...written].sort((a, b) => at(a) - at(b));
}
