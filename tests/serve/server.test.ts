// The server as a page (or a hostile page elsewhere) meets it, through requests injected into the
// app: no browser, no port. What a user downloads is read back as a PDF and a DOCX.
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { createApp } from '../../src/serve/app.js';
import { allowedHosts } from '../../src/serve/guard.js';
import { createSession } from '../../src/serve/session.js';
import { keepWarmPath } from '../../src/warm/index.js';
import { runCli } from '../cli/in-process.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { pageTexts } from '../helpers/pdf.js';

const PORT = 4321;
const HOST = `127.0.0.1:${PORT}`;
const ORIGIN = `http://${HOST}`;
const FIXTURE = 'tests/fixtures/packs/harbour-board';
// The CLI's in-process runs use this date: the server's files are compared with theirs byte for byte.
const ENV = fixedEnv(new Date(1720000000 * 1000));

function setup() {
  const work = mkdtempSync(join(tmpdir(), 'briefpack-serve-'));
  const folder = join(work, 'harbour-board');
  cpSync(FIXTURE, folder, { recursive: true });
  const out = join(work, 'out');
  const session = createSession({ packs: [{ folder, out }], env: ENV });
  const app = createApp({ session, hosts: allowedHosts('127.0.0.1', PORT) });
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { host: HOST, ...headers } });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { host: HOST, origin: ORIGIN, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { work, folder, out, session, app, get, post };
}

type Server = ReturnType<typeof setup>;
const PACK = '/api/packs/harbour-board';

describe('briefpack serve: the pack and its preview', () => {
  let s: Server;
  beforeAll(() => {
    s = setup();
  });

  it('lists the pack and describes its documents, topics with aliases, lengths and themes', async () => {
    const packs = await (await s.get('/api/packs')).json();
    expect(packs.packs.map((p: { id: string }) => p.id)).toEqual(['harbour-board']);
    const { pack } = await (await s.get(PACK)).json();
    expect(pack.topics.find((t: { id: string }) => t.id === 'dragage').aliases).toEqual(['chenal', 'sédiments']);
    expect(pack.documents.length).toBeGreaterThan(0);
    // Bundled documents are titled from the catalogue in the pack's language (this pack is French), as their pages are.
    expect(pack.documents.find((d: { id: string }) => d.id === 'handout').title).toBe('Non-papier');
    expect(pack.lengths).toEqual(['short', 'standard', 'full']);
    expect(pack.themes).toContain('default');
  });

  it('previews in memory: a topic by alias, the PDF and DOCX hold it, the zip holds every file, nothing is written', async () => {
    const response = await s.post(`${PACK}/preview`, { topics: ['chenal'], only: true, marking: 'RESTREINT' });
    expect(response.status).toBe(200);
    const result = await response.json();
    const pdf = result.files.find((f: { format: string }) => f.format === 'pdf');
    const docx = result.files.find((f: { format: string; document: string }) => f.format === 'docx' && f.document === pdf.document);
    expect(pdf.file).toContain('dragage');
    const pdfBytes = new Uint8Array(await (await s.get(`/api/renders/${result.render}/files/${pdf.file}`)).arrayBuffer());
    const pages = await pageTexts(pdfBytes);
    expect(pages.length).toBe(pdf.pages);
    expect(pages.join(' ')).toContain('RESTREINT');
    expect(pages.join(' ')).toContain('Dragage');
    const download = await s.get(`/api/renders/${result.render}/files/${docx.file}`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${docx.file}"`);
    const word = await readDocx(new Uint8Array(await download.arrayBuffer()));
    expect(textOf(word.xml('word/document.xml'))).toContain('Dragage');
    const zip = await JSZip.loadAsync(new Uint8Array(await (await s.get(`/api/renders/${result.render}/zip`)).arrayBuffer()));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).map((n) => n.replace('harbour-board/', '')).sort();
    expect(names).toEqual(result.files.map((f: { file: string }) => f.file).sort());
    expect(() => readdirSync(s.out)).toThrow();
  });

  it('makes only the PDF of one document when the page asks for its pages first', async () => {
    const result = await (await s.post(`${PACK}/preview`, { documents: ['handout'], formats: ['pdf'] })).json();
    expect(result.files.map((f: { format: string; document: string }) => `${f.document}.${f.format}`)).toEqual(['handout.pdf']);
  });

  it('shows a preview PDF laid out as the file; the downloads are the files `generate` writes', async () => {
    const latin1 = async (render: string, file: string) => Buffer.from(await (await s.get(`/api/renders/${render}/files/${file}`)).arrayBuffer()).toString('latin1');
    const pages = await (await s.post(`${PACK}/preview`, { documents: ['handout'], formats: ['pdf'] })).json();
    const all = await (await s.post(`${PACK}/preview`, { documents: ['handout'] })).json();
    const [shown, kept] = [pages.files[0], all.files.find((f: { format: string }) => f.format === 'pdf')];
    expect(shown.file).toBe(kept.file);
    expect(shown.pages).toBe(kept.pages);
    const [preview, download] = [await latin1(pages.render, shown.file), await latin1(all.render, kept.file)];
    expect(preview).not.toContain('/StructTreeRoot');
    expect(download).toContain('/StructTreeRoot');
    expect(await pageTexts(Buffer.from(preview, 'latin1'))).toEqual(await pageTexts(Buffer.from(download, 'latin1')));
    const cliOut = join(s.work, 'cli-pages');
    expect((await runCli(['generate', '--data', s.folder, '--out', cliOut, '--format', 'pdf,docx', '--doc', 'handout'])).status).toBe(0);
    expect(Buffer.from(download, 'latin1').equals(readFileSync(join(cliOut, kept.file)))).toBe(true);
  });

  it('makes the email draft and the documents in another language, as --email, --to, --email-pdf and --lang do', async () => {
    const { pack } = await (await s.get(PACK)).json();
    expect(pack.locale).toMatch(/^fr/);
    expect(pack.languages).toEqual(expect.arrayContaining(['en', 'fr', 'de']));
    const result = await (await s.post(`${PACK}/preview`, { documents: ['handout'], lang: 'en', email: { to: 'desk@example.org', attachPdf: true } })).json();
    expect(result.ok).toBe(true);
    const byFormat = (format: string) => result.files.find((f: { format: string }) => f.format === format);
    // The file names carry the language, as the CLI's do.
    expect(byFormat('pdf').file).toMatch(/-en\.pdf$/);
    const eml = byFormat('eml');
    expect(eml.file).toBe(byFormat('docx').file.replace(/\.docx$/, '.eml'));
    const download = await s.get(`/api/renders/${result.render}/files/${eml.file}`);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    const mail = await simpleParser(Buffer.from(await download.arrayBuffer()));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('desk@example.org');
    expect(mail.attachments.map((a) => a.filename)).toEqual([byFormat('docx').file, byFormat('pdf').file]);
    const pdf = new Uint8Array(await (await s.get(`/api/renders/${result.render}/files/${byFormat('pdf').file}`)).arrayBuffer());
    // The bundled document's title, in English where the pack is French.
    expect((await pageTexts(pdf)).join(' ')).toContain('Non-paper');
    expect((await pageTexts(pdf)).join(' ')).not.toContain('Non-papier');
    // The page's first request, for the pages alone, asks for no draft.
    const pages = await (await s.post(`${PACK}/preview`, { documents: ['handout'], formats: ['pdf'] })).json();
    expect(pages.files.map((f: { format: string }) => f.format)).toEqual(['pdf']);
  });

  it('checks the language and the draft\'s To: line as the CLI does', async () => {
    const badLang = await (await s.post(`${PACK}/preview`, { lang: 'not a language' })).json();
    expect(badLang.error.code).toBe('BadLanguage');
    expect(badLang.error.hint).toContain('fr');
    // A line break in To: would start a header of its own (a hidden Bcc:).
    const badTo = await s.post(`${PACK}/preview`, { email: { to: 'desk@example.org\nBcc: spy@example.net' } });
    expect(badTo.status).toBe(400);
    const refused = (await badTo.json()).error;
    expect(refused.code).toBe('BadAddress');
    // Named as the page names the field, not as the CLI's option.
    expect(refused.message).toMatch(/^To: "desk@example\.org\\nBcc: spy@example\.net" is not a list of email addresses/);
    expect(`${refused.message} ${refused.hint}`).not.toContain('--to');
    const drafts = await s.post(`${PACK}/preview`, { email: { to: 'desk@example.org' }, formats: ['pdf'] });
    expect((await drafts.json()).error.code).toBe('EmailNeedsFormat');
  });

  it('after a change, lays out again only the pages the page shows before telling it; the downloads when it asks', async () => {
    const file = join(s.folder, 'items.yaml');
    const good = readFileSync(file, 'utf8');
    await s.session.preview('harbour-board', { documents: ['handout'], formats: ['pdf'] });
    await s.session.preview('harbour-board', {});
    const layouts = keepWarmPath().layouts.stats;
    try {
      // Read by every document of the pack.
      writeFileSync(file, good.replace('Le chenal reste ouvert', 'Le chenal reste ouvert (modifié)'));
      const before = layouts.misses;
      await s.session.refresh();
      expect(layouts.misses - before).toBe(1);
      const pages = await s.session.preview('harbour-board', { documents: ['handout'], formats: ['pdf'] });
      expect(layouts.misses - before).toBe(1);
      expect((await pageTexts([...pages.files.values()][0]!)).join(' ')).toContain('(modifié)');
    } finally {
      writeFileSync(file, good);
    }
  });

  it('skips a queued preview the page gave up on, and still runs the newest', async () => {
    const running = s.session.preview('harbour-board', { documents: ['handout'], marking: 'MARQUE-A' });
    const givenUp = new AbortController();
    const stale = s.session.preview('harbour-board', { documents: ['handout'], marking: 'MARQUE-B' }, givenUp.signal);
    const newest = s.session.preview('harbour-board', { documents: ['handout'], marking: 'MARQUE-C' });
    givenUp.abort();
    await expect(stale).rejects.toMatchObject({ code: 'Superseded' });
    expect((await running).files.size).toBeGreaterThan(0);
    const made = await newest;
    const pdf = [...made.files].find(([name]) => name.endsWith('.pdf'))![1];
    expect((await pageTexts(pdf)).join(' ')).toContain('MARQUE-C');
  });

  it('names an unknown topic with did-you-mean, as JSON without a stack trace', async () => {
    const response = await s.post(`${PACK}/preview`, { topics: ['dragag'] });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('UnknownTopic');
    expect(body.error.hint).toContain("Did you mean 'dragage'?");
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });

  it('guesses among titles and aliases too, which the topic field takes as they are', async () => {
    const guess = async (name: string) => (await (await s.post(`${PACK}/preview`, { topics: [name], formats: ['pdf'], documents: ['handout'] })).json()).error.hint;
    expect(await guess('chenl')).toContain("Did you mean 'chenal'?");
    expect(await guess("Dragage du chenal d'acces")).toContain("Did you mean 'Dragage du chenal d'accès'?");
    const byTitle = await (await s.post(`${PACK}/preview`, { topics: ["dragage du chenal d'accès"], only: true, formats: ['pdf'], documents: ['handout'] })).json();
    expect(byTitle.files[0].file).toContain('dragage');
  });

  it('shows a broken file with file, line, field and code frame, and recovers when it is fixed', async () => {
    const file = join(s.folder, 'items.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('priority: high', 'priority: urgent'));
    const broken = await (await s.post(`${PACK}/preview`, {})).json();
    expect(broken.ok).toBe(false);
    const detail = [broken.error, ...broken.error.details].find((d: { location?: { path?: string } }) => d.location?.path?.includes('priority'));
    expect(detail.location.file).toContain('items.yaml');
    expect(detail.location.line).toBeGreaterThan(1);
    expect(detail.frame ?? broken.error.frame).toContain('urgent');
    writeFileSync(file, good);
    expect((await (await s.post(`${PACK}/preview`, {})).json()).ok).toBe(true);
  });

  it('writes the same files and manifest as `briefpack generate` with the same options', async () => {
    const options = { documents: ['handout'], topics: ['tarifs'], length: 'short' } as const;
    const written = await (await s.post(`${PACK}/write`, options)).json();
    expect(written.ok).toBe(true);
    const cliOut = join(s.work, 'cli-out');
    const cli = await runCli(['generate', '--data', s.folder, '--out', cliOut, '--format', 'pdf,docx', '--doc', 'handout', '--topic', 'tarifs', '--length', 'short']);
    expect(cli.status).toBe(0);
    const ours = readdirSync(s.out).sort();
    expect(ours).toEqual(readdirSync(cliOut).sort());
    for (const name of ours) expect(readFileSync(join(s.out, name)), name).toEqual(readFileSync(join(cliOut, name)));
  });

  it('keeps the output whole when writes come at once: every file matches the manifest', async () => {
    const runs = ['dragage', 'tarifs', 'securite'].map((topic) => s.post(`${PACK}/write`, { documents: ['handout'], topics: [topic] }));
    const results = await Promise.all(runs.map(async (r) => (await r).json()));
    expect(results.every((r) => r.ok)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(s.out, 'manifest.json'), 'utf8'));
    const { createHash } = await import('node:crypto');
    for (const entry of manifest.files) {
      expect(createHash('sha256').update(readFileSync(join(s.out, entry.file))).digest('hex'), entry.file).toBe(entry.sha256);
    }
    expect(readdirSync(s.out).filter((n) => n.startsWith('.briefpack'))).toEqual([]);
  });
});

describe('briefpack serve: what it refuses', () => {
  let s: Server;
  beforeAll(() => {
    s = setup();
  });

  it('answers only to its own Host (DNS rebinding)', async () => {
    for (const host of ['evil.example:4321', 'attacker.test', '127.0.0.1:80', '127.0.0.1.nip.io:4321']) {
      const response = await s.app.request('/api/packs', { headers: { host } });
      expect(response.status, host).toBe(403);
      expect((await response.json()).error.code).toBe('ForbiddenHost');
    }
    for (const host of ['127.0.0.1:4321', 'localhost:4321', '[::1]:4321']) expect((await s.app.request('/api/packs', { headers: { host } })).status, host).toBe(200);
  });

  it('takes changes only from its own page, as JSON (no cross-site POST, no form post)', async () => {
    const cases: [string, Record<string, string>][] = [
      ['no Origin', { origin: '' }],
      ['another site', { origin: 'https://evil.example' }],
      ['another port', { origin: 'http://127.0.0.1:9999' }],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['plain text', { 'content-type': 'text/plain' }],
    ];
    for (const [what, headers] of cases) {
      const response = await s.post(`${PACK}/write`, {}, headers);
      expect(response.status, what).toBe(403);
    }
    expect(() => readdirSync(s.out)).toThrow();
  });

  it('refuses a body past its size limit', async () => {
    const response = await s.post(`${PACK}/preview`, { marking: 'x'.repeat(100_000) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('TooLarge');
  });

  it('lets no path or parameter reach a file outside what it serves', async () => {
    const paths = [
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/../../package.json',
      '/assets/app.ts',
      '/assets/constructor',
      '/api/packs/..%2F..%2Fsrc',
      '/api/packs/%2Fetc',
      '/api/renders/x/files/..%2F..%2Fpackage.json',
      '/api/renders/x/zip',
      '/package.json',
      '/src/serve/app.ts',
      '/data/eu-oewg-2024-07/pack.yaml',
    ];
    for (const path of paths) {
      const response = await s.get(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      const text = await response.text();
      expect(text, path).not.toContain('"dependencies"');
      expect(text, path).not.toContain('import ');
    }
    const rendered = await (await s.post(`${PACK}/preview`, { documents: ['handout'] })).json();
    for (const name of ['..%2Fitems.yaml', '%2Fetc%2Fpasswd', 'manifest.json', '..', '.']) {
      expect((await s.get(`/api/renders/${rendered.render}/files/${name}`)).status, name).toBe(404);
    }
    for (const [field, value] of [['theme', '../../../etc/passwd'], ['theme', '/etc/passwd'], ['documents', ['../x']], ['length', 'huge'], ['pages', -1], ['formats', ['eml']], ['out', '/tmp/x'], ['data', '/etc'], ['lang', '../../etc/passwd'], ['email', { to: 'a@example.org', attachments: ['/etc/passwd'] }]] as const) {
      const response = await s.post(`${PACK}/preview`, { [field]: value });
      expect(response.status, field).toBe(400);
      expect(JSON.stringify(await response.json())).not.toContain('passwd:');
    }
  });

  it('answers errors as JSON, a bad body included', async () => {
    const response = await s.post(`${PACK}/preview`, '{not json');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('BadJson');
    const missing = await s.get('/nowhere');
    expect(missing.status).toBe(404);
    expect((await missing.json()).ok).toBe(false);
  });

  it('serves its page and the bundled pdf.js with headers that keep other sites out', async () => {
    const page = await s.get('/');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    // Nothing from the internet: every script, style and image is the server's own.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const asset of ['app.js', 'style.css', 'pdf.mjs', 'pdf.worker.mjs']) expect((await s.get(`/assets/${asset}`)).status, asset).toBe(200);
  });
});
