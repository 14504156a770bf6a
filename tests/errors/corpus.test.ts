// The bad-input corpus: every folder of tests/fixtures/bad is one case (case.json: CLI arguments,
// expected exit code, fragments stderr must hold). Each runs through the built CLI, as a user would.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve('dist/cli/main.js');
const CORPUS = resolve('tests/fixtures/bad');
const PACKS = resolve('tests/fixtures/packs');

interface Case {
  readonly note: string;
  readonly args: string[];
  readonly exit: number;
  readonly stderr: string[];
  readonly stdout?: string[];
  readonly base?: string;
  readonly edits?: { file: string; replace: string; with: string }[];
  readonly out?: { isFile?: boolean; files?: Record<string, string> };
}

/** Every file under a folder with its bytes, so a failed run can be shown to have changed nothing. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  if (!statSync(dir).isDirectory()) return { '.': readFileSync(dir, 'latin1') };
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path, 'latin1');
  }
  return files;
}

/** Lays a case out in a fresh folder: the pack (a copy of a fixture pack with the case's files and edits), templates, output. */
function prepare(name: string, spec: Case) {
  const root = mkdtempSync(join(tmpdir(), `bp-bad-${name}-`));
  const caseDir = join(root, 'case');
  cpSync(join(CORPUS, name), caseDir, { recursive: true });
  const pack = join(root, 'pack');
  if (spec.base) cpSync(join(PACKS, spec.base), pack, { recursive: true });
  else mkdirSync(pack);
  if (existsSync(join(caseDir, 'pack'))) cpSync(join(caseDir, 'pack'), pack, { recursive: true });
  for (const edit of spec.edits ?? []) {
    const file = join(pack, edit.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(edit.replace)) throw new Error(`case ${name}: '${edit.replace}' is not in ${edit.file}`);
    writeFileSync(file, text.replace(edit.replace, edit.with));
  }
  const out = join(root, 'out');
  if (spec.out?.isFile) writeFileSync(out, 'not a folder\n');
  else if (spec.out?.files) {
    mkdirSync(out);
    for (const [file, text] of Object.entries(spec.out.files)) writeFileSync(join(out, file), text);
  }
  const args = spec.args.map((a) => a.replaceAll('{pack}', 'pack').replaceAll('{out}', 'out').replaceAll('{case}', 'case'));
  return { root, out, args };
}

const cases = readdirSync(CORPUS).sort().map((name) => [name, JSON.parse(readFileSync(join(CORPUS, name, 'case.json'), 'utf8')) as Case] as const);

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}, 120_000);

describe('bad and hostile input corpus', () => {
  it('holds at least 40 cases, each with an expected exit code and message', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const [, spec] of cases) expect(spec.stderr.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s', (name, spec) => {
    const { root, out, args } = prepare(name, spec);
    const before = snapshot(out);
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: '1720000000' },
    });
    const shown = `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`;
    expect(r.status, shown).toBe(spec.exit);
    for (const fragment of spec.stderr) expect(r.stderr, shown).toContain(fragment);
    for (const fragment of spec.stdout ?? []) expect(r.stdout, shown).toContain(fragment);
    // Never a stack trace without --debug, never our own failure for the user's mistake.
    expect(r.stderr).not.toMatch(/^\s+at .*\.(?:js|ts|mjs|cjs):\d+:\d+\)?$/m);
    expect(r.stderr).not.toContain('failed unexpectedly');
    if (spec.exit !== 0) {
      expect(r.stderr).toMatch(/^error \w+: /m);
      // Nothing new and nothing changed in the output folder, not even a temporary file.
      expect(snapshot(out)).toEqual(before);
    }
  });

  it('shows the stack trace with --debug', () => {
    const [name, spec] = cases.find(([n]) => n === 'template-missing-field')!;
    const { root, args } = prepare(name, spec);
    const r = spawnSync(process.execPath, [BIN, ...args, '--debug'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\s+at .*\.(?:js|ts|mjs|cjs):\d+:\d+\)?$/m);
  });
});
