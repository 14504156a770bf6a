// Shared set-up for the delivery tests: temporary copies of packs with a public document, and the
// built CLI (workers and --watch run from the compiled JavaScript, as users run them).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PACKS = { bundled: 'data/eu-oewg-2024-07', fictional: 'tests/fixtures/packs/harbour-board' } as const;
const CLI = resolve('dist/cli/main.js');

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A copy of a pack that declares an internal briefing and a public handout. */
export function packWithHandout(source: string): string {
  const folder = join(tempDir('bp-pack-'), 'pack');
  cpSync(source, folder, { recursive: true });
  appendFileSync(
    join(folder, 'documents.yaml'),
    'documents:\n  - {id: briefing, template: steering, audience: internal, length: full}\n  - {id: handout, template: handout, audience: public, length: standard}\n',
  );
  return folder;
}

/** The built CLI, compiled only when a source is newer than the last build (npm test builds first). */
export function build(): void {
  execFileSync(process.execPath, [resolve('scripts/build-if-stale.mjs')], { stdio: 'inherit' });
}

export function cli(args: readonly string[], options: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: options.cwd, env: { ...process.env, SOURCE_DATE_EPOCH: '1719824400' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A long-running CLI process whose output can be awaited. */
export function start(args: readonly string[]) {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, SOURCE_DATE_EPOCH: '1719824400' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += String(d)));
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  /** Resolves once `test` holds; rejects after `ms` so a hung watcher fails the test instead of hanging it. */
  const until = (test: (out: { stdout: string; stderr: string }) => boolean, ms = 60_000) =>
    new Promise<void>((done, fail) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        fail(new Error(`gave up waiting; stdout:\n${stdout}\nstderr:\n${stderr}`));
      }, ms);
      const poll = setInterval(() => {
        if (test({ stdout, stderr })) clearInterval(poll), clearTimeout(timer), done();
      }, 50);
    });
  return { child, exited, until, output: () => ({ stdout, stderr }) };
}
