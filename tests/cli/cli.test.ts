// The CLI as a user meets it: its exit code, stdout and stderr. `main` runs in this process with
// its own streams; the tests that are about the process itself (a closed pipe, the exit status
// Node reports) start the built CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './in-process.js';

const BIN = 'dist/cli/main.js';
const run = async (...args: string[]) => {
  const r = await runCli(args);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const FICTIONAL = 'tests/fixtures/packs/harbour-board';

describe('briefpack CLI', () => {
  it('shows help with commands and examples', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const command of ['generate', 'list', 'validate', 'schema']) expect(r.stdout).toContain(command);
    const g = await run('generate', '--help');
    expect(g.stdout).toContain('--topic');
    expect(g.stdout).toMatch(/Examples:/);
  });

  it('asks for a command and exits 2 without one', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/command/i);
  });

  it('stops quietly when its reader closes the pipe early', async () => {
    const out = mkdtempSync(join(tmpdir(), 'briefpack-pipe-'));
    const child = spawn(process.execPath, [BIN, 'generate', '--data', FICTIONAL, '--out', out, '--format', 'md'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Like `| head -0`: the reader is gone before the first line is printed.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.md')).length).toBeGreaterThan(0);
  });

  it('exits 2 on an unknown option, naming it', async () => {
    const r = await run('generate', '--nosuch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nosuch');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('generates into --out and prints the files it wrote', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bp-cli-'));
    const r = await run('generate', '--data', FICTIONAL, '--out', out, '--format', 'pdf,md');
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toContain('manifest.json');
    for (const f of files) expect(r.stdout).toContain(f);
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(files.some((f) => f.endsWith('.docx'))).toBe(false);
  });

  it('lists topics as JSON for scripts', async () => {
    const r = await run('list', 'topics', '--data', FICTIONAL, '--json');
    expect(r.code).toBe(0);
    const topics = (JSON.parse(r.stdout) as { items: { id: string }[] }).items;
    expect(topics.length).toBeGreaterThan(1);
    expect(topics[0]).toHaveProperty('id');
  });

  it('lists templates and themes', async () => {
    expect((await run('list', 'templates')).stdout).toContain('steering');
    expect((await run('list', 'themes')).stdout).toContain('default');
  });

  it('validates a good pack and reports every problem of a bad one', async () => {
    expect((await run('validate', FICTIONAL)).code).toBe(0);
    const r = await run('validate', 'tests/fixtures/packs');
    expect(r.code).toBe(2);
  });

  it('exits 2 on an unknown topic, listing the valid ones with the nearest match', async () => {
    const topics = (JSON.parse((await run('list', 'topics', '--data', FICTIONAL, '--json')).stdout) as { items: { id: string }[] }).items;
    const near = topics[0]!.id.slice(0, -1) + 'x';
    const out = mkdtempSync(join(tmpdir(), 'bp-cli-'));
    const r = await run('generate', '--data', FICTIONAL, '--out', out, '--topic', near);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Unknown topic '${near}'`);
    expect(r.stderr).toContain(`Did you mean '${topics[0]!.id}'`);
    expect(readdirSync(out)).toEqual([]);
  });

  it('exits 2 on an unknown format with the valid choices', async () => {
    const r = await run('generate', '--data', FICTIONAL, '--format', 'pdf,odt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown format 'odt'.*pdf, docx, md/s);
  });

  it('prints the JSON Schema of pack files', async () => {
    const schema = JSON.parse((await run('schema')).stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['pack', 'topics', 'items', 'sources']));
    expect(JSON.stringify(schema)).toContain('"$comment":"briefpack: rich text"');
  });

  it('refuses to overwrite a file it did not write, unless --force', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bp-cli-'));
    const first = await run('generate', '--data', FICTIONAL, '--out', out, '--format', 'md');
    expect(first.code).toBe(0);
    const md = readdirSync(out).find((f) => f.endsWith('.md'))!;
    // A second run replaces its own files.
    expect((await run('generate', '--data', FICTIONAL, '--out', out, '--format', 'md')).code).toBe(0);
    // A file of the same name that briefpack did not write is kept.
    const foreign = join(out, md.replace('.md', '.pdf'));
    writeFileSync(foreign, 'mine');
    const r = await run('generate', '--data', FICTIONAL, '--out', out, '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(foreign, 'utf8')).toBe('mine');
    expect((await run('generate', '--data', FICTIONAL, '--out', out, '--format', 'pdf', '--force')).code).toBe(0);
    expect(readFileSync(foreign).subarray(0, 5).toString()).toBe('%PDF-');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});

describe('the CLI as a process', () => {
  it('reports exit 2 for a user mistake and 0 for a run, as the process status', () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first.`);
    const bad = spawnSync(process.execPath, [BIN, 'generate', '--length', 'short', '--length', 'full'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--length was given more than once');
    const good = spawnSync(process.execPath, [BIN, 'validate', FICTIONAL], { encoding: 'utf8' });
    expect(good.status, good.stderr).toBe(0);
  });
});

describe('runs in-process with the io it is given', () => {
  it('reads relative paths from its working folder, not the process', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bp-cwd-'));
    const before = process.cwd();
    const r = await runCli(['validate', 'harbour-board'], { cwd: resolve('tests/fixtures/packs') });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('harbour-board: valid');
    const none = await runCli(['validate', FICTIONAL], { cwd });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain(`No pack folder at ${FICTIONAL}`);
    expect(process.cwd()).toBe(before);
  });

  it('takes SOURCE_DATE_EPOCH from the environment it is given', async () => {
    const out = () => join(mkdtempSync(join(tmpdir(), 'bp-env-')), 'out');
    const [a, b] = [out(), out()];
    await runCli(['generate', '--data', FICTIONAL, '--out', a, '--format', 'md'], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    await runCli(['generate', '--data', FICTIONAL, '--out', b, '--format', 'md'], { env: { SOURCE_DATE_EPOCH: '1800000000' } });
    const generated = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { generated?: string };
    expect(JSON.stringify(generated(a))).toContain('2023-11-14');
    expect(JSON.stringify(generated(b))).toContain('2027-01-15');
  });
});
