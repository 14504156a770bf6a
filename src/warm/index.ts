// The warm path of a long-lived process (`serve`, `generate --watch`): keep what did not change
// between runs (pack content, layouts) and lay out on this thread, whose JIT is warm, instead of
// a new writer thread per run. A one-shot run keeps nothing; it would only pay for the keeping.
import { keepWarm } from '../pack/generate.js';
import { wrapWriters } from '../write/index.js';
import { contentCache, type ContentCache } from './content.js';
import { collectWhenIdle } from './idle.js';
import { layoutCache, type LayoutCache } from './layouts.js';

export interface WarmPath {
  readonly content: ContentCache;
  readonly layouts: LayoutCache;
}

let installed: WarmPath | undefined;

/** Turns the warm path on for this process (once; later calls return the same caches). */
export function keepWarmPath(): WarmPath {
  if (!installed) {
    const content = contentCache();
    const layouts = layoutCache();
    keepWarm({ loadContent: (folder) => content.load(folder), afterRun: collectWhenIdle });
    wrapWriters(layouts.wrap);
    installed = { content, layouts };
  }
  return installed;
}

/** Back to one-shot behaviour (tests). */
export function leaveWarmPath(): void {
  keepWarm(undefined);
  wrapWriters(undefined);
  installed = undefined;
}
