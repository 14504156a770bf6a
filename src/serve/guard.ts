// Who may talk to the server. It listens on the loopback interface, but a web page in the same
// browser can still reach it: by DNS rebinding (a hostile name that resolves to 127.0.0.1, so the
// Host header carries that name) or by a cross-site form or fetch POST (the Origin header names the
// other site). So every request must name this server in Host, and every request that changes
// something must come from this server's own page (Origin) and carry JSON (which a plain HTML form
// cannot send, so no form posts without a preflight the server never grants).
import type { MiddlewareHandler } from 'hono';

export interface GuardOptions {
  /** host:port values this server answers to, lower case. */
  readonly hosts: ReadonlySet<string>;
}

/** The Host values a server on `host:port` answers to: the loopback names, and a `--host` given. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (!['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host)) names.add(host.includes(':') ? `[${host}]` : host);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

const refuse = (code: string, message: string) =>
  new Response(JSON.stringify({ ok: false, error: { code, message } }), { status: 403, headers: { 'content-type': 'application/json' } });

export function guard(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!options.hosts.has(host)) return refuse('ForbiddenHost', `This server answers to ${[...options.hosts].join(', ')} only, not to '${host}'.`);
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = (c.req.header('origin') ?? '').toLowerCase();
      if (origin !== `http://${host}`) return refuse('ForbiddenOrigin', 'Changes are accepted only from this server\'s own page.');
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\b/i.test(type)) return refuse('JsonOnly', 'Requests that change something carry JSON.');
    }
    await next();
    // The page and its answers are this server's own: no framing, no sniffing, nothing from elsewhere.
    c.header('x-content-type-options', 'nosniff');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
    c.header('cross-origin-resource-policy', 'same-origin');
    c.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  };
}
