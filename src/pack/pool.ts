// Rendering jobs on worker threads, one per core, each loading the pipeline once. Results come
// back as bytes with their manifest entries; the caller writes every file at once. Used for
// recipient lists (a pack's own few documents render faster in one process; see generate.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadContent } from '../content/index.js';
import type { Diagnostic } from '../document/model.js';
import { fixedEnv } from '../env.js';
import { loadTemplates } from '../template/index.js';
import { themeLoader } from '../theme/index.js';
import type { Format } from '../write/index.js';
import type { Services } from './build.js';
import { draftFor, type EmailOptions } from './email.js';
import { manifestEntries, renderJob, type ManifestEntry } from './render.js';
import type { PendingFile } from './output.js';
import type { Job } from './plan.js';
import { revive, type SerialisedError } from './thread-errors.js';

/** What a worker needs to set up the pipeline: plain data only, it crosses a thread boundary. */
export interface RenderSetup {
  readonly data: string;
  readonly templates?: string;
  readonly formats: readonly Format[];
  readonly email?: EmailOptions;
  /** The run's clock, fixed once so every worker stamps the same time. */
  readonly date: number;
}

export interface JobFiles {
  readonly files: PendingFile[];
  readonly entries: ManifestEntry[];
  readonly diagnostics: Diagnostic[];
}

/** Loads the pack, templates and theme once; returns a function rendering one job into files. */
export function jobRenderer(setup: RenderSetup): (job: Job) => Promise<JobFiles> {
  const content = loadContent(setup.data);
  const templates = loadTemplates(setup.templates);
  const env = fixedEnv(new Date(setup.date));
  // A job names its theme (the document's own, else --theme).
  const themeFor = themeLoader();
  return async (job) => {
    const theme = themeFor(job.theme);
    const services: Services = { templates, theme, env };
    const rendered = await renderJob(job, setup.formats, content, services);
    const files: PendingFile[] = rendered.outputs.map(({ format, written }) => ({ name: `${job.base}.${format}`, bytes: written.bytes }));
    const entries = manifestEntries(rendered, theme.name);
    if (setup.email) {
      const draft = await draftFor(rendered, entries, job.to ? { ...setup.email, to: job.to } : setup.email, { date: env.now(), ...(setup.templates ? { templates: setup.templates } : {}) });
      if (draft) files.push(draft.file), entries.push(draft.entry);
    }
    return { files, entries, diagnostics: [...rendered.built.diagnostics, ...rendered.outputs.flatMap((o) => o.written.diagnostics)] };
  };
}

export interface PoolOptions {
  /** Number of workers; default one per core, never more than jobs. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The compiled worker; absent when running from the TypeScript sources (tests), then we render in-process. */
const WORKER_FILE = fileURLToPath(new URL('./render-worker.js', import.meta.url));

export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(WORKER_FILE);
}

/** Renders every job, in parallel when it can; results come back in job order. */
export async function renderAll(jobs: readonly Job[], setup: RenderSetup, options: PoolOptions = {}): Promise<{ results: JobFiles[]; workers: number }> {
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  if (!workersAvailable() || size === 1) {
    const render = jobRenderer(setup);
    const results: JobFiles[] = [];
    for (const job of jobs) {
      results.push(await render(job));
      options.onProgress?.(results.length, jobs.length);
    }
    return { results, workers: 1 };
  }
  return { results: await pool(jobs, setup, size, options.onProgress), workers: size };
}

type Reply = { index: number; result: JobFiles } | { index: number; error: SerialisedError } | { fatal: SerialisedError };

function pool(jobs: readonly Job[], setup: RenderSetup, size: number, onProgress?: (done: number, total: number) => void): Promise<JobFiles[]> {
  return new Promise((resolve, reject) => {
    const results: JobFiles[] = new Array(jobs.length);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let failed = false;
    const stop = () => Promise.all(workers.map((w) => w.terminate()));
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      void stop().then(() => reject(error));
    };
    const feed = (worker: Worker) => {
      if (next < jobs.length) {
        const index = next++;
        worker.postMessage({ index, job: jobs[index] });
      }
    };
    for (let i = 0; i < size; i++) {
      // Laying out allocates many short-lived objects; a larger young generation means fewer
      // collections (measured: 200 handouts about a tenth faster, for ~100 MB more peak memory).
      const worker = new Worker(WORKER_FILE, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 128 } });
      workers.push(worker);
      worker.on('message', (reply: Reply) => {
        if ('fatal' in reply) return fail(revive(reply.fatal));
        if ('error' in reply) return fail(revive(reply.error));
        results[reply.index] = reply.result;
        done++;
        onProgress?.(done, jobs.length);
        if (done === jobs.length) void stop().then(() => resolve(results));
        else feed(worker);
      });
      worker.on('error', fail);
      feed(worker);
    }
  });
}
