// `generate --watch`: generate, then again whenever a file of the pack, the templates or the theme
// changes. A failed run prints its error and the watch goes on; Ctrl-C ends it with exit 0.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { forgetTemplates, forgetTextTemplates, BUNDLED_TEMPLATES } from '../template/index.js';
import { BUNDLED_THEMES } from '../theme/load.js';
import { err } from './io.js';
import { formatError } from './report.js';

export interface WatchArgs {
  readonly data?: string;
  readonly out?: string;
  readonly templates?: string;
  readonly theme?: string;
  readonly for?: string;
  readonly debug?: boolean;
}

/** Editors write in bursts (temporary file, rename, chmod): one run per burst. */
const SETTLE_MS = 200;

export function watchedPaths(args: WatchArgs): string[] {
  const paths = [args.data ?? 'data', args.templates ?? BUNDLED_TEMPLATES, BUNDLED_THEMES];
  if (args.theme && existsSync(args.theme)) paths.push(dirname(args.theme));
  if (args.for && existsSync(args.for)) paths.push(args.for);
  return [...new Set(paths.map((p) => resolve(p)))].filter((p) => existsSync(p));
}

export async function watchAndGenerate(args: WatchArgs, run: () => Promise<unknown>): Promise<void> {
  const out = resolve(args.out ?? 'output');
  let running: Promise<void> | undefined;
  let again = false;
  const once = async () => {
    forgetTemplates();
    forgetTextTemplates();
    try {
      await run();
    } catch (error) {
      err(formatError(error, args.debug ?? false));
    }
    err('Watching for changes (Ctrl-C to stop).');
  };
  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = once().finally(() => {
      running = undefined;
      if (again) (again = false), trigger();
    });
  };

  trigger();
  await running;
  const paths = watchedPaths(args);
  return new Promise((done) => {
    let timer: NodeJS.Timeout | undefined;
    const changed = (file: string | null, root: string) => {
      const full = file ? resolve(root, file) : root;
      // Our own writes (when --out lies inside a watched folder) and editors' hidden files do not count.
      if (full === out || full.startsWith(out + sep) || /(^|[\\/])\.[^\\/]*$/.test(file ?? '')) return;
      clearTimeout(timer);
      timer = setTimeout(trigger, SETTLE_MS);
    };
    const watchers: FSWatcher[] = paths.map((p) => watch(p, { recursive: true }, (_event, file) => changed(file, p)));
    const stop = () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void (running ?? Promise.resolve()).then(() => done());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
