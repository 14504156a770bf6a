// The CLI as a user meets it: a process, its exit code, stdout and stderr.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = 'dist/cli/main.js';
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1720000000' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const FICTIONAL = 'tests/fixtures/packs/harbour-board';

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}, 120_000);

describe('briefpack CLI', () => {
  it('shows help with commands and examples', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    for (const command of ['generate', 'list', 'validate', 'schema']) expect(r.stdout).toContain(command);
    const g = run('generate', '--help');
    expect(g.stdout).toContain('--topic');
    expect(g.stdout).toMatch(/Examples:/);
  });

  it('asks for a command and exits 2 without one', () => {
    const r = run();
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

  it('exits 2 on an unknown option, naming it', () => {
    const r = run('generate', '--nosuch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nosuch');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('generates into --out and prints the files it wrote', () => {
    const out = mkdtempSync(join(tmpdir(), 'bp-cli-'));
    const r = run('generate', '--data', FICTIONAL, '--out', out, '--format', 'pdf,md');
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toContain('manifest.json');
    for (const f of files) expect(r.stdout).toContain(f);
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
    expect(files.some((f) => f.endsWith('.docx'))).toBe(false);
  });

  it('lists topics as JSON for scripts', () => {
    const r = run('list', 'topics', '--data', FICTIONAL, '--json');
    expect(r.code).toBe(0);
    const topics = JSON.parse(r.stdout) as { id: string }[];
    expect(topics.length).toBeGreaterThan(1);
    expect(topics[0]).toHaveProperty('id');
  });

  it('lists templates and themes', () => {
    expect(run('list', 'templates').stdout).toContain('steering');
    expect(run('list', 'themes').stdout).toContain('default');
  });

  it('validates a good pack and reports every problem of a bad one', () => {
    expect(run('validate', FICTIONAL).code).toBe(0);
    const r = run('validate', 'tests/fixtures/packs');
    expect(r.code).toBe(2);
  });

  it('exits 2 on an unknown topic, listing the valid ones with the nearest match', () => {
    const topics = JSON.parse(run('list', 'topics', '--data', FICTIONAL, '--json').stdout) as { id: string }[];
    const near = topics[0]!.id.slice(0, -1) + 'x';
    const out = mkdtempSync(join(tmpdir(), 'bp-cli-'));
    const r = run('generate', '--data', FICTIONAL, '--out', out, '--topic', near);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Unknown topic '${near}'`);
    expect(r.stderr).toContain(`Did you mean '${topics[0]!.id}'`);
    expect(readdirSync(out)).toEqual([]);
  });

  it('exits 2 on an unknown format with the valid choices', () => {
    const r = run('generate', '--data', FICTIONAL, '--format', 'pdf,odt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown format 'odt'.*pdf, docx, md/s);
  });

  it('prints the JSON Schema of pack files', () => {
    const schema = JSON.parse(run('schema').stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['pack', 'topics', 'items', 'sources']));
    expect(JSON.stringify(schema)).toContain('"richText":true');
  });

  it('refuses to overwrite a file it did not write, unless --force', () => {
    const out = mkdtempSync(join(tmpdir(), 'bp-cli-'));
    const first = run('generate', '--data', FICTIONAL, '--out', out, '--format', 'md');
    expect(first.code).toBe(0);
    const md = readdirSync(out).find((f) => f.endsWith('.md'))!;
    // A second run replaces its own files.
    expect(run('generate', '--data', FICTIONAL, '--out', out, '--format', 'md').code).toBe(0);
    // A file of the same name that briefpack did not write is kept.
    const foreign = join(out, md.replace('.md', '.pdf'));
    writeFileSync(foreign, 'mine');
    const r = run('generate', '--data', FICTIONAL, '--out', out, '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(foreign, 'utf8')).toBe('mine');
    expect(run('generate', '--data', FICTIONAL, '--out', out, '--format', 'pdf', '--force').code).toBe(0);
    expect(readFileSync(foreign).subarray(0, 5).toString()).toBe('%PDF-');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
