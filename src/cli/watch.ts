// `generate --watch`: generate, then again whenever a file of the pack, the templates or the theme
// changes. A failed run prints its error and the watch goes on; Ctrl-C ends it with exit 0.
//
// Editors save by writing a temporary file and renaming it over the old one (so does `sed -i`), and
// people delete and restore whole folders (git checkout, unzip). Node's own watcher loses a file
// after the first such rename, and chokidar cannot follow a watched folder that is deleted and made
// again; so chokidar watches the folder *above* each watched one, filtered down to it, and sees it
// go and come back like any other entry.
import { watch as chokidar } from 'chokidar';
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { forgetTemplates, forgetTextTemplates, BUNDLED_TEMPLATES } from '../template/index.js';
import { BUNDLED_THEMES } from '../theme/load.js';
import { keepWarmPath } from '../warm/index.js';
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

/** Effects of watching, injected so tests can stop it and read what it says. */
export interface WatchOptions {
  /** Stops watching (the CLI aborts on Ctrl-C and on SIGTERM). */
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Wall clock for the time printed before each run. */
  readonly now?: () => Date;
  /** What the first run's line says it did, when that is not a rebuild ("Warmed up": `serve`'s first preview). */
  readonly firstRun?: string;
}

/** Editors write in bursts (temporary file, rename, chmod): one run per burst. */
const SETTLE_MS = 200;
/** How many changed files a rebuild line names before "and N more". */
const NAMED = 3;

const EVENT_WORDS = { add: 'added', change: 'changed', unlink: 'removed', addDir: 'added', unlinkDir: 'removed' } as const;
type WatchEvent = keyof typeof EVENT_WORDS;

function watchedPaths(args: WatchArgs): string[] {
  const paths = [args.data ?? 'data', args.templates ?? BUNDLED_TEMPLATES, BUNDLED_THEMES];
  if (args.theme && existsSync(args.theme)) paths.push(dirname(args.theme));
  if (args.for && existsSync(args.for)) paths.push(args.for);
  return [...new Set(paths.map((p) => resolve(p)))].filter((p) => existsSync(p));
}

const within = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);

/**
 * Whether a path the watcher meets matters: inside a watched path (or a folder above one, to reach
 * it), not inside the output folder (our own writes), and not an editor's hidden file.
 */
function relevance(roots: readonly string[], out: string): (path: string) => boolean {
  const parents = new Set(roots.map((r) => dirname(r)));
  return (path) => {
    if (parents.has(path) && !roots.some((r) => within(path, r))) return true;
    const root = roots.find((r) => within(path, r));
    if (root === undefined) return false;
    if (within(path, out) && !within(root, out)) return false;
    return !relative(root, path).split(sep).some((part) => part.startsWith('.'));
  };
}

/** "[14:02:03] pack.yaml changed, old.yaml removed and 2 more" */
function describeChanges(changes: ReadonlyMap<string, WatchEvent>, at: Date): string {
  const shown = (path: string) => {
    const r = relative(process.cwd(), path);
    return r.startsWith('..') ? path : r;
  };
  const named = [...changes].slice(0, NAMED).map(([path, event]) => `${shown(path)} ${EVENT_WORDS[event]}`);
  const more = changes.size > NAMED ? ` and ${changes.size - NAMED} more` : '';
  return `[${at.toTimeString().slice(0, 8)}] ${named.join(', ')}${more}: generating`;
}

export async function watchAndGenerate(args: WatchArgs, run: () => Promise<unknown>, options: WatchOptions = {}): Promise<void> {
  const log = options.log ?? err;
  const now = options.now ?? (() => new Date());
  const out = resolve(args.out ?? 'output');
  const stopping = options.signal ? undefined : new AbortController();
  const signal = options.signal ?? stopping!.signal;
  const stop = () => stopping?.abort();
  if (stopping) process.on('SIGINT', stop), process.on('SIGTERM', stop);

  // A watch lives long: keep what did not change between runs (src/warm/).
  keepWarmPath();
  const roots = watchedPaths(args);
  const templateRoot = resolve(args.templates ?? BUNDLED_TEMPLATES);
  const matters = relevance(roots, out);
  const watcher = chokidar([...new Set(roots.map((r) => dirname(r)))], {
    ignoreInitial: true,
    ignored: (path: string) => !matters(resolve(path)),
  });
  await new Promise<void>((ready) => watcher.once('ready', ready));

  let pending = new Map<string, WatchEvent>();
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  let first = true;
  const once = async (changes: ReadonlyMap<string, WatchEvent>) => {
    const done = first ? (options.firstRun ?? 'Done') : 'Done';
    first = false;
    if (changes.size > 0) log(describeChanges(changes, now()));
    const started = performance.now();
    // Compiled templates stay until a file of the template folder changes (a pack edit needs none).
    if (changes.size === 0 || [...changes.keys()].some((path) => within(path, templateRoot))) {
      forgetTemplates();
      forgetTextTemplates();
    }
    let failed = false;
    try {
      await run();
    } catch (error) {
      failed = true;
      log(formatError(error, args.debug ?? false));
    }
    const took = Math.round(performance.now() - started);
    log(`${failed ? 'Failed' : done} in ${took} ms. Watching for changes (Ctrl-C to stop).`);
  };
  const trigger = () => {
    if (running || signal.aborted) return;
    const changes = pending;
    pending = new Map();
    running = once(changes).finally(() => {
      running = undefined;
      // Changes made while that run went on get a run of their own.
      if (pending.size > 0) trigger();
    });
  };

  watcher.on('all', (event, path) => {
    // The folders above the watched ones are watched only to see those come and go.
    if (!(event in EVENT_WORDS) || !roots.some((r) => within(resolve(path), r))) return;
    pending.set(resolve(path), event as WatchEvent);
    clearTimeout(timer);
    timer = setTimeout(trigger, SETTLE_MS);
  });
  watcher.on('error', (error) => log(`warning WatchFailed: ${(error as Error).message}`));

  trigger();
  await new Promise<void>((done) => {
    if (signal.aborted) done();
    else signal.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  await watcher.close();
  await running;
  if (stopping) process.off('SIGINT', stop), process.off('SIGTERM', stop);
}
