// Documents for other delegations: the run's public documents once per recipient ("Prepared for
// …"), rendered on worker threads, one per core, each loading the pipeline once. Results come back
// as bytes; the main thread writes every file at once, so a failure leaves nothing half-written.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parse as parseYaml } from 'yaml';
import { loadContent, type Content } from '../content/index.js';
import type { Diagnostic } from '../document/model.js';
import { fixedEnv } from '../env.js';
import { BriefpackError, ContentError, UsageError, type Stage } from '../errors.js';
import { loadTemplates } from '../template/index.js';
import { loadTheme, type Theme } from '../theme/index.js';
import type { Format } from '../write/index.js';
import type { Services } from './build.js';
import { draftFor, type EmailOptions } from './email.js';
import { manifestEntries, renderJob, type ManifestEntry } from './generate.js';
import type { PendingFile } from './output.js';
import { planJobs, type Job, type PlanOptions } from './plan.js';

const LIST_FILE = /\.(csv|ya?ml)$/i;

/** `--for` names a recipient list when it is a .csv, .yaml or .yml file name. */
export function isRecipientList(value: string): boolean {
  return LIST_FILE.test(value.trim());
}

/** Recipient names from a CSV file (a `name` column under a header row) or a YAML list. */
export function readRecipients(file: string): string[] {
  if (!existsSync(file)) {
    throw new UsageError('RecipientListNotFound', `No recipient list at ${file}.`, {
      hint: 'Give a .csv file with a `name` column or a .yaml list of names; to name one recipient, pass a name without .csv/.yaml at the end.',
      location: { file },
    });
  }
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const names = extname(file).toLowerCase() === '.csv' ? fromCsv(text, file) : fromYaml(text, file);
  const unique = [...new Set(names)];
  if (unique.length === 0) throw new ContentError('NoRecipients', `${file} lists no recipients.`, { location: { file } });
  return unique;
}

const clean = (name: string) => name.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();

function fromYaml(text: string, file: string): string[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError('RecipientListInvalid', `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { location: { file } });
  }
  if (!Array.isArray(data)) {
    throw new ContentError('RecipientListInvalid', `${file} must be a list of names, or of entries with a name.`, { location: { file }, hint: 'e.g.\n- Delegation of A\n- name: Delegation of B' });
  }
  return data.map((entry, index) => {
    const name = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !clean(name)) {
      throw new ContentError('RecipientListInvalid', `Entry ${index + 1} of ${file} has no name.`, { location: { file, path: `[${index}].name` } });
    }
    return clean(name);
  });
}

function fromCsv(text: string, file: string): string[] {
  const rows = parseCsv(text);
  const header = rows.shift();
  const column = header?.cells.findIndex((c) => c.trim().toLowerCase() === 'name') ?? -1;
  if (!header || column < 0) {
    throw new ContentError('RecipientListInvalid', `${file} needs a header row with a 'name' column.`, { location: { file, line: 1 } });
  }
  return rows
    .filter((row) => row.cells.some((c) => c.trim()))
    .map((row) => {
      const name = clean(row.cells[column] ?? '');
      if (!name) throw new ContentError('RecipientListInvalid', `Row at line ${row.line} of ${file} has no name.`, { location: { file, line: row.line } });
      return name;
    });
}

/** RFC 4180: commas, double quotes ("" inside quotes), CRLF or LF line ends. */
function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') cells.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      rowLine = ++line;
    } else cell += c;
  }
  if (cell || cells.length) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows;
}

export interface RecipientPlan {
  readonly jobs: Job[];
  /** Public documents made for each recipient. */
  readonly documents: string[];
  /** Documents of the run left out because they are not public. */
  readonly skipped: string[];
}

/** One job per (recipient, public document), with file names unique within the run. */
export function planRecipientJobs(content: Content, templatesFolder: string, options: PlanOptions, recipients: readonly string[]): RecipientPlan {
  // Planning once without recipients checks --doc and --template as a single run would.
  const wanted = planJobs(content, templatesFolder, options).map((job) => job.spec);
  const documents = wanted.filter((d) => d.audience === 'public').map((d) => d.id);
  const skipped = wanted.filter((d) => d.audience !== 'public').map((d) => d.id);
  if (documents.length === 0) {
    throw new UsageError('NoPublicDocument', `A recipient list gets public documents only, and this run has none (${skipped.join(', ')} ${skipped.length === 1 ? 'is' : 'are'} internal).`, {
      hint: 'Pick a public document with --doc, or declare one in the pack\'s `documents:` section with `audience: public`.',
    });
  }
  const seen = new Set<string>();
  const jobs: Job[] = [];
  for (const recipient of recipients) {
    for (const job of planJobs(content, templatesFolder, { ...options, template: undefined, documents, recipient })) {
      let base = job.base;
      for (let n = 2; seen.has(base); n++) base = `${job.base}-${n}`;
      seen.add(base);
      jobs.push({ ...job, base });
    }
  }
  return { jobs, documents, skipped };
}

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
  // A job names its theme (the document's own, else --theme); each is read once per worker.
  const themes = new Map<string, Theme>();
  return async (job) => {
    const key = job.theme ?? 'default';
    let theme = themes.get(key);
    if (!theme) themes.set(key, (theme = loadTheme(key)));
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
}

/** The compiled worker; absent when running from the TypeScript sources (tests), then we render in-process. */
const WORKER_FILE = fileURLToPath(new URL('./recipient-worker.js', import.meta.url));

export function workersAvailable(): boolean {
  return import.meta.url.endsWith('.js') && existsSync(WORKER_FILE);
}

/** Renders every job, in parallel when it can; results come back in job order. */
export async function renderAll(jobs: readonly Job[], setup: RenderSetup, options: PoolOptions = {}): Promise<{ results: JobFiles[]; workers: number }> {
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  if (!workersAvailable() || size === 1) {
    const render = jobRenderer(setup);
    const results: JobFiles[] = [];
    for (const job of jobs) {
      results.push(await render(job));
      options.onProgress?.(results.length, jobs.length);
    }
    return { results, workers: 1 };
  }
  return { results: await pool(jobs, setup, size, options.onProgress), workers: size };
}

type Reply = { index: number; result: JobFiles } | { index: number; error: SerialisedError } | { fatal: SerialisedError };

function pool(jobs: readonly Job[], setup: RenderSetup, size: number, onProgress?: (done: number, total: number) => void): Promise<JobFiles[]> {
  return new Promise((resolve, reject) => {
    const results: JobFiles[] = new Array(jobs.length);
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
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_FILE, { workerData: setup });
      workers.push(worker);
      worker.on('message', (reply: Reply) => {
        if ('fatal' in reply) return fail(revive(reply.fatal));
        if ('error' in reply) return fail(revive(reply.error));
        results[reply.index] = reply.result;
        done++;
        onProgress?.(done, jobs.length);
        if (done === jobs.length) void stop().then(() => resolve(results));
        else feed(worker);
      });
      worker.on('error', fail);
      feed(worker);
    }
  });
}

/** Errors cross threads as plain objects; typed errors keep their code, hint and location. */
export interface SerialisedError {
  readonly message: string;
  readonly stack?: string;
  readonly briefpack?: { stage: Stage; code: string; hint?: string; location?: BriefpackError['location']; frame?: string; details: BriefpackError['details'] };
}

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof BriefpackError) {
    return {
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      briefpack: { stage: error.stage, code: error.code, hint: error.hint, location: error.location, frame: error.frame, details: error.details },
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

function revive(error: SerialisedError): Error {
  const b = error.briefpack;
  const revived = b
    ? new BriefpackError(b.stage, b.code, error.message, {
        ...(b.hint !== undefined ? { hint: b.hint } : {}),
        ...(b.location ? { location: b.location } : {}),
        ...(b.frame !== undefined ? { frame: b.frame } : {}),
        details: b.details,
      })
    : new Error(error.message);
  if (error.stack) revived.stack = error.stack;
  return revived;
}
