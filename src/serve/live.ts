// Live updates: the pack, templates and themes are watched (the watcher of `generate --watch`,
// which survives editors' atomic saves and folders deleted and restored); after each burst of
// changes the last previews are rendered again, then every open page is told by a Server-Sent
// Event and asks for its preview, which is by then ready.
import { watchAndGenerate, type WatchArgs } from '../cli/watch.js';

export interface LiveEvent {
  readonly type: 'changed';
  readonly version: number;
  /** Whether rendering the last previews again succeeded (the page shows the error otherwise). */
  readonly ok: boolean;
}

export interface Live {
  subscribe(listener: (event: LiveEvent) => void): () => void;
  version(): number;
  /** Stops watching. */
  close(): Promise<void>;
}

/**
 * Watches and tells. The watcher's first run is `warmUp` (the first preview, which the page then
 * finds laid out), and its line says so with the time it took; later runs render the last
 * previews again with `refresh`.
 */
export function startLive(args: WatchArgs, work: { warmUp: () => Promise<unknown>; refresh: () => Promise<unknown> }, log: (line: string) => void): Live {
  const listeners = new Set<(event: LiveEvent) => void>();
  let version = 0;
  let first = true;
  const stopping = new AbortController();
  const watching = watchAndGenerate(
    args,
    async () => {
      // The first run is the watcher's start: it warms the caches, and no page needs telling.
      const quiet = first;
      first = false;
      let ok = false;
      try {
        await (quiet ? work.warmUp() : work.refresh());
        ok = true;
      } finally {
        if (!quiet) {
          version++;
          for (const listener of listeners) listener({ type: 'changed', version, ok });
        }
      }
    },
    { signal: stopping.signal, log, firstRun: 'Warmed up' },
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    close: async () => {
      stopping.abort();
      await watching;
    },
  };
}
