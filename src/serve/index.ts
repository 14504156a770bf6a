// `briefpack serve`: the session (what a pack can do), the watcher (live) and the routes, on a
// local HTTP server. Listens on 127.0.0.1 unless told otherwise.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../errors.js';
import { createApp } from './app.js';
import { allowedHosts } from './guard.js';
import { startLive } from './live.js';
import { createSession, type SessionOptions } from './session.js';

const DEFAULT_PORT = 4321;
const LOOPBACK = '127.0.0.1';

export interface ServeOptions extends SessionOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Watch the packs, templates and themes and tell open pages (default true). */
  readonly live?: boolean;
  /** The folder watched for packs: the one --data names, else data/. */
  readonly watchData?: string;
  /** Make the first pack's preview at once, so the page's first one finds it laid out (default true). */
  readonly warmUp?: boolean;
  readonly log: (line: string) => void;
}

export interface Running {
  readonly url: string;
  readonly session: ReturnType<typeof createSession>;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<Running> {
  const host = options.host ?? LOOPBACK;
  const session = createSession(options);
  // The first preview lays out with a cold JIT and reads everything: seconds, once. Done before
  // anyone asks, as the pack comes (a pack with a mistake is the page's to show, not ours).
  const first = session.packs()[0]?.id;
  const warmUp = async () => {
    if (options.warmUp === false || first === undefined) return;
    options.log(`Warming up: laying out the documents of ${first} once, so that previews are quick.`);
    await session.preview(first, {});
  };
  const live =
    options.live === false
      ? undefined
      : startLive(
          { ...(options.watchData ? { data: options.watchData } : {}), ...(options.templates ? { templates: options.templates } : {}), out: options.packs[0]?.out ?? 'output' },
          { warmUp, refresh: session.refresh },
          options.log,
        );
  if (!live) void warmUp().catch(() => undefined);
  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    const fetch = (request: Request) => app.fetch(request);
    let app: ReturnType<typeof createApp>;
    server = serve({ fetch, hostname: host, port: options.port ?? DEFAULT_PORT }, (info: AddressInfo) => {
      app = createApp({ session, hosts: allowedHosts(host, info.port), log: options.log, ...(live ? { live } : {}) });
      resolve(info.port);
    });
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError('PortInUse', `Port ${options.port ?? DEFAULT_PORT} on ${host} is in use.`, { hint: 'Give another with --port, or --port 0 for any free port.' })
          : error,
      ),
    );
  }).catch(async (error) => {
    await live?.close();
    throw error;
  });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? LOOPBACK : host;
  return {
    url: `http://${shownHost}:${port}/`,
    session,
    close: async () => {
      await live?.close();
      // Open event streams would hold the server forever: end them.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((done) => server!.close(() => done()));
    },
  };
}
