// The bad-input corpus: every folder of tests/fixtures/bad is one case (case.json: CLI arguments,
// expected exit code, fragments stderr must hold). Each runs through the CLI's `main` in this
// process, with its own streams and working folder, as a user would run it; the few that could
// block a process if a check regressed (a FIFO) run as a real process with a time bound.
// What git cannot hold (FIFOs, symbolic links, sparse files) a case declares under `make`, and
// the test creates it in the case's temporary folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_ENV, runCli, type CliRun } from '../cli/in-process.js';

const BIN = resolve('dist/cli/main.js');
const CORPUS = resolve('tests/fixtures/bad');
const PACKS = resolve('tests/fixtures/packs');
/** No case may take longer: a hang is a failure, not a slow pass. */
const BOUND_MS = 60_000;

type Make =
  | { readonly path: string; readonly kind: 'fifo' }
  | { readonly path: string; readonly kind: 'symlink'; readonly target: string }
  | { readonly path: string; readonly kind: 'sparse'; readonly size: number }
  | { readonly path: string; readonly kind: 'bytes'; readonly size: number; readonly byte: number }
  | { readonly path: string; readonly kind: 'folder' }
  | { readonly path: string; readonly kind: 'text'; readonly text: string };

interface Case {
  readonly note: string;
  readonly args: string[];
  readonly exit: number;
  readonly stderr: string[];
  readonly stdout?: string[];
  readonly base?: string;
  readonly edits?: { file: string; replace: string; with: string }[];
  readonly out?: { isFile?: boolean; files?: Record<string, string> };
  readonly make?: readonly Make[];
  /** Run as a real process, killed past the bound: the case could block a process forever. */
  readonly process?: boolean;
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

function make(root: string, spec: Make): void {
  const path = join(root, spec.path);
  mkdirSync(dirname(path), { recursive: true });
  switch (spec.kind) {
    case 'fifo': {
      const r = spawnSync('mkfifo', [path]);
      if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.stderr}`);
      return;
    }
    case 'symlink':
      symlinkSync(spec.target.replaceAll('{root}', root).replaceAll('{repo}', process.cwd()), path);
      return;
    case 'sparse':
      writeFileSync(path, '');
      truncateSync(path, spec.size);
      return;
    case 'bytes':
      writeFileSync(path, Buffer.alloc(spec.size, spec.byte));
      return;
    case 'folder':
      mkdirSync(path, { recursive: true });
      return;
    case 'text':
      writeFileSync(path, spec.text);
      return;
  }
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
  for (const m of spec.make ?? []) make(root, m);
  const out = join(root, 'out');
  if (spec.out?.isFile) writeFileSync(out, 'not a folder\n');
  else if (spec.out?.files) {
    mkdirSync(out);
    for (const [file, text] of Object.entries(spec.out.files)) writeFileSync(join(out, file), text);
  }
  const args = spec.args.map((a) => a.replaceAll('{pack}', 'pack').replaceAll('{out}', 'out').replaceAll('{case}', 'case').replaceAll('{root}', root));
  return { root, out, args };
}

function runProcess(args: readonly string[], cwd: string): CliRun {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first.`);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: CLI_ENV, timeout: BOUND_MS, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const cases = readdirSync(CORPUS).sort().map((name) => [name, JSON.parse(readFileSync(join(CORPUS, name, 'case.json'), 'utf8')) as Case] as const);

describe('bad and hostile input corpus', () => {
  it('holds at least 100 cases, each with an expected exit code and message, none of them exit 1', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const [name, spec] of cases) {
      expect(spec.stderr.length, name).toBeGreaterThan(0);
      // Exit 1 means a bug of ours: no user's input may expect it.
      expect(spec.exit, name).not.toBe(1);
    }
  });

  it.each(cases)('%s', { timeout: BOUND_MS + 10_000 }, async (name, spec) => {
    const { root, out, args } = prepare(name, spec);
    const before = snapshot(out);
    const r = spec.process ? runProcess(args, root) : await runCli(args, { cwd: root });
    const shown = `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`;
    expect(r.signal ?? null, `killed after ${BOUND_MS} ms: the case hangs\n${shown}`).toBeNull();
    expect(r.status, shown).toBe(spec.exit);
    for (const fragment of spec.stderr) expect(r.stderr, shown).toContain(fragment);
    for (const fragment of spec.stdout ?? []) expect(r.stdout, shown).toContain(fragment);
    // Never a stack trace without --debug, never our own failure for the user's mistake, and
    // nothing a terminal would act on.
    expect(r.stderr).not.toMatch(/^\s+at .*\.(?:js|ts|mjs|cjs):\d+:\d+\)?$/m);
    expect(r.stderr).not.toContain('failed unexpectedly');
    expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    if (spec.exit !== 0) {
      expect(r.stderr).toMatch(/^error \w+: /m);
      expect(r.stderr).toMatch(/^hint: /m);
      // Nothing new and nothing changed in the output folder, not even a temporary file.
      expect(snapshot(out)).toEqual(before);
    }
  });

  it('shows the stack trace with --debug', async () => {
    const [name, spec] = cases.find(([n]) => n === 'template-missing-field')!;
    const { root, args } = prepare(name, spec);
    const r = await runCli([...args, '--debug'], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\s+at .*\.(?:js|ts|mjs|cjs):\d+:\d+\)?$/m);
  });
});
