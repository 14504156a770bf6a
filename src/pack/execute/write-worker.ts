// A writer thread (see writer-thread.ts): document models in, file bytes out. It loads the
// writers it is asked for and nothing else of the pipeline.
import { parentPort } from 'node:worker_threads';
import type { Document } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { loadWriter, type Format } from '../../write/index.js';
import { serialiseError } from './thread-errors.js';

export interface WriteRequest {
  readonly id: number;
  readonly format: Format;
  readonly document: Document;
  /** Which theme: sent whole once per run, then by key (the writers cache per theme object). */
  readonly themeKey: number;
  readonly theme?: Theme;
}

const port = parentPort!;
const themes = new Map<number, Theme>();

port.on('message', async ({ id, format, document, themeKey, theme }: WriteRequest) => {
  try {
    if (theme) themes.set(themeKey, theme);
    const known = themes.get(themeKey);
    if (!known) throw new Error(`The writer thread was never sent theme ${themeKey}.`);
    const writer = await loadWriter(format);
    port.postMessage({ id, written: await writer(document, known) });
  } catch (error) {
    port.postMessage({ id, error: serialiseError(error) });
  }
});
