// Rendering jobs on worker threads, one per core, each loading the pipeline once. Each result
// (file bytes and manifest entries) goes to the caller as soon as it is ready and is not kept
// here, so a batch of any length holds only the jobs under way. Used for recipient lists (a
// pack's own few documents render faster in one process; see generate.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadContent } from '../../content/index.js';
import { fixedEnv } from '../../env.js';
import { loadTemplates } from '../../template/index.js';
import { themeLoader } from '../../theme/index.js';
import type { Format, PdfStandard } from '../../write/index.js';
import type { EmailOptions } from '../plan/email.js';
import type { Job } from '../plan/plan.js';
import { startJobFiles, type JobFiles, type ResultSink } from './job.js';
import { revive, type SerialisedError } from './thread-errors.js';

/** What a worker needs to set up the pipeline: plain data only, it crosses a thread boundary. */
export interface RenderSetup {
  readonly data: string;
  readonly templates?: string;
  readonly formats: readonly Format[];
  readonly email?: EmailOptions;
  /** The run's clock, fixed once so every worker stamps the same time. */
  readonly date: number;
  readonly pdfStandard?: PdfStandard;
}

/** Loads the pack, templates and theme once; returns a function rendering one job into files. */
export function jobRenderer(setup: RenderSetup): (job: Job) => Promise<JobFiles> {
  const shared = {
    content: loadContent(setup.data),
    templates: loadTemplates(setup.templates),
    themeFor: themeLoader(setup.pdfStandard ? { pdfStandard: setup.pdfStandard } : {}),
    env: fixedEnv(new Date(setup.date)),
    formats: setup.formats,
    ...(setup.email ? { email: setup.email } : {}),
    ...(setup.templates ? { templatesFolder: setup.templates } : {}),
  };
  return async (job) => {
    // Only the files go back: the document they came from stays on this thread.
    const { files, entries, diagnostics } = await (await startJobFiles(job, shared)).finish();
    return { files, entries, diagnostics };
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

/**
 * Renders every job, in parallel when it can, handing each result to `sink` as it completes.
 * Nothing is kept: memory holds one result per worker at most, whatever the number of jobs.
 */
export async function renderEach(jobs: readonly Job[], setup: RenderSetup, sink: ResultSink, options: PoolOptions = {}): Promise<{ workers: number }> {
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  // Shown at once: the first results take longest, while each worker loads the pipeline.
  options.onProgress?.(0, jobs.length);
  if (!workersAvailable() || size === 1) {
    const render = jobRenderer(setup);
    for (const [index, job] of jobs.entries()) {
      await sink(index, await render(job));
      options.onProgress?.(index + 1, jobs.length);
    }
    return { workers: 1 };
  }
  await pool(jobs, setup, size, sink, options.onProgress);
  return { workers: size };
}

/**
 * The buffers a result's files own whole, to move to the main thread rather than copy. A view
 * into a larger buffer (Node's small-buffer pool) is copied: moving it would take its neighbours.
 */
export function transferable(result: JobFiles): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const { bytes } of result.files) {
    if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) buffers.add(bytes.buffer);
  }
  return [...buffers];
}

type Reply = { index: number; result: JobFiles } | { index: number; error: SerialisedError } | { fatal: SerialisedError };

function pool(jobs: readonly Job[], setup: RenderSetup, size: number, sink: ResultSink, onProgress?: (done: number, total: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
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
    const take = async (worker: Worker, index: number, result: JobFiles) => {
      try {
        await sink(index, result);
      } catch (error) {
        return fail(error);
      }
      if (failed) return;
      done++;
      onProgress?.(done, jobs.length);
      if (done === jobs.length) void stop().then(() => resolve());
      else feed(worker);
    };
    for (let i = 0; i < size; i++) {
      // Laying out allocates many short-lived objects; a larger young generation means fewer
      // collections (measured: 200 handouts about a tenth faster, for ~100 MB more peak memory).
      const worker = new Worker(WORKER_FILE, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 128 } });
      workers.push(worker);
      worker.on('message', (reply: Reply) => {
        if ('fatal' in reply) return fail(revive(reply.fatal));
        if ('error' in reply) return fail(revive(reply.error));
        void take(worker, reply.index, reply.result);
      });
      worker.on('error', fail);
      feed(worker);
    }
  });
}
