// briefpack as a library: generate, validate and loadPack from the package's entry point return
// files, warnings and the manifest, and print nothing. And the --json contract of the CLI: one
// versioned envelope for every command, warnings included.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generate, loadPack, validate } from '../../src/index.js';
import { runCli } from '../cli/in-process.js';

const PACK = resolve('tests/fixtures/packs/town-council');
const temp = () => mkdtempSync(join(tmpdir(), 'bp-api-'));

let printed = '';
beforeEach(() => {
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('library API', () => {
  it('generate returns files, warnings and the manifest, and prints nothing', async () => {
    const out = join(temp(), 'out');
    const result = await generate({ data: PACK, out, formats: ['pdf', 'md'], documents: ['steering'], length: 'short', date: new Date('2025-01-01T00:00:00Z') });
    expect(result.files.map((f) => f.file).sort()).toEqual(['steering-short.md', 'steering-short.pdf']);
    expect(result.manifest.files).toEqual(result.files);
    expect(result.manifest.created).toBe('2025-01-01T00:00:00.000Z');
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toEqual(result.manifest);
    expect(Array.isArray(result.warnings)).toBe(true);
    for (const f of result.written) expect(existsSync(f)).toBe(true);
    expect(printed).toBe('');
  });

  it('validate returns problems as data, with the fix of a YAML mistake', () => {
    expect(validate(PACK)).toMatchObject({ valid: true, pack: 'town-council', counts: { topics: 4 } });
    const bad = join(temp(), 'pack');
    cpSync(PACK, bad, { recursive: true });
    writeFileSync(join(bad, 'extra.yaml'), 'items:\n  - id: x\n    headline: Housing: yes\n');
    const result = validate(bad);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.problems[0]).toMatchObject({ location: { line: 3 }, fix: "put the text in quotes: headline: 'Housing: yes'" });
    expect(printed).toBe('');
  });

  it('loadPack returns the content, and throws a typed error for a bad pack', () => {
    expect(loadPack(PACK).topics.map((t) => t.id)).toContain('housing');
    expect(() => loadPack(join(temp(), 'none'))).toThrow(expect.objectContaining({ code: 'PackNotFound' }));
  });

  it("is what `import 'briefpack'` gives, with its types, once built", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(pkg.types).toBe('./dist/index.d.ts');
    if (!existsSync('dist/index.js')) throw new Error('dist/index.js is missing: run `npm run build` first.');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('briefpack'); console.log(Object.keys(m).sort().join(','))"], { encoding: 'utf8' });
    expect(r.stdout.trim().split(',')).toEqual(expect.arrayContaining(['generate', 'loadPack', 'validate']));
    expect(existsSync('dist/index.d.ts')).toBe(true);
  });
});

describe('--json contract', () => {
  const envelope = (stdout: string) => JSON.parse(stdout) as { schemaVersion: number; command: string; ok: boolean; warnings: unknown[]; error?: { code: string } };

  it.each([
    [['list', '--json'], 'list'],
    [['list', 'topics', '--data', PACK, '--json'], 'list'],
    [['validate', PACK, '--json'], 'validate'],
  ])('%j prints the envelope', async (args, command) => {
    const r = await runCli(args);
    expect(r.status, r.stderr).toBe(0);
    expect(envelope(r.stdout)).toMatchObject({ schemaVersion: 1, command, ok: true, warnings: [] });
  });

  it('init and generate print it too, generate with its warnings', async () => {
    const root = temp();
    expect(envelope((await runCli(['init', 'pack', '--json'], { cwd: root })).stdout)).toMatchObject({ schemaVersion: 1, command: 'init', ok: true });
    // speaking-notes cannot keep to one page: a LengthNotMet warning.
    const r = await runCli(['generate', '--data', PACK, '--out', join(root, 'out'), '--format', 'pdf', '--doc', 'speaking-notes', '--length', 'short', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const json = envelope(r.stdout) as ReturnType<typeof envelope> & { results: { files: { options: { trimmed?: string[] } }[] }[] };
    expect(json).toMatchObject({ schemaVersion: 1, command: 'generate', ok: true });
    expect(json.warnings).toEqual([expect.objectContaining({ code: 'LengthNotMet', severity: 'warning' })]);
    const manifest = JSON.parse(readFileSync(join(root, 'out', 'manifest.json'), 'utf8'));
    expect(json.warnings).toEqual(manifest.files.flatMap((f: { warnings?: string[] }) => f.warnings ?? []).map((message: string) => expect.objectContaining({ message })));
  });

  it('an error is the same envelope with ok false and the error', async () => {
    const r = await runCli(['generate', '--fromat', 'pdf', '--json']);
    expect(r.status).toBe(2);
    expect(envelope(r.stdout)).toMatchObject({ schemaVersion: 1, command: 'generate', ok: false, warnings: [], error: { code: 'UnknownOption' } });
  });
});
