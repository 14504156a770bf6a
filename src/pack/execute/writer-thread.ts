// DOCX files written on a second thread while this one lays out PDFs. Once its document model is
// built, a document's DOCX depends on nothing but the model (a contents list waits for its PDF's
// page numbers), and the DOCX writer shares no code with pdfmake: on a thread of its own it loads
// docx alone and compiles only its own code, so the main thread never loads docx at all.
// Measured (npm run bench): the bundled pack cold about a tenth faster. Whole documents on worker
// threads were slower instead: each thread laid out with a cold JIT and parsed fonts of its own.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Document } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import type { Format, Written } from '../../write/index.js';
import { revive, type SerialisedError } from './thread-errors.js';
import type { WriteRequest } from './write-worker.js';

export interface WriterThread {
  write(document: Document, format: Format, theme: Theme): Promise<Written>;
  /** Stops the thread; a write still under way is lost, so close after the last one came back. */
  close(): Promise<void>;
}

type Reply = { id: number; written: Written } | { id: number; error: SerialisedError };

/** Formats the writer thread takes; the others are quick or are the main thread's own work. */
export const WRITTEN_ELSEWHERE: ReadonlySet<Format> = new Set<Format>(['docx']);

/** The compiled worker; absent when running from the TypeScript sources (tests). */
const WORKER_FILE = fileURLToPath(new URL('./write-worker.js', import.meta.url));

/** A writer thread, when there is a second core for it and a compiled worker to run. */
export function startWriterThread(file = WORKER_FILE): WriterThread | undefined {
  if (availableParallelism() < 2 || !existsSync(file)) return undefined;
  const worker = new Worker(file);
  const waiting = new Map<number, { resolve: (written: Written) => void; reject: (error: unknown) => void }>();
  const themeKeys = new Map<Theme, number>();
  let next = 0;
  let failure: unknown;
  const failAll = (error: unknown) => {
    failure ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (reply: Reply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if ('error' in reply) w.reject(revive(reply.error));
    else w.resolve(reply.written);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`The writer thread stopped (exit code ${code}) before it wrote every file.`)));

  return {
    write(document, format, theme) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      let themeKey = themeKeys.get(theme);
      const first = themeKey === undefined;
      if (themeKey === undefined) themeKeys.set(theme, (themeKey = themeKeys.size));
      const request: WriteRequest = { id, format, document, themeKey, ...(first ? { theme } : {}) };
      return new Promise<Written>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage(request);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
