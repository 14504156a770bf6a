// The server's routes (Hono). Every answer that is not a page asset or a file is JSON; an error is
// `{ ok: false, error: { code, message, hint, location, details } }` as `--json` prints it, never
// a stack trace (that goes to the terminal, for a bug).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import JSZip from 'jszip';
import { BriefpackError } from '../errors.js';
import { errorJson, formatError } from '../cli/report.js';
import { guard } from './guard.js';
import type { Session } from './session.js';
import type { Live } from './live.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The page's own files; from src/serve and dist/serve alike (they are not compiled). */
const PAGE_FOLDER = resolve(here, '../../src/serve/page');
/** Largest request body: options are a few hundred bytes. */
const MAX_BODY = 32 * 1024;

const pdfjs = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
/** Every asset the page loads, by the one name it is served under: nothing else is served. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  'app.js': { file: join(PAGE_FOLDER, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'style.css': { file: join(PAGE_FOLDER, 'style.css'), type: 'text/css; charset=utf-8' },
  'pdf.mjs': { file: join(pdfjs, 'build/pdf.min.mjs'), type: 'text/javascript; charset=utf-8' },
  'pdf.worker.mjs': { file: join(pdfjs, 'build/pdf.worker.min.mjs'), type: 'text/javascript; charset=utf-8' },
};

const TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  eml: 'message/rfc822',
};

export interface AppOptions {
  readonly session: Session;
  readonly live?: Live;
  /** host:port values the server answers to (see guard.ts). */
  readonly hosts: ReadonlySet<string>;
  /** Where a bug's stack trace goes (the terminal). */
  readonly log?: (line: string) => void;
}

const statusOf = (error: unknown): ContentfulStatusCode => {
  if (!(error instanceof BriefpackError)) return 500;
  if (error.stage === 'render' && error.code === 'WriterFailed') return 500;
  return error.stage === 'usage' ? 400 : 422;
};

/** `attachment; filename=…` that survives any name (the names are ours, but may hold Unicode-free odd characters). */
const disposition = (name: string, inline: boolean) => `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/["\\]/g, '_')}"`;

export function createApp(options: AppOptions): Hono {
  const { session, live } = options;
  const log = options.log ?? (() => undefined);
  const app = new Hono();
  app.use('*', guard({ hosts: options.hosts }));
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ ok: false, error: { code: 'TooLarge', message: `A request body may hold at most ${MAX_BODY} bytes.` } }, 413) }));

  const page = readFileSync(join(PAGE_FOLDER, 'index.html'));
  app.get('/', (c) => c.body(page, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }));
  app.get('/assets/:name', (c) => {
    const asset = Object.hasOwn(ASSETS, c.req.param('name')) ? ASSETS[c.req.param('name')] : undefined;
    if (!asset) return c.json({ ok: false, error: { code: 'NotFound', message: 'No such asset.' } }, 404);
    return c.body(readFileSync(asset.file), 200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
  });

  const body = async (c: Context) => {
    try {
      return await c.req.json();
    } catch {
      throw new BriefpackError('usage', 'BadJson', 'The request body is not valid JSON.');
    }
  };

  app.get('/api/packs', (c) => c.json({ ok: true, packs: session.packs() }));
  app.get('/api/packs/:pack', async (c) => c.json({ ok: true, pack: await session.describe(c.req.param('pack')) }));
  app.post('/api/packs/:pack/preview', async (c) => {
    const render = await session.preview(c.req.param('pack'), await body(c), c.req.raw.signal);
    return c.json({
      ok: true,
      render: render.id,
      files: render.entries.map((e) => ({ file: e.file, document: e.document, format: e.format, pages: e.pages, bytes: e.bytes, warnings: e.warnings ?? [] })),
      diagnostics: render.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message })),
    });
  });
  app.post('/api/packs/:pack/write', async (c) => c.json({ ok: true, ...(await session.write(c.req.param('pack'), await body(c))) }));

  app.get('/api/renders/:render/zip', async (c) => {
    const render = session.render(c.req.param('render'));
    if (!render) return c.json({ ok: false, error: { code: 'RenderGone', message: 'That preview is no longer kept; preview again.' } }, 404);
    const zip = new JSZip();
    const folder = zip.folder(render.pack)!;
    for (const [name, bytes] of render.files) folder.file(name, bytes, { date: new Date(0) });
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/zip', 'content-disposition': disposition(`${render.pack}.zip`, false) });
  });
  app.get('/api/renders/:render/files/:name', (c) => {
    const render = session.render(c.req.param('render'));
    const bytes = render?.files.get(c.req.param('name'));
    if (!render || !bytes) return c.json({ ok: false, error: { code: 'RenderGone', message: 'That file is not in a kept preview; preview again.' } }, 404);
    const name = c.req.param('name');
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': type, 'content-disposition': disposition(name, c.req.query('inline') === '1'), 'cache-control': 'no-store' });
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      if (!live) return;
      const stop = live.subscribe((event) => void stream.writeSSE({ event: event.type, data: JSON.stringify(event) }));
      stream.onAbort(stop);
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ type: 'hello', version: live.version() }) });
      // Held open until the page goes; a comment now and then keeps proxies and sleepers honest.
      while (!stream.aborted && !stream.closed) await stream.sleep(15_000).then(() => stream.write(': ping\n\n'));
      stop();
    }),
  );

  app.notFound((c) => c.json({ ok: false, error: { code: 'NotFound', message: `Nothing at ${c.req.path}.` } }, 404));
  app.onError((error, c) => {
    const status = statusOf(error);
    if (status === 500) {
      log(formatError(error, true));
      return c.json({ ok: false, error: { code: 'Unexpected', message: 'briefpack failed unexpectedly (a bug, not your files); the terminal shows the details.' } }, 500);
    }
    const json = errorJson(error);
    // The lines around the place, as the terminal shows them (--json leaves them to the details).
    const frame = error instanceof BriefpackError ? error.frame : undefined;
    return c.json(frame ? { ...json, error: { ...json.error, frame } } : json, status);
  });
  return app;
}
