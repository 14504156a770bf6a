// The run's own thread: a pack's documents laid out here, in order, their DOCX files written
// meanwhile on a writer thread. Measured on two cores, rendering whole documents on workers made a
// pack slower (each worker loads the pipeline and its fonts, and lays out with a cold JIT), so
// only a recipient list, long enough to pay for that, renders on worker threads (pool.ts).
import type { Rendered } from '../compose/build.js';
import type { Job } from '../plan/plan.js';
import { startJobFiles, type JobSetup, type ResultSink } from './job.js';
import { startWriterThread } from './writer-thread.js';

export interface RenderHereOptions {
  readonly writerThread?: boolean;
  /** Called as each job is laid out on this thread, with its PDF's pages (null without a PDF). */
  readonly onLaidOut?: (index: number, pages: number | null) => void;
}

/**
 * Renders every job on this thread, handing each one's files to `sink` in job order; returns the
 * documents. A long-lived process passes `writerThread: false`: a new thread per run lays out with a cold JIT.
 */
export async function renderHere(jobs: readonly Job[], setup: JobSetup, sink: ResultSink, options: RenderHereOptions = {}): Promise<Rendered[]> {
  const overlap = setup.formats.includes('docx') && (jobs.length > 1 || setup.formats.includes('pdf'));
  const writer = overlap && options.writerThread !== false ? startWriterThread() : undefined;
  const rendered: Rendered[] = [];
  try {
    // Every job started before any is finished: this thread never waits while the writer thread works.
    const started = [];
    for (const [index, job] of jobs.entries()) {
      const one = await startJobFiles(job, { ...setup, ...(writer ? { writer } : {}) });
      started.push(one.finish);
      // Told as each is laid out, the long part: waiting for the last would hold every line back.
      options.onLaidOut?.(index, one.pages);
    }
    for (const [index, finish] of started.entries()) {
      const { rendered: document, ...files } = await finish();
      rendered.push(document);
      await sink(index, files);
    }
  } finally {
    await writer?.close();
  }
  return rendered;
}
