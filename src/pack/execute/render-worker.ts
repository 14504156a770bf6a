// A worker thread of a pooled run: sets the pipeline up once, then renders jobs as the main
// thread hands them out, replying with the files' bytes (moved, not copied, where it can).
import { parentPort, workerData } from 'node:worker_threads';
import type { Job } from '../plan/plan.js';
import type { JobFiles } from './job.js';
import { jobRenderer, transferable, type RenderSetup } from './pool.js';
import { serialiseError } from './thread-errors.js';

const port = parentPort!;
let render: ((job: Job) => Promise<JobFiles>) | undefined;
try {
  render = jobRenderer(workerData as RenderSetup);
} catch (error) {
  port.postMessage({ fatal: serialiseError(error) });
}

port.on('message', async ({ index, job }: { index: number; job: Job }) => {
  if (!render) return;
  try {
    const result = await render(job);
    port.postMessage({ index, result }, transferable(result));
  } catch (error) {
    port.postMessage({ index, error: serialiseError(error) });
  }
});
