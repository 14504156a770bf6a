// The running server on a real port: a change to a pack file reaches an open page as a
// Server-Sent Event, and the page's next preview shows it.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { startServer, type Running } from '../../src/serve/index.js';
import { pageTexts } from '../helpers/pdf.js';

describe('briefpack serve: live', () => {
  let running: Running;
  let folder: string;
  let templates: string;
  const lines: string[] = [];
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'briefpack-live-'));
    folder = join(work, 'harbour-board');
    cpSync('tests/fixtures/packs/harbour-board', folder, { recursive: true });
    templates = join(work, 'templates');
    cpSync('templates', templates, { recursive: true });
    running = await startServer({ packs: [{ folder, out: join(work, 'out') }], watchData: folder, templates, env: fixedEnv(new Date(0)), port: 0, log: (l) => lines.push(l) });
  });
  afterAll(async () => running?.close());

  it('listens on 127.0.0.1 only, and tells an open page when a pack file changes', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const events = await fetch(`${running.url}api/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(seen)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended; got: ${seen}`);
        seen += decoder.decode(value);
      }
    };
    await until(/event: hello/);
    // The first line times the warm-up, and says that is what it timed.
    await expect.poll(() => lines.find((l) => /^(Warmed up|Failed) in/.test(l)), { timeout: 60_000 }).toMatch(/^Warmed up in \d+ ms\./);
    expect(lines[0]).toContain('Warming up: laying out the documents of harbour-board once');
    expect(lines.some((l) => l.startsWith('Done in'))).toBe(false);
    const post = (body: unknown) =>
      fetch(`${running.url}api/packs/harbour-board/preview`, { method: 'POST', headers: { origin: running.url.slice(0, -1), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await (await post({ documents: ['handout'] })).json();
    expect(first.ok).toBe(true);

    const file = join(folder, 'items.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Le chenal reste ouvert', 'Le chenal reste grand ouvert'));
    await until(/event: changed\ndata: \{"type":"changed","version":1,"ok":true\}/);
    const text = async () => {
      const after = await (await post({ documents: ['handout'] })).json();
      const pdf = after.files.find((f: { format: string }) => f.format === 'pdf');
      const bytes = new Uint8Array(await (await fetch(`${running.url}api/renders/${after.render}/files/${pdf.file}`)).arrayBuffer());
      return (await pageTexts(bytes)).join(' ');
    };
    expect(await text()).toContain('grand ouvert');

    // A template is compiled once and again only when it changes.
    const template = join(templates, 'handout.md.hbs');
    writeFileSync(template, readFileSync(template, 'utf8').replace('::: lead\n', '::: lead\nÉdition du modèle, '));
    await until(/"version":2,"ok":true/);
    await reader.cancel();
    expect(await text()).toContain('Édition du modèle');
  });
});
