// A long-lived process sits idle between runs (a user reads the page, the watcher waits for an
// editor's writes to settle): the garbage a run leaves in V8's young generation is collected
// then, not in the middle of the next run. With the young generation a long-lived process is
// started with (cli/engine.ts, LONG_LIVED_NODE_FLAGS), one document's preview then allocates
// within it and is not stopped to collect. Settings only: no output depends on when garbage goes.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

let collect: Collect | null | undefined;

/** V8's collector, exposed for this process only (as `node --expose-gc` would); null where the engine refuses. */
function collector(): Collect | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      collect = typeof found === 'function' ? (found as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Collects the young generation once the event loop is free; never keeps the process up. */
export function collectWhenIdle(): void {
  const gc = collector();
  if (!gc) return;
  setTimeout(() => gc({ type: 'minor' }), 0).unref();
}
