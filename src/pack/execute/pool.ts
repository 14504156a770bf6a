// Rendering jobs on worker threads, one per core, each loading the pipeline once. Each result
// (file bytes and manifest entries) goes to the caller as soon as it is ready and is not kept
// here, so a batch of any length holds only the jobs under way. Used for recipient lists (a
// pack's own few documents render faster in one process; see generate.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadContent } from '../../content/index.js';
import type { Diagnostic } from '../../document/model.js';
import { fixedEnv } from '../../env.js';
import { loadTemplates } from '../../template/index.js';
import { themeLoader } from '../../theme/index.js';
import type { Format } from '../../write/index.js';
import type { Services } from '../build/build.js';
import { draftFor, type EmailOptions } from '../assemble/email.js';
import { manifestEntries, renderJob, type ManifestEntry } from '../build/render.js';
import type { PendingFile } from '../output/output.js';
import type { Job } from '../plan/plan.js';
import { openSpool, type Spool } from './spool.js';
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
      const draft = await draftFor(rendered, entries, setup.email, { date: env.now(), ...(setup.templates ? { templates: setup.templates } : {}) });
      if (draft) files.push(draft.file), entries.push(draft.entry);
    }
    return { files, entries, diagnostics: [...rendered.built.diagnostics, ...rendered.outputs.flatMap((o) => o.written.diagnostics)] };
  };
}

export interface PoolOptions {
  /** Number of workers; default one per core, never more than jobs. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Where a batch parks each job's files as it completes; default a hidden folder in the output folder. */
  readonly spool?: (outDir: string) => Spool;
}

/** The compiled worker; absent when running from the TypeScript sources (tests), then we render in-process. */
const WORKER_FILE = fileURLToPath(new URL('./render-worker.js', import.meta.url));

export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(WORKER_FILE);
}

/** Takes each job's result as it completes (in any order); the next job waits for it to return. */
export type ResultSink = (index: number, result: JobFiles) => void | Promise<void>;

/**
 * Renders every job, in parallel when it can, handing each result to `sink` as it completes.
 * Nothing is kept: memory holds one result per worker at most, whatever the number of jobs.
 */
export async function renderEach(jobs: readonly Job[], setup: RenderSetup, sink: ResultSink, options: PoolOptions = {}): Promise<{ workers: number }> {
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
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

export interface Batch {
  readonly workers: number;
  /** Holds the files until the caller has written them; the caller discards it then. */
  readonly spool: Spool;
  /** In job order, each read from the spool when written. */
  readonly files: PendingFile[];
  readonly entries: ManifestEntry[];
  readonly diagnostics: Diagnostic[];
}

/** A recipient batch: every job rendered and its files parked as it completes; entries in job order. */
export async function renderBatch(jobs: readonly Job[], setup: RenderSetup, outDir: string, options: PoolOptions = {}): Promise<Batch> {
  const spool = (options.spool ?? openSpool)(outDir);
  const described: Omit<JobFiles, 'files'>[] = new Array(jobs.length);
  try {
    const { workers } = await renderEach(
      jobs,
      setup,
      (index, { files, ...rest }) => {
        spool.add(index, files);
        described[index] = rest;
      },
      options,
    );
    return { workers, spool, files: spool.files(), entries: described.flatMap((d) => d.entries), diagnostics: described.flatMap((d) => d.diagnostics) };
  } catch (error) {
    spool.discard();
    throw error;
  }
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
